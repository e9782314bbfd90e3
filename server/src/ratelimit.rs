//! Rate limiting per client on the public endpoints (`CHECKOUT_RATE_LIMIT`).
//!
//! A fixed one-minute window per key, the key being the route group and the
//! client's IP address. The counters live in the [`Store`](crate::store::Store)
//! (one atomic upsert per request), not in process memory, so every instance
//! on the same database shares them. Over the limit the answer is
//! `429 rate_limited` with `Retry-After` (seconds until the window ends).

use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};

/// Length of a window, seconds.
pub const WINDOW_SECS: i64 = 60;

/// Key used when the connection's address is unknown (e.g. a router driven
/// without `ConnectInfo`, as in `oneshot` tests).
pub const UNKNOWN_CLIENT: &str = "unknown";

/// A group of public routes with its own counter per client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteGroup {
    /// The hosted-page API (`/v1/sessions/{id}/config`, `…/klarna/*`, `…/result`, `…/network-token`).
    Hosted,
    /// `POST /demo/sessions`.
    Demo,
    /// The sandbox's browser-facing endpoints (`/sandbox/klarna/*`).
    Sandbox,
    /// `POST /v1/webhooks/klarna`.
    Webhooks,
    /// `GET /v1/messaging/config`.
    Messaging,
}

impl RouteGroup {
    /// The group's name in keys and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            RouteGroup::Hosted => "hosted",
            RouteGroup::Demo => "demo",
            RouteGroup::Sandbox => "sandbox",
            RouteGroup::Webhooks => "webhooks",
            RouteGroup::Messaging => "messaging",
        }
    }
}

/// The client of a request. With `proxy_hops` trusted proxies in front
/// (`CHECKOUT_TRUST_PROXY=<n>`), it is the `proxy_hops`-th `X-Forwarded-For`
/// hop counted from the end: each proxy appends the address it was connected
/// from, so the last `proxy_hops` entries are the trusted proxies' and what
/// stands before them is the client's to invent. With fewer hops than that
/// the first one counts (every hop was written by a trusted proxy). Several
/// `X-Forwarded-For` header lines are read as one list, in order. When the
/// hop is not an IP address, or `proxy_hops` is 0, the connection's peer
/// address is the client, else [`UNKNOWN_CLIENT`].
pub fn client_key(headers: &HeaderMap, peer: Option<IpAddr>, proxy_hops: u8) -> String {
    if proxy_hops > 0 {
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let at = hops.len().saturating_sub(usize::from(proxy_hops));
        if let Some(ip) = hops.get(at).and_then(|v| v.parse::<IpAddr>().ok()) {
            return client_of(ip);
        }
    }
    peer.map_or_else(|| UNKNOWN_CLIENT.to_string(), client_of)
}

/// The counter's client for `ip`: an IPv4 address itself (also written as
/// IPv4-mapped IPv6); an IPv6 address its /64, the smallest block a
/// provider gives one subscriber, so that one client can't take a fresh
/// budget from each of its 2^64 addresses.
fn client_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        },
    }
}

/// The longest a counter's read or write may take before the request is let
/// through without it: while the database hangs, a request waits this, not a
/// whole pool timeout, before its own work (which then fails in its own time).
pub const COUNTER_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// `counter` (a rate-limit read or write), or an error after [`COUNTER_WAIT`].
pub async fn bounded<T>(
    counter: impl std::future::Future<Output = crate::store::StoreResult<T>>,
) -> crate::store::StoreResult<T> {
    tokio::time::timeout(COUNTER_WAIT, counter)
        .await
        .unwrap_or_else(|_| {
            Err(crate::store::StoreError(format!(
                "the counter took longer than {} ms",
                COUNTER_WAIT.as_millis()
            )))
        })
}

/// Start of the window holding `unix_secs`, and the seconds left in it (≥ 1).
pub fn window(unix_secs: i64) -> (i64, i64) {
    let start = unix_secs - unix_secs.rem_euclid(WINDOW_SECS);
    (start, (start + WINDOW_SECS - unix_secs).max(1))
}

/// The `429 rate_limited` answer.
pub fn too_many(retry_after: i64) -> Response {
    let message = format!("too many requests from this client; retry in {retry_after} s");
    crate::error::retry_later(message, retry_after)
}

/// The middleware; state is the app state and the group.
pub async fn limit(
    State((state, group)): State<(AppState, RouteGroup)>,
    req: Request,
    next: Next,
) -> Response {
    let max = state.settings.rate_limit;
    if max == 0 {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = client_key(req.headers(), peer, state.settings.trust_proxy);
    let key = format!("{}:{client}", group.as_str());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let (start, left) = window(now);
    match bounded(state.store.rate_limit_hit(&key, start)).await {
        Ok(hits) if hits > u64::from(max) => {
            if hits == u64::from(max) + 1 {
                tracing::info!(group = group.as_str(), %client, limit = max, "rate limit reached");
            }
            too_many(left)
        }
        Ok(_) => next.run(req).await,
        Err(e) => {
            // Fail open: a storage hiccup must not take the checkout down.
            tracing::error!(error = %e, "rate limit counter failed; request let through");
            next.run(req).await
        }
    }
}

/// Adds the rate limit of `group` to `router`.
pub fn layer(
    router: axum::Router<AppState>,
    state: &AppState,
    group: RouteGroup,
) -> axum::Router<AppState> {
    if state.settings.rate_limit == 0 {
        return router;
    }
    router.route_layer(axum::middleware::from_fn_with_state(
        (state.clone(), group),
        limit,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_whole_minutes() {
        assert_eq!(window(120), (120, 60));
        assert_eq!(window(179), (120, 1));
        assert_eq!(window(150), (120, 30));
    }

    #[test]
    fn client_keys() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "203.0.113.7, 10.0.0.1".parse().unwrap());
        let peer = Some("127.0.0.1".parse().unwrap());
        assert_eq!(client_key(&h, peer, 0), "127.0.0.1");
        // One trusted proxy: the hop it appended (the last), never the
        // client-written first one.
        assert_eq!(client_key(&h, peer, 1), "10.0.0.1");
        assert_eq!(client_key(&h, peer, 2), "203.0.113.7");
        assert_eq!(client_key(&h, peer, 3), "203.0.113.7");
        assert_eq!(client_key(&HeaderMap::new(), None, 0), UNKNOWN_CLIENT);
        assert_eq!(client_key(&HeaderMap::new(), peer, 1), "127.0.0.1");
        h.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(client_key(&h, peer, 1), "127.0.0.1");
        // A proxy that adds its own header line instead of appending.
        let mut h = HeaderMap::new();
        h.append("x-forwarded-for", "10.9.1.1".parse().unwrap());
        h.append("x-forwarded-for", "198.51.100.9".parse().unwrap());
        assert_eq!(client_key(&h, peer, 1), "198.51.100.9");
    }

    #[test]
    fn an_ipv6_client_is_its_64_block() {
        let mut h = HeaderMap::new();
        let key = |h: &HeaderMap| client_key(h, None, 1);
        h.insert("x-forwarded-for", "2001:db8:1:2::1".parse().unwrap());
        assert_eq!(key(&h), "2001:db8:1:2::/64");
        h.insert(
            "x-forwarded-for",
            "2001:db8:1:2:ffff:1:2:3".parse().unwrap(),
        );
        assert_eq!(key(&h), "2001:db8:1:2::/64");
        h.insert("x-forwarded-for", "2001:db8:1:3::1".parse().unwrap());
        assert_eq!(key(&h), "2001:db8:1:3::/64");
        h.insert("x-forwarded-for", "::ffff:203.0.113.7".parse().unwrap());
        assert_eq!(key(&h), "203.0.113.7");
        let peer = Some("2001:db8::5".parse().unwrap());
        assert_eq!(client_key(&HeaderMap::new(), peer, 0), "2001:db8::/64");
    }
}
