//! Server settings read from the environment (see `docs/http-api.md`).
//!
//! [`Settings::from_env`] takes a lookup function so tests inject variables.
//! A missing or malformed setting is a [`SettingsError`] naming the variable
//! and what was expected; values holding secrets are never echoed.

use std::net::SocketAddr;
use std::path::PathBuf;

mod credentials;
mod from_env;
pub mod jobs;
mod klarna;
mod limits;
mod operator;
mod ops;
mod other_methods;
mod parse;
mod subscription;

pub use limits::ServeLimits;
pub use operator::{AdminKey, OperatorSettings, DEMO_ADMIN_KEY};
pub use subscription::SubscriptionSettings;

pub use crate::faults::{FaultKind, FaultPoints, FaultSettings, FaultTarget};
pub use credentials::{MerchantKey, Secret, SigningKey, DEMO_MERCHANT};
pub use klarna::{
    KlarnaMode, KlarnaSettings, LIVE_IDENTITY_ISSUER, OFFICIAL_SDK_URL, SANDBOX_CLIENT_ID,
    SANDBOX_IDENTITY_PATH, TEST_IDENTITY_ISSUER,
};
pub use ops::DEFAULT_METRICS_ADDR;
pub use other_methods::{OtherMethodSetting, DEFAULT_OTHER_METHODS};
pub use parse::{origin_of, SettingsError};

/// The value `CHECKOUT_ALLOW_FAULTS` must have for `CHECKOUT_FAULTS` to be accepted.
pub const ALLOW_FAULTS_VALUE: &str = "yes-this-is-a-test";
/// Default of `CHECKOUT_RATE_LIMIT` (requests per minute per client and route group).
pub const DEFAULT_RATE_LIMIT: u32 = 600;

/// Everything the server is configured with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Listen address (`CHECKOUT_ADDR`).
    pub addr: SocketAddr,
    /// Public base URL without trailing slash (`CHECKOUT_PUBLIC_URL`).
    pub public_url: String,
    /// Origin of `public_url` (`scheme://host[:port]`).
    pub public_origin: String,
    /// Directory of the SQLite database (`CHECKOUT_DATA_DIR`).
    pub data_dir: PathBuf,
    /// The store (`CHECKOUT_DATABASE_URL`; default SQLite in `data_dir`).
    pub database: crate::store::DatabaseUrl,
    /// Whether `CHECKOUT_DATABASE_URL` was set (else `database` is the default).
    pub database_url_set: bool,
    /// PostgreSQL pool limits (`CHECKOUT_DATABASE_MAX_CONNECTIONS`,
    /// `CHECKOUT_DATABASE_TIMEOUT_MS`).
    pub pool: crate::store::PoolLimits,
    /// Where Prometheus metrics are served (`CHECKOUT_METRICS_ADDR`); `None` when `off`.
    pub metrics_addr: Option<SocketAddr>,
    /// Static files (`CHECKOUT_WWW_DIR`).
    pub www_dir: PathBuf,
    /// Merchants and their keys; the first one owns demo sessions.
    pub merchant_keys: Vec<MerchantKey>,
    /// Whether `merchant_keys` is the built-in demo key (printed on start).
    pub demo_merchant_key: bool,
    /// Session life.
    pub session_ttl: time::Duration,
    /// Klarna settings.
    pub klarna: KlarnaSettings,
    /// Webhook signing keys; the first one signs the sandbox's webhooks.
    pub webhook_keys: Vec<SigningKey>,
    /// Whether `webhook_keys` was generated (sandbox without configured keys).
    pub webhook_keys_generated: bool,
    /// The acquirer's other payment methods shown beside Klarna, labelled
    /// per language (`CHECKOUT_OTHER_METHODS`).
    pub other_methods: Vec<OtherMethodSetting>,
    /// Fault injection for tests (`CHECKOUT_FAULTS`); only ever `Some` in
    /// sandbox mode with `CHECKOUT_ALLOW_FAULTS=yes-this-is-a-test`.
    pub faults: Option<FaultSettings>,
    /// Named points where tests hold the server (`CHECKOUT_FAULT_POINTS`);
    /// gated like `faults`.
    pub fault_points: Option<FaultPoints>,
    /// Requests per minute per client and route group on the public
    /// endpoints (`CHECKOUT_RATE_LIMIT`); `0` disables rate limiting.
    pub rate_limit: u32,
    /// The hosted page's time limit per API call (`CHECKOUT_CLIENT_TIMEOUT_MS`).
    pub client_timeout_ms: u32,
    /// How many proxies in front append to `X-Forwarded-For`
    /// (`CHECKOUT_TRUST_PROXY=<n>`): the client is the `n`-th hop from the
    /// end; `0` (the default): the connection's address is the client.
    pub trust_proxy: u8,
    /// Time-outs, the connection limit and the drain time of the server.
    pub limits: ServeLimits,
    /// The job runner's polling and retries (`CHECKOUT_JOB_*`).
    pub jobs: jobs::JobSettings,
    /// Faults of the sandbox's Klarna (`KLARNA_SANDBOX_FAULTS`, tests only).
    pub sandbox_klarna_faults: Option<crate::sandbox::SandboxFaults>,
    /// The operator API's keys and what merchants are onboarded with.
    pub operator: OperatorSettings,
    /// The server's own webhook subscription at Klarna
    /// (`KLARNA_WEBHOOK_SUBSCRIBE`, `KLARNA_WEBHOOK_URL`).
    pub subscription: SubscriptionSettings,
}

impl Settings {
    /// Whether the offline sandbox replaces Klarna.
    pub fn is_sandbox(&self) -> bool {
        self.klarna.mode == KlarnaMode::Sandbox
    }

    /// Whether these look like a production server's settings (merchant or
    /// admin keys of its own, or PostgreSQL): in sandbox mode, the default,
    /// that is worth a warning at start.
    pub fn looks_like_production(&self) -> bool {
        !self.demo_merchant_key
            || !self.operator.demo_admin_key
            || matches!(self.database, crate::store::DatabaseUrl::Postgres(_))
    }

    /// Checks that `CHECKOUT_WWW_DIR` holds the built hosted page (`hpp.html`),
    /// so a wrong directory stops the server at start instead of answering
    /// every `/hpp/{id}` with `500`. Called by the binary, not by
    /// [`Settings::from_env`] (which reads no files).
    pub fn check_www_dir(&self) -> Result<(), SettingsError> {
        let dir = &self.www_dir;
        let bad = |what: &str| {
            SettingsError::invalid(
                "CHECKOUT_WWW_DIR",
                format!("expected the built web assets (hpp.html) in {dir:?}, {what}; build them with npm run build or point CHECKOUT_WWW_DIR at them"),
            )
        };
        if !dir.is_dir() {
            return Err(bad("which is not a directory"));
        }
        if !dir.join("hpp.html").is_file() {
            return Err(bad("which has no hpp.html"));
        }
        Ok(())
    }

    /// Path of the SQLite database file (the default store's, when the
    /// store is PostgreSQL).
    pub fn database_path(&self) -> PathBuf {
        match &self.database {
            crate::store::DatabaseUrl::Sqlite(path) => path.clone(),
            crate::store::DatabaseUrl::Postgres(_) => self.data_dir.join("checkout.sqlite"),
        }
    }
}
