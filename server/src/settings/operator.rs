//! Settings of the acquirer's operator API and of onboarding merchants to
//! Klarna: `CHECKOUT_ADMIN_KEYS` (who may call `/v1/admin/…`),
//! `KLARNA_PAYMENT_PROFILE_ID` and `KLARNA_PAYMENT_ACQUIRING_ACCOUNT_ID` (what
//! Klarna's onboard call assigns a new merchant).

use super::parse::pairs;
use super::{Secret, SettingsError};

/// An operator key: its id (for logs) and its bearer secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminKey {
    /// Names the key in logs.
    pub key_id: String,
    /// Bearer secret.
    pub secret: Secret,
}

/// Admin key used in sandbox mode when none is configured (printed on start).
pub const DEMO_ADMIN_KEY: (&str, &str) = ("demo-admin", "sk_admin_demo");

/// The operator's settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OperatorSettings {
    /// Keys of the operator API; none: it answers `401` to everyone.
    pub admin_keys: Vec<AdminKey>,
    /// Whether `admin_keys` is the built-in sandbox key.
    pub demo_admin_key: bool,
    /// The Payment Profile new merchants are onboarded with.
    pub payment_profile_id: Option<String>,
    /// The Payment Acquiring Account new merchants are onboarded to.
    pub payment_acquiring_account_id: Option<String>,
}

impl OperatorSettings {
    /// Reads the settings (`get` yields trimmed, non-empty values).
    pub fn from_env(
        get: &dyn Fn(&str) -> Option<String>,
        sandbox: bool,
    ) -> Result<OperatorSettings, SettingsError> {
        let var = "CHECKOUT_ADMIN_KEYS";
        let (admin_keys, demo_admin_key) = match get(var) {
            Some(v) => {
                let mut keys: Vec<AdminKey> = Vec::new();
                for (key_id, secret) in pairs(var, &v, "key_id:secret")? {
                    if secret.len() < 16 {
                        return Err(SettingsError::invalid(
                            var,
                            format!("expected secrets of at least 16 characters; the one of {key_id:?} is shorter"),
                        ));
                    }
                    if keys.iter().any(|k| k.key_id == key_id) {
                        return Err(SettingsError::invalid(
                            var,
                            format!("key {key_id:?} is listed twice"),
                        ));
                    }
                    if let Some(other) = keys.iter().find(|k| k.secret.expose() == secret) {
                        return Err(SettingsError::invalid(
                            var,
                            format!("keys {:?} and {key_id:?} have the same secret; each key needs its own", other.key_id),
                        ));
                    }
                    keys.push(AdminKey {
                        key_id,
                        secret: Secret::new(secret),
                    });
                }
                (keys, false)
            }
            None if sandbox => {
                let (key_id, secret) = DEMO_ADMIN_KEY;
                (
                    vec![AdminKey {
                        key_id: key_id.into(),
                        secret: Secret::new(secret),
                    }],
                    true,
                )
            }
            None => (Vec::new(), false),
        };
        Ok(OperatorSettings {
            admin_keys,
            demo_admin_key,
            payment_profile_id: get("KLARNA_PAYMENT_PROFILE_ID"),
            payment_acquiring_account_id: get("KLARNA_PAYMENT_ACQUIRING_ACCOUNT_ID"),
        })
    }
}

/// Refuses an operator key whose secret is also a merchant's key
/// (`CHECKOUT_MERCHANT_KEYS`): that merchant would get the operator API.
/// Names the key and the merchant, never the secret.
pub(super) fn no_shared_secret(
    merchants: &[super::MerchantKey],
    admins: &[AdminKey],
) -> Result<(), SettingsError> {
    for a in admins {
        if let Some(m) = merchants.iter().find(|m| m.secret == a.secret) {
            return Err(SettingsError::invalid(
                "CHECKOUT_ADMIN_KEYS",
                format!(
                    "key {:?} has the secret of merchant {:?} in CHECKOUT_MERCHANT_KEYS; the operator API needs secrets of its own",
                    a.key_id, m.merchant_id
                ),
            ));
        }
    }
    Ok(())
}
