//! [`MerchantStore`] on PostgreSQL: a row per merchant (the profile and the
//! Klarna link as JSON beside indexed columns, a version every write
//! compares) and a row per key (only its hash).

use super::PgStore;
use crate::store::merchants::{KlarnaLink, MerchantKeyRecord, MerchantRecord, MerchantStore};
use crate::store::{StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::Row;
use time::OffsetDateTime;

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError(e.to_string()))
}

const MERCHANT_COLS: &str =
    "SELECT id, profile, klarna, active, version, created_at, updated_at FROM merchants";
const KEY_COLS: &str =
    "SELECT key_id, merchant_id, secret_hash, last4, created_at, revoked_at FROM merchant_keys";

fn merchant_of(r: &PgRow) -> StoreResult<MerchantRecord> {
    let id: String = r.try_get(0)?;
    let bad = |e: serde_json::Error| StoreError(format!("merchant {id}: {e}"));
    let profile: String = r.try_get(1)?;
    let klarna: String = r.try_get(2)?;
    Ok(MerchantRecord {
        profile: serde_json::from_str(&profile).map_err(bad)?,
        klarna: serde_json::from_str::<KlarnaLink>(&klarna).map_err(bad)?,
        active: r.try_get(3)?,
        version: r.try_get(4)?,
        created_at: r.try_get(5)?,
        updated_at: r.try_get(6)?,
        id,
    })
}

fn key_of(r: &PgRow) -> StoreResult<MerchantKeyRecord> {
    Ok(MerchantKeyRecord {
        key_id: r.try_get(0)?,
        merchant_id: r.try_get(1)?,
        secret_hash: r.try_get(2)?,
        last4: r.try_get(3)?,
        created_at: r.try_get(4)?,
        revoked_at: r.try_get(5)?,
    })
}

#[async_trait]
impl MerchantStore for PgStore {
    async fn insert_merchant(&self, m: &MerchantRecord) -> StoreResult<bool> {
        let n = sqlx::query(
            "INSERT INTO merchants (id, reference, profile, klarna, active, version, created_at, updated_at, partner_account_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (reference) DO NOTHING",
        )
        .bind(&m.id)
        .bind(&m.profile.reference)
        .bind(json(&m.profile)?)
        .bind(json(&m.klarna)?)
        .bind(m.active)
        .bind(m.version)
        .bind(m.created_at)
        .bind(m.updated_at)
        .bind(&m.klarna.partner_account_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    async fn merchant(&self, id: &str) -> StoreResult<Option<MerchantRecord>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{MERCHANT_COLS} WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(merchant_of)
        .transpose()
    }

    async fn merchant_by_partner_account(&self, id: &str) -> StoreResult<Option<MerchantRecord>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{MERCHANT_COLS} WHERE partner_account_id = $1 ORDER BY id LIMIT 1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(merchant_of)
        .transpose()
    }

    async fn merchants(&self, after: Option<&str>, limit: u32) -> StoreResult<Vec<MerchantRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{MERCHANT_COLS} WHERE id > $1 ORDER BY id LIMIT $2"
        )))
        .bind(after.unwrap_or(""))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(merchant_of).collect()
    }

    async fn update_merchant(
        &self,
        m: &MerchantRecord,
        expected_version: i64,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE merchants SET profile = $1, klarna = $2, active = $3, version = $4, updated_at = $5,
               partner_account_id = $8
             WHERE id = $6 AND version = $7",
        )
        .bind(json(&m.profile)?)
        .bind(json(&m.klarna)?)
        .bind(m.active)
        .bind(m.version)
        .bind(m.updated_at)
        .bind(&m.id)
        .bind(expected_version)
        .bind(&m.klarna.partner_account_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    async fn insert_merchant_key(&self, k: &MerchantKeyRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO merchant_keys (key_id, merchant_id, secret_hash, last4, created_at, revoked_at)
             VALUES ($1, $2, $3, $4, $5, NULL)",
        )
        .bind(&k.key_id)
        .bind(&k.merchant_id)
        .bind(&k.secret_hash)
        .bind(&k.last4)
        .bind(k.created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn merchant_keys(&self, merchant_id: &str) -> StoreResult<Vec<MerchantKeyRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{KEY_COLS} WHERE merchant_id = $1 ORDER BY created_at, key_id"
        )))
        .bind(merchant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(key_of).collect()
    }

    async fn merchant_key_by_hash(
        &self,
        secret_hash: &str,
    ) -> StoreResult<Option<MerchantKeyRecord>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{KEY_COLS} WHERE secret_hash = $1 AND revoked_at IS NULL"
        )))
        .bind(secret_hash)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(key_of)
        .transpose()
    }

    async fn revoke_merchant_key(
        &self,
        merchant_id: &str,
        key_id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE merchant_keys SET revoked_at = $1 WHERE merchant_id = $2 AND key_id = $3 AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(merchant_id)
        .bind(key_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }
}
