//! [`MerchantStore`] on SQLite: a row per merchant (the profile and the
//! Klarna link as JSON beside indexed columns) and a row per key.

use super::sessions::time_col;
use super::SqliteStore;
use crate::clock;
use crate::store::merchants::{KlarnaLink, MerchantKeyRecord, MerchantRecord, MerchantStore};
use crate::store::{StoreError, StoreResult};
use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension, Row};
use time::OffsetDateTime;

/// Tables of merchants and keys.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS merchants (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    partner_account_id TEXT,
    profile TEXT NOT NULL,
    klarna TEXT NOT NULL,
    active INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS merchants_by_partner_account ON merchants (partner_account_id);
CREATE TABLE IF NOT EXISTS merchant_keys (
    key_id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL REFERENCES merchants(id),
    secret_hash TEXT NOT NULL UNIQUE,
    last4 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS merchant_keys_by_merchant ON merchant_keys (merchant_id, created_at);
";

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError(e.to_string()))
}

const MERCHANT_COLS: &str = "id, profile, klarna, active, version, created_at, updated_at";

fn merchant_row(r: &Row<'_>) -> rusqlite::Result<[String; 7]> {
    Ok([
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get::<_, i64>(3)?.to_string(),
        r.get::<_, i64>(4)?.to_string(),
        r.get(5)?,
        r.get(6)?,
    ])
}

fn merchant_of(
    [id, profile, klarna, active, version, created, updated]: [String; 7],
) -> StoreResult<MerchantRecord> {
    let bad = |e: String| StoreError(format!("merchant {id}: {e}"));
    Ok(MerchantRecord {
        profile: serde_json::from_str(&profile).map_err(|e| bad(e.to_string()))?,
        klarna: serde_json::from_str::<KlarnaLink>(&klarna).map_err(|e| bad(e.to_string()))?,
        active: active == "1",
        version: version.parse().map_err(|_| bad("bad version".into()))?,
        created_at: time_col(&created)?,
        updated_at: time_col(&updated)?,
        id,
    })
}

fn key_row(
    r: &Row<'_>,
) -> rusqlite::Result<(String, String, String, String, String, Option<String>)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn key_of(
    (key_id, merchant_id, secret_hash, last4, created, revoked): (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    ),
) -> StoreResult<MerchantKeyRecord> {
    Ok(MerchantKeyRecord {
        key_id,
        merchant_id,
        secret_hash,
        last4,
        created_at: time_col(&created)?,
        revoked_at: revoked.as_deref().map(time_col).transpose()?,
    })
}

const KEY_COLS: &str = "key_id, merchant_id, secret_hash, last4, created_at, revoked_at";

fn insert(c: &mut Connection, m: &MerchantRecord) -> StoreResult<bool> {
    let n = c.execute(
        "INSERT INTO merchants (id, reference, profile, klarna, active, version, created_at, updated_at, partner_account_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (reference) DO NOTHING",
        params![
            m.id,
            m.profile.reference,
            json(&m.profile)?,
            json(&m.klarna)?,
            m.active,
            m.version,
            clock::format(m.created_at),
            clock::format(m.updated_at),
            m.klarna.partner_account_id
        ],
    )?;
    Ok(n == 1)
}

fn update(c: &mut Connection, m: &MerchantRecord, expected: i64) -> StoreResult<bool> {
    let n = c.execute(
        "UPDATE merchants SET profile = ?1, klarna = ?2, active = ?3, version = ?4, updated_at = ?5,
           partner_account_id = ?8
         WHERE id = ?6 AND version = ?7",
        params![
            json(&m.profile)?,
            json(&m.klarna)?,
            m.active,
            m.version,
            clock::format(m.updated_at),
            m.id,
            expected,
            m.klarna.partner_account_id
        ],
    )?;
    Ok(n == 1)
}

#[async_trait]
impl MerchantStore for SqliteStore {
    async fn insert_merchant(&self, m: &MerchantRecord) -> StoreResult<bool> {
        let m = m.clone();
        self.run(move |c| insert(c, &m)).await
    }

    async fn merchant(&self, id: &str) -> StoreResult<Option<MerchantRecord>> {
        let id = id.to_string();
        self.run(move |c| {
            let sql = format!("SELECT {MERCHANT_COLS} FROM merchants WHERE id = ?1");
            c.query_row(&sql, params![id], merchant_row)
                .optional()?
                .map(merchant_of)
                .transpose()
        })
        .await
    }

    async fn merchant_by_partner_account(&self, id: &str) -> StoreResult<Option<MerchantRecord>> {
        let id = id.to_string();
        self.run(move |c| {
            let sql = format!(
                "SELECT {MERCHANT_COLS} FROM merchants WHERE partner_account_id = ?1 LIMIT 1"
            );
            c.query_row(&sql, params![id], merchant_row)
                .optional()?
                .map(merchant_of)
                .transpose()
        })
        .await
    }

    async fn merchants(&self, after: Option<&str>, limit: u32) -> StoreResult<Vec<MerchantRecord>> {
        let after = after.unwrap_or("").to_string();
        self.run(move |c| {
            let sql =
                format!("SELECT {MERCHANT_COLS} FROM merchants WHERE id > ?1 ORDER BY id LIMIT ?2");
            let mut stmt = c.prepare(&sql)?;
            let rows = stmt.query_map(params![after, limit], merchant_row)?;
            rows.map(|r| merchant_of(r?)).collect()
        })
        .await
    }

    async fn update_merchant(
        &self,
        m: &MerchantRecord,
        expected_version: i64,
    ) -> StoreResult<bool> {
        let m = m.clone();
        self.run(move |c| update(c, &m, expected_version)).await
    }

    async fn insert_merchant_key(&self, k: &MerchantKeyRecord) -> StoreResult<()> {
        let k = k.clone();
        self.run(move |c| {
            c.execute(
                "INSERT INTO merchant_keys (key_id, merchant_id, secret_hash, last4, created_at, revoked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
                params![k.key_id, k.merchant_id, k.secret_hash, k.last4, clock::format(k.created_at)],
            )?;
            Ok(())
        })
        .await
    }

    async fn merchant_keys(&self, merchant_id: &str) -> StoreResult<Vec<MerchantKeyRecord>> {
        let id = merchant_id.to_string();
        self.run(move |c| {
            // Insertion order: the ids are ordered by their millisecond only, and the
            // RFC 3339 text of `created_at` drops trailing zeros, so it does not sort.
            let sql = format!(
                "SELECT {KEY_COLS} FROM merchant_keys WHERE merchant_id = ?1 ORDER BY rowid"
            );
            let mut stmt = c.prepare(&sql)?;
            let rows = stmt.query_map(params![id], key_row)?;
            rows.map(|r| key_of(r?)).collect()
        })
        .await
    }

    async fn merchant_key_by_hash(
        &self,
        secret_hash: &str,
    ) -> StoreResult<Option<MerchantKeyRecord>> {
        let h = secret_hash.to_string();
        self.run(move |c| {
            let sql = format!("SELECT {KEY_COLS} FROM merchant_keys WHERE secret_hash = ?1 AND revoked_at IS NULL");
            c.query_row(&sql, params![h], key_row).optional()?.map(key_of).transpose()
        })
        .await
    }

    async fn revoke_merchant_key(
        &self,
        merchant_id: &str,
        key_id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let (m, k) = (merchant_id.to_string(), key_id.to_string());
        self.run(move |c| {
            let n = c.execute(
                "UPDATE merchant_keys SET revoked_at = ?1 WHERE merchant_id = ?2 AND key_id = ?3 AND revoked_at IS NULL",
                params![clock::format(at), m, k],
            )?;
            Ok(n == 1)
        })
        .await
    }
}
