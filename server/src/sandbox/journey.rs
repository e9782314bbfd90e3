//! The sandbox's purchase journey: completing or canceling an emulated
//! payment request, and delivering the signed `completed` webhook to our own
//! webhook endpoint, as Klarna would.

use crate::error::AppError;
use crate::settings::SigningKey;
use crate::store::{SandboxRequest, SandboxStore};
use crate::webhook::{self, KEY_ID_HEADER, SIGNATURE_HEADER};
use crate::{clock, ids};
use std::time::Duration;

/// Delays before each delivery attempt.
const ATTEMPTS: [u64; 4] = [0, 500, 2_000, 5_000];

async fn load(store: &dyn SandboxStore, id: &str) -> Result<SandboxRequest, AppError> {
    store
        .sandbox_request(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no sandbox payment request {id}")))
}

/// Reads an emulated payment request.
pub async fn get(store: &dyn SandboxStore, id: &str) -> Result<SandboxRequest, AppError> {
    load(store, id).await
}

/// Completes a submitted payment request, issuing its network session token.
/// Returns the request and whether this call completed it (repeats return the
/// same token and send no second webhook).
pub async fn complete(
    store: &dyn SandboxStore,
    id: &str,
) -> Result<(SandboxRequest, bool), AppError> {
    let pr = load(store, id).await?;
    expire_if_old(store, &pr).await?;
    if pr.journey != "complete" {
        return Err(AppError::conflict(
            "this persona's journey is closed by the shopper (+abort); cancel it instead",
        ));
    }
    let token = format!(
        "krn:sandbox:eu1:session-token:completed:{}",
        ids::random_hex(16)
    );
    end(store, id, "COMPLETED", Some(&token)).await
}

/// Moves a submitted payment request to `to` (with the token a completion
/// issues) and reads it back with whether this call moved it. A request
/// already in `to` is answered as it is (a repeat); any other state is a
/// conflict that names it.
async fn end(
    store: &dyn SandboxStore,
    id: &str,
    to: &str,
    token: Option<&str>,
) -> Result<(SandboxRequest, bool), AppError> {
    let won = store
        .sandbox_transition(id, "SUBMITTED", to, token, clock::now())
        .await?;
    let pr = load(store, id).await?;
    if pr.state != to {
        return Err(AppError::conflict(format!(
            "payment request {id} is {}",
            pr.state
        )));
    }
    Ok((pr, won))
}

/// The journey ends with Klarna's decline (the sandbox's stand-in for a risk
/// decision at the end of the journey): `DECLINED`.
pub async fn decline(store: &dyn SandboxStore, id: &str) -> Result<SandboxRequest, AppError> {
    load(store, id).await?;
    Ok(end(store, id, "DECLINED", None).await?.0)
}

/// How long a submitted payment request stays open (Klarna's newer cancel
/// guide gives a payment request a default life of 3 hours).
pub const REQUEST_LIFE: time::Duration = time::Duration::hours(3);

/// A submitted request older than [`REQUEST_LIFE`] becomes `EXPIRED` (and
/// can no longer be completed), as Klarna's would.
async fn expire_if_old(store: &dyn SandboxStore, pr: &SandboxRequest) -> Result<(), AppError> {
    let now = clock::now();
    if pr.state == "SUBMITTED" && now - pr.created_at > REQUEST_LIFE {
        store
            .sandbox_transition(&pr.id, "SUBMITTED", "EXPIRED", None, now)
            .await?;
    }
    Ok(())
}

/// Cancels a submitted payment request (the shopper closed the journey).
pub async fn cancel(store: &dyn SandboxStore, id: &str) -> Result<SandboxRequest, AppError> {
    load(store, id).await?;
    Ok(end(store, id, "CANCELED", None).await?.0)
}

/// Sends the signed `completed` webhook for `pr` to `url` in a spawned task,
/// retrying a few times.
pub fn spawn_completed_webhook(
    http: reqwest::Client,
    url: String,
    key: SigningKey,
    pr: &SandboxRequest,
) {
    let token = pr.token.clone().unwrap_or_default();
    let envelope = webhook::completed_envelope(&pr.id, &pr.reference, &token);
    spawn_signed_delivery(
        http,
        url,
        key,
        envelope,
        format!("payment request {}", pr.id),
    );
}

/// Sends `envelope` signed with `key` to `url` in a spawned task, as
/// Klarna delivers its events (retried a few times; `what` names it in logs).
pub fn spawn_signed_delivery(
    http: reqwest::Client,
    url: String,
    key: SigningKey,
    envelope: serde_json::Value,
    what: String,
) {
    let body = envelope.to_string().into_bytes();
    let signature = webhook::sign(key.secret.expose(), &body);
    tokio::spawn(async move {
        for (i, delay) in ATTEMPTS.iter().enumerate() {
            tokio::time::sleep(Duration::from_millis(*delay)).await;
            let sent = http
                .post(&url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header(KEY_ID_HEADER, &key.key_id)
                .header(SIGNATURE_HEADER, &signature)
                .body(body.clone())
                .send()
                .await;
            match sent {
                Ok(r) if r.status().is_success() => {
                    tracing::info!(event = %what, attempt = i + 1, "sandbox webhook delivered");
                    return;
                }
                Ok(r) => {
                    tracing::warn!(event = %what, attempt = i + 1, status = r.status().as_u16(), "sandbox webhook refused")
                }
                Err(_) => {
                    tracing::warn!(event = %what, attempt = i + 1, "sandbox webhook not delivered")
                }
            }
        }
    });
}
