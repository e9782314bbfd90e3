//! `GET /healthz` (the process runs) and `GET /readyz` (it should get
//! traffic: the store answers with its migrations applied and it is not
//! draining after `SIGTERM`; a missing Klarna webhook subscription, when the
//! server manages it, is a warning beside). `503` names what is wrong, for the load
//! balancer's log and the operator.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;

/// Liveness: answers while the process serves requests at all.
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

/// Readiness: `200 {"status": "ready", …}` or `503 {"status": "not_ready",
/// "problems": [...], "error": {…}}` (the usual error envelope beside the list).
///
/// A managed Klarna webhook subscription that is missing is reported as a
/// `warnings` entry, not a problem: payments don't depend on Klarna's
/// webhooks (the page's report and the job runner's reads carry them), so
/// a Notifications API outage must not take every instance out of the
/// load balancer.
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
    let mut warnings = Vec::new();
    if let Err(e) = crate::subscription::readiness(&state).await {
        tracing::warn!(warning = %e, "Klarna webhook subscription");
        warnings.push(e);
    }
    if problems.is_empty() {
        let mut body = json!({"status": "ready", "store": backend, "version": env!("CARGO_PKG_VERSION"),
            "klarna_mode": state.settings.klarna.mode.as_str()});
        if !warnings.is_empty() {
            body["warnings"] = json!(warnings);
        }
        (StatusCode::OK, Json(body))
    } else {
        tracing::warn!(problems = %problems.join("; "), "not ready");
        let message = format!("not ready: {}", problems.join("; "));
        let mut body = json!({
            "status": "not_ready", "store": backend, "problems": problems,
            "version": env!("CARGO_PKG_VERSION"), "klarna_mode": state.settings.klarna.mode.as_str(),
            "error": {"code": "internal", "message": message, "fields": []},
        });
        if !warnings.is_empty() {
            body["warnings"] = json!(warnings);
        }
        (StatusCode::SERVICE_UNAVAILABLE, Json(body))
    }
}
