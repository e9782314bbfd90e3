//! The demo store's own notification endpoint (sandbox only): in sandbox
//! mode the server registers, for the demo merchant, a webhook endpoint
//! pointing at `POST /demo/notifications`, which verifies each delivery's
//! `Checkout-Signature` with that endpoint's secret, as a merchant's receiver
//! must, and keeps what it received in the session's log (kind
//! [`RECEIVED`]), so every instance on the database sees it. The store's
//! orders page lists them with `GET /demo/notifications`.

use crate::error::{ApiBytes, AppError};
use crate::ids::new_id;
use crate::settings::DEMO_MERCHANT;
use crate::state::AppState;
use crate::store::{EndpointRecord, StoreError};
use crate::{clock, ids};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use checkout_core::notification::{verify, SIGNATURE_HEADER};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Where the demo store receives its notifications.
pub const RECEIVER_PATH: &str = "/demo/notifications";
/// Session-log kind of a received notification.
pub const RECEIVED: &str = "demo.notification_received";
/// How far a delivery's timestamp may be from now (the receiver's tolerance).
pub const TOLERANCE_SECONDS: i64 = 300;
/// Sessions whose notifications `GET /demo/notifications` looks at.
const RECENT_SESSIONS: u32 = 50;

fn receiver_url(state: &AppState) -> String {
    format!("{}{RECEIVER_PATH}", state.settings.public_url)
}

/// Registers the demo store's endpoint for the demo merchant unless it has
/// one at this server's receiver URL already (called at start in sandbox
/// mode when the demo merchant's key is in use). Receivers of an earlier
/// public URL on the same database are deleted, so nothing is retried
/// against an address no server answers.
pub async fn register(state: &AppState) -> Result<(), StoreError> {
    let url = receiver_url(state);
    let merchant = DEMO_MERCHANT.0;
    let mut present = false;
    for e in state.store.endpoints(merchant).await? {
        if e.url == url {
            present = true;
        } else if e.url.ends_with(RECEIVER_PATH) {
            state.store.delete_endpoint(merchant, &e.id).await?;
        }
    }
    if present {
        return Ok(());
    }
    let e = EndpointRecord {
        id: new_id("we"),
        merchant_id: merchant.into(),
        url,
        event_types: Vec::new(),
        secret: format!("whsec_{}", ids::random_hex(32)),
        created_at: clock::now(),
    };
    state.store.insert_endpoint(&e).await
}

/// What the store received, as its orders page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    /// The notification's `id` (`evt_…`).
    pub event_id: String,
    /// Its `type`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The session it is about.
    pub session_id: String,
    /// Whether `Checkout-Signature` matched the body and was fresh.
    pub verified: bool,
    /// Why it did not, when it did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// When the store received it.
    pub received_at: String,
}

/// `POST /demo/notifications`: `204` for a verified delivery (kept once per
/// event id), `400` when the signature is refused (kept too, so the page
/// shows it; Klarna-style retries follow).
pub async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<StatusCode, AppError> {
    let url = receiver_url(&state);
    let endpoints = state.store.endpoints(DEMO_MERCHANT.0).await?;
    let secret = endpoints
        .iter()
        .find(|e| e.url == url)
        .map(|e| e.secret.clone())
        .ok_or_else(|| AppError::not_found("the demo store has no endpoint registered"))?;
    let header = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let now = clock::wall_unix();
    let check = verify(&secret, header, &body, now, TOLERANCE_SECONDS);
    let event: Value = crate::error::parse_json(&body)?;
    let (Some(event_id), Some(kind), Some(session_id)) = (
        event["id"].as_str(),
        event["type"].as_str(),
        event["data"]["id"].as_str(),
    ) else {
        return Err(AppError::invalid_field(
            "$",
            "expected a notification {id, type, data: {id, …}}",
        ));
    };
    if state.store.session(session_id).await?.is_none() {
        return Err(AppError::not_found(format!("no session {session_id}")));
    }
    let seen = state.store.events(session_id).await?.iter().any(|e| {
        e.kind == RECEIVED && e.detail["event_id"] == event_id && e.detail["verified"] == true
    });
    if !seen {
        let detail = json!({
            "event_id": event_id, "type": kind, "verified": check.is_ok(),
            "refusal": check.err().map(|e| e.to_string()),
        });
        state
            .store
            .add_event(session_id, RECEIVED, &detail, clock::now())
            .await?;
    }
    match check {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(e) => Err(AppError::invalid_field(SIGNATURE_HEADER, e.to_string())),
    }
}

/// Query of [`list`].
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    session: Option<String>,
}

/// `GET /demo/notifications[?session=hcs_…]`: what the store received,
/// newest first (of the demo merchant's last sessions, or of one).
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, AppError> {
    let sessions: Vec<String> = match q.session {
        Some(id) => {
            let demo = state.store.session(&id).await?;
            if demo.is_none_or(|s| s.merchant_id != DEMO_MERCHANT.0) {
                return Err(AppError::not_found(format!("no demo session {id}")));
            }
            vec![id]
        }
        None => state
            .store
            .sessions_of(DEMO_MERCHANT.0, RECENT_SESSIONS)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect(),
    };
    let mut out = Vec::new();
    for id in sessions {
        // Newest first within a session too (equal times keep that order below).
        for e in state.store.events(&id).await?.into_iter().rev() {
            if e.kind != RECEIVED {
                continue;
            }
            let d = &e.detail;
            out.push(Received {
                event_id: d["event_id"].as_str().unwrap_or_default().to_string(),
                event_type: d["type"].as_str().unwrap_or_default().to_string(),
                session_id: id.clone(),
                verified: d["verified"] == true,
                refusal: d["refusal"].as_str().map(str::to_string),
                received_at: clock::format(e.at),
            });
        }
    }
    out.sort_by(|a, b| b.received_at.cmp(&a.received_at)); // stable
    Ok(Json(json!({ "data": out })))
}
