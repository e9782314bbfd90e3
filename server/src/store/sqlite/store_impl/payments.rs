//! `impl PaymentStore for SqliteStore`.

use super::super::{payments, requests, SqliteStore};
use crate::store::{
    Effects, PaymentRecord, PaymentRequestRecord, PaymentStore, PaymentWrite, StoreResult,
};
use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::state::SessionState;
use time::OffsetDateTime;

#[async_trait]
impl PaymentStore for SqliteStore {
    async fn insert_payment_request(&self, pr: &PaymentRequestRecord) -> StoreResult<()> {
        let pr = pr.clone();
        self.run(move |c| requests::insert_payment_request(c, &pr))
            .await
    }

    async fn payment_request(&self, id: &str) -> StoreResult<Option<PaymentRequestRecord>> {
        let id = id.to_string();
        self.run(move |c| requests::payment_request(c, &id)).await
    }

    async fn set_payment_request_state(
        &self,
        id: &str,
        state: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let (id, state) = (id.to_string(), state.to_string());
        self.run(move |c| requests::set_payment_request_state(c, &id, &state, at))
            .await
    }

    async fn payment_requests_of(
        &self,
        session_id: &str,
    ) -> StoreResult<Vec<PaymentRequestRecord>> {
        let id = session_id.to_string();
        self.run(move |c| payments::payment_requests_of(c, &id))
            .await
    }

    async fn transition_with(
        &self,
        id: &str,
        from: SessionState,
        to: SessionState,
        authorization: Option<&Authorization>,
        at: OffsetDateTime,
        effects: &Effects,
    ) -> StoreResult<bool> {
        let (id, auth, fx) = (id.to_string(), authorization.cloned(), effects.clone());
        self.run(move |c| payments::transition_with(c, &id, (from, to), auth.as_ref(), at, &fx))
            .await
    }

    async fn payment(&self, session_id: &str) -> StoreResult<Option<PaymentRecord>> {
        let id = session_id.to_string();
        self.run(move |c| payments::payment(c, &id)).await
    }

    async fn session_of_transaction(&self, id: &str) -> StoreResult<Option<String>> {
        let id = id.to_string();
        self.run(move |c| payments::session_of_transaction(c, &id))
            .await
    }

    async fn write_payment(&self, w: &PaymentWrite) -> StoreResult<bool> {
        let w = w.clone();
        self.run(move |c| payments::write_payment(c, &w)).await
    }
}
