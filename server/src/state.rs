//! [`AppState`]: what every handler shares (settings, store, Klarna client,
//! an HTTP client for outgoing sandbox webhooks). No mutable in-process state.

use crate::identity::{KeySource, RealKeys, SandboxKeys};
use crate::klarna::management::{KlarnaManagement, RealManagement};
use crate::klarna::notifications::{KlarnaNotifications, RealNotifications};
use crate::klarna::recording::Recorder;
use crate::klarna::{KlarnaApi, KlarnaError, MeteredKlarna, RealKlarna};
use crate::merchants::klarna_account::KlarnaAccount;
use crate::sandbox::recorded::RecordedKlarna;
use crate::sandbox::{SandboxKlarna, SandboxManagement, SandboxNotifications};
use crate::settings::Secret;
use crate::settings::Settings;
use crate::store::{Backend, SandboxStore, Store};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

/// Makes the Klarna client of one account.
pub type KlarnaFactory = Arc<dyn Fn(&KlarnaAccount) -> Arc<dyn KlarnaApi> + Send + Sync>;

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
    /// Klarna (real or sandbox, by `KLARNA_MODE`), for the global account;
    /// calls for a merchant go through [`AppState::klarna_for`].
    pub klarna: Arc<dyn KlarnaApi>,
    /// Makes the Klarna client of one merchant's account.
    pub klarna_accounts: KlarnaFactory,
    /// Klarna's Management API (onboarding merchants), real or sandbox.
    pub management: Arc<dyn KlarnaManagement>,
    /// Klarna's Notifications API (the server's webhook subscription), real or sandbox.
    pub notifications: Arc<dyn KlarnaNotifications>,
    /// Set when `SIGTERM` arrived: `/readyz` answers `503` so the load
    /// balancer stops sending while in-flight work finishes.
    pub draining: Arc<AtomicBool>,
    /// The state-changing requests in flight, run to their end even when
    /// their client hung up; shutdown waits for them.
    pub detached: crate::detached::Detached,
    /// Client for outgoing HTTP calls other than Klarna's API (sandbox webhooks).
    pub http: reqwest::Client,
    /// Client for merchant notification deliveries ([`crate::egress::delivery_client`]);
    /// `None` when it could not be built (logged at start; deliveries are retried).
    pub deliveries: Option<reqwest::Client>,
    /// The keys Sign in with Klarna's id tokens are verified against.
    pub identity_keys: Arc<dyn KeySource>,
    /// Writes every exchange with Klarna, redacted, when
    /// `KLARNA_RECORDINGS_DIR` is set (the webhooks Klarna sends too).
    pub recorder: Option<Arc<Recorder>>,
}

/// The recorder `settings` ask for (`KLARNA_RECORDINGS_DIR`).
fn recorder_for(settings: &Settings) -> Option<Arc<Recorder>> {
    let dir = settings.klarna.recordings_dir.clone()?;
    let source = match settings.klarna.mode {
        crate::settings::KlarnaMode::Sandbox => "sandbox",
        crate::settings::KlarnaMode::Test => "klarna-test",
        crate::settings::KlarnaMode::Live => "klarna-live",
    };
    let partner = settings
        .klarna
        .partner_account_id
        .as_deref()
        .or(Some(crate::sandbox::recorded::SANDBOX_PARTNER).filter(|_| settings.is_sandbox()));
    Some(Arc::new(Recorder::new(dir, source, partner)))
}

impl AppState {
    /// State with the Klarna client `settings` ask for: the sandbox in sandbox
    /// mode, else the real client.
    pub fn new(settings: Settings, store: Arc<dyn Backend>) -> Result<AppState, KlarnaError> {
        let recorder = recorder_for(&settings);
        if settings.is_sandbox() {
            let sandbox = SandboxKlarna::new(store.clone(), &settings.public_url)
                .with_faults(settings.sandbox_klarna_faults);
            // With recordings on, the sandbox's calls are recorded as the real client's would be.
            let rec = recorder.clone();
            let global = settings.klarna.partner_account_id.clone();
            let wrap = move |k: SandboxKlarna, partner: Option<&str>| -> Arc<dyn KlarnaApi> {
                match &rec {
                    Some(r) => Arc::new(RecordedKlarna::new(
                        Arc::new(k),
                        r.clone(),
                        partner.or(global.as_deref()),
                    )),
                    None => Arc::new(k),
                }
            };
            let klarna = wrap(sandbox.clone(), None);
            let mut state = AppState::with_klarna(settings, store, klarna);
            state.klarna_accounts = Arc::new(move |a: &KlarnaAccount| {
                let p = a.partner_account_id.as_deref();
                wrap(sandbox.for_account(p), p)
            });
            if let Some(r) = &recorder {
                let n = state.notifications.clone();
                state.notifications = Arc::new(
                    crate::sandbox::recorded_notifications::RecordedNotifications::new(
                        n,
                        r.clone(),
                    ),
                );
            }
            state.recorder = recorder;
            return Ok(state);
        }
        let k = &settings.klarna;
        let missing = || KlarnaError::Upstream("Klarna credentials are not configured".into());
        let key = k.api_key.as_ref().ok_or_else(missing)?;
        let partner = k.partner_account_id.as_deref().ok_or_else(missing)?;
        let real = RealKlarna::new(&k.api_base, partner, key)?.with_recorder(recorder.clone());
        let klarna: Arc<dyn KlarnaApi> = Arc::new(real.clone());
        let notifications = Arc::new(RealNotifications::new(real.clone()));
        let management = management_for(&settings, &store, recorder.clone());
        let mut state = AppState::with_klarna(settings, store, klarna);
        state.klarna_accounts = Arc::new(move |a: &KlarnaAccount| {
            Arc::new(real.for_account(a.partner_account_id.as_deref())) as Arc<dyn KlarnaApi>
        });
        state.management = management;
        state.notifications = notifications;
        state.recorder = recorder;
        Ok(state)
    }

    /// The Klarna client of `account` (a merchant's own Partner Account, or
    /// the global one).
    pub fn klarna_for(&self, account: &KlarnaAccount) -> Arc<dyn KlarnaApi> {
        Arc::new(MeteredKlarna((self.klarna_accounts)(account)))
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
        let issuer = &settings.klarna.identity_issuer;
        let identity_keys: Arc<dyn KeySource> = if settings.is_sandbox() {
            Arc::new(SandboxKeys::new(store.clone(), issuer))
        } else {
            Arc::new(RealKeys::new(http.clone(), issuer))
        };
        let management = management_for(&settings, &store, None);
        // Tests and sandbox: the emulated API (the real one is set by `new` outside sandbox).
        let notifications: Arc<dyn KlarnaNotifications> =
            Arc::new(SandboxNotifications::new(store.clone(), http.clone()));
        let deliveries = crate::egress::delivery_client(settings.is_sandbox())
            .map_err(|e| tracing::error!("the HTTP client of notification deliveries: {e}"))
            .ok();
        let same = klarna.clone();
        let limits_max = settings.limits.max_connections;
        AppState {
            settings: Arc::new(settings),
            sandbox: store.clone(),
            store,
            klarna: Arc::new(MeteredKlarna(klarna)),
            // An explicit client (tests) serves every account.
            klarna_accounts: Arc::new(move |_: &KlarnaAccount| same.clone()),
            management,
            notifications,
            draining: Arc::default(),
            detached: crate::detached::Detached::for_connections(limits_max),
            http,
            deliveries,
            identity_keys,
            recorder: None,
        }
    }

    /// The same state with another Notifications API client (tests).
    pub fn with_notifications(mut self, n: Arc<dyn KlarnaNotifications>) -> AppState {
        self.notifications = n;
        self
    }

    /// The same state with another Management API client (tests).
    pub fn with_management(mut self, management: Arc<dyn KlarnaManagement>) -> AppState {
        self.management = management;
        self
    }
}

/// The Management API client `settings` ask for: the sandbox's emulation in
/// sandbox mode, else Klarna's (its calls fail without credentials).
fn management_for(
    settings: &Settings,
    store: &Arc<dyn Backend>,
    recorder: Option<Arc<Recorder>>,
) -> Arc<dyn KlarnaManagement> {
    if settings.is_sandbox() {
        return Arc::new(SandboxManagement::new(store.clone()));
    }
    let k = &settings.klarna;
    let key = k.api_key.clone().unwrap_or_else(|| Secret::new(""));
    let partner = k.partner_account_id.as_deref().unwrap_or("");
    match RealKlarna::new(&k.api_base, partner, &key) {
        Ok(client) => Arc::new(RealManagement::new(client.with_recorder(recorder))),
        Err(_) => Arc::new(SandboxManagement::new(store.clone())),
    }
}
