//! Idempotent execution keyed by the `Idempotency-Key` header: the first
//! answer is stored with a hash of the request and replayed byte for byte
//! (status and body);
//! the same key with another body is `409`. Reservations live in the store,
//! so concurrent duplicates on any instance wait for the first. Each stored
//! answer records the session it is about, whose erasure erases it there too
//! ([`for_storage`]).

use crate::error::{json_bytes, AppError};
use crate::state::AppState;
use crate::store::IdempotencyBegin;
use crate::{clock, ids};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::time::Duration;

/// The header.
pub const HEADER: &str = "Idempotency-Key";

/// How long a reservation blocks duplicates after its holder last renewed
/// it; then another request takes it over (the holder died: a crash, a kill).
const STALE_AFTER: time::Duration = time::Duration::seconds(8);
/// How often a live holder renews its reservation.
const HEARTBEAT: Duration = Duration::from_secs(2);
/// How long a duplicate waits for the first request to finish (longer than
/// [`STALE_AFTER`], so a duplicate of a dead holder's request takes it over).
const WAIT: Duration = Duration::from_secs(10);

/// Reads the key: 1–255 visible ASCII characters. `Ok(None)` when absent and
/// not `required`.
pub fn key_from(headers: &HeaderMap, required: bool) -> Result<Option<String>, AppError> {
    let reason = "expected 1 to 255 visible ASCII characters";
    if headers.get_all(HEADER).iter().nth(1).is_some() {
        return Err(AppError::invalid_field(
            HEADER,
            format!("header sent more than once; send it once, {reason}"),
        ));
    }
    let Some(v) = headers.get(HEADER) else {
        return if required {
            Err(AppError::invalid_field(
                HEADER,
                format!("header is required; {reason}"),
            ))
        } else {
            Ok(None)
        };
    };
    let s = v
        .to_str()
        .map_err(|_| AppError::invalid_field(HEADER, reason))?;
    if s.is_empty() || s.len() > 255 || !s.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::invalid_field(HEADER, reason));
    }
    Ok(Some(s.to_string()))
}

/// Fingerprint of a request body: SHA-256 of its canonical JSON (keys
/// sorted, no whitespace), or of the raw bytes when it isn't JSON.
pub fn request_hash(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) => ids::sha256_hex(v.to_string().as_bytes()),
        Err(_) => ids::sha256_hex(body),
    }
}

/// Runs `work` at most once per `(scope, key)`; without a key it just runs.
/// `work` answers `200` with JSON bytes or an [`AppError`]; 4xx answers are
/// stored and replayed too, 5xx ones free the key for a retry.
pub async fn run<F, Fut>(
    state: &AppState,
    scope: &str,
    key: Option<String>,
    body: &[u8],
    work: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Vec<u8>, AppError>>,
{
    run_with(state, scope, key, body, || async {
        work().await.map(|b| (StatusCode::OK, b))
    })
    .await
}

/// [`run`] for work that picks its success status (`201` on creation).
pub async fn run_with<F, Fut>(
    state: &AppState,
    scope: &str,
    key: Option<String>,
    body: &[u8],
    work: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(StatusCode, Vec<u8>), AppError>>,
{
    run_sealed(state, (scope, None), key, body, work).await
}

/// [`run_with`] for a merchant call made with the API key `api_key` (the
/// second of `(scope, api_key)`): the secrets of the kept answer are sealed
/// under it ([`super::seal`]), and a replay made with another key of the
/// merchant is `409 idempotency_key_reused`, since it can't open them.
pub async fn run_sealed<F, Fut>(
    state: &AppState,
    (scope, api_key): (&str, Option<&str>),
    key: Option<String>,
    body: &[u8],
    work: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(StatusCode, Vec<u8>), AppError>>,
{
    let Some(key) = key else {
        return match work().await {
            Ok((status, bytes)) => json_bytes(status, bytes),
            Err(e) => e.into_response(),
        };
    };
    let seal = api_key.map(|k| super::seal::SealKey::new(k, scope, &key));
    let hash = request_hash(body);
    let started = tokio::time::Instant::now();
    loop {
        let begin = state
            .store
            .idempotency_begin(scope, &key, &hash, clock::now(), STALE_AFTER)
            .await;
        match begin {
            Err(e) => return AppError::from(e).into_response(),
            Ok(IdempotencyBegin::Replay { status, body }) => {
                let status =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let opened = match &seal {
                    Some(k) => k.open(&body),
                    None => Ok(body),
                };
                return match opened {
                    Ok(body) => json_bytes(status, body),
                    Err(super::seal::OtherKey) => reused(
                        format!("{HEADER} {key:?} was first used with another API key of this merchant, and its answer holds secrets only that key opens"),
                        "first used with another API key; replay with that key, or use a new key",
                    ),
                };
            }
            Ok(IdempotencyBegin::Mismatch) => {
                return reused(
                    format!("{HEADER} {key:?} was already used with a different request"),
                    "already used with another request; use a new key for a new request",
                );
            }
            Ok(IdempotencyBegin::InProgress) if started.elapsed() < WAIT => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Ok(IdempotencyBegin::InProgress) => {
                return AppError::conflict(format!(
                    "a request with {HEADER} {key:?} is still being processed; retry later"
                ))
                .into_response();
            }
            Ok(IdempotencyBegin::Proceed) => break,
        }
    }
    let (status, bytes) = match holding(state, scope, &key, work()).await {
        Ok(answer) => answer,
        Err(e) => (e.status, e.body_bytes()),
    };
    let stored = if status.is_server_error() {
        state.store.idempotency_abandon(scope, &key).await
    } else {
        let (mut kept, session) = for_storage(scope, &bytes);
        if let Some(k) = &seal {
            kept = k.seal(&kept);
        }
        state
            .store
            .idempotency_complete(scope, &key, status.as_u16(), &kept, session.as_deref())
            .await
    };
    if let Err(e) = stored {
        tracing::error!(error = %e, "storing the idempotent answer failed");
    }
    json_bytes(status, bytes)
}

/// `409 idempotency_key_reused` with `message`, naming the header with `why`.
fn reused(message: String, why: &str) -> Response {
    let mut e = AppError::conflict(message);
    e.error.code = checkout_core::errors::ErrorCode::IdempotencyKeyReused;
    e.error.fields = vec![checkout_core::errors::FieldError::new(HEADER, why)];
    e.into_response()
}

/// What is kept of an answer for replays: the bytes as answered (a replay
/// returns the first answer, status and body: a merchant whose first answer
/// was lost still gets its session's `client_secret` and `hosted_url`, or its
/// endpoint's signing `secret`, which exist nowhere else in clear; they are
/// kept for `CHECKOUT_IDEMPOTENCY_HOURS` like the rest of the record), and
/// the session it is about, so erasing that session's personal data finds it
/// (the store keeps it in an indexed column). The session is the answer's
/// `id` when that is a session id (a session's view, a creation), else its
/// `session_id` (an event), else the session a scope names
/// (`authorize:hcs_…`, `token-authorize:hcs_…`): read from what is
/// replayed, whichever route answered it.
pub fn for_storage(scope: &str, bytes: &[u8]) -> (Vec<u8>, Option<String>) {
    let is_session = |s: &str| s.starts_with("hcs_") && !s.starts_with("hcs_secret_");
    let Ok(serde_json::Value::Object(obj)) = serde_json::from_slice(bytes) else {
        return (bytes.to_vec(), None);
    };
    let text = |k: &str| obj.get(k).and_then(serde_json::Value::as_str);
    let session = [
        text("id"),
        text("session_id"),
        scope.split_once(':').map(|(_, s)| s),
    ]
    .into_iter()
    .flatten()
    .find(|s| is_session(s))
    .map(str::to_string);
    (bytes.to_vec(), session)
}

/// Runs `work` holding the session's payment lock, so that authorizations of
/// one session never overlap (two tabs, a reload mid-request, retries with
/// new keys): a second caller waits for the first, then runs against the
/// session as the first left it (an approved session is no longer open, so
/// it gets `409` instead of a second charge). The lock lives in the store
/// beside the idempotency records and is released afterwards; a crashed
/// holder's lock goes stale within `STALE_AFTER` (it is renewed while held).
pub async fn exclusive<F, Fut, T>(
    state: &AppState,
    session_id: &str,
    work: F,
) -> Result<T, AppError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    const SCOPE: &str = "session-payment-lock";
    let started = tokio::time::Instant::now();
    loop {
        let begin = state
            .store
            .idempotency_begin(SCOPE, session_id, "lock", clock::now(), STALE_AFTER)
            .await?;
        match begin {
            IdempotencyBegin::Proceed => break,
            IdempotencyBegin::InProgress if started.elapsed() < WAIT => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            _ => {
                return Err(AppError::conflict(
                    "another payment attempt of this session is still running; retry later",
                ))
            }
        }
    }
    let out = holding(state, SCOPE, session_id, work()).await;
    if let Err(e) = state.store.idempotency_abandon(SCOPE, session_id).await {
        tracing::error!(error = %e, "releasing the session payment lock failed");
    }
    out
}

/// Runs `work` while renewing the reservation `(scope, key)` every
/// [`HEARTBEAT`], so it stays ours for as long as this process is alive,
/// and goes stale within [`STALE_AFTER`] once it is not.
async fn holding<T>(state: &AppState, scope: &str, key: &str, work: impl Future<Output = T>) -> T {
    let beat = async {
        loop {
            tokio::time::sleep(HEARTBEAT).await;
            if let Err(e) = state
                .store
                .idempotency_touch(scope, key, clock::now())
                .await
            {
                tracing::warn!(error = %e, scope, "renewing a reservation failed");
            }
        }
    };
    tokio::select! {
        out = work => out,
        never = beat => never,
    }
}
