//! `GET /healthz` (the process runs) and `GET /readyz` (it should get
//! traffic: the store answers with its migrations applied, it is not
//! draining after `SIGTERM`, and, when the server manages its Klarna webhook
//! subscription, that subscription exists). `503` names what is wrong, for the load
//! balancer's log and the operator.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;

/// Liveness: answers while the process serves requests at all.
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// Readiness: `200 {"status": "ready", …}` or `503 {"status": "not_ready",
/// "problems": [...], "error": {…}}` (the usual error envelope beside the list).
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let mut problems = Vec::new();
    if state.draining.load(Ordering::Relaxed) {
        problems
            .push("draining: the server received SIGTERM and is finishing its work".to_string());
    }
    let backend = state.store.backend();
    if let Err(e) = state.store.readiness().await {
        problems.push(format!("store ({backend}): {}", e.0));
    }
    if let Err(e) = crate::subscription::readiness(&state).await {
        problems.push(e);
    }
    if problems.is_empty() {
        (
            StatusCode::OK,
            Json(json!({"status": "ready", "store": backend})),
        )
    } else {
        tracing::warn!(?problems, "not ready");
        let message = format!("not ready: {}", problems.join("; "));
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({
                "status": "not_ready", "store": backend, "problems": problems,
                "error": {"code": "internal", "message": message, "fields": []},
            })),
        )
    }
}
