//! [`Settings::from_env`]: reads and checks every setting from the environment.

use super::{
    ops, parse, KlarnaMode, KlarnaSettings, MerchantKey, OperatorSettings, Secret, ServeLimits,
    Settings, SettingsError, SigningKey, SubscriptionSettings, ALLOW_FAULTS_VALUE,
    DEFAULT_OTHER_METHODS, DEMO_MERCHANT, LIVE_IDENTITY_ISSUER, OFFICIAL_SDK_URL,
    SANDBOX_CLIENT_ID, SANDBOX_IDENTITY_PATH, TEST_IDENTITY_ISSUER,
};
use crate::ids;
use std::path::PathBuf;

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
        let payment_account_id = parse::payment_account(env("KLARNA_PAYMENT_ACCOUNT_ID"))?;
        // Live, hosted_url would point real shoppers at http://127.0.0.1:8787. Sandbox and test mode keep the
        // documented default (the public contract's), on which local setups and outside tests rely.
        if mode == KlarnaMode::Live && get("CHECKOUT_PUBLIC_URL").is_none() {
            return Err(SettingsError::missing(
                "CHECKOUT_PUBLIC_URL",
                "the base URL shoppers reach this server at, such as https://checkout.acquirer.example (required when KLARNA_MODE is live)",
            ));
        }
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
        if mode == KlarnaMode::Live {
            // Shoppers' pages (and what they send) must not travel in clear text either.
            parse::public_url_in_live(&public_url)?;
            // The live API key, the SDK and the identity keys must not travel in clear text.
            parse::https_in_live("KLARNA_API_BASE", &api_base)?;
            parse::https_in_live("KLARNA_SDK_URL", &sdk_url)?;
            parse::https_in_live("KLARNA_IDENTITY_ISSUER", &identity_issuer)?;
        }
        let identity_audience = get("KLARNA_IDENTITY_CLIENT_ID")
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| client_id.clone());
        let (webhook_keys, webhook_keys_generated) = match get("KLARNA_WEBHOOK_SIGNING_KEYS") {
            Some(v) => (parse::signing_keys(&v, mode == KlarnaMode::Live)?, false),
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
        let operator = OperatorSettings::from_env(&get, sandbox)?;
        super::operator::no_shared_secret(&merchant_keys, &operator.admin_keys)?;
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
            operator,
            subscription,
            jobs: super::jobs::JobSettings::from_env(&get)
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
                    crate::sandbox::SandboxFaults::parse(&v)
                        .map_err(|m| SettingsError::invalid("KLARNA_SANDBOX_FAULTS", m))?,
                ),
            },
        })
    }
}
