//! The `# HELP` text of every metric the server exports, so a metrics
//! browser (Prometheus, Grafana) describes each; `docs/http-api.md`
//! ("Metrics") has the longer account. `server/tests/ops_files.rs` fails when
//! an exported family has no help here.

use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};

/// Registers every description with the installed recorder.
pub fn describe() {
    describe_counter!(
        "checkout_http_requests_total",
        "Requests answered, by method, route pattern and status."
    );
    describe_histogram!(
        "checkout_http_request_duration_seconds",
        Unit::Seconds,
        "Time to answer a request, by method and route pattern."
    );
    describe_gauge!(
        "checkout_http_writes_in_flight",
        "Requests that change something, running now (with or without their client)."
    );
    describe_counter!(
        "checkout_http_writes_refused_total",
        "Writes refused with 429 because twice CHECKOUT_MAX_CONNECTIONS were running."
    );
    describe_counter!(
        "checkout_klarna_calls_total",
        "Calls to Klarna, by operation and outcome."
    );
    describe_histogram!(
        "checkout_klarna_call_duration_seconds",
        Unit::Seconds,
        "Klarna's latency as this server sees it, by operation."
    );
    describe_counter!(
        "checkout_authorizations_total",
        "Authorization answers recorded, by outcome."
    );
    describe_counter!(
        "checkout_duplicate_authorizations_released_total",
        "Second authorizations of one session found at Klarna and released."
    );
    describe_histogram!(
        "checkout_webhook_lag_seconds",
        Unit::Seconds,
        "Klarna's occurred_at to this server's receipt of the webhook."
    );
    describe_gauge!(
        "checkout_store_connections",
        "The store's connection pool: in_use, idle and max."
    );
    describe_gauge!(
        "checkout_store_ready",
        "1 when the store answers with its migrations applied (as /readyz), else 0."
    );
    describe_gauge!(
        "checkout_jobs",
        "Jobs by state (queued, running, done, failed), read at each scrape."
    );
    describe_gauge!(
        "checkout_job_backlog",
        "Queued jobs that are due and not yet claimed, by kind."
    );
    describe_gauge!(
        "checkout_job_backlog_age_seconds",
        Unit::Seconds,
        "How long the oldest due job of a kind has waited past its due time."
    );
    describe_gauge!(
        "checkout_job_retrying",
        "Queued jobs that failed at least once and wait for their next try, by kind."
    );
    describe_gauge!(
        "checkout_job_retrying_age_seconds",
        Unit::Seconds,
        "How long ago the oldest job of a kind that keeps failing was created."
    );
}
