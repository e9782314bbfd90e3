//! `impl SessionStore for PgStore`.

use super::super::{payments, sessions, PgStore};
use crate::store::{SessionEventRecord, SessionRecord, SessionStore, StoreResult};
use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::session::SessionPatch;
use checkout_core::state::SessionState;
use time::OffsetDateTime;

#[async_trait]
impl SessionStore for PgStore {
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
        sessions::insert_event(&self.pool, session_id, (kind, detail, at), false).await
    }

    async fn add_asked_event(
        &self,
        session_id: &str,
        kind: &str,
        detail: &serde_json::Value,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        sessions::insert_event(&self.pool, session_id, (kind, detail, at), true).await
    }

    async fn events(&self, session_id: &str) -> StoreResult<Vec<SessionEventRecord>> {
        sessions::events(&self.pool, session_id).await
    }

    async fn expired_open_sessions(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>> {
        payments::expired_open_sessions(&self.pool, now, limit).await
    }

    async fn sessions_of(&self, merchant_id: &str, limit: u32) -> StoreResult<Vec<SessionRecord>> {
        payments::sessions_of(&self.pool, merchant_id, limit).await
    }
}
