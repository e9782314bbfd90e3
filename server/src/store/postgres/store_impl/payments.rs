//! `impl PaymentStore for PgStore`.

use super::super::{payments, requests, PgStore};
use crate::store::{
    Effects, PaymentRecord, PaymentRequestRecord, PaymentStore, PaymentWrite, StoreResult,
};
use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::state::SessionState;
use time::OffsetDateTime;

#[async_trait]
impl PaymentStore for PgStore {
    async fn insert_payment_request(&self, pr: &PaymentRequestRecord) -> StoreResult<()> {
        requests::insert_payment_request(&self.pool, pr).await
    }

    async fn payment_request(&self, id: &str) -> StoreResult<Option<PaymentRequestRecord>> {
        requests::payment_request(&self.pool, id).await
    }

    async fn set_payment_request_state(
        &self,
        id: &str,
        state: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        requests::set_payment_request_state(&self.pool, id, state, at).await
    }

    async fn payment_requests_of(
        &self,
        session_id: &str,
    ) -> StoreResult<Vec<PaymentRequestRecord>> {
        payments::payment_requests_of(&self.pool, session_id).await
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
        payments::transition_with(&self.pool, id, (from, to), authorization, at, effects).await
    }

    async fn payment(&self, session_id: &str) -> StoreResult<Option<PaymentRecord>> {
        payments::payment(&self.pool, session_id).await
    }

    async fn session_of_transaction(&self, id: &str) -> StoreResult<Option<String>> {
        payments::session_of_transaction(&self.pool, id).await
    }

    async fn write_payment(&self, w: &PaymentWrite) -> StoreResult<bool> {
        payments::write_payment(&self.pool, w).await
    }
}
