//! The emulated Klarna honours `Klarna-Idempotency-Key` as Klarna does: the
//! first answer to a key is kept (in the store, so every instance and a
//! restarted one sees it) and a repeated call with the same key and the
//! same request gets that answer again, with no second transaction; the same
//! key with another request is refused. Failures of Klarna itself (5xx) are
//! not kept, so a retry runs again.

use crate::klarna::{AuthorizeResult, KlarnaError};
use crate::store::{IdempotencyBegin, Store};
use crate::{clock, ids};

/// A reservation older than this is taken over (the emulator answers at
/// once; an old one means the process died while answering).
const STALE_AFTER: time::Duration = time::Duration::seconds(5);

fn scope(operation: &str) -> String {
    format!("sandbox.klarna.{operation}")
}

/// Starts a call: `Some(answer)` when the key was answered before (the
/// replay), `None` when this call is the first and must decide.
pub async fn begin(
    store: &dyn Store,
    operation: &str,
    key: &str,
    request: &str,
) -> Result<Option<Result<AuthorizeResult, KlarnaError>>, KlarnaError> {
    let hash = ids::sha256_hex(request.as_bytes());
    let began = store
        .idempotency_begin(&scope(operation), key, &hash, clock::now(), STALE_AFTER)
        .await
        .map_err(|e| KlarnaError::Upstream(e.to_string()))?;
    match began {
        IdempotencyBegin::Proceed => Ok(None),
        IdempotencyBegin::Replay { status: 200, body } => {
            let result = serde_json::from_slice(&body)
                .map_err(|e| KlarnaError::Upstream(format!("sandbox replay: {e}")))?;
            Ok(Some(Ok(result)))
        }
        IdempotencyBegin::Replay { status, body } => Ok(Some(Err(KlarnaError::Rejected {
            status,
            message: String::from_utf8_lossy(&body).into_owned(),
        }))),
        IdempotencyBegin::Mismatch => Err(KlarnaError::Rejected {
            status: 409,
            message: "Klarna-Idempotency-Key was already used with a different request".into(),
        }),
        IdempotencyBegin::InProgress => Err(KlarnaError::Upstream(
            "a request with this Klarna-Idempotency-Key is still being processed".into(),
        )),
    }
}

/// Keeps the first call's answer for the key (Klarna's 5xx are not kept).
pub async fn finish(
    store: &dyn Store,
    operation: &str,
    key: &str,
    answer: &Result<AuthorizeResult, KlarnaError>,
) {
    let scope = scope(operation);
    let stored = match answer {
        Ok(result) => match serde_json::to_vec(result) {
            Ok(body) => {
                store
                    .idempotency_complete(&scope, key, 200, &body, None)
                    .await
            }
            Err(e) => Err(crate::store::StoreError(e.to_string())),
        },
        Err(KlarnaError::Rejected { status, message }) => {
            store
                .idempotency_complete(&scope, key, *status, message.as_bytes(), None)
                .await
        }
        Err(KlarnaError::Upstream(_)) => store.idempotency_abandon(&scope, key).await,
    };
    if let Err(e) = stored {
        tracing::warn!(error = %e, "sandbox: could not keep a Klarna answer for replay");
    }
}
