//! Credentials in settings: [`Secret`] (never shown in logs or `Debug`),
//! merchant API keys, webhook signing keys and the sandbox's demo merchant.

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

/// Merchant key used in sandbox mode when none is configured.
pub const DEMO_MERCHANT: (&str, &str) = ("demo", "sk_test_demo");
