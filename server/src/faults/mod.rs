//! Fault injection for tests only (`CHECKOUT_FAULTS`, `docs/http-api.md`).
//!
//! A tower layer ([`layer`]) around a group of routes that, for a share of
//! requests, answers `503` before the handler runs (`5xx`), runs the handler
//! and then holds the answer past the client's timeout (`delay`), or breaks
//! the connection (`drop`: half of the drops before the handler runs, half
//! after it ran, so the work is done but its answer is lost). The settings
//! parser refuses it outside sandbox mode and without
//! `CHECKOUT_ALLOW_FAULTS=yes-this-is-a-test`, and the router adds the layer
//! only in sandbox mode, so production can't turn it on by accident.

use crate::error::AppError;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

pub mod points;

pub use points::FaultPoints;

/// One kind of injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// `503` before the handler runs.
    ServerError,
    /// The handler runs; the answer is held for `delay_ms`.
    Delay,
    /// The connection breaks (before or after the handler ran).
    Drop,
}

impl FaultKind {
    /// The setting's name of the kind (`5xx`, `delay`, `drop`).
    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::ServerError => "5xx",
            FaultKind::Delay => "delay",
            FaultKind::Drop => "drop",
        }
    }

    /// Parses a kind name.
    pub fn parse(s: &str) -> Option<FaultKind> {
        [FaultKind::ServerError, FaultKind::Delay, FaultKind::Drop]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A group of routes faults can be injected into (`paths=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultTarget {
    /// The hosted-page API: config, klarna/authorize, klarna/confirm,
    /// klarna/presentation, result, network-token.
    Hosted,
    /// The merchant API: create, read, patch sessions.
    Merchant,
    /// `POST /v1/webhooks/klarna`.
    Webhooks,
}

impl FaultTarget {
    /// The setting's name of the group.
    pub fn as_str(self) -> &'static str {
        match self {
            FaultTarget::Hosted => "hosted",
            FaultTarget::Merchant => "merchant",
            FaultTarget::Webhooks => "webhooks",
        }
    }

    /// Parses a group name.
    pub fn parse(s: &str) -> Option<FaultTarget> {
        [
            FaultTarget::Hosted,
            FaultTarget::Merchant,
            FaultTarget::Webhooks,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// Parsed `CHECKOUT_FAULTS`.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultSettings {
    /// Share of requests that get a fault, 0 to 1.
    pub rate: f64,
    /// Kinds to choose from, each equally likely.
    pub kinds: Vec<FaultKind>,
    /// How long a `delay` fault holds the answer.
    pub delay: Duration,
    /// Route groups the faults apply to.
    pub targets: Vec<FaultTarget>,
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Nothing: the request runs normally.
    Pass,
    /// `503` before the handler.
    ServerError,
    /// Handler, then a held answer.
    Delay,
    /// A broken connection before the handler ran.
    DropBefore,
    /// A broken connection after the handler ran.
    DropAfter,
}

impl Decision {
    fn as_str(self) -> &'static str {
        match self {
            Decision::Pass => "none",
            Decision::ServerError => "5xx",
            Decision::Delay => "delay",
            Decision::DropBefore => "drop_before_handler",
            Decision::DropAfter => "drop_after_handler",
        }
    }
}

/// A uniform number in `[0, 1)` from the OS RNG.
fn uniform() -> f64 {
    let mut b = [0u8; 8];
    if getrandom::fill(&mut b).is_err() {
        return 1.0; // no randomness, no fault
    }
    (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
}

impl FaultSettings {
    /// Whether faults apply to `target`.
    pub fn applies_to(&self, target: FaultTarget) -> bool {
        self.targets.contains(&target)
    }

    /// Decides one request's fate from two uniform numbers in `[0, 1)`:
    /// `draw` picks whether and which fault, `half` the side of a drop.
    pub fn decide_with(&self, draw: f64, half: f64) -> Decision {
        if self.kinds.is_empty() || draw >= self.rate {
            return Decision::Pass;
        }
        // Spread `draw` over [0, rate) evenly across the kinds.
        let i = ((draw / self.rate) * self.kinds.len() as f64) as usize;
        match self.kinds[i.min(self.kinds.len() - 1)] {
            FaultKind::ServerError => Decision::ServerError,
            FaultKind::Delay => Decision::Delay,
            FaultKind::Drop if half < 0.5 => Decision::DropBefore,
            FaultKind::Drop => Decision::DropAfter,
        }
    }

    /// Decides one request's fate with the OS RNG.
    pub fn decide(&self) -> Decision {
        self.decide_with(uniform(), uniform())
    }
}

/// A response body that fails at once: the server aborts the connection
/// and the client sees it break, with no answer.
struct BrokenBody;

impl http_body::Body for BrokenBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected fault: connection dropped (CHECKOUT_FAULTS)",
        ))))
    }
}

fn broken(status: StatusCode) -> Response {
    let mut res = Response::new(Body::new(BrokenBody));
    *res.status_mut() = status;
    res
}

/// The middleware; use [`layer`] to build it.
pub async fn inject(
    State(faults): State<Arc<FaultSettings>>,
    req: Request,
    next: Next,
) -> Response {
    let decision = faults.decide();
    if decision == Decision::Pass {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    tracing::info!(fault = decision.as_str(), %method, %path, "fault injected (CHECKOUT_FAULTS)");
    match decision {
        Decision::Pass => next.run(req).await,
        Decision::ServerError => {
            let mut e = AppError::internal("injected fault: service unavailable (CHECKOUT_FAULTS)");
            e.status = StatusCode::SERVICE_UNAVAILABLE;
            e.into_response()
        }
        Decision::Delay => {
            let res = next.run(req).await;
            tokio::time::sleep(faults.delay).await;
            res
        }
        Decision::DropBefore => broken(StatusCode::OK),
        Decision::DropAfter => {
            let res = next.run(req).await;
            let (mut parts, _lost) = res.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            let mut out = broken(parts.status);
            *out.headers_mut() = parts.headers;
            out
        }
    }
}

/// Adds the fault layer to `router` when `faults` apply to `target`.
pub fn layer<S: Clone + Send + Sync + 'static>(
    router: axum::Router<S>,
    faults: Option<&FaultSettings>,
    target: FaultTarget,
) -> axum::Router<S> {
    match faults.filter(|f| f.applies_to(target)) {
        Some(f) => router.route_layer(axum::middleware::from_fn_with_state(
            Arc::new(f.clone()),
            inject,
        )),
        None => router,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(rate: f64, kinds: &[FaultKind]) -> FaultSettings {
        FaultSettings {
            rate,
            kinds: kinds.to_vec(),
            delay: Duration::from_millis(1),
            targets: vec![FaultTarget::Hosted],
        }
    }

    #[test]
    fn the_share_and_the_kinds_follow_the_draw() {
        let all = [FaultKind::ServerError, FaultKind::Delay, FaultKind::Drop];
        let f = settings(0.3, &all);
        assert_eq!(f.decide_with(0.3, 0.0), Decision::Pass);
        assert_eq!(f.decide_with(0.99, 0.0), Decision::Pass);
        assert_eq!(f.decide_with(0.0, 0.0), Decision::ServerError);
        assert_eq!(f.decide_with(0.15, 0.0), Decision::Delay);
        assert_eq!(f.decide_with(0.29, 0.2), Decision::DropBefore);
        assert_eq!(f.decide_with(0.29, 0.7), Decision::DropAfter);
        assert_eq!(settings(0.0, &all).decide_with(0.0, 0.0), Decision::Pass);
    }

    #[test]
    fn the_rng_gives_about_the_configured_share() {
        let f = settings(0.3, &[FaultKind::ServerError]);
        let n = 20_000;
        let hits = (0..n).filter(|_| f.decide() != Decision::Pass).count();
        let share = hits as f64 / n as f64;
        assert!((0.27..0.33).contains(&share), "{share}");
    }
}
