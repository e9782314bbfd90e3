//! Where the keys that sign id tokens come from: Klarna's published JWK set,
//! found through the issuer's OpenID discovery document and cached
//! ([`RealKeys`]), or the sandbox's own key ([`SandboxKeys`]).
//!
//! The cache is only a cache: every instance fetches the same public keys,
//! re-reads them hourly and at once (at most once a minute) when a token
//! names a key it has not seen, so Klarna's key rotation needs no restart.

use super::IdentityError;
use crate::sandbox::SandboxIssuer;
use crate::store::Store;
use async_trait::async_trait;
use jsonwebtoken::jwk::JwkSet;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long fetched keys are used before they are read again.
const KEYS_TTL: Duration = Duration::from_secs(3600);
/// Least time between two fetches forced by unknown key ids.
const MIN_REFRESH: Duration = Duration::from_secs(60);

/// A source of the issuer's signing keys.
#[async_trait]
pub trait KeySource: Send + Sync + 'static {
    /// The key set; `refresh` asks for a fresh copy (a token named an unknown key).
    async fn keys(&self, refresh: bool) -> Result<JwkSet, IdentityError>;
}

/// Klarna's published keys, over HTTPS.
pub struct RealKeys {
    http: reqwest::Client,
    issuer: String,
    cache: Mutex<Option<(JwkSet, Instant)>>,
}

impl RealKeys {
    /// Keys of `issuer` (its discovery document is `{issuer}/.well-known/openid-configuration`).
    pub fn new(http: reqwest::Client, issuer: &str) -> RealKeys {
        RealKeys {
            http,
            issuer: issuer.trim_end_matches('/').to_string(),
            cache: Mutex::new(None),
        }
    }

    async fn get_json(&self, url: &str) -> Result<Value, IdentityError> {
        let up = |m: String| IdentityError::Upstream(m);
        let res = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|_| up(format!("{url} could not be reached")))?;
        if !res.status().is_success() {
            return Err(up(format!("{url} answered {}", res.status().as_u16())));
        }
        res.json()
            .await
            .map_err(|_| up(format!("{url} did not answer JSON")))
    }

    async fn fetch(&self) -> Result<JwkSet, IdentityError> {
        let discovery = self
            .get_json(&format!("{}/.well-known/openid-configuration", self.issuer))
            .await?;
        if discovery["issuer"]
            .as_str()
            .map(|i| i.trim_end_matches('/'))
            != Some(self.issuer.as_str())
        {
            return Err(IdentityError::Upstream(format!(
                "the discovery document names another issuer than {}",
                self.issuer
            )));
        }
        let jwks_uri = discovery["jwks_uri"]
            .as_str()
            .filter(|u| {
                u.starts_with("https://")
                    || (u.starts_with("http://") && self.issuer.starts_with("http://"))
            })
            .ok_or_else(|| {
                IdentityError::Upstream("the discovery document has no usable jwks_uri".into())
            })?;
        let set = self.get_json(jwks_uri).await?;
        serde_json::from_value(set)
            .map_err(|e| IdentityError::Upstream(format!("{jwks_uri} is not a JWK set: {e}")))
    }
}

#[async_trait]
impl KeySource for RealKeys {
    async fn keys(&self, refresh: bool) -> Result<JwkSet, IdentityError> {
        let cached = self.cache.lock().ok().and_then(|c| c.clone());
        if let Some((set, at)) = &cached {
            let fresh = at.elapsed() < KEYS_TTL;
            if fresh && (!refresh || at.elapsed() < MIN_REFRESH) {
                return Ok(set.clone());
            }
        }
        match self.fetch().await {
            Ok(set) => {
                if let Ok(mut c) = self.cache.lock() {
                    *c = Some((set.clone(), Instant::now()));
                }
                Ok(set)
            }
            // Klarna unreachable for a moment: keep using keys read within the hour.
            Err(e) => cached
                .filter(|(_, at)| at.elapsed() < KEYS_TTL)
                .map(|(s, _)| s)
                .ok_or(e),
        }
    }
}

/// The sandbox's own key (its seed in the store).
pub struct SandboxKeys {
    store: Arc<dyn Store>,
    issuer: String,
}

impl SandboxKeys {
    /// The sandbox issuer at `issuer` with its seed in `store`.
    pub fn new(store: Arc<dyn Store>, issuer: &str) -> SandboxKeys {
        SandboxKeys {
            store,
            issuer: issuer.to_string(),
        }
    }
}

#[async_trait]
impl KeySource for SandboxKeys {
    async fn keys(&self, _refresh: bool) -> Result<JwkSet, IdentityError> {
        let issuer = SandboxIssuer::load(self.store.as_ref(), &self.issuer)
            .await
            .map_err(|e| IdentityError::Upstream(e.to_string()))?;
        issuer.key_set()
    }
}
