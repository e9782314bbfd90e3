//! Server settings read from the environment (see `docs/http-api.md`).
//!
//! [`Settings::from_env`] takes a lookup function so tests inject variables.
//! A missing or malformed setting is a [`SettingsError`] naming the variable
//! and what was expected; values holding secrets are never echoed.

use crate::ids;
use checkout_core::api::OtherMethod;
use checkout_core::labels::Localized;
use std::net::SocketAddr;
use std::path::PathBuf;

mod limits;
mod operator;
mod ops;
mod parse;
mod subscription;

pub use limits::ServeLimits;
pub use operator::{AdminKey, OperatorSettings, DEMO_ADMIN_KEY};
pub use subscription::SubscriptionSettings;

pub use crate::faults::{FaultKind, FaultPoints, FaultSettings, FaultTarget};
pub use ops::DEFAULT_METRICS_ADDR;
pub use parse::{origin_of, SettingsError};

/// The value `CHECKOUT_ALLOW_FAULTS` must have for `CHECKOUT_FAULTS` to be accepted.
pub const ALLOW_FAULTS_VALUE: &str = "yes-this-is-a-test";
/// Default of `CHECKOUT_RATE_LIMIT` (requests per minute per client and route group).
pub const DEFAULT_RATE_LIMIT: u32 = 600;

/// A value that must not appear in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The secret itself, for the few places that must use it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// `sandbox` (offline emulator), `test` or `live` (Klarna's API).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KlarnaMode {
    /// The built-in emulator; no credentials needed.
    Sandbox,
    /// Klarna's test environment.
    Test,
    /// Klarna's production environment.
    Live,
}

impl KlarnaMode {
    /// The wire name (`sandbox`, `test`, `live`).
    pub fn as_str(self) -> &'static str {
        match self {
            KlarnaMode::Sandbox => "sandbox",
            KlarnaMode::Test => "test",
            KlarnaMode::Live => "live",
        }
    }
}

/// A merchant's API key: the merchant id and its bearer secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantKey {
    /// Merchant id (owner of the sessions it creates).
    pub merchant_id: String,
    /// Bearer secret.
    pub secret: Secret,
}

/// A webhook signing key shared with Klarna.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKey {
    /// Value of the `Klarna-Signing-Key-Id` header.
    pub key_id: String,
    /// HMAC-SHA256 key.
    pub secret: Secret,
}

/// Klarna credentials and endpoints.
#[derive(Debug, Clone)]
pub struct KlarnaSettings {
    /// Which Klarna the server talks to.
    pub mode: KlarnaMode,
    /// API base URL without trailing slash.
    pub api_base: String,
    /// API key (`user:password` or a Klarna API key); `None` in sandbox.
    pub api_key: Option<Secret>,
    /// The acquirer's Web SDK client id.
    pub client_id: String,
    /// Partner account id used in API paths and handed to the SDK.
    pub partner_account_id: Option<String>,
    /// Which payment account at Klarna payments use (`KLARNA_PAYMENT_ACCOUNT_ID`),
    /// for acquirers with several: handed to the SDK and sent to Klarna as
    /// `acquiring_config.payment_account_id`. Belongs to `partner_account_id`:
    /// a merchant's own account wins ([`crate::merchants::account`]).
    pub payment_account_id: Option<String>,
    /// Where the hosted page imports the Web SDK from.
    pub sdk_url: String,
    /// Time limit of one SDK load attempt in the hosted page (`KLARNA_SDK_TIMEOUT_MS`).
    pub sdk_timeout_ms: u32,
    /// Issuer of Sign in with Klarna's id tokens (`KLARNA_IDENTITY_ISSUER`);
    /// its OpenID discovery document names the keys they are signed with.
    pub identity_issuer: String,
    /// The audience (`aud`) id tokens must be issued for: the client id the
    /// identity button runs with (`KLARNA_IDENTITY_CLIENT_ID`, default `KLARNA_CLIENT_ID`).
    pub identity_audience: String,
    /// Where every exchange with Klarna is recorded, redacted
    /// (`KLARNA_RECORDINGS_DIR`; sandbox and test modes only).
    pub recordings_dir: Option<PathBuf>,
}

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
    /// Whether the first `X-Forwarded-For` hop names the client
    /// (`CHECKOUT_TRUST_PROXY=1`); else the connection's address does.
    pub trust_proxy: bool,
    /// Time-outs, the connection limit and the drain time of the server.
    pub limits: ServeLimits,
    /// The job runner's polling and retries (`CHECKOUT_JOB_*`).
    pub jobs: crate::jobs::JobSettings,
    /// Faults of the sandbox's Klarna (`KLARNA_SANDBOX_FAULTS`, tests only).
    pub sandbox_klarna_faults: Option<crate::klarna::SandboxFaults>,
    /// The operator API's keys and what merchants are onboarded with.
    pub operator: OperatorSettings,
    /// The server's own webhook subscription at Klarna
    /// (`KLARNA_WEBHOOK_SUBSCRIBE`, `KLARNA_WEBHOOK_URL`).
    pub subscription: SubscriptionSettings,
}

/// One of the acquirer's other payment methods, with its label per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherMethodSetting {
    /// Stable id, e.g. `card`.
    pub id: String,
    /// Its label, by language.
    pub label: Localized,
}

impl OtherMethodSetting {
    /// The method as a page in `locale` shows it.
    pub fn for_locale(&self, locale: &str) -> OtherMethod {
        OtherMethod {
            id: self.id.clone(),
            label: self.label.pick(locale).to_string(),
        }
    }
}

/// `CHECKOUT_OTHER_METHODS` when unset: a card, labelled in every language
/// of Klarna's markets.
pub const DEFAULT_OTHER_METHODS: &str = "card:Card|de=Karte|nl=Kaart|fr=Carte|it=Carta|cs=Karta|da=Kort|es=Tarjeta|fi=Kortti|sv=Kort|el=Κάρτα|nb=Kort|pl=Karta|pt=Cartão|hu=Kártya|ro=Card";

/// The official Web SDK module.
pub const OFFICIAL_SDK_URL: &str = "https://js.klarna.com/web-sdk/v2/klarna.mjs";
/// Merchant key used in sandbox mode when none is configured.
pub const DEMO_MERCHANT: (&str, &str) = ("demo", "sk_test_demo");
/// Client id the sandbox hands to the emulator when none is configured.
pub const SANDBOX_CLIENT_ID: &str = "klarna_test_client_sandbox";
/// Sign in with Klarna's issuer in Klarna's live environment (EU). Unconfirmed:
/// Klarna's pages give `https://login.klarna.com` as the EU IdP and
/// `…/eu/lp/idp/oauth2/token` as its token endpoint; set
/// `KLARNA_IDENTITY_ISSUER` to what Klarna's discovery document names.
pub const LIVE_IDENTITY_ISSUER: &str = "https://login.klarna.com/eu/lp/idp";
/// Sign in with Klarna's issuer in Klarna's playground (test) environment (unconfirmed, as above).
pub const TEST_IDENTITY_ISSUER: &str = "https://login.playground.klarna.com/eu/lp/idp";
/// Path of the sandbox's own Sign in with Klarna issuer under the public URL.
pub const SANDBOX_IDENTITY_PATH: &str = "/sandbox/klarna/identity";

impl Settings {
    /// Reads every setting through `env` (e.g. `&|k| std::env::var(k).ok()`).
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, SettingsError> {
        let get = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        let mode = parse::mode(get("KLARNA_MODE"))?;
        let sandbox = mode == KlarnaMode::Sandbox;
        // Checked first, so a production start with faults configured always
        // names CHECKOUT_FAULTS, whatever else is wrong.
        let faults = parse::faults(get("CHECKOUT_FAULTS"), get("CHECKOUT_ALLOW_FAULTS"), mode)?;
        let fault_points = parse::fault_points(
            get("CHECKOUT_FAULT_POINTS"),
            get("CHECKOUT_ALLOW_FAULTS"),
            mode,
        )?;
        let addr = parse::addr(get("CHECKOUT_ADDR"))?;
        let (public_url, public_origin) = parse::public_url(get("CHECKOUT_PUBLIC_URL"))?;
        let (merchant_keys, demo_merchant_key) = match get("CHECKOUT_MERCHANT_KEYS") {
            Some(v) => (parse::merchant_keys(&v)?, false),
            None if sandbox => {
                let (id, secret) = DEMO_MERCHANT;
                let key = MerchantKey {
                    merchant_id: id.into(),
                    secret: Secret::new(secret),
                };
                (vec![key], true)
            }
            None => {
                return Err(SettingsError::missing(
                    "CHECKOUT_MERCHANT_KEYS",
                    "merchant_id:secret pairs, comma separated (required outside sandbox mode)",
                ))
            }
        };
        let api_base = match get("KLARNA_API_BASE") {
            Some(v) => parse::http_url("KLARNA_API_BASE", &v)?,
            None if mode == KlarnaMode::Live => "https://api-global.klarna.com".into(),
            None => "https://api-global.test.klarna.com".into(),
        };
        let required = |k: &'static str| -> Result<Option<String>, SettingsError> {
            match get(k) {
                Some(v) => Ok(Some(v.trim().to_string())),
                None if sandbox => Ok(None),
                None => Err(SettingsError::missing(
                    k,
                    "a value (required when KLARNA_MODE is test or live)",
                )),
            }
        };
        let api_key = required("KLARNA_API_KEY")?.map(Secret::new);
        let client_id = required("KLARNA_CLIENT_ID")?.unwrap_or_else(|| SANDBOX_CLIENT_ID.into());
        let partner_account_id = required("KLARNA_PARTNER_ACCOUNT_ID")?;
        let payment_account_id = parse::payment_account(get("KLARNA_PAYMENT_ACCOUNT_ID"))?;
        let sdk_url = match get("KLARNA_SDK_URL") {
            Some(v) => parse::http_url("KLARNA_SDK_URL", &v)?,
            None if sandbox => format!("{public_url}/sandbox/klarna.js"),
            None => OFFICIAL_SDK_URL.into(),
        };
        let identity_issuer = match get("KLARNA_IDENTITY_ISSUER") {
            Some(v) => parse::http_url("KLARNA_IDENTITY_ISSUER", &v)?,
            None if sandbox => format!("{public_url}{SANDBOX_IDENTITY_PATH}"),
            None if mode == KlarnaMode::Live => LIVE_IDENTITY_ISSUER.into(),
            None => TEST_IDENTITY_ISSUER.into(),
        };
        let identity_audience = get("KLARNA_IDENTITY_CLIENT_ID")
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| client_id.clone());
        let (webhook_keys, webhook_keys_generated) = match get("KLARNA_WEBHOOK_SIGNING_KEYS") {
            Some(v) => (parse::signing_keys(&v)?, false),
            None if sandbox => {
                let key = SigningKey {
                    key_id: "sandbox".into(),
                    secret: Secret::new(ids::signing_secret()),
                };
                (vec![key], true)
            }
            None => (Vec::new(), false),
        };
        let other_methods = match env("CHECKOUT_OTHER_METHODS") {
            Some(v) => parse::other_methods(&v)?,
            None => parse::other_methods(DEFAULT_OTHER_METHODS)?,
        };
        let subscription = SubscriptionSettings::from_env(&get, &public_url, mode)?;
        let data_dir: PathBuf = get("CHECKOUT_DATA_DIR")
            .unwrap_or_else(|| "./data".into())
            .into();
        Ok(Settings {
            addr,
            public_url,
            public_origin,
            database: ops::database(get("CHECKOUT_DATABASE_URL"), &data_dir)?,
            database_url_set: get("CHECKOUT_DATABASE_URL").is_some(),
            pool: ops::pool(
                get("CHECKOUT_DATABASE_MAX_CONNECTIONS"),
                get("CHECKOUT_DATABASE_TIMEOUT_MS"),
            )?,
            metrics_addr: ops::metrics_addr(get("CHECKOUT_METRICS_ADDR"))?,
            data_dir,
            www_dir: get("CHECKOUT_WWW_DIR")
                .unwrap_or_else(|| "./www".into())
                .into(),
            merchant_keys,
            demo_merchant_key,
            session_ttl: parse::ttl(get("CHECKOUT_SESSION_TTL_MINUTES"))?,
            klarna: KlarnaSettings {
                mode,
                api_base,
                api_key,
                client_id,
                partner_account_id,
                payment_account_id,
                sdk_url,
                sdk_timeout_ms: parse::sdk_timeout(get("KLARNA_SDK_TIMEOUT_MS"))?,
                identity_issuer,
                identity_audience,
                recordings_dir: parse::recordings_dir(get("KLARNA_RECORDINGS_DIR"), mode)?,
            },
            webhook_keys,
            webhook_keys_generated,
            other_methods,
            faults,
            fault_points,
            rate_limit: parse::rate_limit(get("CHECKOUT_RATE_LIMIT"))?,
            client_timeout_ms: parse::client_timeout(get("CHECKOUT_CLIENT_TIMEOUT_MS"))?,
            trust_proxy: parse::trust_proxy(get("CHECKOUT_TRUST_PROXY"))?,
            limits: ServeLimits::from_env(&get)?,
            operator: OperatorSettings::from_env(&get, sandbox)?,
            subscription,
            jobs: crate::jobs::JobSettings::from_env(&get)
                .map_err(|(var, m)| SettingsError::invalid(var, m))?,
            sandbox_klarna_faults: match get("KLARNA_SANDBOX_FAULTS") {
                None => None,
                Some(_) if !sandbox || get("CHECKOUT_ALLOW_FAULTS").as_deref() != Some(ALLOW_FAULTS_VALUE) => {
                    return Err(SettingsError::invalid(
                        "KLARNA_SANDBOX_FAULTS",
                        format!("only with KLARNA_MODE=sandbox and CHECKOUT_ALLOW_FAULTS={ALLOW_FAULTS_VALUE}"),
                    ))
                }
                Some(v) => Some(
                    crate::klarna::SandboxFaults::parse(&v)
                        .map_err(|m| SettingsError::invalid("KLARNA_SANDBOX_FAULTS", m))?,
                ),
            },
        })
    }

    /// Whether the offline sandbox replaces Klarna.
    pub fn is_sandbox(&self) -> bool {
        self.klarna.mode == KlarnaMode::Sandbox
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
