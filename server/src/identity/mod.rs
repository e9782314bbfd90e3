//! Sign in with Klarna on the server: an `id_token` from Klarna's identity
//! button is trusted only after [`verify`] has checked its signature against
//! the keys Klarna publishes (OpenID discovery → JWKS, [`keys`]), its issuer,
//! its audience (the client id the button ran with) and its expiry. The
//! sandbox signs its own tokens with its own published key ([`crate::sandbox::identity`]), so
//! the same verification runs offline.
//!
//! Written on `jsonwebtoken` (signature and claim checks on a JWK set); only
//! the choice of accepted algorithms and the mapping of its errors to
//! reasons a merchant can act on are ours.

use checkout_core::express::{profile_from_klarna, CustomerProfile};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::Value;

pub mod keys;

pub use keys::{KeySource, RealKeys, SandboxKeys};

/// Longest id token accepted, in bytes.
pub const MAX_TOKEN_LEN: usize = 16 * 1024;
/// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds.
pub const LEEWAY_SECONDS: u64 = 60;

/// Asymmetric algorithms an identity provider signs with; never `none` or a
/// shared-secret (HS*) algorithm, which would let anyone holding the public
/// key forge tokens.
const ACCEPTED: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// Why a token was not verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityError {
    /// The token is not acceptable; the reason names what is wrong.
    Rejected(String),
    /// Klarna's keys could not be read (network, a bad discovery document).
    Upstream(String),
}

impl std::fmt::Display for IdentityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdentityError::Rejected(r) => write!(f, "id_token rejected: {r}"),
            IdentityError::Upstream(r) => write!(f, "Klarna's identity keys are unavailable: {r}"),
        }
    }
}

impl std::error::Error for IdentityError {}

/// A verified id token.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// `sub`: Klarna's stable id of the shopper for this client.
    pub subject: String,
    /// `exp`, unix seconds.
    pub expires_at: i64,
    /// Every claim of the token.
    pub claims: Value,
    /// The profile claims, read like Klarna's customer profile.
    pub profile: Option<CustomerProfile>,
}

/// The `alg` a token's header names, read without judging it (for the
/// reason given when the library refuses an algorithm such as `none`).
fn header_alg(token: &str) -> Option<String> {
    use base64::Engine;
    let head = token.split('.').next()?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(head)
        .ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v.get("alg")?.as_str().map(str::to_string)
}

fn reject(reason: impl Into<String>) -> IdentityError {
    IdentityError::Rejected(reason.into())
}

/// Verifies `token` against the keys of `source`: issued by `issuer` for
/// `audience`, unexpired, signed by a key the issuer publishes.
pub async fn verify(
    token: &str,
    source: &dyn KeySource,
    issuer: &str,
    audience: &str,
) -> Result<Verified, IdentityError> {
    if token.is_empty() || token.len() > MAX_TOKEN_LEN {
        return Err(reject(format!(
            "expected a JWT of 1 to {MAX_TOKEN_LEN} bytes"
        )));
    }
    let not_jwt = || reject("not a JWT (header.payload.signature, base64url)");
    if token.split('.').count() != 3 {
        return Err(not_jwt());
    }
    let header = decode_header(token).map_err(|e| match header_alg(token) {
        // An algorithm this accepts, in a header that is wrong otherwise.
        Some(alg) if alg.parse().is_ok_and(|a| ACCEPTED.contains(&a)) => {
            reject(format!("its header can't be read: {e}"))
        }
        Some(alg) => reject(format!(
            "its algorithm {alg:?} is not accepted; expected an asymmetric signature"
        )),
        None => not_jwt(),
    })?;
    if !ACCEPTED.contains(&header.alg) {
        return Err(reject(format!(
            "{:?} is not accepted; expected an asymmetric signature",
            header.alg
        )));
    }
    let kid = header
        .kid
        .ok_or_else(|| reject("its header names no key (kid)"))?;
    let mut set = source.keys(false).await?;
    if set.find(&kid).is_none() {
        set = source.keys(true).await?; // Klarna may have rotated its keys
    }
    let jwk = set.find(&kid).ok_or_else(|| {
        reject(format!(
            "signed with key {kid:?}, which the issuer does not publish"
        ))
    })?;
    let key = DecodingKey::from_jwk(jwk)
        .map_err(|_| IdentityError::Upstream(format!("the published key {kid:?} is not usable")))?;
    let mut v = Validation::new(header.alg);
    v.leeway = LEEWAY_SECONDS;
    v.validate_nbf = true;
    v.set_issuer(&[issuer]);
    v.set_audience(&[audience]);
    v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let data = decode::<Value>(token, &key, &v).map_err(|e| match e.kind() {
        ErrorKind::InvalidSignature => {
            reject("its signature does not match the issuer's published key")
        }
        ErrorKind::ExpiredSignature => reject("it has expired (exp)"),
        ErrorKind::ImmatureSignature => reject("it is not valid yet (nbf)"),
        ErrorKind::InvalidIssuer => reject(format!("it was not issued by {issuer} (iss)")),
        ErrorKind::InvalidAudience => reject(format!(
            "it was issued for another client, expected {audience} (aud)"
        )),
        ErrorKind::MissingRequiredClaim(c) => reject(format!("it lacks the {c} claim")),
        ErrorKind::InvalidAlgorithm => reject("its algorithm does not match the published key"),
        _ => reject("not a JWT (header.payload.signature, base64url, JSON claims)"),
    })?;
    let claims = data.claims;
    let subject = claims["sub"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| reject("its sub claim is empty"))?;
    Ok(Verified {
        subject: subject.to_string(),
        expires_at: claims["exp"].as_i64().unwrap_or_default(),
        profile: profile_from_klarna(&claims),
        claims,
    })
}
