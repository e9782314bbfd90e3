//! Browser-facing endpoints of the sandbox's purchase journey
//! (`/sandbox/klarna/payment-requests/{id}[/complete|/cancel|/decline]`) and
//! of its express checkout (`POST /sandbox/klarna/payment-requests`). They
//! stand in for what only Klarna and its shopper can do, so on a session
//! that is not the demo merchant's they need the session's client secret
//! (`journey_access`).

use crate::auth::{bearer, client_session, merchant_for_key};
use crate::error::{ApiJson, AppError};
use crate::sandbox::SandboxNotifications;
use crate::sandbox::{express, journey};
use crate::settings::DEMO_MERCHANT;
use crate::state::AppState;
use crate::store::SandboxRequest;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

/// Whoever holds a session id must not play Klarna's shopper for it: a
/// session of the demo merchant (the demo store's) is open to anyone; any
/// other needs `Authorization: Bearer <its client secret>` (the emulated
/// SDK sends the hosted page's), else `401`.
async fn journey_access(
    state: &AppState,
    headers: &HeaderMap,
    session_id: &str,
) -> Result<(), AppError> {
    match state.store.session(session_id).await? {
        Some(s) if s.merchant_id == DEMO_MERCHANT.0 => Ok(()),
        Some(_) => client_session(state, headers, session_id).await.map(|_| ()),
        // A payment request whose session is gone: nothing to protect.
        None => Ok(()),
    }
}

/// The payment request `id` if the caller may act on its session
/// ([`journey_access`]); unknown ones are `404`.
async fn request_for(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<SandboxRequest, AppError> {
    let pr = journey::get(state.sandbox.as_ref(), id).await?;
    journey_access(state, headers, &pr.reference).await?;
    Ok(pr)
}

/// `GET …/{id}`: state and what the persona's journey does.
pub async fn view(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let pr = request_for(&state, &headers, &id).await?;
    Ok(Json(
        json!({"payment_request_id": pr.id, "state": pr.state, "journey": pr.journey}),
    ))
}

/// Sends the signed `completed` webhook of `pr`, as Klarna would.
async fn send_completed(state: &AppState, pr: &SandboxRequest) {
    // As Klarna: through the webhook subscribed to the event, signed with
    // its key; without one, to our endpoint with the configured key.
    let subscribed = SandboxNotifications::new(state.store.clone(), state.http.clone())
        .delivery_for(crate::webhook::COMPLETED)
        .await;
    let configured = state.settings.webhook_keys.first().map(|key| {
        let url = format!("{}/v1/webhooks/klarna", state.settings.public_url);
        (url, key.clone())
    });
    match subscribed.or(configured) {
        Some((url, key)) => journey::spawn_completed_webhook(state.http.clone(), url, key, pr),
        None => tracing::warn!("no webhook signing key configured; the sandbox sends no webhook"),
    }
}

/// `POST /sandbox/klarna/payment-requests`: the emulated Web SDK's express
/// journey ended with the shopper's confirmation; creates the completed
/// payment request with what the journey collected, issues its token and
/// sends the signed `completed` webhook.
pub async fn create_express(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, AppError> {
    if let Some(reference) = body["payment_request_reference"].as_str() {
        journey_access(&state, &headers, reference).await?;
    }
    let pr = express::create_completed(state.store.as_ref(), state.sandbox.as_ref(), &body).await?;
    send_completed(&state, &pr).await;
    Ok(Json(json!({
        "payment_request_id": pr.id,
        "state": pr.state,
        "klarna_network_session_token": pr.token,
    })))
}

/// `POST …/{id}/complete`: the shopper confirmed; sends the signed webhook.
pub async fn complete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    request_for(&state, &headers, &id).await?;
    let (pr, first) = journey::complete(state.sandbox.as_ref(), &id).await?;
    if first {
        send_completed(&state, &pr).await;
    }
    Ok(Json(json!({
        "payment_request_id": pr.id,
        "state": pr.state,
        "klarna_network_session_token": pr.token,
    })))
}

/// `POST …/{id}/cancel`: the shopper closed the journey.
pub async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    request_for(&state, &headers, &id).await?;
    let pr = journey::cancel(state.sandbox.as_ref(), &id).await?;
    Ok(Json(
        json!({"payment_request_id": pr.id, "state": pr.state}),
    ))
}

/// `POST …/{id}/decline`: Klarna declines at the end of the journey.
pub async fn decline(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    request_for(&state, &headers, &id).await?;
    let pr = journey::decline(state.sandbox.as_ref(), &id).await?;
    Ok(Json(
        json!({"payment_request_id": pr.id, "state": pr.state}),
    ))
}

/// Query of [`requests`].
#[derive(serde::Deserialize)]
pub struct RequestsQuery {
    /// The session whose Klarna calls to list.
    session: Option<String>,
    /// Or the transaction.
    transaction: Option<String>,
}

/// `GET /sandbox/klarna/requests?session=…|transaction=…`: every call the
/// emulated Klarna received (operation, outcome `performed`, `replayed`,
/// `refused` or `failed`, idempotency key, what was asked), oldest first.
/// Tests count what reached "Klarna" here. Sandbox only; a session of the
/// demo merchant is open to anyone (the demo store's are), any other needs
/// its merchant's key.
pub async fn requests(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<RequestsQuery>,
) -> Result<Json<Value>, AppError> {
    let (session_id, unknown) = match (&q.session, &q.transaction) {
        (Some(s), _) => (s.clone(), format!("no session {s}")),
        (None, Some(t)) => {
            let unknown = format!("no transaction {t}");
            let sid = state.store.session_of_transaction(t).await?;
            (
                sid.ok_or_else(|| AppError::not_found(unknown.clone()))?,
                unknown,
            )
        }
        (None, None) => {
            return Err(AppError::invalid_field(
                "session",
                "expected ?session=<id> or ?transaction=<id>",
            ))
        }
    };
    owner_check(&state, &headers, &session_id, &unknown).await?;
    let calls = state
        .sandbox
        .sandbox_calls(q.session.as_deref(), q.transaction.as_deref())
        .await?;
    let requests: Vec<Value> = calls
        .into_iter()
        .map(|c| {
            let mut d = c.detail;
            if !d.is_object() {
                d = json!({});
            }
            d["operation"] = json!(c.operation);
            d["outcome"] = json!(c.outcome);
            d["idempotency_key"] = json!(c.idempotency_key);
            d["transaction_id"] = json!(c.transaction_id);
            d["at"] = json!(crate::clock::format(c.at));
            d
        })
        .collect();
    Ok(Json(
        json!({ "session": q.session, "transaction": q.transaction, "requests": requests }),
    ))
}

/// Only the session's merchant (or anyone, for the demo merchant's sessions)
/// may read what Klarna received for it. Anyone else is answered `unknown`,
/// the `404` of what they asked for not existing: it names nothing of
/// another merchant's (not the session of a transaction they asked about).
async fn owner_check(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    unknown: &str,
) -> Result<(), AppError> {
    let session = state
        .store
        .session(id)
        .await?
        .ok_or_else(|| AppError::not_found(unknown))?;
    if session.merchant_id != DEMO_MERCHANT.0 {
        let key = bearer(headers).ok_or_else(|| {
            AppError::unauthorized("expected Authorization: Bearer <the session's merchant secret>")
        })?;
        if merchant_for_key(state, key).await?.as_deref() != Some(session.merchant_id.as_str()) {
            return Err(AppError::not_found(unknown));
        }
    }
    Ok(())
}

/// `GET /sandbox/klarna/transactions/{id}`: the emulated transaction as
/// Klarna keeps it (captured, refunded, released, its captures). Sandbox
/// only; the same access rule as [`requests`].
pub async fn transaction(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let unknown = format!("no sandbox transaction {id}");
    let sid = state
        .store
        .session_of_transaction(&id)
        .await?
        .ok_or_else(|| AppError::not_found(unknown.clone()))?;
    owner_check(&state, &headers, &sid, &unknown).await?;
    let (mut t, _) = state
        .sandbox
        .sandbox_transaction(&id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no sandbox transaction {id}")))?;
    crate::sandbox::klarna_expiry::age(&mut t, crate::clock::now());
    Ok(Json(t))
}

/// Body of `POST /sandbox/clock`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockMove {
    /// Seconds to move the clock forward (0 to 400 days).
    #[serde(default)]
    advance_seconds: Option<i64>,
    /// `true`: back to real time.
    #[serde(default)]
    reset: Option<bool>,
}

fn clock_view() -> Value {
    json!({
        "now": crate::clock::format(crate::clock::now()),
        "offset_seconds": crate::clock::offset_ms() / 1000,
    })
}

/// `GET /sandbox/clock`: the test clock (sandbox only).
pub async fn clock() -> Json<Value> {
    Json(clock_view())
}

/// `POST /sandbox/clock {advance_seconds?, reset?}`: moves this instance's
/// test clock forward (sandbox only), so tests of time rules need no sleeping.
pub async fn move_clock(
    crate::error::ApiJson(m): crate::error::ApiJson<ClockMove>,
) -> Result<Json<Value>, AppError> {
    if m.reset == Some(true) {
        crate::clock::reset();
    }
    if let Some(s) = m.advance_seconds {
        let ms = s.checked_mul(1000).filter(|ms| *ms >= 0);
        if ms.and_then(crate::clock::advance).is_none() {
            return Err(AppError::invalid_field(
                "advance_seconds",
                "expected 0 to 34560000 seconds (400 days) in all, forward only",
            ));
        }
    }
    Ok(Json(clock_view()))
}
