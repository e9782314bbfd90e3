//! Requests that change something run to their end even when the client
//! hangs up.
//!
//! When a client's connection closes (a shopper reloads the page or closes
//! the tab mid-payment, a merchant's client times out), hyper drops the
//! request's future wherever it stands. For a payment that can be between
//! Klarna's approval and our write of it: Klarna then holds an authorization
//! we never recorded, the session's payment lock waits to go stale, and a
//! retry after that could reach Klarna again. So every request with a method
//! that is not safe (`POST`, `PATCH`, `PUT`, `DELETE`) runs in a task of its
//! own; the connection only awaits it. A client that hangs up loses the
//! answer, not the work: the work is recorded, and a retry with the same
//! `Idempotency-Key` gets the answer. Reads (`GET`, `HEAD`, `OPTIONS`) stay
//! on the connection, so an abandoned read costs nothing.
//!
//! A client could open connections, send writes and hang up at once, faster
//! than the work finishes; so at most [`Detached::limit`] such requests run
//! at once (twice `CHECKOUT_MAX_CONNECTIONS`), and a write past that is
//! refused before it starts: `429 rate_limited` with `Retry-After: 1` (and
//! its `X-Request-Id`; counted in `checkout_http_writes_refused_total`, and
//! the writes running are the gauge `checkout_http_writes_in_flight`). This
//! layer is the outermost, so the request id, the log line and the metrics
//! of a write are inside its task and kept when the client hangs up.
//!
//! Written here rather than taken from a library: tower-http has no layer
//! that detaches a request from its connection, and it is a `tokio::spawn`
//! plus a [`TaskTracker`] that shutdown waits on ([`Detached::drain`]).

use crate::error::AppError;
use crate::ops::request_id;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio_util::task::TaskTracker;

/// The tasks of the state-changing requests in flight (cheap to clone: a
/// handle to one tracker).
#[derive(Clone, Debug)]
pub struct Detached {
    tasks: TaskTracker,
    /// One permit per request allowed to run; a task holds its own.
    slots: Arc<Semaphore>,
    limit: usize,
}

impl Detached {
    /// A tracker running at most `limit` requests at once (at least 1).
    pub fn new(limit: usize) -> Detached {
        let limit = limit.clamp(1, Semaphore::MAX_PERMITS);
        Detached {
            tasks: TaskTracker::new(),
            slots: Arc::new(Semaphore::new(limit)),
            limit,
        }
    }

    /// For `max_connections` connections: twice that many requests.
    pub fn for_connections(max_connections: usize) -> Detached {
        Detached::new(max_connections.saturating_mul(2))
    }

    /// How many state-changing requests may run at once.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// How many requests are running now, with or without their client.
    pub fn in_flight(&self) -> usize {
        self.tasks.len()
    }

    /// At shutdown, after the connections were drained: waits up to `limit`
    /// for requests whose clients hung up to finish. `true` when all did.
    pub async fn drain(&self, limit: Duration) -> bool {
        self.tasks.close();
        tokio::time::timeout(limit, self.tasks.wait()).await.is_ok()
    }
}

/// The middleware: a request with a method that is not safe runs in its own
/// task, tracked by `detached`.
pub async fn layer(State(detached): State<Detached>, req: Request, next: Next) -> Response {
    if req.method().is_safe() {
        return next.run(req).await;
    }
    let Ok(slot) = detached.slots.clone().try_acquire_owned() else {
        tracing::warn!(
            limit = detached.limit,
            "refusing a write: too many requests still running"
        );
        metrics::counter!("checkout_http_writes_refused_total").increment(1);
        let busy = "the server is finishing too many requests; retry in 1 s";
        let mut res = crate::error::retry_later(busy.into(), 1);
        if let Ok(id) = HeaderValue::from_str(&request_id::chosen(req.headers())) {
            res.headers_mut().insert(request_id::HEADER, id);
        }
        return res;
    };
    let work = async move {
        let res = next.run(req).await;
        drop(slot);
        res
    };
    match detached.tasks.spawn(work).await {
        Ok(res) => res,
        Err(e) => {
            // A handler panicked (a defect): the client gets a JSON 500, not a dropped connection.
            tracing::error!(error = %e, "a request's task failed");
            AppError::internal("the request failed inside the server").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::header;
    use axum::routing::{get, post};
    use axum::Router;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    fn app(done: Arc<AtomicUsize>, detached: Detached) -> Router {
        let (a, b) = (done.clone(), done);
        let slow = |n: Arc<AtomicUsize>| async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            n.fetch_add(1, Ordering::SeqCst);
            "done"
        };
        Router::new()
            .route("/write", post(move || slow(a)))
            .route("/read", get(move || slow(b)))
            .route("/panic", post(defect))
            .layer(axum::middleware::from_fn_with_state(detached, layer))
    }

    async fn defect() -> &'static str {
        panic!("a defect")
    }

    async fn hang_up(app: &Router, method: &str, path: &str) {
        let req = Request::builder().method(method).uri(path);
        let call = app.clone().oneshot(req.body(Body::empty()).unwrap());
        assert!(tokio::time::timeout(Duration::from_millis(10), call)
            .await
            .is_err());
    }

    #[tokio::test]
    async fn a_write_finishes_without_its_client_and_shutdown_waits_for_it() {
        let (done, detached) = (Arc::new(AtomicUsize::new(0)), Detached::new(8));
        let app = app(done.clone(), detached.clone());
        hang_up(&app, "POST", "/write").await;
        assert_eq!(detached.in_flight(), 1);
        assert!(detached.drain(Duration::from_secs(5)).await);
        assert_eq!(done.load(Ordering::SeqCst), 1, "the write ran to its end");
    }

    #[tokio::test]
    async fn a_read_stops_with_its_client() {
        let (done, detached) = (Arc::new(AtomicUsize::new(0)), Detached::new(8));
        let app = app(done.clone(), detached.clone());
        hang_up(&app, "GET", "/read").await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(done.load(Ordering::SeqCst), 0);
        assert_eq!(detached.in_flight(), 0);
    }

    #[tokio::test]
    async fn writes_past_the_limit_are_refused_before_they_start() {
        let (done, detached) = (Arc::new(AtomicUsize::new(0)), Detached::new(2));
        let app = app(done.clone(), detached.clone());
        hang_up(&app, "POST", "/write").await;
        hang_up(&app, "POST", "/write").await;
        let req = Request::builder().method("POST").uri("/write");
        let req = req.header(request_id::HEADER, "lb-7");
        let res = app.clone().oneshot(req.body(Body::empty()).unwrap()).await;
        let res = res.unwrap();
        assert_eq!(res.status(), 429);
        assert_eq!(res.headers()[header::RETRY_AFTER], "1");
        assert_eq!(res.headers()[request_id::HEADER], "lb-7");
        assert!(detached.drain(Duration::from_secs(5)).await);
        assert_eq!(
            done.load(Ordering::SeqCst),
            2,
            "the refused write never ran"
        );
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500() {
        let app = app(Arc::default(), Detached::new(8));
        let req = Request::builder().method("POST").uri("/panic");
        let res = app.oneshot(req.body(Body::empty()).unwrap()).await;
        assert_eq!(res.unwrap().status(), 500);
    }
}
