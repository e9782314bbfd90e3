//! `impl SessionStore for SqliteStore`.

use super::super::{payments, sessions, SqliteStore};
use crate::store::{SessionEventRecord, SessionRecord, SessionStore, StoreResult};
use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::session::SessionPatch;
use checkout_core::state::SessionState;
use time::OffsetDateTime;

#[async_trait]
impl SessionStore for SqliteStore {
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

    async fn add_asked_event(
        &self,
        session_id: &str,
        kind: &str,
        detail: &serde_json::Value,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let (sid, kind, detail) = (session_id.to_string(), kind.to_string(), detail.to_string());
        self.run(move |c| sessions::add_asked_event(c, &sid, &kind, &detail, at))
            .await
    }

    async fn events(&self, session_id: &str) -> StoreResult<Vec<SessionEventRecord>> {
        let sid = session_id.to_string();
        self.run(move |c| sessions::events(c, &sid)).await
    }

    async fn expired_open_sessions(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>> {
        self.run(move |c| payments::expired_open_sessions(c, now, limit))
            .await
    }

    async fn sessions_of(&self, merchant_id: &str, limit: u32) -> StoreResult<Vec<SessionRecord>> {
        let m = merchant_id.to_string();
        self.run(move |c| payments::sessions_of(c, &m, limit)).await
    }
}
