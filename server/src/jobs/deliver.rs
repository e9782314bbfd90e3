//! Merchant notification deliveries: an event is fanned out to the
//! merchant's endpoints that want its type, then each delivery is a job
//! that POSTs the signed body and is retried with backoff until the
//! endpoint answers `2xx` or the retry window (72 h by default) ends.
//! Every attempt is kept with its time, status, latency and error.
//! A `3xx` is a failed attempt (redirects are not followed), and outside
//! sandbox mode only public addresses are called (`crate::egress`).

use super::Outcome;
use crate::clock;
use crate::clock::now_ms;
use crate::egress::{literal_not_public, NotPublic};
use crate::ids::new_id;
use crate::state::AppState;
use crate::store::{DeliveryAttempt, EndpointRecord, JobRecord, NewJob, Store};
use checkout_core::notification::{sign, SIGNATURE_HEADER};
use serde_json::json;
use std::time::{Duration, Instant};

/// The job kind of one delivery.
pub const KIND: &str = "deliver_event";

/// The body a delivery sends (`checkout_core::events::Notification`).
pub fn body(s: &crate::store::EventSummary) -> Vec<u8> {
    let e = &s.event;
    let created_at = clock::format(e.created_at);
    let v = json!({"id": e.id, "type": e.event_type, "created_at": created_at, "sequence": s.sequence, "data": e.data});
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
        store.start_delivery(event_id, &ep.id, again).await?;
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
    let started = Instant::now();
    let (status_code, error) = send(state, &ep, &ev.event.id, body(&ev)).await;
    let latency_ms = started.elapsed().as_millis() as i64;
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

/// Longest `Location` kept in an attempt's error.
const LOCATION_SHOWN: usize = 512;

/// POSTs `body` to `ep`, signed: the status it answered and, unless that was
/// a `2xx`, why the attempt failed. Redirects are not followed, and outside
/// sandbox mode only public addresses are connected to (`crate::egress`).
async fn send(
    state: &AppState,
    ep: &EndpointRecord,
    event_id: &str,
    body: Vec<u8>,
) -> (Option<u16>, Option<String>) {
    if !state.settings.is_sandbox() {
        if let Some(refused) = literal_not_public(&ep.url) {
            return (None, Some(refused.to_string()));
        }
    }
    let Some(client) = &state.deliveries else {
        let why = "no HTTP client for deliveries (its error is in the log at start)";
        return (None, Some(why.into()));
    };
    let t = clock::wall_unix();
    let sent = client
        .post(&ep.url)
        .timeout(Duration::from_secs(10))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, sign(&ep.secret, t, &body))
        .header("Checkout-Event-Id", event_id)
        .body(body)
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => (Some(r.status().as_u16()), None),
        Ok(r) if r.status().is_redirection() => {
            let code = r.status().as_u16();
            let location = r
                .headers()
                .get(reqwest::header::LOCATION)
                .map(|v| {
                    String::from_utf8_lossy(v.as_bytes())
                        .chars()
                        .take(LOCATION_SHOWN)
                        .collect()
                })
                .unwrap_or_else(|| "no Location".to_string());
            let why =
                format!("answered {code} redirecting to {location}; redirects are not followed");
            (Some(code), Some(why))
        }
        Ok(r) => (
            Some(r.status().as_u16()),
            Some(format!("answered {}", r.status().as_u16())),
        ),
        Err(e) if e.is_timeout() => (None, Some("timed out after 10 s".to_string())),
        Err(e) => (None, Some(connect_error(&e))),
    }
}

/// Why a request was not sent: the refusal of a non-public address when
/// that was it, else "could not connect".
fn connect_error(e: &reqwest::Error) -> String {
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        if let Some(refused) = c.downcast_ref::<NotPublic>() {
            return refused.to_string();
        }
        cause = c.source();
    }
    "could not connect".to_string()
}
