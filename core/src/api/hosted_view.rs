//! What the hosted page reads of its config: [`HostedConfigView`].
//!
//! The config answer (`GET /v1/sessions/{id}/config`, [`super::HostedConfig`])
//! also carries the order lines and the shopper, for other readers of the
//! public API. The page shows neither, and a decoder of them (every order
//! line, address and customer field) is code a shopper downloads before
//! Klarna's button for nothing, so the page reads this type instead. Unknown
//! keys are ignored, as for `HostedConfig`; the test below holds the two
//! types to the same fields and shapes.

use super::{Authorization, KlarnaSdkConfig, OtherMethod};
use crate::state::SessionState;
use serde::Deserialize;

/// [`super::HostedConfig`] without `order_lines` and `customer`; each field
/// as documented there.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct HostedConfigView {
    /// Session id.
    pub session_id: String,
    /// Current state.
    pub state: SessionState,
    /// Total, minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Purchase country.
    pub country: String,
    /// Klarna locale.
    pub locale: String,
    /// Klarna intents.
    pub intents: Vec<String>,
    /// Merchant's order reference (shown on the confirmation).
    pub merchant_reference: String,
    /// Network session token, verbatim, when one is on file.
    #[serde(default)]
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub klarna_network_session_token: Option<String>,
    /// Klarna SDK settings.
    pub klarna: KlarnaSdkConfig,
    /// Origins allowed to embed the page (exact `postMessage` targets).
    pub allowed_origins: Vec<String>,
    /// The acquirer's other methods.
    pub other_methods: Vec<OtherMethod>,
    /// Set when already authorized (a reload after paying shows the confirmation).
    #[serde(default)]
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub authorization: Option<Authorization>,
    /// An authorization is running at Klarna: the page waits for its answer
    /// rather than showing a button.
    #[serde(default)]
    #[cfg_attr(test, serde(skip_serializing_if = "std::ops::Not::not"))]
    pub authorization_pending: bool,
    /// Time limit of the page's API calls, in milliseconds.
    #[serde(default)]
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub client_timeout_ms: Option<u32>,
    /// The merchant's `appearance`, checked: the defaults when there was none.
    #[serde(default)]
    pub appearance: crate::appearance::Applied,
}

#[cfg(test)]
mod tests {
    use super::HostedConfigView;
    use crate::api::{AcquiringConfig, Authorization, HostedConfig, KlarnaSdkConfig, OtherMethod};
    use crate::session::{Customer, OrderLine};
    use crate::state::SessionState;

    #[test]
    fn reads_every_field_of_the_config_but_the_cart_and_the_shopper() {
        let cfg = HostedConfig {
            session_id: "hcs_1".into(),
            state: SessionState::Open,
            amount: 11800,
            currency: "EUR".into(),
            country: "DE".into(),
            locale: "de-DE".into(),
            intents: vec!["PAY".into()],
            merchant_reference: "order-1".into(),
            order_lines: vec![OrderLine {
                name: "Sneakers".into(),
                quantity: 2,
                unit_price: 5900,
                total_amount: 11800,
                ..OrderLine::default()
            }],
            customer: Customer {
                email: Some("customer+de@klarna.com".into()),
                ..Customer::default()
            },
            klarna_network_session_token: Some("krn:t".into()),
            klarna: KlarnaSdkConfig {
                sdk_url: "/sandbox/klarna.js".into(),
                client_id: "klarna_test_client".into(),
                partner_account_id: Some("pa".into()),
                sdk_token: None,
                acquiring_config: Some(AcquiringConfig {
                    payment_account_id: "pacc_1".into(),
                }),
                products: vec!["PAYMENT".into()],
                mode: "sandbox".into(),
                load_timeout_ms: Some(1500),
            },
            allowed_origins: vec!["https://shop.example".into()],
            other_methods: vec![OtherMethod {
                id: "card".into(),
                label: "Card".into(),
            }],
            authorization: Some(Authorization {
                payment_transaction_id: "krn:t1".into(),
                amount: 11800,
                currency: "EUR".into(),
                authorized_at: "2026-11-23T10:00:00Z".into(),
            }),
            authorization_pending: true,
            client_timeout_ms: Some(2000),
            appearance: crate::appearance::parse(
                r##"{"theme":"dark","colors":{"accent":"#ffd54f"}}"##,
            )
            .applied(),
        };
        let mut sent = serde_json::to_value(&cfg).unwrap();
        let view: HostedConfigView = serde_json::from_value(sent.clone()).unwrap();
        let map = sent.as_object_mut().unwrap();
        map.remove("order_lines").unwrap();
        map.remove("customer").unwrap();
        // Every other field, read back the same: a field added to the config
        // and not to the view (or the other way round) fails here.
        assert_eq!(serde_json::to_value(&view).unwrap(), sent);
    }
}
