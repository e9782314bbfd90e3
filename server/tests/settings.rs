//! Settings from the environment: defaults and the one-line errors.

mod common;

use checkout_server::settings::{KlarnaMode, Settings, OFFICIAL_SDK_URL};
use common::env;

fn err(pairs: &[(&str, &str)]) -> String {
    match Settings::from_env(&env(pairs)) {
        Ok(_) => panic!("expected an error for {pairs:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn sandbox_defaults() {
    let s = Settings::from_env(&env(&[])).unwrap();
    assert_eq!(s.klarna.mode, KlarnaMode::Sandbox);
    assert_eq!(s.addr.to_string(), "127.0.0.1:8787");
    assert_eq!(s.public_url, "http://127.0.0.1:8787");
    assert_eq!(s.klarna.sdk_url, "http://127.0.0.1:8787/sandbox/klarna.js");
    assert_eq!(s.merchant_keys[0].merchant_id, "demo");
    assert_eq!(s.merchant_keys[0].secret.expose(), "sk_test_demo");
    assert!(s.demo_merchant_key && s.webhook_keys_generated);
    assert_eq!(s.webhook_keys[0].secret.expose().len(), 64);
    assert_eq!(s.session_ttl, time::Duration::minutes(1440));
    assert_eq!(s.other_methods.len(), 1);
    assert_eq!(
        s.database_path(),
        std::path::Path::new("./data/checkout.sqlite")
    );
    // Secrets stay out of Debug output.
    assert!(!format!("{s:?}").contains("sk_test_demo"));
}

#[test]
fn live_mode_with_credentials() {
    let s = Settings::from_env(&env(&[
        ("KLARNA_MODE", "live"),
        ("CHECKOUT_MERCHANT_KEYS", "m1:sk_live_0123456789"),
        ("KLARNA_API_KEY", "klarna_live_api_x"),
        ("KLARNA_CLIENT_ID", "klarna_live_client_x"),
        ("KLARNA_PARTNER_ACCOUNT_ID", "krn:partner:eu1:account:1"),
        (
            "KLARNA_WEBHOOK_SIGNING_KEYS",
            "a:whsec_secret_one_16, b:whsec_secret_two_16",
        ),
        ("CHECKOUT_PUBLIC_URL", "https://pay.example/"),
    ]))
    .unwrap();
    assert_eq!(s.klarna.api_base, "https://api-global.klarna.com");
    assert_eq!(s.klarna.sdk_url, OFFICIAL_SDK_URL);
    assert_eq!(s.public_url, "https://pay.example");
    assert_eq!(s.public_origin, "https://pay.example");
    assert_eq!(
        s.webhook_keys
            .iter()
            .map(|k| k.key_id.as_str())
            .collect::<Vec<_>>(),
        vec!["a", "b"]
    );
    assert!(!s.demo_merchant_key && !s.webhook_keys_generated);
}

#[test]
fn bad_klarna_mode_names_the_variable() {
    assert_eq!(
        err(&[("KLARNA_MODE", "prod")]),
        r#"KLARNA_MODE: expected sandbox, test or live, got "prod""#
    );
}

#[test]
fn credentials_are_required_outside_sandbox() {
    let base = [
        ("KLARNA_MODE", "test"),
        ("CHECKOUT_MERCHANT_KEYS", "m:sk_test_12345678"),
    ];
    assert!(err(&base).starts_with("KLARNA_API_KEY: missing"));
    let mut with_key = base.to_vec();
    with_key.push(("KLARNA_API_KEY", "u:p"));
    assert!(err(&with_key).starts_with("KLARNA_CLIENT_ID: missing"));
    with_key.push(("KLARNA_CLIENT_ID", "klarna_test_client_x"));
    assert!(err(&with_key).starts_with("KLARNA_PARTNER_ACCOUNT_ID: missing"));
    assert!(err(&[("KLARNA_MODE", "test")]).starts_with("CHECKOUT_MERCHANT_KEYS: missing"));
}

#[test]
fn malformed_merchant_keys_name_the_variable_not_the_secret() {
    let e = err(&[(
        "CHECKOUT_MERCHANT_KEYS",
        "good:sk_test_12345678,broken-entry-supersecret",
    )]);
    assert!(
        e.starts_with("CHECKOUT_MERCHANT_KEYS: expected merchant_id:secret pairs"),
        "{e}"
    );
    assert!(e.contains("entry 2") && !e.contains("supersecret"), "{e}");
    let e = err(&[("CHECKOUT_MERCHANT_KEYS", "a:short")]);
    assert!(
        e.starts_with("CHECKOUT_MERCHANT_KEYS:") && !e.contains("short\""),
        "{e}"
    );
    let e = err(&[(
        "CHECKOUT_MERCHANT_KEYS",
        "a:sk_test_12345678,a:sk_test_87654321",
    )]);
    assert!(e.contains("listed twice"), "{e}");
}

#[test]
fn other_malformed_values() {
    assert!(err(&[("CHECKOUT_ADDR", "localhost")]).starts_with("CHECKOUT_ADDR: expected host:port"));
    assert!(err(&[("CHECKOUT_PUBLIC_URL", "pay.example")])
        .starts_with("CHECKOUT_PUBLIC_URL: expected an absolute http(s) URL"));
    assert!(err(&[("CHECKOUT_SESSION_TTL_MINUTES", "0")])
        .starts_with("CHECKOUT_SESSION_TTL_MINUTES: expected whole minutes"));
    assert!(err(&[("KLARNA_WEBHOOK_SIGNING_KEYS", "nokey")])
        .starts_with("KLARNA_WEBHOOK_SIGNING_KEYS:"));
    assert!(err(&[("KLARNA_SDK_URL", "ftp://x")]).starts_with("KLARNA_SDK_URL:"));
    assert!(err(&[("CHECKOUT_OTHER_METHODS", "card")]).starts_with("CHECKOUT_OTHER_METHODS:"));
    assert!(err(&[("KLARNA_PAYMENT_ACCOUNT_ID", "has space")])
        .starts_with("KLARNA_PAYMENT_ACCOUNT_ID: expected Klarna's payment account id"));
}

#[test]
fn payment_account_setting() {
    let s = Settings::from_env(&env(&[])).unwrap();
    assert_eq!(s.klarna.payment_account_id, None);
    // Set but blank is refused (settings_refusals_more.rs), not read as unset.
    assert!(Settings::from_env(&env(&[("KLARNA_PAYMENT_ACCOUNT_ID", " ")])).is_err());
    let s = Settings::from_env(&env(&[("KLARNA_PAYMENT_ACCOUNT_ID", " pacc_123 ")])).unwrap();
    assert_eq!(s.klarna.payment_account_id.as_deref(), Some("pacc_123"));
}

#[test]
fn other_methods_setting() {
    let s = Settings::from_env(&env(&[(
        "CHECKOUT_OTHER_METHODS",
        "card:Card, paypal:PayPal",
    )]))
    .unwrap();
    let ids: Vec<(&str, &str)> = s
        .other_methods
        .iter()
        .map(|m| (m.id.as_str(), m.label.default.as_str()))
        .collect();
    assert_eq!(ids, vec![("card", "Card"), ("paypal", "PayPal")]);
    let none = Settings::from_env(&env(&[("CHECKOUT_OTHER_METHODS", "")])).unwrap();
    assert!(none.other_methods.is_empty());
}

#[test]
fn other_methods_are_labelled_per_language() {
    let s = Settings::from_env(&env(&[(
        "CHECKOUT_OTHER_METHODS",
        "card:Card|de=Karte|fr=Carte bancaire,paypal:PayPal",
    )]))
    .unwrap();
    let de: Vec<String> = s
        .other_methods
        .iter()
        .map(|m| m.for_locale("de-DE").label)
        .collect();
    assert_eq!(de, ["Karte", "PayPal"]);
    assert_eq!(
        s.other_methods[0].for_locale("fr-BE").label,
        "Carte bancaire"
    );
    assert_eq!(s.other_methods[0].for_locale("sv-SE").label, "Card");
    // The default card is labelled in every language of Klarna's markets.
    let default = Settings::from_env(&env(&[])).unwrap();
    assert_eq!(default.other_methods[0].for_locale("de-AT").label, "Karte");
    assert_eq!(default.other_methods[0].for_locale("nb-NO").label, "Kort");
    for bad in [
        "card:Card|de",
        "card:Card|=Karte",
        "card:Card|de=",
        "card:Card|de=a\u{202E}b",
    ] {
        let e = err(&[("CHECKOUT_OTHER_METHODS", bad)]);
        assert!(
            e.starts_with("CHECKOUT_OTHER_METHODS:") && e.contains("card"),
            "{bad}: {e}"
        );
    }
}

#[test]
fn the_binary_reports_a_bad_setting_in_one_line_and_exits_2() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_checkout-server"))
        .env_clear()
        .env("KLARNA_MODE", "prod")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        r#"KLARNA_MODE: expected sandbox, test or live, got "prod""#
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn time_limits_have_defaults_and_named_ranges() {
    let s = Settings::from_env(&env(&[])).unwrap();
    assert_eq!(
        (s.klarna.sdk_timeout_ms, s.client_timeout_ms),
        (10_000, 15_000)
    );
    let s = Settings::from_env(&env(&[
        ("KLARNA_SDK_TIMEOUT_MS", "1500"),
        ("CHECKOUT_CLIENT_TIMEOUT_MS", "2000"),
    ]))
    .unwrap();
    assert_eq!((s.klarna.sdk_timeout_ms, s.client_timeout_ms), (1500, 2000));
    assert_eq!(
        err(&[("KLARNA_SDK_TIMEOUT_MS", "99")]),
        "KLARNA_SDK_TIMEOUT_MS: expected milliseconds from 500 to 60000, got \"99\""
    );
    assert!(err(&[("CHECKOUT_CLIENT_TIMEOUT_MS", "soon")])
        .starts_with("CHECKOUT_CLIENT_TIMEOUT_MS: expected milliseconds from 500 to 120000"));
}
