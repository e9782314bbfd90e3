//! `impl Store for SqliteStore`: each method moves its arguments into a
//! blocking task on the connection and hands the work to the module of its
//! concept (sessions, requests, keys, documents, payments, privacy, jobs,
//! notifications).

use super::{
    connection, documents, jobs, keys, notifications, payments, privacy, requests, sessions,
    SqliteStore,
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
use std::sync::atomic::Ordering;
use time::OffsetDateTime;

#[async_trait]
impl Store for SqliteStore {
    async fn insert_session(&self, s: &SessionRecord) -> StoreResult<()> {
        let s = s.clone();
        self.run(move |c| sessions::insert(c, &s)).await
    }

    async fn session(&self, id: &str) -> StoreResult<Option<SessionRecord>> {
        let id = id.to_string();
        self.run(move |c| sessions::get(c, &id)).await
    }

    async fn patch_open_session(
        &self,
        id: &str,
        patch: &SessionPatch,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>> {
        let (id, patch) = (id.to_string(), patch.clone());
        self.run(move |c| sessions::patch_open(c, &id, &patch, at))
            .await
    }

    async fn set_network_token(
        &self,
        id: &str,
        token: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let (id, token) = (id.to_string(), token.to_string());
        self.run(move |c| sessions::set_token(c, &id, &token, at))
            .await
    }

    async fn transition(
        &self,
        id: &str,
        from: SessionState,
        to: SessionState,
        authorization: Option<&Authorization>,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let (id, auth) = (id.to_string(), authorization.cloned());
        self.run(move |c| sessions::transition(c, &id, from, to, auth.as_ref(), at))
            .await
    }

    async fn add_event(
        &self,
        session_id: &str,
        kind: &str,
        detail: &serde_json::Value,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let (sid, kind, detail) = (session_id.to_string(), kind.to_string(), detail.to_string());
        self.run(move |c| sessions::add_event(c, &sid, &kind, &detail, at))
            .await
    }

    async fn events(&self, session_id: &str) -> StoreResult<Vec<SessionEventRecord>> {
        let sid = session_id.to_string();
        self.run(move |c| sessions::events(c, &sid)).await
    }

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

    async fn idempotency_begin(
        &self,
        scope: &str,
        key: &str,
        request_hash: &str,
        at: OffsetDateTime,
        stale_after: time::Duration,
    ) -> StoreResult<IdempotencyBegin> {
        let (scope, key, hash) = (scope.to_string(), key.to_string(), request_hash.to_string());
        let holder = self.holder.clone();
        self.run(move |c| {
            let ask = keys::Begin {
                scope: &scope,
                key: &key,
                hash: &hash,
                at,
                stale_after,
            };
            keys::idempotency_begin(c, &ask, holder.as_deref())
        })
        .await
    }

    async fn idempotency_complete(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &[u8],
    ) -> StoreResult<()> {
        let (scope, key, body) = (scope.to_string(), key.to_string(), body.to_vec());
        self.run(move |c| keys::idempotency_complete(c, &scope, &key, status, &body))
            .await
    }

    async fn idempotency_touch(
        &self,
        scope: &str,
        key: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let (scope, key) = (scope.to_string(), key.to_string());
        self.run(move |c| keys::idempotency_touch(c, &scope, &key, at))
            .await
    }

    async fn idempotency_abandon(&self, scope: &str, key: &str) -> StoreResult<()> {
        let (scope, key) = (scope.to_string(), key.to_string());
        self.run(move |c| keys::idempotency_abandon(c, &scope, &key))
            .await
    }

    async fn claim_webhook_event(
        &self,
        event_id: &str,
        event_type: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let (id, ty) = (event_id.to_string(), event_type.to_string());
        self.run(move |c| keys::claim_webhook_event(c, &id, &ty, at))
            .await
    }

    async fn release_webhook_event(&self, event_id: &str) -> StoreResult<()> {
        let id = event_id.to_string();
        self.run(move |c| keys::release_webhook_event(c, &id)).await
    }

    async fn rate_limit_hit(&self, key: &str, window_start: i64) -> StoreResult<u64> {
        let key = key.to_string();
        let prune = self.rate_hits.fetch_add(1, Ordering::Relaxed) % 1024 == 1023;
        Self::run_on(self.rate_conn.clone(), move |c| {
            if prune {
                keys::prune_rate_limits(c, window_start)?;
            }
            keys::rate_limit_hit(c, &key, window_start)
        })
        .await
    }

    async fn shared_value(&self, name: &str, candidate: &str) -> StoreResult<String> {
        let (name, candidate) = (name.to_string(), candidate.to_string());
        self.run(move |c| keys::shared_value(c, &name, &candidate))
            .await
    }

    async fn document(&self, name: &str) -> StoreResult<Option<(serde_json::Value, i64)>> {
        let name = name.to_string();
        self.run(move |c| documents::read(c, &name)).await
    }

    async fn write_document(
        &self,
        name: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool> {
        let (name, data) = (name.to_string(), data.clone());
        self.run(move |c| documents::write(c, &name, &data, expected_version))
            .await
    }

    async fn readiness(&self) -> StoreResult<()> {
        connection::readiness(self).await
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn pool_use(&self) -> PoolUse {
        connection::pool_use(self)
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

    async fn payment_requests_of(
        &self,
        session_id: &str,
    ) -> StoreResult<Vec<PaymentRequestRecord>> {
        let id = session_id.to_string();
        self.run(move |c| payments::payment_requests_of(c, &id))
            .await
    }

    async fn expired_open_sessions(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>> {
        self.run(move |c| payments::expired_open_sessions(c, now, limit))
            .await
    }

    async fn sessions_with_personal_data(
        &self,
        finished_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>> {
        self.run(move |c| privacy::due(c, finished_before, limit))
            .await
    }

    async fn erase_personal_data(
        &self,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>> {
        let id = id.to_string();
        self.run(move |c| privacy::erase(c, &id, at)).await
    }

    async fn sessions_of(&self, merchant_id: &str, limit: u32) -> StoreResult<Vec<SessionRecord>> {
        let m = merchant_id.to_string();
        self.run(move |c| payments::sessions_of(c, &m, limit)).await
    }

    async fn prune_idempotency(&self, before: OffsetDateTime) -> StoreResult<u64> {
        self.run(move |c| payments::prune_idempotency(c, before))
            .await
    }

    async fn enqueue_jobs(&self, jobs: &[NewJob]) -> StoreResult<()> {
        let jobs = jobs.to_vec();
        self.run(move |c| jobs::enqueue(c, &jobs)).await
    }

    async fn claim_jobs(
        &self,
        owner: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> StoreResult<Vec<JobRecord>> {
        let owner = owner.to_string();
        self.run(move |c| jobs::claim(c, &owner, now_ms, lease_ms, limit))
            .await
    }

    async fn finish_job(&self, id: &str, owner: &str, finish: &JobFinish) -> StoreResult<bool> {
        let (id, owner, f) = (id.to_string(), owner.to_string(), finish.clone());
        self.run(move |c| jobs::finish(c, &id, &owner, &f)).await
    }

    async fn release_jobs(&self, owner: &str) -> StoreResult<u64> {
        let owner = owner.to_string();
        self.run(move |c| jobs::release(c, &owner)).await
    }

    async fn job_counts(&self) -> StoreResult<Vec<(String, u64)>> {
        self.run(jobs::counts).await
    }

    async fn job_backlog(&self, now_ms: i64) -> StoreResult<Vec<JobBacklog>> {
        self.run(move |c| jobs::backlog(c, now_ms)).await
    }

    async fn accept_klarna_event(
        &self,
        event_id: &str,
        event_type: &str,
        job: &NewJob,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let (id, ty, job) = (event_id.to_string(), event_type.to_string(), job.clone());
        self.run(move |c| jobs::accept_klarna_event(c, &id, &ty, &job, at))
            .await
    }

    async fn insert_endpoint(&self, e: &EndpointRecord) -> StoreResult<()> {
        let e = e.clone();
        self.run(move |c| notifications::insert_endpoint(c, &e))
            .await
    }

    async fn endpoints(&self, merchant_id: &str) -> StoreResult<Vec<EndpointRecord>> {
        let m = merchant_id.to_string();
        self.run(move |c| notifications::endpoints(c, &m)).await
    }

    async fn endpoint(&self, id: &str) -> StoreResult<Option<EndpointRecord>> {
        let id = id.to_string();
        self.run(move |c| notifications::endpoint(c, &id)).await
    }

    async fn delete_endpoint(&self, merchant_id: &str, id: &str) -> StoreResult<bool> {
        let (m, id) = (merchant_id.to_string(), id.to_string());
        self.run(move |c| notifications::delete_endpoint(c, &m, &id))
            .await
    }

    async fn event(&self, id: &str) -> StoreResult<Option<EventSummary>> {
        let id = id.to_string();
        self.run(move |c| notifications::event(c, &id)).await
    }

    async fn events_of(
        &self,
        merchant_id: &str,
        delivered: Option<bool>,
        limit: u32,
    ) -> StoreResult<Vec<EventSummary>> {
        let m = merchant_id.to_string();
        self.run(move |c| notifications::events_of(c, &m, delivered, limit))
            .await
    }

    async fn record_delivery(&self, a: &DeliveryAttempt) -> StoreResult<()> {
        let a = a.clone();
        self.run(move |c| notifications::record_delivery(c, &a))
            .await
    }

    async fn start_delivery(&self, event_id: &str, endpoint_id: &str) -> StoreResult<()> {
        let (e, p) = (event_id.to_string(), endpoint_id.to_string());
        self.run(move |c| notifications::start_delivery(c, &e, &p))
            .await
    }

    async fn delivery_attempts(&self, event_id: &str) -> StoreResult<Vec<DeliveryAttempt>> {
        let e = event_id.to_string();
        self.run(move |c| notifications::attempts(c, &e)).await
    }
}
