//! Settings that used to be accepted silently though they could not work
//! (an outside tester of operations): each now stops the server at start
//! with one line naming the variable.

mod common;

use checkout_server::settings::Settings;
use common::{env, settings_err as err, LIVE};

/// The outside tester's key lists: a secret shared by two merchants, a key id
/// listed twice, a 1-character signing secret. Errors name the variable and
/// the ids, never a secret.
#[test]
fn ambiguous_or_weak_key_lists_are_refused() {
    let e = err(&[("CHECKOUT_MERCHANT_KEYS", "m1:samesecret1,m2:samesecret1")]);
    assert!(e.starts_with("CHECKOUT_MERCHANT_KEYS: "), "{e}");
    assert!(
        e.contains("\"m1\"") && e.contains("\"m2\"") && !e.contains("samesecret1"),
        "{e}"
    );
    let signing = "KLARNA_WEBHOOK_SIGNING_KEYS";
    let e = err(&[(signing, "k:secretone_0123456789,k:secrettwo_0123456789")]);
    assert!(e.starts_with("KLARNA_WEBHOOK_SIGNING_KEYS: "), "{e}");
    assert!(
        e.contains("\"k\" is listed twice") && !e.contains("secretone"),
        "{e}"
    );
    // Live, a short signing secret is refused; sandbox and test mode take it, as the public contract always did.
    let live = LIVE;
    let with = |v: &'static str| [live.as_slice(), &[(signing, v)]].concat();
    let e = err(&with("k:a"));
    assert!(
        e.starts_with("KLARNA_WEBHOOK_SIGNING_KEYS: expected secrets of at least 16"),
        "{e}"
    );
    assert!(!e.contains(":a\""), "{e}");
    assert!(err(&with("k:fifteen_chars__")).starts_with(signing));
    let s = Settings::from_env(&env(&with("k:sixteen_chars__x"))).unwrap();
    assert_eq!(s.webhook_keys.len(), 1);
    let s = Settings::from_env(&env(&[(signing, "k:a")])).unwrap();
    assert_eq!(s.webhook_keys.len(), 1, "sandbox takes a short secret");
    let admin = "CHECKOUT_ADMIN_KEYS";
    let e = err(&[(admin, "a:same_admin_secret_1,b:same_admin_secret_1")]);
    assert!(
        e.starts_with("CHECKOUT_ADMIN_KEYS: ") && !e.contains("same_admin"),
        "{e}"
    );
}

/// Runs the binary with only `pairs` set; returns its exit code (`None` if it
/// was still running after 20 s, i.e. it started) and its stderr.
fn run_binary(pairs: &[(&str, &std::ffi::OsStr)]) -> (Option<i32>, String) {
    use std::io::Read;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_checkout-server"));
    cmd.env_clear()
        .env("CHECKOUT_METRICS_ADDR", "off")
        .env("CHECKOUT_ADDR", "127.0.0.1:0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    for (k, v) in pairs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let started = std::time::Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (code, stderr.trim().to_string())
}

/// The outside tester's silent settings: a www directory without the hosted
/// page (every /hpp/{id} answered 500) and a RUST_LOG that does not parse
/// (logged at info). Each stops the binary with one line and exit 2.
#[test]
fn the_binary_refuses_a_www_dir_without_the_hosted_page_and_a_bad_rust_log() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let empty = dir.path().join("www-empty");
    std::fs::create_dir_all(&empty).unwrap();
    let missing = dir.path().join("nonexistent");
    for (www, what) in [(&missing, "not a directory"), (&empty, "no hpp.html")] {
        let (code, stderr) = run_binary(&[
            ("CHECKOUT_DATA_DIR", data.as_os_str()),
            ("CHECKOUT_WWW_DIR", www.as_os_str()),
        ]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.starts_with("CHECKOUT_WWW_DIR: expected the built web assets (hpp.html)"),
            "{stderr}"
        );
        assert!(stderr.contains(what) && !stderr.contains('\n'), "{stderr}");
    }
    let (code, stderr) = run_binary(&[
        ("CHECKOUT_DATA_DIR", data.as_os_str()),
        ("RUST_LOG", "[[[=x".as_ref()),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with("RUST_LOG: expected a level or filter directives"),
        "{stderr}"
    );
    assert!(!stderr.contains('\n'), "{stderr}");
}

#[test]
fn rust_log_values() {
    use checkout_server::ops::telemetry::log_filter;
    for ok in [
        None,
        Some(""),
        Some("info"),
        Some("warn,checkout_server=debug"),
        Some("off"),
    ] {
        assert!(log_filter(ok.map(String::from)).is_ok(), "{ok:?}");
    }
    for bad in ["[[[=x", "checkout_server=loud"] {
        let e = log_filter(Some(bad.into())).unwrap_err();
        assert!(e.starts_with("RUST_LOG: "), "{e}");
    }
}

/// Live mode sends the live API key to KLARNA_API_BASE and loads the SDK and
/// the identity keys from their URLs: plain http is refused. Test mode keeps
/// taking http (the tests point it at a local mock).
#[test]
fn live_mode_requires_https_for_klarna_urls() {
    let live = LIVE;
    for var in [
        "KLARNA_API_BASE",
        "KLARNA_SDK_URL",
        "KLARNA_IDENTITY_ISSUER",
    ] {
        let mut pairs = live.to_vec();
        pairs.push((var, "http://api.klarna.example"));
        let e = err(&pairs);
        assert!(
            e.starts_with(&format!(
                "{var}: expected an https URL with KLARNA_MODE=live"
            )),
            "{e}"
        );
        assert!(!e.contains("secretvalue"), "{e}");
        pairs.pop();
        pairs.push((var, "https://api.klarna.example"));
        Settings::from_env(&env(&pairs)).unwrap();
    }
    let mut test = live.to_vec();
    test[0] = ("KLARNA_MODE", "test");
    test.push(("KLARNA_API_BASE", "http://127.0.0.1:9"));
    assert_eq!(
        Settings::from_env(&env(&test)).unwrap().klarna.api_base,
        "http://127.0.0.1:9"
    );
}

/// In live mode hosted_url must not default to http://127.0.0.1:8787; test
/// mode keeps the public contract's default (local setups against a mock).
#[test]
fn public_url_is_required_in_live_mode() {
    let pairs = [
        ("KLARNA_MODE", "live"),
        ("CHECKOUT_MERCHANT_KEYS", "m1:sk_live_0123456789"),
        ("KLARNA_API_KEY", "klarna_api_x"),
        ("KLARNA_CLIENT_ID", "klarna_client_x"),
        ("KLARNA_PARTNER_ACCOUNT_ID", "krn:partner:eu1:account:1"),
    ];
    let e = err(&pairs);
    assert!(e.starts_with("CHECKOUT_PUBLIC_URL: missing"), "{e}");
    let mut test = pairs.to_vec();
    test[0] = ("KLARNA_MODE", "test");
    let s = Settings::from_env(&env(&test)).unwrap();
    assert_eq!(s.public_url, "http://127.0.0.1:8787");
}
