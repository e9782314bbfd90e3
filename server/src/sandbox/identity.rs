//! The sandbox's Sign in with Klarna issuer: an Ed25519 key derived from a
//! seed kept in the store (so every instance on the database signs with the
//! same key), its discovery document and JWK set, and the id tokens of the
//! emulated sign-in journey, with claims by the requested scopes
//! (`docs/sandbox.md`, "Sign in with Klarna").

use super::klarna::{persona, Persona};
use crate::error::AppError;
use crate::identity::IdentityError;
use crate::store::{Store, StoreError};
use crate::{clock, ids};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use checkout_core::fields::{is_http_url, Fields};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde_json::{json, Map, Value};

/// Name of the seed in the store's shared values.
const SEED_NAME: &str = "sandbox_identity_seed";
/// Life of a sandbox id token, seconds.
pub const TOKEN_LIFE_SECONDS: i64 = 3600;
/// Scopes the sandbox's identity button accepts.
pub const SCOPES: &[&str] = &[
    "openid",
    "offline_access",
    "profile:name",
    "profile:email",
    "profile:phone",
    "profile:locale",
    "profile:country",
    "profile:billing_address",
    "profile:date_of_birth",
];

/// The sandbox's identity provider.
pub struct SandboxIssuer {
    seed: [u8; 32],
    issuer: String,
}

impl SandboxIssuer {
    /// The issuer with `seed` (tests) at `issuer`.
    pub fn from_seed(seed: [u8; 32], issuer: &str) -> SandboxIssuer {
        SandboxIssuer {
            seed,
            issuer: issuer.to_string(),
        }
    }

    /// The issuer with the store's shared seed (created on first use).
    pub async fn load(store: &dyn Store, issuer: &str) -> Result<SandboxIssuer, StoreError> {
        let candidate = ids::random_hex(32);
        let hex_seed = store.shared_value(SEED_NAME, &candidate).await?;
        let bytes = hex::decode(&hex_seed)
            .map_err(|_| StoreError("the sandbox identity seed is not hex".into()))?;
        let seed = <[u8; 32]>::try_from(bytes.as_slice())
            .map_err(|_| StoreError("the sandbox identity seed is not 32 bytes".into()))?;
        Ok(SandboxIssuer::from_seed(seed, issuer))
    }

    fn public_key(&self) -> Vec<u8> {
        // A 32-byte seed is always a valid Ed25519 private key.
        Ed25519KeyPair::from_seed_unchecked(&self.seed)
            .map(|k| k.public_key().as_ref().to_vec())
            .unwrap_or_default()
    }

    /// The key id: derived from the public key, so it changes with the key.
    pub fn kid(&self) -> String {
        format!("sandbox-{}", &ids::sha256_hex(&self.public_key())[..16])
    }

    /// The published JWK set (one Ed25519 key).
    pub fn jwks(&self) -> Value {
        json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA",
            "kid": self.kid(), "x": URL_SAFE_NO_PAD.encode(self.public_key())}]})
    }

    /// The JWK set, typed.
    pub fn key_set(&self) -> Result<JwkSet, IdentityError> {
        serde_json::from_value(self.jwks()).map_err(|e| IdentityError::Upstream(e.to_string()))
    }

    /// The OpenID discovery document.
    pub fn discovery(&self) -> Value {
        json!({"issuer": self.issuer, "jwks_uri": format!("{}/jwks.json", self.issuer),
            "id_token_signing_alg_values_supported": ["EdDSA"], "scopes_supported": SCOPES,
            "response_types_supported": ["code"], "subject_types_supported": ["pairwise"]})
    }

    /// Signs `claims` (a JSON object) as a compact JWT with this key.
    pub fn sign(&self, claims: &Value) -> Result<String, AppError> {
        // PKCS#8 v1 of an Ed25519 private key: a fixed prefix and the 32-byte seed (RFC 8410).
        let mut der = hex::decode("302e020100300506032b657004220420").unwrap_or_default();
        der.extend_from_slice(&self.seed);
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid());
        encode(&header, claims, &EncodingKey::from_ed_der(&der))
            .map_err(|e| AppError::internal(format!("signing the sandbox id token: {e}")))
    }

    /// The emulated sign-in of `body`: `{client_id, scope, email, locale?, redirect_uri?}`.
    pub fn sign_in(&self, body: &Value) -> Result<Value, AppError> {
        let req = read(body)?;
        let who = persona(Some(&req.email));
        match who {
            Persona::Denied => {
                return Err(AppError::conflict(
                    "this Klarna account can't sign in (sandbox persona +denied)",
                ))
            }
            Persona::Error => {
                return Err(AppError::upstream(
                    "Klarna answered 503 (sandbox persona +error)",
                ))
            }
            _ => {}
        }
        let now = clock::now().unix_timestamp();
        let mut claims = Map::new();
        claims.insert("iss".into(), json!(self.issuer));
        claims.insert("aud".into(), json!(req.client_id));
        let sub = format!(
            "sandbox-{}",
            &ids::sha256_hex(req.email.to_ascii_lowercase().as_bytes())[..32]
        );
        claims.insert("sub".into(), json!(sub));
        claims.insert("iat".into(), json!(now));
        claims.insert("exp".into(), json!(now + TOKEN_LIFE_SECONDS));
        profile_claims(&mut claims, &req);
        let claims = Value::Object(claims);
        let id_token = self.sign(&claims)?;
        let mut profile = claims.clone();
        for k in ["iss", "aud", "iat", "exp"] {
            profile.as_object_mut().map(|o| o.remove(k));
        }
        Ok(json!({
            "id_token": id_token,
            "refresh_token": format!("sandbox_rt_{}", ids::random_hex(16)),
            "klarna_network_session_token": format!("krn:sandbox:eu1:session-token:signin:{}", ids::random_hex(16)),
            "profile": profile,
        }))
    }
}

/// A validated sign-in request.
struct SignIn {
    client_id: String,
    scopes: Vec<String>,
    email: String,
    locale: Option<String>,
}

fn read(body: &Value) -> Result<SignIn, AppError> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(AppError::invalid(errors));
    };
    let client_id = f.string("client_id", true).map(str::to_string);
    let scope = f.string("scope", true).unwrap_or_default();
    let scopes: Vec<String> = scope.split_whitespace().map(str::to_string).collect();
    if let Some(bad) = scopes.iter().find(|s| !SCOPES.contains(&s.as_str())) {
        f.fail(
            "scope",
            format!(
                "{bad:?} is not a scope; expected some of {}",
                SCOPES.join(" ")
            ),
        );
    }
    let email = f.string("email", true).map(str::to_string);
    if email
        .as_deref()
        .is_some_and(|e| !e.contains('@') || e.len() > 254)
    {
        f.fail(
            "email",
            "expected an e-mail address such as customer+gb@klarna.com",
        );
    }
    let locale = f.string("locale", false).map(str::to_string);
    if f.string("redirect_uri", false)
        .is_some_and(|u| !is_http_url(u))
    {
        f.fail("redirect_uri", "expected an absolute http(s) URL");
    }
    f.finish(&mut errors);
    match (client_id, email) {
        (Some(client_id), Some(email)) if errors.is_empty() => Ok(SignIn {
            client_id,
            scopes,
            email,
            locale,
        }),
        _ => Err(AppError::invalid(errors)),
    }
}

/// The profile claims each requested scope releases, for the persona's market.
fn profile_claims(claims: &mut Map<String, Value>, req: &SignIn) {
    let cc = req
        .email
        .split_once('@')
        .and_then(|(local, _)| local.split('+').nth(1))
        .filter(|c| c.len() == 2)
        .unwrap_or("gb")
        .to_ascii_uppercase();
    let has = |s: &str| req.scopes.iter().any(|x| x == s);
    if has("profile:name") {
        claims.insert(
            "given_name".into(),
            json!(format!("Testperson-{}", cc.to_ascii_lowercase())),
        );
        claims.insert("family_name".into(), json!("Approved"));
    }
    if has("profile:email") {
        claims.insert("email".into(), json!(req.email));
        claims.insert("email_verified".into(), json!(true));
    }
    if has("profile:phone") {
        claims.insert("phone".into(), json!("+447700900123"));
    }
    if has("profile:locale") {
        claims.insert(
            "locale".into(),
            json!(req.locale.clone().unwrap_or_else(|| format!("en-{cc}"))),
        );
    }
    if has("profile:country") {
        claims.insert("country".into(), json!(cc));
    }
    if has("profile:billing_address") {
        claims.insert(
            "billing_address".into(),
            json!({"street_address": "1 Sandbox Street",
            "postal_code": "12345", "city": "Sandbox City", "country": cc}),
        );
    }
    if has("profile:date_of_birth") {
        claims.insert("date_of_birth".into(), json!("1990-01-01"));
    }
}
