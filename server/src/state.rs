//! [`AppState`]: what every handler shares (settings, store, Klarna client,
//! an HTTP client for outgoing sandbox webhooks). No mutable in-process state.

use crate::klarna::{KlarnaApi, KlarnaError, MeteredKlarna, RealKlarna, SandboxKlarna};
use crate::settings::Settings;
use crate::store::{Backend, SandboxStore, Store};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

/// Shared, cheaply clonable application state.
#[derive(Clone)]
pub struct AppState {
    /// The configuration.
    pub settings: Arc<Settings>,
    /// Persistent storage.
    pub store: Arc<dyn Store>,
    /// The sandbox's emulated Klarna records (the same backend; only the
    /// sandbox's routes use it).
    pub sandbox: Arc<dyn SandboxStore>,
    /// Klarna (real or sandbox, by `KLARNA_MODE`).
    pub klarna: Arc<dyn KlarnaApi>,
    /// Set when `SIGTERM` arrived: `/readyz` answers `503` so the load
    /// balancer stops sending while in-flight work finishes.
    pub draining: Arc<AtomicBool>,
    /// Client for outgoing HTTP calls other than Klarna's API (sandbox webhooks).
    pub http: reqwest::Client,
}

impl AppState {
    /// State with the Klarna client `settings` ask for: the sandbox in sandbox
    /// mode, else the real client.
    pub fn new(settings: Settings, store: Arc<dyn Backend>) -> Result<AppState, KlarnaError> {
        let klarna: Arc<dyn KlarnaApi> = if settings.is_sandbox() {
            Arc::new(
                SandboxKlarna::new(store.clone(), &settings.public_url)
                    .with_faults(settings.sandbox_klarna_faults),
            )
        } else {
            let k = &settings.klarna;
            let missing = || KlarnaError::Upstream("Klarna credentials are not configured".into());
            let key = k.api_key.as_ref().ok_or_else(missing)?;
            let partner = k.partner_account_id.as_deref().ok_or_else(missing)?;
            Arc::new(RealKlarna::new(&k.api_base, partner, key)?)
        };
        Ok(AppState::with_klarna(settings, store, klarna))
    }

    /// State with an explicit Klarna client (tests, custom deployments).
    pub fn with_klarna(
        settings: Settings,
        store: Arc<dyn Backend>,
        klarna: Arc<dyn KlarnaApi>,
    ) -> AppState {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        AppState {
            settings: Arc::new(settings),
            sandbox: store.clone(),
            store,
            klarna: Arc::new(MeteredKlarna(klarna)),
            draining: Arc::default(),
            http,
        }
    }
}
