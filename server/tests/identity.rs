//! Sign in with Klarna on the server: the sandbox's identity provider signs
//! id tokens with its published key, and `POST /v1/identity/verify` trusts a
//! token only with a matching signature, issuer, audience and expiry; forged,
//! tampered, expired and misaddressed tokens are refused with the reason.

mod common;

use async_trait::async_trait;
use axum::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use checkout_server::identity::{verify, IdentityError, KeySource};
use checkout_server::sandbox::SandboxIssuer;
use checkout_server::settings::SANDBOX_CLIENT_ID;
use common::*;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use ring::signature::KeyPair;
use serde_json::{json, Value};

const ISSUER: &str = "http://127.0.0.1:9/sandbox/klarna/identity";

async fn sign_in(app: &axum::Router, client_id: &str, email: &str) -> Answer {
    let body = json!({"client_id": client_id, "scope": "openid offline_access profile:name profile:email",
        "email": email, "redirect_uri": "https://shop.example/login"});
    call(
        app,
        "POST",
        "/sandbox/klarna/identity/sign-in",
        None,
        Some(body),
    )
    .await
}

async fn verify_call(app: &axum::Router, token: &str) -> Answer {
    call(
        app,
        "POST",
        "/v1/identity/verify",
        Some(KEY_A),
        Some(json!({"id_token": token})),
    )
    .await
}

/// The reason the verify endpoint gives for refusing `token`.
async fn refusal(app: &axum::Router, token: &str) -> String {
    let a = verify_call(app, token).await;
    assert_eq!(
        a.status,
        StatusCode::BAD_REQUEST,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    assert_eq!(a.field_paths(), vec!["id_token"]);
    a.json()["error"]["fields"][0]["reason"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Signs `claims` as EdDSA with `seed`, naming `kid`.
fn sign_ed25519(seed: [u8; 32], kid: &str, claims: &Value) -> String {
    let mut der = hex::decode("302e020100300506032b657004220420").unwrap();
    der.extend_from_slice(&seed);
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.to_string());
    encode(&header, claims, &EncodingKey::from_ed_der(&der)).unwrap()
}

fn claims(aud: &str, exp_in: i64) -> Value {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    json!({"iss": ISSUER, "aud": aud, "sub": "sandbox-1", "iat": now, "exp": now + exp_in, "email": "customer+gb@klarna.com"})
}

#[tokio::test]
async fn a_sandbox_sign_in_verifies_with_the_profile_its_scopes_release() {
    let t = sandbox_app();
    let a = sign_in(&t.app, SANDBOX_CLIENT_ID, "customer+gb@klarna.com").await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let s = a.json();
    assert!(s["klarna_network_session_token"]
        .as_str()
        .unwrap()
        .starts_with("krn:"));
    assert!(s["refresh_token"].as_str().is_some());
    assert_eq!(s["profile"]["given_name"], "Testperson-gb");
    assert!(
        s["profile"].get("phone").is_none(),
        "profile:phone was not asked for"
    );

    let v = verify_call(&t.app, s["id_token"].as_str().unwrap()).await;
    assert_eq!(
        v.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&v.bytes)
    );
    let v = v.json();
    assert_eq!(v["verified"], true);
    assert_eq!(v["subject"], s["profile"]["sub"]);
    assert_eq!(
        (v["issuer"].as_str(), v["audience"].as_str()),
        (Some(ISSUER), Some(SANDBOX_CLIENT_ID))
    );
    assert_eq!(v["profile"]["email"], "customer+gb@klarna.com");
    assert_eq!(v["claims"]["email_verified"], true);
    // The same shopper gets the same subject the next time.
    let again = sign_in(&t.app, SANDBOX_CLIENT_ID, "Customer+GB@klarna.com")
        .await
        .json();
    assert_eq!(again["profile"]["sub"], s["profile"]["sub"]);
}

#[tokio::test]
async fn forged_and_tampered_tokens_are_refused() {
    let t = sandbox_app();
    let genuine = sign_in(&t.app, SANDBOX_CLIENT_ID, "customer+gb@klarna.com")
        .await
        .json();
    let token = genuine["id_token"].as_str().unwrap();
    let kid = jsonwebtoken::decode_header(token).unwrap().kid.unwrap();

    // Signed by another key that claims to be the published one.
    let forged = sign_ed25519([7; 32], &kid, &claims(SANDBOX_CLIENT_ID, 600));
    assert!(refusal(&t.app, &forged)
        .await
        .contains("signature does not match"));
    // The genuine signature over a changed payload.
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["email"] = json!("someone.else@example.com");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        parts[2]
    );
    assert!(refusal(&t.app, &tampered)
        .await
        .contains("signature does not match"));
    // No signature at all, and a shared-secret algorithm keyed with public data.
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"x"}"#),
        parts[1]
    );
    assert!(refusal(&t.app, &none).await.contains("algorithm"));
    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some(kid.clone());
    let hs = encode(
        &hs,
        &claims(SANDBOX_CLIENT_ID, 600),
        &EncodingKey::from_secret(kid.as_bytes()),
    )
    .unwrap();
    assert!(refusal(&t.app, &hs).await.contains("HS256 is not accepted"));
    // A key the issuer does not publish, and no key named at all.
    let stranger = sign_ed25519(
        [7; 32],
        "someone-elses-key",
        &claims(SANDBOX_CLIENT_ID, 600),
    );
    assert!(refusal(&t.app, &stranger)
        .await
        .contains("does not publish"));
    let mut no_kid: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    no_kid.as_object_mut().unwrap().remove("kid");
    let no_kid = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(no_kid.to_string()),
        parts[1],
        parts[2]
    );
    assert!(refusal(&t.app, &no_kid).await.contains("names no key"));
    assert!(refusal(&t.app, "not.a.jwt").await.contains("not a JWT"));
    // A genuine token with a segment more is no JWT; a header naming its
    // algorithm twice is unreadable. Neither is "EdDSA is not accepted".
    let extra = refusal(&t.app, &format!("{token}.x")).await;
    assert!(extra.contains("not a JWT"), "{extra}");
    let twice = r#"{"alg":"none","alg":"EdDSA","kid":"k"}"#;
    let twice = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(twice),
        parts[1],
        parts[2]
    );
    let twice = refusal(&t.app, &twice).await;
    assert!(twice.contains("its header can't be read"), "{twice}");
    assert!(!twice.contains("is not accepted"), "{twice}");
}

#[tokio::test]
async fn expired_misaddressed_and_foreign_tokens_are_refused() {
    let t = sandbox_app();
    let issuer = SandboxIssuer::load(t.state.store.as_ref(), ISSUER)
        .await
        .unwrap();
    let expired = issuer.sign(&claims(SANDBOX_CLIENT_ID, -3600)).unwrap();
    assert!(refusal(&t.app, &expired).await.contains("expired"));
    // Another merchant's client id: a token meant for someone else.
    let other = sign_in(
        &t.app,
        "klarna_test_client_other_shop",
        "customer+gb@klarna.com",
    )
    .await
    .json();
    assert!(refusal(&t.app, other["id_token"].as_str().unwrap())
        .await
        .contains("issued for another client"));
    // The right key, but not Klarna's issuer.
    let mut c = claims(SANDBOX_CLIENT_ID, 600);
    c["iss"] = json!("https://login.evil.example");
    assert!(refusal(&t.app, &issuer.sign(&c).unwrap())
        .await
        .contains("not issued by"));
    // No subject.
    let mut c = claims(SANDBOX_CLIENT_ID, 600);
    c.as_object_mut().unwrap().remove("sub");
    assert!(refusal(&t.app, &issuer.sign(&c).unwrap())
        .await
        .contains("sub"));
    // Only merchants may ask.
    let body = Some(json!({"id_token": expired}));
    assert_eq!(
        call(&t.app, "POST", "/v1/identity/verify", None, body)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let a = call(
        &t.app,
        "POST",
        "/v1/identity/verify",
        Some(KEY_A),
        Some(json!({"token": "x"})),
    )
    .await;
    assert_eq!(a.field_paths(), vec!["id_token", "token"]);
}

#[tokio::test]
async fn the_sandbox_publishes_its_key_and_refuses_bad_sign_ins() {
    let t = sandbox_app();
    let jwks = call(
        &t.app,
        "GET",
        "/sandbox/klarna/identity/jwks.json",
        None,
        None,
    )
    .await
    .json();
    let key = &jwks["keys"][0];
    assert_eq!(
        (
            key["kty"].as_str(),
            key["crv"].as_str(),
            key["alg"].as_str()
        ),
        (Some("OKP"), Some("Ed25519"), Some("EdDSA"))
    );
    let token = sign_in(&t.app, SANDBOX_CLIENT_ID, "customer+de@klarna.com")
        .await
        .json()["id_token"]
        .clone();
    assert_eq!(
        jsonwebtoken::decode_header(token.as_str().unwrap())
            .unwrap()
            .kid
            .as_deref(),
        key["kid"].as_str()
    );
    let d = call(
        &t.app,
        "GET",
        "/sandbox/klarna/identity/.well-known/openid-configuration",
        None,
        None,
    )
    .await
    .json();
    assert_eq!(d["issuer"], ISSUER);
    assert_eq!(d["jwks_uri"], format!("{ISSUER}/jwks.json"));

    assert_eq!(
        sign_in(&t.app, SANDBOX_CLIENT_ID, "customer+gb+denied@klarna.com")
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        sign_in(&t.app, SANDBOX_CLIENT_ID, "customer+gb+error@klarna.com")
            .await
            .status,
        StatusCode::BAD_GATEWAY
    );
    let bad = json!({"client_id": "c", "scope": "profile:name profile:shoe_size", "email": "nobody", "x": 1});
    let a = call(
        &t.app,
        "POST",
        "/sandbox/klarna/identity/sign-in",
        None,
        Some(bad),
    )
    .await;
    assert_eq!(a.field_paths(), vec!["scope", "email", "x"]);
}

/// A key source holding one fixed key set (another identity provider).
struct Fixed(JwkSet);

#[async_trait]
impl KeySource for Fixed {
    async fn keys(&self, _refresh: bool) -> Result<JwkSet, IdentityError> {
        Ok(self.0.clone())
    }
}

#[tokio::test]
async fn an_es256_token_verifies_against_an_ec_key_as_well() {
    // Klarna's production keys need not be Ed25519: the same verification takes EC (and RSA) keys.
    let rng = ring::rand::SystemRandom::new();
    let alg = &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING;
    let pkcs8 = ring::signature::EcdsaKeyPair::generate_pkcs8(alg, &rng).unwrap();
    let pair = ring::signature::EcdsaKeyPair::from_pkcs8(alg, pkcs8.as_ref(), &rng).unwrap();
    let point = pair.public_key().as_ref(); // 0x04 || x || y
    let jwk = json!({"keys": [{"kty": "EC", "crv": "P-256", "kid": "ec-1", "alg": "ES256", "use": "sig",
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65])}]});
    let source = Fixed(serde_json::from_value(jwk).unwrap());
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some("ec-1".into());
    let token = encode(
        &header,
        &claims("aud-1", 600),
        &EncodingKey::from_ec_der(pkcs8.as_ref()),
    )
    .unwrap();
    let v = verify(&token, &source, ISSUER, "aud-1").await.unwrap();
    assert_eq!(v.subject, "sandbox-1");
    let forged = sign_ed25519([9; 32], "ec-1", &claims("aud-1", 600));
    assert!(matches!(
        verify(&forged, &source, ISSUER, "aud-1").await,
        Err(IdentityError::Rejected(_))
    ));
}

#[tokio::test]
async fn a_test_mode_server_finds_the_keys_through_openid_discovery() {
    // A sandbox server on a real port plays Klarna's identity provider ...
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(&dir, &[("CHECKOUT_PUBLIC_URL", &base)]);
    let store = open_store(&s);
    let provider = checkout_server::app(checkout_server::AppState::new(s, store).unwrap());
    let service = provider
        .clone()
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    let token = sign_in(
        &provider,
        "klarna_test_client_shop",
        "customer+gb@klarna.com",
    )
    .await
    .json()["id_token"]
        .as_str()
        .unwrap()
        .to_string();

    // ... and a server in test mode verifies through discovery and the published JWK set.
    let issuer = format!("{base}/sandbox/klarna/identity");
    let t = app_with(&[
        ("KLARNA_MODE", "test"),
        ("KLARNA_API_KEY", "user:pass"),
        ("KLARNA_CLIENT_ID", "klarna_test_client_shop"),
        ("KLARNA_PARTNER_ACCOUNT_ID", "PA1"),
        ("KLARNA_WEBHOOK_SIGNING_KEYS", "k1:whsec_test_secret"),
        ("KLARNA_IDENTITY_ISSUER", &issuer),
    ]);
    let v = verify_call(&t.app, &token).await;
    assert_eq!(
        v.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&v.bytes)
    );
    assert_eq!(v.json()["profile"]["given_name"], "Testperson-gb");
    let forged = sign_ed25519(
        [3; 32],
        &jsonwebtoken::decode_header(&token).unwrap().kid.unwrap(),
        &claims("klarna_test_client_shop", 60),
    );
    assert!(refusal(&t.app, &forged).await.contains("signature"));
}
