//! Klarna in settings: the mode (sandbox, test, live), credentials and
//! endpoints, and the defaults of the SDK URL, client id and identity issuers.

use super::Secret;
use std::path::PathBuf;

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

/// The official Web SDK module.
pub const OFFICIAL_SDK_URL: &str = "https://js.klarna.com/web-sdk/v2/klarna.mjs";

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
