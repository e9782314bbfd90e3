//! The request id: `X-Request-Id` taken from the load balancer when it is a
//! sane token, else made here. It names the request's tracing span (so every
//! log line and trace span of the request carries it), goes back in the
//! answer's `X-Request-Id`, and goes to Klarna as `Partner-Correlation-Id`
//! ([`current`] reads it anywhere inside the request's task).

use crate::ids;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The header, both ways.
pub const HEADER: &str = "x-request-id";
/// Longest id taken from a client; longer ones are replaced.
pub const MAX_LEN: usize = 128;

tokio::task_local! {
    static CURRENT: String;
}

/// The id of the request this task serves, if any.
pub fn current() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// Whether a presented id is kept: 1–128 characters of letters, digits and
/// `-_.:/+=` (UUIDs, trace ids, load balancers' formats); anything else
/// could forge log lines or headers and is replaced.
pub fn acceptable(v: &str) -> bool {
    (1..=MAX_LEN).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=".contains(&b))
}

/// The id a request with `headers` gets: the presented one when
/// [`acceptable`], else a new one.
pub fn chosen(headers: &HeaderMap) -> String {
    headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_string)
        .unwrap_or_else(|| ids::random_hex(16))
}

/// The middleware.
pub async fn layer(mut req: Request, next: Next) -> Response {
    let id = chosen(req.headers());
    let value = HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("invalid"));
    req.headers_mut().insert(HEADER, value.clone());
    let span = tracing::info_span!("request", request_id = %id, method = %req.method());
    let mut res = CURRENT.scope(id, next.run(req)).instrument(span).await;
    res.headers_mut().insert(HEADER, value);
    res
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn ids_kept_or_replaced() {
        assert!(acceptable("3f2b8c1e-9d4a-4f7e-8a61-2c9b0d5e7f13"));
        assert!(acceptable("Root=1-5759e988-bd862e3fe1be46a994272793"));
        assert!(!acceptable(""));
        assert!(!acceptable("a b"));
        assert!(!acceptable("line\nbreak"));
        assert!(!acceptable(&"x".repeat(129)));
    }
}
