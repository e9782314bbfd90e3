//! Operating the server: health and readiness ([`health`]), the request id
//! ([`request_id`]), Prometheus metrics ([`metrics`]), logs and traces
//! ([`telemetry`]). The stop signal and the drain are `crate::serve`'s.

pub mod health;
pub mod metrics;
pub mod metrics_help;
pub mod request_id;
pub mod telemetry;
