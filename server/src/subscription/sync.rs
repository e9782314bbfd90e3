//! The subscription against Klarna: [`ensure`] creates or repairs it (a
//! signing key, then the webhook at `KLARNA_WEBHOOK_URL` for
//! [`HANDLED_EVENT_TYPES`], pointed at the key that should sign), and
//! deletes retired keys past their grace; [`rotate`] starts a key rotation
//! and asks Klarna to simulate an event so the new key is confirmed at once.
//! The [`ENSURE`] job runs `ensure` at start (`KLARNA_WEBHOOK_SUBSCRIBE=on`)
//! and every [`PERIOD_MS`], and after a rotation's grace period.

use super::{load, update, within_grace, KeyState, StoredKey, Subscription};
use crate::clock;
use crate::error::AppError;
use crate::jobs::outcome::Outcome;
use crate::klarna::notifications::{WebhookSpec, HANDLED_EVENT_TYPES};
use crate::klarna::KlarnaError;
use crate::state::AppState;
use crate::store::{JobRecord, NewJob};
use serde_json::json;

/// The job kind that runs [`ensure`].
pub const ENSURE: &str = "ensure_webhook_subscription";
/// How often a managed subscription is checked against Klarna.
pub const PERIOD_MS: i64 = 6 * 3_600_000;
/// The event [`rotate`] asks Klarna to simulate.
pub const SIMULATED_EVENT: &str = "payment.request.state-change.completed";

/// An [`ENSURE`] job at `run_at_ms` (one per time: instances that enqueue
/// the same time share it).
pub fn job(run_at_ms: i64) -> NewJob {
    NewJob {
        id: crate::ids::new_id("job"),
        kind: ENSURE.into(),
        payload: json!({}),
        run_at_ms,
        dedupe_key: Some(format!("webhook-subscription:{run_at_ms}")),
    }
}

/// The next periodic check after `now_ms` (aligned, so every instance
/// enqueues the same job).
pub fn next_period(now_ms: i64) -> i64 {
    (now_ms / PERIOD_MS + 1) * PERIOD_MS
}

/// `502 upstream_error` naming what Klarna said.
fn klarna_error(e: KlarnaError) -> AppError {
    AppError::upstream(format!("Klarna's Notifications API: {e}"))
}

fn spec(state: &AppState, key_id: &str) -> WebhookSpec {
    WebhookSpec {
        url: state.settings.subscription.url.clone(),
        event_types: HANDLED_EVENT_TYPES.iter().map(|s| s.to_string()).collect(),
        signing_key_id: key_id.to_string(),
    }
}

/// Creates a key at Klarna and stores it as `as_state` (unless one of that
/// state appeared meanwhile: then ours is deleted again and theirs kept).
async fn new_key(state: &AppState, as_state: KeyState) -> Result<StoredKey, AppError> {
    let k = state
        .notifications
        .create_signing_key()
        .await
        .map_err(klarna_error)?;
    let mine = StoredKey {
        key_id: k.signing_key_id.clone(),
        secret: k.secret.expose().to_string(),
        state: as_state,
        created_at: clock::format(clock::now()),
        confirmed_at: None,
        retired_at: None,
    };
    let stored = update(state, |s| {
        if s.key(as_state).is_none() {
            s.keys.push(mine.clone());
        }
    })
    .await?;
    let kept = stored.key(as_state).cloned().unwrap_or(mine.clone());
    if kept.key_id != mine.key_id {
        let _ = state.notifications.delete_signing_key(&mine.key_id).await;
    }
    Ok(kept)
}

async fn ensure_inner(state: &AppState) -> Result<Subscription, AppError> {
    state
        .settings
        .subscription
        .deliverable(state.settings.klarna.mode)
        .map_err(AppError::conflict)?;
    let (s, _) = load(state).await?;
    if s.key(KeyState::Active).is_none() {
        new_key(state, KeyState::Active).await?;
    }
    let (s, _) = load(state).await?;
    let key = s
        .signing_key()
        .ok_or_else(|| AppError::internal("no signing key after creating one"))?
        .clone();
    let want = spec(state, &key.key_id);
    let n = &state.notifications;
    let existing = n
        .list_webhooks()
        .await
        .map_err(klarna_error)?
        .into_iter()
        .find(|w| {
            w.url.as_deref() == Some(want.url.as_str())
                || Some(&w.webhook_id) == s.webhook_id.as_ref()
        });
    let webhook = match existing {
        Some(w) if w.matches(&want) => w,
        Some(w) => n
            .update_webhook(&w.webhook_id, &want)
            .await
            .map_err(klarna_error)?,
        None => n.create_webhook(&want).await.map_err(klarna_error)?,
    };
    // Retired keys past their grace are deleted at Klarna (at most 50 per account).
    let expired: Vec<String> = s
        .keys
        .iter()
        .filter(|k| k.state == KeyState::Retired && !within_grace(k))
        .map(|k| k.key_id.clone())
        .collect();
    let mut deleted = Vec::new();
    for id in expired {
        if n.delete_signing_key(&id).await.is_ok() {
            deleted.push(id);
        }
    }
    let now = clock::format(clock::now());
    update(state, |s| {
        s.webhook_id = Some(webhook.webhook_id.clone());
        s.url = Some(want.url.clone());
        s.event_types = want.event_types.clone();
        s.keys.retain(|k| !deleted.contains(&k.key_id));
        s.synced_at = Some(now.clone());
        s.last_error = None;
    })
    .await
}

/// Creates or repairs the subscription at Klarna; a failure is kept as
/// `last_error` (for `/readyz` and the operator) and returned.
pub async fn ensure(state: &AppState) -> Result<Subscription, AppError> {
    match ensure_inner(state).await {
        Ok(s) => {
            tracing::info!(webhook_id = ?s.webhook_id, "Klarna webhook subscription in place");
            Ok(s)
        }
        Err(e) => {
            let message = e.error.message.clone();
            tracing::warn!(error = %message, "Klarna webhook subscription could not be ensured");
            update(state, |s| s.last_error = Some(message.clone())).await?;
            Err(e)
        }
    }
}

/// Starts a key rotation: a new key (or the one of a rotation already under
/// way) becomes `pending`, the webhook signs with it, and Klarna is asked to
/// simulate an event, whose arrival confirms the new key. Until then both
/// keys verify. Answers the subscription and whether the simulate call was
/// accepted.
pub async fn rotate(state: &AppState) -> Result<(Subscription, Result<(), String>), AppError> {
    ensure(state).await?;
    let (s, _) = load(state).await?;
    if s.key(KeyState::Pending).is_none() {
        new_key(state, KeyState::Pending).await?;
    }
    let s = ensure(state).await?; // points the webhook at the pending key
    let simulated = simulate(state, SIMULATED_EVENT)
        .await
        .map_err(|e| e.error.message);
    Ok((s, simulated))
}

/// Asks Klarna to send a test event of `event_type` to the subscription.
pub async fn simulate(state: &AppState, event_type: &str) -> Result<(), AppError> {
    let (s, _) = load(state).await?;
    let id = s.webhook_id.ok_or_else(|| {
        AppError::conflict("there is no webhook subscription yet; create it first")
    })?;
    state
        .notifications
        .simulate(&id, event_type)
        .await
        .map_err(klarna_error)
}

/// Runs an [`ENSURE`] job; a managed subscription schedules its next check.
pub async fn run(state: &AppState, _job: &JobRecord) -> Result<Outcome, Outcome> {
    let r = ensure(state).await;
    if state.settings.subscription.enabled {
        let next = job(next_period(crate::clock::now_ms()));
        if let Err(e) = state.store.enqueue_jobs(&[next]).await {
            return Ok(Outcome::Retry(e.to_string()));
        }
    }
    // A refusal needs the operator (it stays in last_error and /readyz);
    // retried with backoff all the same, so a fix on Klarna's side heals it.
    match r {
        Ok(_) => Ok(Outcome::Done),
        Err(e) => Ok(Outcome::Retry(e.error.message)),
    }
}
