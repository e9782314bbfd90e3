//! `checkout-server`: reads the settings, opens storage and serves the app.
//!
//! Its settings are environment variables; it takes no arguments but
//! `--version` and `--help`. A bad setting (or argument) prints one line
//! naming it and exits with status 2; a stop that had to drop requests in
//! flight after the drain time exits with status 1, a clean one with 0.

use checkout_server::serve::{serve, shutdown_signal};
use checkout_server::{app, AppState, Settings};
use checkout_server::{ops, store};
use std::process::ExitCode;

fn fail(line: impl std::fmt::Display) -> ExitCode {
    eprintln!("{line}");
    ExitCode::from(2)
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `Some(exit)` when the arguments ask for something other than serving.
fn arguments() -> Option<ExitCode> {
    let arg = std::env::args().nth(1)?;
    Some(match arg.as_str() {
        "--version" | "-V" => {
            println!("checkout-server {VERSION}");
            ExitCode::SUCCESS
        }
        "--help" | "-h" => {
            println!("checkout-server {VERSION}: the hosted Klarna checkout's server.");
            println!("It takes no arguments: its settings are environment variables (README.md, \"Settings\"; docs/http-api.md).");
            ExitCode::SUCCESS
        }
        other => fail(format_args!(
            "checkout-server: unknown argument {other:?}: it takes no arguments but --version and --help; its settings are environment variables (README.md, \"Settings\")"
        )),
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    if let Some(exit) = arguments() {
        return exit;
    }
    // The OTLP exporter's HTTP client blocks: set it up off the async workers.
    let telemetry = match tokio::task::spawn_blocking(ops::telemetry::init).await {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return fail(e),
        Err(e) => return fail(format_args!("starting telemetry: {e}")),
    };
    let mut settings = match Settings::from_env(&|k| std::env::var(k).ok()) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if let Err(e) = settings.check_www_dir() {
        return fail(e);
    }
    let store = match store::open(&settings).await {
        Ok(s) => s,
        Err(e) => return fail(store::open_failure(&settings, &e)),
    };
    if settings.webhook_keys_generated {
        // One generated key shared by every instance on this database.
        let candidate = settings.webhook_keys[0].secret.expose().to_string();
        match store
            .shared_value("sandbox_webhook_signing_key", &candidate)
            .await
        {
            Ok(v) => settings.webhook_keys[0].secret = checkout_server::settings::Secret::new(v),
            Err(e) => return fail(store::open_failure(&settings, &e)),
        }
    }
    let addr = settings.addr;
    let public = settings.public_url.clone();
    let sandbox = settings.is_sandbox();
    let demo_key = settings
        .demo_merchant_key
        .then(|| settings.merchant_keys[0].secret.expose().to_string());
    let state = match AppState::new(settings, store) {
        Ok(s) => s,
        Err(e) => return fail(format_args!("KLARNA_API_KEY: {e}")),
    };
    if let Some(metrics_addr) = state.settings.metrics_addr {
        if let Err(e) = ops::metrics::serve(metrics_addr, state.clone()).await {
            return fail(format_args!("CHECKOUT_METRICS_ADDR: {e}"));
        }
    }
    let draining = state.draining.clone();
    let backend = state.store.backend();
    // Listening for SIGTERM before the first connection is accepted (see `shutdown_signal`).
    let signal = shutdown_signal();
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            return fail(format_args!(
                "CHECKOUT_ADDR: expected a free address to listen on, {addr} failed: {e}"
            ))
        }
    };
    println!(
        "checkout-server {VERSION} listening on http://{addr} (public {public}, store {backend})"
    );
    let mode = state.settings.klarna.mode.as_str();
    tracing::info!(version = VERSION, klarna_mode = mode, store = backend, %addr, "started");
    if sandbox && state.settings.looks_like_production() {
        // KLARNA_MODE defaults to sandbox, whose emulated Klarna approves payments.
        tracing::warn!(
            klarna_mode = mode,
            "KLARNA_MODE is sandbox (Klarna is emulated, no real payment is made) while merchant or admin keys or PostgreSQL are configured; set KLARNA_MODE=test or live to reach Klarna"
        );
    }
    if sandbox {
        if let Some(key) = demo_key {
            println!("sandbox demo merchant key: {key}");
        }
        if state.settings.operator.demo_admin_key {
            let (_, secret) = checkout_server::settings::DEMO_ADMIN_KEY;
            println!("sandbox operator (admin) key: {secret}  (operator page: {public}/admin/)");
        }
        println!("sandbox demo: {public}/");
    }
    if sandbox && state.settings.demo_merchant_key {
        // The demo store's own notification endpoint (its orders page shows what it received).
        if let Err(e) = checkout_server::routes::demo_inbox::register(&state).await {
            eprintln!("sandbox: could not register the demo store's notification endpoint: {e}");
        }
    }
    let limits = state.settings.limits;
    if state.settings.subscription.enabled {
        // KLARNA_WEBHOOK_SUBSCRIBE=on: the job runner creates or repairs the
        // subscription now (and every 6 hours), retrying while Klarna fails.
        let now = checkout_server::clock::now_ms();
        let job = checkout_server::subscription::sync::job(now);
        if let Err(e) = state.store.enqueue_jobs(&[job]).await {
            return fail(format_args!(
                "CHECKOUT_DATA_DIR: the database is not usable: {e}"
            ));
        }
    }
    let runner = checkout_server::jobs::Runner::spawn(state.clone());
    let stop = async move {
        signal.await;
        // /readyz answers 503 from now on, so the balancer stops sending; requests in flight finish.
        draining.store(true, std::sync::atomic::Ordering::Relaxed);
        tracing::info!("shutting down: finishing requests and jobs in flight");
    };
    let detached = state.detached.clone();
    let drained = serve(listener, app(state), limits, stop).await;
    // Payments whose clients hung up mid-request finish and are recorded.
    let detached_done = detached.drain(limits.drain_timeout).await;
    // Jobs in flight finish; this instance's leases go back to the queue.
    runner.stop().await;
    let _ = tokio::task::spawn_blocking(move || telemetry.shutdown()).await;
    if !drained.complete || !detached_done {
        eprintln!("checkout-server: stopped with requests still in flight after the drain time");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
