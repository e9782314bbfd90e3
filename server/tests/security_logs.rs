//! No secret ever reaches the logs: every tracing event of the process, at
//! every level and from every crate, is captured into a buffer while a full
//! flow runs over a real listener (create with a token and network data,
//! config with the SDK-token exchange, authorize, result, a step-up journey
//! with the sandbox's own webhook delivery, a signed webhook, a confirmation,
//! and some refused requests); then none of the secrets may appear in it.

mod common;
#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use base64::Engine;
use common::*;
use serde_json::{json, Value};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

#[derive(Clone)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The process-wide capture (installed once; every test in this binary shares it).
fn captured() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUF: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUF.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = Buf(buf.clone());
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        buf
    })
}

fn log_text() -> String {
    String::from_utf8_lossy(&captured().lock().unwrap()).into_owned()
}

const NETWORK_TOKEN: &str = "krn:sandbox:eu1:session-token:PRESELECT_KLARNA:nst-4f1c9a7e5d3b";
const NETWORK_DATA: &str = r#"{"network_data_secret":"nd-8e2a61c4b9"}"#;
const CONFIRMATION_TOKEN: &str = "sandbox_pct_7d1e0c94a2f65b38";

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn go(
        &self,
        method: &str,
        path: &str,
        bearer: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> (u16, Value) {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut rb = self.http.request(m, format!("{}{path}", self.base));
        if let Some(b) = bearer {
            rb = rb.bearer_auth(b);
        }
        if let Some(b) = body {
            rb = rb.json(b);
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        let res = rb.send().await.expect("request");
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_appears_in_the_logs_through_a_full_flow() {
    captured();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(&dir, &[("CHECKOUT_PUBLIC_URL", &base)]);
    let state = checkout_server::AppState::new(s.clone(), open_store(&s)).unwrap();
    let service = checkout_server::app(state.clone())
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    // Webhooks are handled by the job runner, whose logs are captured too.
    let _runner = checkout_server::jobs::Runner::spawn(state.clone());
    let c = Client {
        http: reqwest::Client::new(),
        base,
    };
    let mut secrets: Vec<(String, String)> = vec![
        ("merchant secret A".into(), KEY_A.into()),
        ("merchant secret B".into(), KEY_B.into()),
        ("webhook signing secret".into(), SIGNING_SECRET.into()),
        ("network session token".into(), NETWORK_TOKEN.into()),
        ("network data".into(), NETWORK_DATA.into()),
        ("network data value".into(), "nd-8e2a61c4b9".into()),
        (
            "payment confirmation token".into(),
            CONFIRMATION_TOKEN.into(),
        ),
    ];

    // 1. An approving shopper with a token and network data.
    let mut body = session_body("customer+de@klarna.com");
    body["klarna_network_session_token"] = json!(NETWORK_TOKEN);
    body["klarna_network_data"] = json!(NETWORK_DATA);
    let (st, created) = c
        .go("POST", "/v1/sessions", Some(KEY_A), Some(&body), &[])
        .await;
    assert_eq!(st, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let cs = created["client_secret"].as_str().unwrap().to_string();
    secrets.push(("client secret".into(), cs.clone()));
    secrets.push((
        "hosted url".into(),
        created["hosted_url"].as_str().unwrap().into(),
    ));
    let (st, config) = c
        .go(
            "GET",
            &format!("/v1/sessions/{id}/config"),
            Some(&cs),
            None,
            &[],
        )
        .await;
    assert_eq!(st, 200);
    let sdk_token = config["klarna"]["sdk_token"].as_str().unwrap().to_string();
    secrets.push(("sdk token".into(), sdk_token.clone()));
    let (st, auth) = c
        .go(
            "POST",
            &format!("/v1/sessions/{id}/klarna/authorize"),
            Some(&cs),
            Some(&json!({"klarna_network_session_token": NETWORK_TOKEN})),
            &[("idempotency-key", "auth-1")],
        )
        .await;
    assert_eq!((st, auth["result"].as_str()), (200, Some("APPROVED")));
    let txn = auth["payment_transaction_id"].as_str().unwrap();
    let (st, _) = c
        .go(
            "POST",
            &format!("/v1/sessions/{id}/result"),
            Some(&cs),
            Some(&json!({"outcome": "authorized", "payment_transaction_id": txn})),
            &[("idempotency-key", "res-1")],
        )
        .await;
    assert_eq!(st, 200);
    // Refused requests log too: wrong secrets, another merchant, bad bodies.
    c.go(
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(KEY_B),
        None,
        &[],
    )
    .await;
    c.go("GET", &format!("/v1/sessions/{id}"), Some(KEY_B), None, &[])
        .await;
    let mut bad = body.clone();
    bad["amount"] = json!("eleven");
    c.go("POST", "/v1/sessions", Some(KEY_A), Some(&bad), &[])
        .await;

    // 2. A step-up shopper: journey, the sandbox's own signed webhook, result.
    let (st, created) = c
        .go(
            "POST",
            "/v1/sessions",
            Some(KEY_A),
            Some(&session_body("customer+de+stepup@klarna.com")),
            &[],
        )
        .await;
    assert_eq!(st, 201);
    let id2 = created["id"].as_str().unwrap().to_string();
    let cs2 = created["client_secret"].as_str().unwrap().to_string();
    secrets.push(("client secret 2".into(), cs2.clone()));
    let (_, auth) = c
        .go(
            "POST",
            &format!("/v1/sessions/{id2}/klarna/authorize"),
            Some(&cs2),
            Some(&json!({})),
            &[],
        )
        .await;
    let pr = auth["payment_request_id"].as_str().unwrap().to_string();
    let (st, done) = c
        .go(
            "POST",
            &format!("/sandbox/klarna/payment-requests/{pr}/complete"),
            Some(&cs2),
            Some(&json!({})),
            &[],
        )
        .await;
    assert_eq!(st, 200);
    let completed = done["klarna_network_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    secrets.push(("completed network token".into(), completed.clone()));
    // The sandbox delivers its webhook in the background; wait for it.
    let mut state_now = Value::Null;
    for _ in 0..100 {
        let (_, v) = c
            .go(
                "GET",
                &format!("/v1/sessions/{id2}"),
                Some(KEY_A),
                None,
                &[],
            )
            .await;
        state_now = v["state"].clone();
        if state_now == "authorized" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(state_now, "authorized");
    let (st, _) = c
        .go(
            "POST",
            &format!("/v1/sessions/{id2}/result"),
            Some(&cs2),
            Some(&json!({"outcome": "authorized", "payment_request_id": pr,
                         "klarna_network_session_token": completed})),
            &[("idempotency-key", "res-2")],
        )
        .await;
    assert_eq!(st, 200);

    // 3. A webhook signed with the configured key, and one with a bad signature.
    let envelope = checkout_server::webhook::completed_envelope(&pr, &id2, &completed);
    let raw = envelope.to_string();
    let sig = checkout_server::webhook::sign(SIGNING_SECRET, raw.as_bytes());
    let post = |sig: String| {
        c.http
            .post(format!("{}/v1/webhooks/klarna", c.base))
            .header("content-type", "application/json")
            .header("klarna-signing-key-id", SIGNING_KEY_ID)
            .header("klarna-signature", sig)
            .body(raw.clone())
            .send()
    };
    assert_eq!(post(sig.clone()).await.unwrap().status(), 200);
    assert_eq!(post("00".repeat(32)).await.unwrap().status(), 400);

    // 4. A confirmation of a pending payment.
    let (_, created) = c
        .go(
            "POST",
            "/v1/sessions",
            Some(KEY_A),
            Some(&session_body("customer+de@klarna.com")),
            &[],
        )
        .await;
    let id3 = created["id"].as_str().unwrap().to_string();
    let cs3 = created["client_secret"].as_str().unwrap().to_string();
    secrets.push(("client secret 3".into(), cs3.clone()));
    let (st, v) = c
        .go(
            "POST",
            &format!("/v1/sessions/{id3}/klarna/confirm"),
            Some(&cs3),
            Some(&json!({"payment_confirmation_token": CONFIRMATION_TOKEN})),
            &[],
        )
        .await;
    assert_eq!((st, v["result"].as_str()), (200, Some("APPROVED")), "{v}");

    let logs = log_text();
    for needle in [
        "session created",
        "webhook handled",
        "session state changed",
    ] {
        assert!(logs.contains(needle), "the capture works: {needle}");
    }
    assert!(logs.contains(&id), "ids may be logged");
    for (what, secret) in &secrets {
        assert!(
            !logs.contains(secret.as_str()),
            "the {what} appears in the logs:\n{}",
            logs.lines()
                .filter(|l| l.contains(secret.as_str()))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // The SHA-256 the store keeps of a client secret is no secret, but the
    // secret's random part must not leak in any other form either.
    assert!(!logs.contains(&cs["hcs_secret_".len()..]));
}

#[tokio::test]
async fn each_injected_fault_is_logged_at_info() {
    captured();
    let t = app_with(&[
        ("CHECKOUT_FAULTS", "rate=1,kinds=5xx"),
        ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
    ]);
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let a = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(a.status.as_u16(), 503);
    let logs = log_text();
    let line = logs
        .lines()
        .find(|l| l.contains("fault injected") && l.contains(&format!("/v1/sessions/{id}/config")))
        .unwrap_or_else(|| panic!("no fault line in:\n{logs}"));
    assert!(
        line.contains("INFO") && line.contains("fault=\"5xx\""),
        "{line}"
    );
    assert!(!line.contains(&secret));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_appears_in_the_logs_in_test_mode_with_the_real_client() {
    captured();
    let (m, mock_base) = klarna_mock::mock().await;
    let sdk_token = "sdk-token-secret-5a1f";
    let mut answer = klarna_mock::approved();
    answer["sdk_token"] = json!(sdk_token);
    m.answer(200, answer);
    let api_key = "klarna_test_api_c2VjcmV0LWtleQ";
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(
        &dir,
        &[
            ("CHECKOUT_PUBLIC_URL", &base),
            ("KLARNA_MODE", "test"),
            ("KLARNA_API_BASE", &mock_base),
            ("KLARNA_API_KEY", api_key),
            ("KLARNA_CLIENT_ID", "klarna_test_client_x"),
            ("KLARNA_PARTNER_ACCOUNT_ID", "PA9"),
        ],
    );
    let state = checkout_server::AppState::new(s.clone(), open_store(&s)).unwrap();
    let service =
        checkout_server::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    let c = Client {
        http: reqwest::Client::new(),
        base,
    };
    let token = "krn:network:eu1:test:session-token:nst-test-91be";
    let mut body = session_body("customer+de@klarna.com");
    body["klarna_network_session_token"] = json!(token);
    body["klarna_network_data"] = json!(NETWORK_DATA);
    let (st, created) = c
        .go("POST", "/v1/sessions", Some(KEY_A), Some(&body), &[])
        .await;
    assert_eq!(st, 201);
    let id = created["id"].as_str().unwrap().to_string();
    let cs = created["client_secret"].as_str().unwrap().to_string();
    let (st, config) = c
        .go(
            "GET",
            &format!("/v1/sessions/{id}/config"),
            Some(&cs),
            None,
            &[],
        )
        .await;
    assert_eq!(
        (st, config["klarna"]["sdk_token"].as_str()),
        (200, Some(sdk_token))
    );
    let (st, _) = c
        .go(
            "GET",
            &format!("/v1/sessions/{id}/klarna/presentation"),
            Some(&cs),
            None,
            &[],
        )
        .await;
    assert_eq!(st, 502, "the mock's answer has no instruction");
    let (st, v) = c
        .go(
            "POST",
            &format!("/v1/sessions/{id}/klarna/confirm"),
            Some(&cs),
            Some(&json!({"payment_confirmation_token": CONFIRMATION_TOKEN})),
            &[],
        )
        .await;
    assert_eq!((st, v["result"].as_str()), (200, Some("APPROVED")), "{v}");
    assert!(
        m.last().path.contains(CONFIRMATION_TOKEN),
        "the token went into Klarna's URL"
    );
    // Klarna failing is logged, still without secrets.
    let (_, created) = c
        .go("POST", "/v1/sessions", Some(KEY_A), Some(&body), &[])
        .await;
    let (id2, cs2) = (
        created["id"].as_str().unwrap().to_string(),
        created["client_secret"].as_str().unwrap().to_string(),
    );
    m.answer(503, json!({}));
    let (st, _) = c
        .go(
            "POST",
            &format!("/v1/sessions/{id2}/klarna/authorize"),
            Some(&cs2),
            Some(&json!({})),
            &[],
        )
        .await;
    assert_eq!(st, 502);

    let logs = log_text();
    assert!(logs.contains("Klarna call failed"), "the capture works");
    let basic = base64::engine::general_purpose::STANDARD.encode(api_key);
    for (what, secret) in [
        ("Klarna API key", api_key),
        ("Klarna API key (base64)", basic.as_str()),
        ("merchant secret", KEY_A),
        ("client secret", cs.as_str()),
        ("client secret 2", cs2.as_str()),
        ("network session token", token),
        ("network data", NETWORK_DATA),
        ("sdk token", sdk_token),
        ("payment confirmation token", CONFIRMATION_TOKEN),
    ] {
        assert!(
            !logs.contains(secret),
            "the {what} appears in the logs:\n{}",
            logs.lines()
                .filter(|l| l.contains(secret))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
