//! `impl Store for PgStore`: each method hands its work to the module of
//! its concept (sessions, requests, keys, documents, payments, privacy,
//! jobs, notifications).

use super::{
    connect, documents, jobs, keys, notifications, payments, privacy, requests, sessions, PgStore,
};
use crate::store::{
    DeliveryAttempt, Effects, EndpointRecord, EventSummary, IdempotencyBegin, JobBacklog,
    JobFinish, JobRecord, NewJob, PaymentRecord, PaymentRequestRecord, PaymentWrite, PoolUse,
    SessionEventRecord, SessionRecord, Store, StoreResult,
};
use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::session::SessionPatch;
use checkout_core::state::SessionState;
use time::OffsetDateTime;

#[async_trait]
impl Store for PgStore {
    async fn insert_session(&self, s: &SessionRecord) -> StoreResult<()> {
        sessions::insert(&self.pool, s).await
    }

    async fn session(&self, id: &str) -> StoreResult<Option<SessionRecord>> {
        let mut c = self.pool.acquire().await?;
        sessions::get(&mut c, id, false).await
    }

    async fn patch_open_session(
        &self,
        id: &str,
        patch: &SessionPatch,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>> {
        sessions::patch_open(&self.pool, id, patch, at).await
    }

    async fn set_network_token(
        &self,
        id: &str,
        token: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        sessions::set_token(&self.pool, id, token, at).await
    }

    async fn transition(
        &self,
        id: &str,
        from: SessionState,
        to: SessionState,
        authorization: Option<&Authorization>,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        sessions::transition(&self.pool, id, from, to, authorization, at).await
    }

    async fn add_event(
        &self,
        session_id: &str,
        kind: &str,
        detail: &serde_json::Value,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        sessions::add_event(&self.pool, session_id, kind, detail, at).await
    }

    async fn events(&self, session_id: &str) -> StoreResult<Vec<SessionEventRecord>> {
        sessions::events(&self.pool, session_id).await
    }

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

    async fn idempotency_begin(
        &self,
        scope: &str,
        key: &str,
        request_hash: &str,
        at: OffsetDateTime,
        stale_after: time::Duration,
    ) -> StoreResult<IdempotencyBegin> {
        let ask = keys::Begin {
            scope,
            key,
            hash: request_hash,
            at,
            stale_after,
        };
        keys::idempotency_begin(&self.pool, &ask, self.holder.as_deref()).await
    }

    async fn idempotency_complete(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &[u8],
    ) -> StoreResult<()> {
        keys::idempotency_complete(&self.pool, scope, key, status, body).await
    }

    async fn idempotency_touch(
        &self,
        scope: &str,
        key: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        keys::idempotency_touch(&self.pool, scope, key, at).await
    }

    async fn idempotency_abandon(&self, scope: &str, key: &str) -> StoreResult<()> {
        keys::idempotency_abandon(&self.pool, scope, key).await
    }

    async fn claim_webhook_event(
        &self,
        event_id: &str,
        event_type: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        keys::claim_webhook_event(&self.pool, event_id, event_type, at).await
    }

    async fn release_webhook_event(&self, event_id: &str) -> StoreResult<()> {
        keys::release_webhook_event(&self.pool, event_id).await
    }

    async fn rate_limit_hit(&self, key: &str, window_start: i64) -> StoreResult<u64> {
        keys::rate_limit_hit(&self.pool, key, window_start).await
    }

    async fn shared_value(&self, name: &str, candidate: &str) -> StoreResult<String> {
        keys::shared_value(&self.pool, name, candidate).await
    }

    async fn document(&self, name: &str) -> StoreResult<Option<(serde_json::Value, i64)>> {
        documents::read(&self.pool, name).await
    }

    async fn write_document(
        &self,
        name: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool> {
        documents::write(&self.pool, name, data, expected_version).await
    }

    async fn readiness(&self) -> StoreResult<()> {
        connect::readiness(&self.pool).await
    }

    fn backend(&self) -> &'static str {
        "postgres"
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

    async fn payment_requests_of(
        &self,
        session_id: &str,
    ) -> StoreResult<Vec<PaymentRequestRecord>> {
        payments::payment_requests_of(&self.pool, session_id).await
    }

    async fn expired_open_sessions(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>> {
        payments::expired_open_sessions(&self.pool, now, limit).await
    }

    async fn sessions_with_personal_data(
        &self,
        finished_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>> {
        privacy::due(&self.pool, finished_before, limit).await
    }

    async fn erase_personal_data(
        &self,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>> {
        privacy::erase(&self.pool, id, at).await
    }

    async fn sessions_of(&self, merchant_id: &str, limit: u32) -> StoreResult<Vec<SessionRecord>> {
        payments::sessions_of(&self.pool, merchant_id, limit).await
    }

    async fn prune_idempotency(&self, before: OffsetDateTime) -> StoreResult<u64> {
        payments::prune_idempotency(&self.pool, before).await
    }

    async fn enqueue_jobs(&self, jobs: &[NewJob]) -> StoreResult<()> {
        jobs::enqueue(&self.pool, jobs).await
    }

    async fn claim_jobs(
        &self,
        owner: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> StoreResult<Vec<JobRecord>> {
        jobs::claim(&self.pool, owner, now_ms, lease_ms, limit).await
    }

    async fn finish_job(&self, id: &str, owner: &str, finish: &JobFinish) -> StoreResult<bool> {
        jobs::finish(&self.pool, id, owner, finish).await
    }

    async fn release_jobs(&self, owner: &str) -> StoreResult<u64> {
        jobs::release(&self.pool, owner).await
    }

    async fn job_counts(&self) -> StoreResult<Vec<(String, u64)>> {
        jobs::counts(&self.pool).await
    }

    async fn job_backlog(&self, now_ms: i64) -> StoreResult<Vec<JobBacklog>> {
        jobs::backlog(&self.pool, now_ms).await
    }

    async fn accept_klarna_event(
        &self,
        event_id: &str,
        event_type: &str,
        job: &NewJob,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        jobs::accept_klarna_event(&self.pool, event_id, event_type, job, at).await
    }

    async fn insert_endpoint(&self, e: &EndpointRecord) -> StoreResult<()> {
        notifications::insert_endpoint(&self.pool, e).await
    }

    async fn endpoints(&self, merchant_id: &str) -> StoreResult<Vec<EndpointRecord>> {
        notifications::endpoints(&self.pool, merchant_id).await
    }

    async fn endpoint(&self, id: &str) -> StoreResult<Option<EndpointRecord>> {
        notifications::endpoint(&self.pool, id).await
    }

    async fn delete_endpoint(&self, merchant_id: &str, id: &str) -> StoreResult<bool> {
        notifications::delete_endpoint(&self.pool, merchant_id, id).await
    }

    async fn event(&self, id: &str) -> StoreResult<Option<EventSummary>> {
        notifications::event(&self.pool, id).await
    }

    async fn events_of(
        &self,
        merchant_id: &str,
        delivered: Option<bool>,
        limit: u32,
    ) -> StoreResult<Vec<EventSummary>> {
        notifications::events_of(&self.pool, merchant_id, delivered, limit).await
    }

    async fn record_delivery(&self, a: &DeliveryAttempt) -> StoreResult<()> {
        notifications::record_delivery(&self.pool, a).await
    }

    async fn start_delivery(&self, event_id: &str, endpoint_id: &str) -> StoreResult<()> {
        notifications::start_delivery(&self.pool, event_id, endpoint_id).await
    }

    async fn delivery_attempts(&self, event_id: &str) -> StoreResult<Vec<DeliveryAttempt>> {
        notifications::attempts(&self.pool, event_id).await
    }

    fn pool_use(&self) -> PoolUse {
        connect::pool_use(self)
    }
}
