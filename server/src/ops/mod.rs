//! Operating the server: health and readiness ([`health`]), the request id
//! ([`request_id`]), Prometheus metrics ([`metrics`]), logs and traces
//! ([`telemetry`]) and the stop signal ([`shutdown`]).

pub mod health;
pub mod metrics;
pub mod request_id;
pub mod shutdown;
pub mod telemetry;
