//! The server's own webhook subscription at Klarna (Notifications API):
//! one webhook for the event types it handles, at its URL
//! (`KLARNA_WEBHOOK_URL`), signed with a key the server created. Kept in one
//! store document, so every instance verifies with the same keys.
//!
//! Keys rotate without losing an event: a new key is created as `pending`
//! and the webhook is pointed at it; both keys verify until an event signed
//! with the new one arrives (the rotation's simulated event, or any real
//! one), which confirms it: it becomes `active` and the old one `retired`.
//! A retired key still verifies for [`RETIRED_GRACE_HOURS`] (Klarna's
//! retries of events signed before the switch run for 12 hours), then it is
//! deleted at Klarna. Keys of `KLARNA_WEBHOOK_SIGNING_KEYS` always verify.
//!
//! [`sync`] talks to Klarna (create, repair, rotate); this file holds the
//! record, the keys that verify, the confirmation, and readiness.

use crate::clock;
use crate::error::AppError;
use crate::settings::{Secret, SigningKey};
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub mod sync;

/// The store document holding the subscription.
pub const DOCUMENT: &str = "klarna.webhook_subscription";
/// How long a retired key still verifies.
pub const RETIRED_GRACE_HOURS: i64 = 24;

/// Where a signing key is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyState {
    /// Signs the webhook's events now.
    Active,
    /// The webhook was pointed at it; not yet seen on an event.
    Pending,
    /// Replaced; verifies for a grace period, then deleted at Klarna.
    Retired,
}

/// A signing key the server created at Klarna.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredKey {
    /// Klarna's `signing_key_id`.
    pub key_id: String,
    /// The HMAC secret (Klarna shows it once).
    pub secret: String,
    /// Its state.
    pub state: KeyState,
    /// When it was created.
    pub created_at: String,
    /// When an event signed with it first arrived.
    #[serde(default)]
    pub confirmed_at: Option<String>,
    /// When it was retired.
    #[serde(default)]
    pub retired_at: Option<String>,
}

/// The subscription as the server knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// Klarna's `webhook_id`, once created.
    #[serde(default)]
    pub webhook_id: Option<String>,
    /// The URL it delivers to.
    #[serde(default)]
    pub url: Option<String>,
    /// Its event types.
    #[serde(default)]
    pub event_types: Vec<String>,
    /// Its signing keys, newest last.
    #[serde(default)]
    pub keys: Vec<StoredKey>,
    /// When it was last checked against Klarna.
    #[serde(default)]
    pub synced_at: Option<String>,
    /// What went wrong the last time, if it did.
    #[serde(default)]
    pub last_error: Option<String>,
}

impl Subscription {
    /// The key of `state`, if any.
    pub fn key(&self, state: KeyState) -> Option<&StoredKey> {
        self.keys.iter().rev().find(|k| k.state == state)
    }

    /// The key the webhook should sign with: a pending one (rotation under
    /// way), else the active one.
    pub fn signing_key(&self) -> Option<&StoredKey> {
        self.key(KeyState::Pending)
            .or_else(|| self.key(KeyState::Active))
    }
}

/// The subscription and its version (0: none stored yet).
pub async fn load(state: &AppState) -> Result<(Subscription, i64), AppError> {
    Ok(match state.store.document(DOCUMENT).await? {
        Some((v, version)) => (serde_json::from_value(v).unwrap_or_default(), version),
        None => (Subscription::default(), 0),
    })
}

/// Applies `change` with a compare-and-set (retried); answers the result.
pub async fn update(
    state: &AppState,
    mut change: impl FnMut(&mut Subscription),
) -> Result<Subscription, AppError> {
    for _ in 0..50 {
        let (mut s, version) = load(state).await?;
        change(&mut s);
        let v = serde_json::to_value(&s).unwrap_or(Value::Null);
        if state.store.write_document(DOCUMENT, &v, version).await? {
            return Ok(s);
        }
    }
    Err(AppError::conflict(
        "the webhook subscription is changing too fast; retry",
    ))
}

fn within_grace(k: &StoredKey) -> bool {
    k.retired_at
        .as_deref()
        .and_then(clock::parse)
        .is_some_and(|at| clock::now() - at < time::Duration::hours(RETIRED_GRACE_HOURS))
}

/// The keys a webhook's signature is checked against: the configured ones
/// and the subscription's active, pending and recently retired keys.
pub async fn verification_keys(state: &AppState) -> Result<Vec<SigningKey>, AppError> {
    let mut keys = state.settings.webhook_keys.clone();
    let (s, _) = load(state).await?;
    for k in &s.keys {
        let usable = match k.state {
            KeyState::Active | KeyState::Pending => true,
            KeyState::Retired => within_grace(k),
        };
        if usable && !keys.iter().any(|c| c.key_id == k.key_id) {
            keys.push(SigningKey {
                key_id: k.key_id.clone(),
                secret: Secret::new(k.secret.clone()),
            });
        }
    }
    Ok(keys)
}

/// A verified event arrived signed with `key_id`: a pending key is
/// confirmed (it becomes active, the active one retired); the first event of
/// an active key marks it confirmed. Anything else changes nothing (and
/// writes nothing).
pub async fn on_verified(state: &AppState, key_id: &str) -> Result<(), AppError> {
    let (s, _) = load(state).await?;
    let Some(k) = s.keys.iter().find(|k| k.key_id == key_id) else {
        return Ok(()); // a configured key, or one we no longer keep
    };
    if k.state == KeyState::Active && k.confirmed_at.is_some() || k.state == KeyState::Retired {
        return Ok(());
    }
    let now = clock::format(clock::now());
    let promoted = k.state == KeyState::Pending;
    update(state, |s| {
        if promoted && s.key(KeyState::Pending).map(|p| p.key_id.as_str()) == Some(key_id) {
            for other in s.keys.iter_mut().filter(|o| o.state == KeyState::Active) {
                other.state = KeyState::Retired;
                other.retired_at = Some(now.clone());
            }
        }
        if let Some(k) = s.keys.iter_mut().find(|k| k.key_id == key_id) {
            if k.state == KeyState::Pending {
                k.state = KeyState::Active;
            }
            k.confirmed_at.get_or_insert(now.clone());
        }
    })
    .await?;
    if promoted {
        tracing::info!(
            key_id,
            "Klarna signing key confirmed by an event; the old one is retired"
        );
        // Delete the retired key at Klarna once its grace period is over.
        let at = crate::clock::now_ms() + RETIRED_GRACE_HOURS * 3_600_000 + 60_000;
        state.store.enqueue_jobs(&[sync::job(at)]).await?;
    }
    Ok(())
}

/// `Ok` unless the server manages its subscription (`KLARNA_WEBHOOK_SUBSCRIBE=on`)
/// and it is missing at Klarna as far as the server knows; the problem
/// otherwise, for `/readyz`.
pub async fn readiness(state: &AppState) -> Result<(), String> {
    if !state.settings.subscription.enabled {
        return Ok(());
    }
    let (s, _) = load(state).await.map_err(|e| e.to_string())?;
    problem(state, &s).map_or(Ok(()), Err)
}

fn problem(state: &AppState, s: &Subscription) -> Option<String> {
    let why = s.last_error.as_deref().unwrap_or("not created yet");
    if s.webhook_id.is_none() || s.key(KeyState::Active).is_none() {
        return Some(format!("Klarna webhook subscription missing: {why}"));
    }
    if s.url.as_deref() != Some(state.settings.subscription.url.as_str()) {
        return Some(format!(
            "Klarna webhook subscription delivers to {} instead of {}",
            s.url.as_deref().unwrap_or("?"),
            state.settings.subscription.url
        ));
    }
    None
}

/// The operator's view: no secrets.
pub fn view(state: &AppState, s: &Subscription) -> Value {
    let problem = problem(state, s);
    let keys: Vec<Value> = s
        .keys
        .iter()
        .map(|k| {
            json!({"signing_key_id": k.key_id, "state": k.state, "created_at": k.created_at,
                        "confirmed_at": k.confirmed_at, "retired_at": k.retired_at})
        })
        .collect();
    json!({
        "managed": state.settings.subscription.enabled,
        "url": state.settings.subscription.url,
        "webhook_id": s.webhook_id,
        "event_types": s.event_types,
        "status": if problem.is_some() { "missing" } else if s.key(KeyState::Pending).is_some() { "rotating" } else { "active" },
        "signing_keys": keys,
        "synced_at": s.synced_at,
        "last_error": s.last_error,
        "problem": problem,
    })
}
