//! Failed authentications per client on the key-authenticated APIs (the
//! merchant API, its notification endpoints, the operator API).
//!
//! Those APIs have no request rate limit (a merchant's server may call them
//! as often as it needs), but a key guessed online would open them: after
//! [`FAILURES_PER_MINUTE`] answers of `401` to one client in a one-minute
//! window, every further request of that client is answered `429
//! rate_limited` with `Retry-After` until the window ends, without its key
//! being looked at, so a right guess past the limit tells nothing. The
//! counters are [`crate::ratelimit`]'s, in the store that every instance
//! shares, under the same client key (an IPv6 client by its /64).
//! `CHECKOUT_RATE_LIMIT=0` turns this off with the rate limits; a request
//! without connection information (a router driven by tests through
//! `oneshot`) is not counted.

use crate::ratelimit::{bounded, client_key, window};
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;

/// Answers of `401` to one client in a minute before it is turned away.
pub const FAILURES_PER_MINUTE: u64 = 20;

/// The middleware (state: the app state).
pub async fn throttle(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let Some(peer) = peer.filter(|_| state.settings.rate_limit > 0) else {
        return next.run(req).await;
    };
    let client = client_key(req.headers(), Some(peer), state.settings.trust_proxy);
    let key = format!("auth-failures:{client}");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let (start, left) = window(now);
    match bounded(state.store.rate_limit_count(&key, start)).await {
        Ok(n) if n >= FAILURES_PER_MINUTE => {
            let message =
                format!("too many failed authentications from this client; retry in {left} s");
            return crate::error::retry_later(message, left);
        }
        Ok(_) => {}
        // Fail open, as the rate limits do: a storage hiccup must not lock merchants out.
        Err(e) => {
            tracing::error!(error = %e, "auth failure counter unreadable; request let through")
        }
    }
    let res = next.run(req).await;
    if res.status() == StatusCode::UNAUTHORIZED {
        match bounded(state.store.rate_limit_hit(&key, start)).await {
            Ok(n) if n == FAILURES_PER_MINUTE => tracing::warn!(
                %client,
                limit = FAILURES_PER_MINUTE,
                "failed authentications: client turned away for the rest of the minute"
            ),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "auth failure not counted"),
        }
    }
    res
}

/// Adds the throttle to `router` (a no-op with `CHECKOUT_RATE_LIMIT=0`).
pub fn layer(router: axum::Router<AppState>, state: &AppState) -> axum::Router<AppState> {
    if state.settings.rate_limit == 0 {
        return router;
    }
    router.route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        throttle,
    ))
}
