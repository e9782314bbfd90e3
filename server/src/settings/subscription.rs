//! Settings of the server's own webhook subscription at Klarna
//! ([`crate::subscription`]): `KLARNA_WEBHOOK_SUBSCRIBE` (`on`: create or
//! repair it at start and every 6 hours; `off`, the default: it is managed in
//! Klarna's portal, or by the operator call) and `KLARNA_WEBHOOK_URL` (where
//! Klarna posts; default `{CHECKOUT_PUBLIC_URL}/v1/webhooks/klarna`).

use super::{KlarnaMode, SettingsError};
use reqwest::Url;

/// The subscription's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionSettings {
    /// Whether the server keeps its subscription at Klarna by itself.
    pub enabled: bool,
    /// The URL Klarna sends events to.
    pub url: String,
}

impl SubscriptionSettings {
    /// Reads the settings (`get` yields trimmed, non-empty values).
    pub fn from_env(
        get: &dyn Fn(&str) -> Option<String>,
        public_url: &str,
        mode: KlarnaMode,
    ) -> Result<SubscriptionSettings, SettingsError> {
        let enabled = match get("KLARNA_WEBHOOK_SUBSCRIBE").as_deref().map(str::trim) {
            None | Some("off") => false,
            Some("on") => true,
            Some(other) => {
                return Err(SettingsError::invalid(
                    "KLARNA_WEBHOOK_SUBSCRIBE",
                    format!("expected on or off, got {other:?}"),
                ))
            }
        };
        let var = "KLARNA_WEBHOOK_URL";
        let url = get(var).unwrap_or_else(|| format!("{public_url}/v1/webhooks/klarna"));
        let parsed = Url::parse(url.trim())
            .map_err(|_| SettingsError::invalid(var, format!("expected a URL, got {url:?}")))?;
        let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        let https_port = matches!(parsed.port(), None | Some(443) | Some(8443));
        let ok = match parsed.scheme() {
            "https" => https_port || mode == KlarnaMode::Sandbox,
            "http" => mode == KlarnaMode::Sandbox && loopback,
            _ => false,
        };
        // Only checked when the URL is used: a server without a subscription
        // (the default) may run on plain http behind anything.
        if enabled && !ok {
            return Err(SettingsError::invalid(
                var,
                format!("Klarna delivers only to https on port 443 or 8443 (the sandbox also to http on a loopback address); got {url:?} (set KLARNA_WEBHOOK_URL or CHECKOUT_PUBLIC_URL)"),
            ));
        }
        Ok(SubscriptionSettings {
            enabled,
            url: url.trim().to_string(),
        })
    }

    /// Whether `url` is one Klarna can deliver to in `mode` (the operator
    /// call checks it too, when the subscription is not enabled at start).
    pub fn deliverable(&self, mode: KlarnaMode) -> Result<(), String> {
        let probe = |k: &str| match k {
            "KLARNA_WEBHOOK_SUBSCRIBE" => Some("on".to_string()),
            "KLARNA_WEBHOOK_URL" => Some(self.url.clone()),
            _ => None,
        };
        SubscriptionSettings::from_env(&probe, "", mode)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(
        pairs: &[(&str, &str)],
        mode: KlarnaMode,
    ) -> Result<SubscriptionSettings, SettingsError> {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        };
        SubscriptionSettings::from_env(&get, "https://pay.acquirer.example", mode)
    }

    #[test]
    fn defaults_and_checks() {
        let s = read(&[], KlarnaMode::Test).unwrap();
        assert!(!s.enabled);
        assert_eq!(s.url, "https://pay.acquirer.example/v1/webhooks/klarna");
        assert!(
            read(&[("KLARNA_WEBHOOK_SUBSCRIBE", "on")], KlarnaMode::Test)
                .unwrap()
                .enabled
        );
        let e = read(&[("KLARNA_WEBHOOK_SUBSCRIBE", "yes")], KlarnaMode::Test).unwrap_err();
        assert_eq!(e.variable, "KLARNA_WEBHOOK_SUBSCRIBE");
        for bad in [
            "http://127.0.0.1:8787/v1/webhooks/klarna",
            "https://pay.example:9443/h",
        ] {
            let e = read(
                &[
                    ("KLARNA_WEBHOOK_SUBSCRIBE", "on"),
                    ("KLARNA_WEBHOOK_URL", bad),
                ],
                KlarnaMode::Test,
            )
            .unwrap_err();
            assert_eq!(e.variable, "KLARNA_WEBHOOK_URL", "{bad}");
        }
        let local = [
            ("KLARNA_WEBHOOK_SUBSCRIBE", "on"),
            (
                "KLARNA_WEBHOOK_URL",
                "http://127.0.0.1:8787/v1/webhooks/klarna",
            ),
        ];
        assert!(read(&local, KlarnaMode::Sandbox).is_ok());
    }
}
