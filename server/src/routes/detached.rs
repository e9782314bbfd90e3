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
//! Written here rather than taken from a library: tower-http has no layer
//! that detaches a request from its connection, and it is a `tokio::spawn`
//! plus a [`TaskTracker`] that shutdown waits on ([`Detached::drain`]).

use crate::error::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tokio_util::task::TaskTracker;

/// The tasks of the state-changing requests in flight (cheap to clone: a
/// handle to one tracker).
#[derive(Clone, Debug, Default)]
pub struct Detached(TaskTracker);

impl Detached {
    /// How many requests are running now, with or without their client.
    pub fn in_flight(&self) -> usize {
        self.0.len()
    }

    /// At shutdown, after the connections were drained: waits up to `limit`
    /// for requests whose clients hung up to finish. `true` when all did.
    pub async fn drain(&self, limit: Duration) -> bool {
        self.0.close();
        tokio::time::timeout(limit, self.0.wait()).await.is_ok()
    }
}

/// The middleware: a request with a method that is not safe runs in its own
/// task, tracked by `detached`.
pub async fn layer(State(detached): State<Detached>, req: Request, next: Next) -> Response {
    if req.method().is_safe() {
        return next.run(req).await;
    }
    match detached.0.spawn(next.run(req)).await {
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
    use axum::routing::{get, post};
    use axum::Router;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
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
        let (done, detached) = (Arc::new(AtomicUsize::new(0)), Detached::default());
        let app = app(done.clone(), detached.clone());
        hang_up(&app, "POST", "/write").await;
        assert_eq!(detached.in_flight(), 1);
        assert!(detached.drain(Duration::from_secs(5)).await);
        assert_eq!(done.load(Ordering::SeqCst), 1, "the write ran to its end");
    }

    #[tokio::test]
    async fn a_read_stops_with_its_client() {
        let (done, detached) = (Arc::new(AtomicUsize::new(0)), Detached::default());
        let app = app(done.clone(), detached.clone());
        hang_up(&app, "GET", "/read").await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(done.load(Ordering::SeqCst), 0);
        assert_eq!(detached.in_flight(), 0);
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500() {
        let app = app(Arc::default(), Detached::default());
        let req = Request::builder().method("POST").uri("/panic");
        let res = app.oneshot(req.body(Body::empty()).unwrap()).await;
        assert_eq!(res.unwrap().status(), 500);
    }
}
