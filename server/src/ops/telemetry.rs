//! Logs and traces: `tracing` with JSON lines on stderr when it is not a
//! terminal (a human-readable format on one), the level from `RUST_LOG`
//! (default `info`), and OpenTelemetry spans over OTLP/HTTP when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the standard `OTEL_*` variables
//! apply: `OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_HEADERS`, …).

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::SdkTracerProvider;
use opentelemetry_sdk::Resource;
use std::io::IsTerminal;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// Keeps the trace exporter alive; [`Telemetry::shutdown`] flushes it.
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// Whether spans go out over OTLP.
    pub fn exporting(&self) -> bool {
        self.provider.is_some()
    }

    /// Sends the spans still buffered and stops the exporter (blocking; call
    /// it when the server has stopped).
    pub fn shutdown(self) {
        if let Some(p) = self.provider {
            if let Err(e) = p.shutdown() {
                eprintln!("OTEL_EXPORTER_OTLP_ENDPOINT: flushing traces failed: {e}");
            }
        }
    }
}

fn tracer_provider() -> Result<Option<SdkTracerProvider>, String> {
    let set = |k: &str| std::env::var(k).is_ok_and(|v| !v.trim().is_empty());
    if !set("OTEL_EXPORTER_OTLP_ENDPOINT") && !set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
        return Ok(None);
    }
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .build()
        .map_err(|e| format!("OTEL_EXPORTER_OTLP_ENDPOINT: {e}"))?;
    let name = std::env::var("OTEL_SERVICE_NAME").unwrap_or_else(|_| "checkout-server".into());
    Ok(Some(
        SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(Resource::builder().with_service_name(name).build())
            .build(),
    ))
}

/// The log filter of `RUST_LOG` (`info` when unset or empty); a value that
/// does not parse stops the server at start, naming the variable.
pub fn log_filter(v: Option<String>) -> Result<EnvFilter, String> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(EnvFilter::new("info")),
        Some(v) => EnvFilter::builder().parse(v).map_err(|e| {
            format!("RUST_LOG: expected a level or filter directives such as info or warn,checkout_server=debug, got {v:?}: {e}")
        }),
    }
}

/// Installs the global subscriber. Call once, before anything logs; from a
/// blocking context (the OTLP exporter's HTTP client is a blocking one).
pub fn init() -> Result<Telemetry, String> {
    let filter = log_filter(std::env::var("RUST_LOG").ok())?;
    let terminal = std::io::stderr().is_terminal();
    let fmt = if terminal {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .boxed()
    } else {
        tracing_subscriber::fmt::layer()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_writer(std::io::stderr)
            .boxed()
    };
    let provider = tracer_provider()?;
    let otel = provider.as_ref().map(|p| {
        tracing_opentelemetry::layer()
            .with_tracer(p.tracer("checkout-server"))
            .boxed()
    });
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt)
        .with(otel)
        .try_init()
        .map_err(|e| format!("installing the log subscriber: {e}"))?;
    Ok(Telemetry { provider })
}
