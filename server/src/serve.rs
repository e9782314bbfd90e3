//! The serve loop: HTTP/1.1 over hyper with the limits an internet-facing
//! server needs, and a drain on `SIGTERM` or Ctrl-C.
//!
//! axum's own `serve` has no header time-out (hyper's needs a timer it does
//! not set), no connection limit and drains only on what it is given, so the
//! loop is written here from hyper's and hyper-util's parts:
//! - a client must send a request's headers within `header_timeout`, counted
//!   from when the connection waits for them, which also closes kept-alive
//!   connections left idle that long (slow-header and idle clients);
//! - a request's body must arrive within `body_timeout` (a layer on the
//!   router; a late body is answered `408` in the error envelope);
//! - at most `max_connections` connections are served at once; further ones
//!   wait in the kernel's listen queue until one closes;
//! - on shutdown the server keeps serving for `drain_notice` (the caller's
//!   shutdown future has set `/readyz` to `503` by then, so the balancer
//!   takes the instance out), then the listener closes, requests in flight finish
//!   (kept-alive connections close after their current answer), and the
//!   loop returns when they are done or after `drain_timeout`.

use crate::settings::ServeLimits;
use axum::extract::connect_info::ConnectInfo;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// What a finished serve loop reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drained {
    /// Whether every connection finished within the drain time.
    pub complete: bool,
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()>,
) -> Drained {
    let app = app.layer(RequestBodyTimeoutLayer::new(limits.body_timeout));
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    // After the shutdown signal: serve on until the notice period ends.
    let notice = tokio::time::sleep(Duration::MAX / 4);
    tokio::pin!(notice);
    let mut stopping = false;
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
            () = &mut shutdown, if !stopping => {
                stopping = true;
                notice.as_mut().reset(tokio::time::Instant::now() + limits.drain_notice);
                continue;
            }
            () = &mut notice, if stopping => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, don't spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown, if !stopping => {
                stopping = true;
                notice.as_mut().reset(tokio::time::Instant::now() + limits.drain_notice);
                continue;
            }
            () = &mut notice, if stopping => break,
        };
        let _ = stream.set_nodelay(true);
        let svc = app
            .clone()
            .map_request(move |req: hyper::Request<hyper::body::Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(remote));
                req
            });
        let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(svc));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %remote, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tracing::info!("shutting down: no new connections; finishing requests in flight");
    let complete = tokio::select! {
        () = graceful.shutdown() => true,
        () = tokio::time::sleep(limits.drain_timeout) => false,
    };
    if !complete {
        tracing::warn!(
            after_ms = limits.drain_timeout.as_millis() as u64,
            "drain time is over; connections still open are dropped"
        );
    }
    Drained { complete }
}

/// Resolves on `SIGTERM` (what process managers and orchestrators send) or
/// Ctrl-C (`SIGINT`), whichever comes first.
pub fn shutdown_signal() -> impl Future<Output = ()> {
    // SIGTERM's handler is installed now, not at the future's first poll: a SIGTERM that came between the
    // listener's first answer and that poll took the default action and killed the process at once (no
    // drain notice, requests cut off), which a loaded machine showed.
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        #[cfg(unix)]
        let term = async {
            match term {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(e) => {
                    tracing::error!(error = %e, "can't listen for SIGTERM");
                    std::future::pending::<()>().await
                }
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => tracing::info!("Ctrl-C received"),
            () = term => tracing::info!("SIGTERM received"),
        }
    }
}
