//! More settings that were taken though they could not be right (outside
//! testers): each stops the server at start with one line naming the variable.

mod common;

use checkout_server::settings::Settings;
use common::{env, settings_err as err, LIVE};

/// An operator key with a merchant's secret would give that merchant the
/// operator API. The error names both ids, never the secret.
#[test]
fn an_admin_key_sharing_a_merchants_secret_is_refused() {
    let e = err(&[
        (
            "CHECKOUT_MERCHANT_KEYS",
            "m1:shared_secret_0123,m2:other_secret_0123",
        ),
        (
            "CHECKOUT_ADMIN_KEYS",
            "ops:admin_secret_0123456,x:shared_secret_0123",
        ),
    ]);
    assert!(e.starts_with("CHECKOUT_ADMIN_KEYS: "), "{e}");
    assert!(e.contains("\"x\"") && e.contains("\"m1\""), "{e}");
    assert!(!e.contains("shared_secret"), "{e}");
    // Secrets of their own are taken.
    let s = Settings::from_env(&env(&[
        ("CHECKOUT_MERCHANT_KEYS", "m1:shared_secret_0123"),
        ("CHECKOUT_ADMIN_KEYS", "ops:admin_secret_0123456"),
    ]))
    .unwrap();
    assert_eq!(s.operator.admin_keys.len(), 1);
}

/// Docs: 1 to 255 characters. Set but empty is refused, not read as unset.
#[test]
fn an_empty_payment_account_id_is_refused() {
    for v in ["", "   "] {
        let e = err(&[("KLARNA_PAYMENT_ACCOUNT_ID", v)]);
        assert!(
            e.starts_with("KLARNA_PAYMENT_ACCOUNT_ID: expected Klarna's payment account id"),
            "{e}"
        );
    }
    let s = Settings::from_env(&env(&[])).unwrap();
    assert_eq!(s.klarna.payment_account_id, None, "unset: none");
    let s = Settings::from_env(&env(&[("KLARNA_PAYMENT_ACCOUNT_ID", " pacc_1 ")])).unwrap();
    assert_eq!(s.klarna.payment_account_id.as_deref(), Some("pacc_1"));
}

/// Live, shoppers reach the hosted page through CHECKOUT_PUBLIC_URL: http
/// is refused. Outside live a loopback http URL stays fine.
#[test]
fn live_mode_requires_an_https_public_url() {
    for url in ["http://pay.example", "http://127.0.0.1:8787"] {
        let mut pairs = LIVE.to_vec();
        pairs[5] = ("CHECKOUT_PUBLIC_URL", url);
        let e = err(&pairs);
        assert!(
            e.starts_with("CHECKOUT_PUBLIC_URL: expected an https URL with KLARNA_MODE=live"),
            "{e}"
        );
        assert!(!e.contains("secretvalue"), "{e}");
    }
    let s = Settings::from_env(&env(&LIVE)).unwrap();
    assert_eq!(s.public_url, "https://pay.example");
    let mut test = LIVE.to_vec();
    test[0] = ("KLARNA_MODE", "test");
    test[5] = ("CHECKOUT_PUBLIC_URL", "http://127.0.0.1:8787");
    let s = Settings::from_env(&env(&test)).unwrap();
    assert_eq!(s.public_url, "http://127.0.0.1:8787");
    let sandbox = [("CHECKOUT_PUBLIC_URL", "http://localhost:8787")];
    Settings::from_env(&env(&sandbox)).unwrap();
}
