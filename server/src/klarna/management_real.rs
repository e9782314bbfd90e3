//! [`RealManagement`]: Klarna's Management API over HTTPS, with the same
//! client, credentials and time-outs as the payment API ([`RealKlarna`]).

use super::idempotency::IDEMPOTENCY_HEADER;
use super::management::{AccountState, KlarnaManagement, OnboardCall, Onboarded};
use super::management_wire as wire;
use super::{KlarnaError, RealKlarna};
use async_trait::async_trait;
use reqwest::Method;

/// The real Management API client.
#[derive(Clone, Debug)]
pub struct RealManagement {
    client: RealKlarna,
}

impl RealManagement {
    /// A client sharing `client`'s connection, base URL and key.
    pub fn new(client: RealKlarna) -> RealManagement {
        RealManagement { client }
    }
}

fn account_path(id: &str) -> Result<String, KlarnaError> {
    let mut url = reqwest::Url::parse("https://x/v2/distribution/partner-accounts")
        .map_err(|e| KlarnaError::Upstream(e.to_string()))?;
    url.path_segments_mut()
        .map_err(|_| KlarnaError::Upstream("bad account path".into()))?
        .push(id);
    Ok(url.path().to_string())
}

#[async_trait]
impl KlarnaManagement for RealManagement {
    async fn onboard(&self, call: &OnboardCall) -> Result<Onboarded, KlarnaError> {
        let rb = self
            .client
            .request(Method::POST, "/v2/distribution/onboard")
            .header(IDEMPOTENCY_HEADER, &call.idempotency_key)
            .json(&wire::onboard_body(call));
        wire::parse_onboarded(&self.client.send("onboard", rb).await?, call)
    }

    async fn account_state(&self, partner_account_id: &str) -> Result<AccountState, KlarnaError> {
        // INFERRED: the path of a Partner Account's read.
        let rb = self
            .client
            .request(Method::GET, &account_path(partner_account_id)?);
        wire::parse_state(&self.client.send("account_state", rb).await?)
    }

    async fn update(
        &self,
        partner_account_id: &str,
        call: &OnboardCall,
    ) -> Result<(), KlarnaError> {
        let rb = self
            .client
            .request(Method::PATCH, &account_path(partner_account_id)?)
            .header(IDEMPOTENCY_HEADER, &call.idempotency_key)
            .json(&wire::update_body(call));
        self.client.send("account_update", rb).await.map(|_| ())
    }
}
