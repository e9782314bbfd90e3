//! [`PgStore`]: the PostgreSQL implementation of [`Store`] and
//! [`SandboxStore`], for several server instances on one database.
//!
//! sqlx's pool with limits and time-outs ([`PoolLimits`]); versioned
//! migrations (`migrations/*.sql`, embedded) applied on start by sqlx's
//! migrator, which holds a PostgreSQL advisory lock while it runs, so
//! instances starting together apply each migration once. Which guarantee
//! rests on what: state changes are `UPDATE … WHERE state = $from`
//! (compare-and-set under the row lock), idempotency reservations and the
//! payment lock are the primary key plus `SELECT … FOR UPDATE`, webhook
//! dedupe and shared values are `INSERT … ON CONFLICT DO NOTHING`, rate
//! limits one `INSERT … ON CONFLICT DO UPDATE … RETURNING`, payments a
//! versioned `UPDATE … WHERE version = $expected` with their operations,
//! notifications and jobs in the same transaction, and job claims
//! `FOR UPDATE SKIP LOCKED` with a lease only its owner can finish.

use super::{
    DeliveryAttempt, Effects, EndpointRecord, EventSummary, IdempotencyBegin, JobBacklog,
    JobFinish, JobRecord, NewJob, PaymentRecord, PaymentRequestRecord, PaymentWrite, PoolLimits,
    PoolUse, SandboxCall, SandboxRequest, SandboxStore, SessionEventRecord, SessionRecord, Store,
    StoreError, StoreResult,
};
use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::session::SessionPatch;
use checkout_core::state::SessionState;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};
use std::borrow::Cow;
use std::time::Duration;
use time::OffsetDateTime;

mod documents;
mod holder;
mod jobs;
mod keys;
mod merchants;
mod notifications;
mod payments;
mod privacy;
mod requests;
mod sandbox;
mod sessions;

/// The migrations, oldest first; a new one is a new file and a new entry.
const MIGRATIONS: [(i64, &str, &str); 5] = [
    (
        1,
        "initial schema",
        include_str!("migrations/0001_initial.sql"),
    ),
    (
        2,
        "payments, jobs, notifications, sandbox record",
        include_str!("migrations/0002_lifecycle.sql"),
    ),
    (
        3,
        "merchants and their keys",
        include_str!("migrations/0003_merchants.sql"),
    ),
    (
        4,
        "holders of idempotency reservations",
        include_str!("migrations/0004_holders.sql"),
    ),
    (
        5,
        "shared versioned documents",
        include_str!("migrations/0005_documents.sql"),
    ),
];

fn migrator() -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|(v, name, sql)| {
                Migration::new(
                    *v,
                    Cow::Borrowed(*name),
                    MigrationType::Simple,
                    sqlx::SqlStr::from_static(sql),
                    false,
                )
            })
            .collect(),
    )
}

/// PostgreSQL-backed [`Store`].
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    max: u32,
    /// This instance's boot, for reservations a dead process left
    /// ([`holder`]); none for a lazy pool (test helpers: the lease only).
    holder: Option<std::sync::Arc<holder::Holder>>,
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError(e.to_string())
    }
}

fn options(url: &str, limits: PoolLimits) -> StoreResult<PgConnectOptions> {
    let opts: PgConnectOptions = url
        .parse()
        .map_err(|_| StoreError("CHECKOUT_DATABASE_URL is not a PostgreSQL URL".into()))?;
    let ms = limits.timeout.as_millis().to_string();
    Ok(opts
        .application_name("checkout-server")
        .options([("statement_timeout", ms.as_str())])
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_secs(1)))
}

impl PgStore {
    /// Applies pending migrations on one connection of its own, under the
    /// migrator's advisory lock.
    pub async fn migrate(url: &str, limits: PoolLimits) -> StoreResult<()> {
        let opts = options(url, limits)?;
        let mut conn = tokio::time::timeout(limits.timeout * 2, opts.connect())
            .await
            .map_err(|_| StoreError("connecting to PostgreSQL timed out".into()))??;
        // `run_direct` is `run` on a plain connection; `run`'s `Acquire` bound
        // makes this future not `Send` for every lifetime (sqlx's own note).
        let ran = migrator().run_direct(None, &mut conn, false).await;
        let _ = conn.close().await;
        ran.map_err(|e| StoreError(format!("migrations: {e}")))
    }

    /// A pool that connects on first use (no migrations).
    pub fn lazy(url: &str, limits: PoolLimits) -> StoreResult<PgStore> {
        let pool = PgPoolOptions::new()
            .max_connections(limits.max_connections)
            .min_connections(0)
            .acquire_timeout(limits.timeout)
            .idle_timeout(Duration::from_secs(300))
            .max_lifetime(Duration::from_secs(1800))
            .connect_lazy_with(options(url, limits)?);
        Ok(PgStore {
            pool,
            max: limits.max_connections,
            holder: None,
        })
    }

    /// Migrates, then opens the pool and checks it answers.
    pub async fn connect(url: &str, limits: PoolLimits) -> StoreResult<PgStore> {
        Self::migrate(url, limits).await?;
        let mut store = Self::lazy(url, limits)?;
        let boot = holder::Holder::register(&options(url, limits)?).await?;
        store.holder = Some(std::sync::Arc::new(boot));
        store.readiness().await?;
        Ok(store)
    }
}

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
        let applied: Vec<i64> = sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError(format!("PostgreSQL does not answer: {e}")))?;
        let missing: Vec<i64> = MIGRATIONS
            .iter()
            .map(|m| m.0)
            .filter(|v| !applied.contains(v))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(StoreError(format!(
                "migrations {missing:?} are not applied"
            )))
        }
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
        let size = self.pool.size();
        let idle = u32::try_from(self.pool.num_idle()).unwrap_or(size);
        PoolUse {
            in_use: size.saturating_sub(idle),
            idle,
            max: self.max,
        }
    }
}

#[async_trait]
impl SandboxStore for PgStore {
    async fn insert_sandbox_request(&self, r: &SandboxRequest) -> StoreResult<()> {
        requests::insert_sandbox_request(&self.pool, r).await
    }

    async fn sandbox_request(&self, id: &str) -> StoreResult<Option<SandboxRequest>> {
        requests::sandbox_request(&self.pool, id).await
    }

    async fn sandbox_transition(
        &self,
        id: &str,
        from: &str,
        to: &str,
        token: Option<&str>,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        requests::sandbox_transition(&self.pool, id, from, to, token, at).await
    }

    async fn record_sandbox_call(&self, call: &SandboxCall) -> StoreResult<()> {
        sandbox::record(&self.pool, call).await
    }

    async fn sandbox_calls(
        &self,
        session_id: Option<&str>,
        transaction_id: Option<&str>,
    ) -> StoreResult<Vec<SandboxCall>> {
        sandbox::calls(&self.pool, session_id, transaction_id).await
    }

    async fn sandbox_transaction(&self, id: &str) -> StoreResult<Option<(serde_json::Value, i64)>> {
        sandbox::transaction(&self.pool, id).await
    }

    async fn write_sandbox_transaction(
        &self,
        id: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool> {
        sandbox::write_transaction(&self.pool, id, data, expected_version).await
    }
}
