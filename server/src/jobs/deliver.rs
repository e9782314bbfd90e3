//! Merchant notification deliveries: an event is fanned out to the
//! merchant's endpoints that want its type, then each delivery is a job
//! that POSTs the signed body and is retried with backoff until the
//! endpoint answers `2xx` or the retry window (72 h by default) ends.
//! Every attempt is kept with its time, status, latency and error.

use super::Outcome;
use crate::clock;
use crate::clock::now_ms;
use crate::ids::new_id;
use crate::state::AppState;
use crate::store::{DeliveryAttempt, JobRecord, NewJob, Store};
use checkout_core::notification::{sign, SIGNATURE_HEADER};
use serde_json::json;
use std::time::{Duration, Instant};

/// The job kind of one delivery.
pub const KIND: &str = "deliver_event";

/// The body a delivery sends.
pub fn body(e: &crate::store::EventRecord) -> Vec<u8> {
    let v = json!({"id": e.id, "type": e.event_type, "created_at": clock::format(e.created_at), "data": e.data});
    v.to_string().into_bytes()
}

/// Jobs delivering `event_id` to each endpoint of `merchant_id` that wants `event_type`.
pub async fn fan_out(
    store: &dyn Store,
    event_id: &str,
    merchant_id: &str,
    event_type: &str,
    again: bool,
) -> Result<Vec<NewJob>, crate::store::StoreError> {
    let mut jobs = Vec::new();
    for ep in store.endpoints(merchant_id).await? {
        if !ep.event_types.is_empty() && !ep.event_types.iter().any(|t| t == event_type) {
            continue;
        }
        store.start_delivery(event_id, &ep.id).await?;
        let dedupe = if again {
            None
        } else {
            Some(format!("deliver:{event_id}:{}", ep.id))
        };
        jobs.push(NewJob {
            id: new_id("job"),
            kind: KIND.into(),
            payload: json!({"event_id": event_id, "endpoint_id": ep.id}),
            run_at_ms: now_ms(),
            dedupe_key: dedupe,
        });
    }
    Ok(jobs)
}

/// `dispatch_event`: fans an event out.
pub async fn dispatch(state: &AppState, job: &JobRecord) -> Result<Outcome, Outcome> {
    let id = job.payload["event_id"]
        .as_str()
        .ok_or_else(|| Outcome::Fail("payload without event_id".into()))?;
    let retry = |e: crate::store::StoreError| Outcome::Retry(e.to_string());
    let Some(ev) = state.store.event(id).await.map_err(retry)? else {
        return Ok(Outcome::Fail(format!("no event {id}")));
    };
    let e = ev.event;
    let jobs = fan_out(
        state.store.as_ref(),
        &e.id,
        &e.merchant_id,
        &e.event_type,
        false,
    )
    .await
    .map_err(retry)?;
    state.store.enqueue_jobs(&jobs).await.map_err(retry)?;
    Ok(Outcome::Done)
}

/// `deliver_event`: one attempt at one endpoint.
pub async fn deliver(state: &AppState, job: &JobRecord) -> Result<Outcome, Outcome> {
    let field = |k: &str| {
        job.payload[k]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| Outcome::Fail(format!("payload without {k}")))
    };
    let (event_id, endpoint_id) = (field("event_id")?, field("endpoint_id")?);
    let retry = |e: crate::store::StoreError| Outcome::Retry(e.to_string());
    let Some(ev) = state.store.event(&event_id).await.map_err(retry)? else {
        return Ok(Outcome::Fail(format!("no event {event_id}")));
    };
    let Some(ep) = state.store.endpoint(&endpoint_id).await.map_err(retry)? else {
        return Ok(Outcome::Done);
    };
    let body = body(&ev.event);
    let t = clock::now().unix_timestamp();
    let started = Instant::now();
    let sent = state
        .http
        .post(&ep.url)
        .timeout(Duration::from_secs(10))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, sign(&ep.secret, t, &body))
        .header("Checkout-Event-Id", &ev.event.id)
        .body(body)
        .send()
        .await;
    let latency_ms = started.elapsed().as_millis() as i64;
    let (status_code, error) = match &sent {
        Ok(r) if r.status().is_success() => (Some(r.status().as_u16()), None),
        Ok(r) => (
            Some(r.status().as_u16()),
            Some(format!("answered {}", r.status().as_u16())),
        ),
        Err(e) if e.is_timeout() => (None, Some("timed out after 10 s".to_string())),
        Err(_) => (None, Some("could not connect".to_string())),
    };
    let delivered = error.is_none();
    // Tests only: the merchant answered, nothing of it is written yet.
    crate::faults::points::reach(
        state.settings.fault_points.as_ref(),
        crate::faults::points::NOTIFICATION_MID_DELIVERY,
    )
    .await;
    let attempt = DeliveryAttempt {
        event_id,
        endpoint_id,
        url: ep.url.clone(),
        at: clock::now(),
        status_code,
        latency_ms,
        error: error.clone(),
        delivered,
    };
    state.store.record_delivery(&attempt).await.map_err(retry)?;
    if delivered {
        return Ok(Outcome::Done);
    }
    let age_ms = now_ms() - ev.event.created_at.unix_timestamp() * 1000;
    let window_ms = state.settings.jobs.notification_retry_hours * 3_600_000;
    let why = error.unwrap_or_default();
    if age_ms >= window_ms {
        return Ok(Outcome::Fail(format!(
            "{why}; retried for {} h, given up",
            state.settings.jobs.notification_retry_hours
        )));
    }
    Ok(Outcome::Retry(why))
}
