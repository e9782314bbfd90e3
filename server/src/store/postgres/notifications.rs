//! Merchant notification endpoints, events, deliveries and their attempts on
//! PostgreSQL.

use crate::store::{
    DeliveryAttempt, EndpointRecord, EventRecord, EventSummary, StoreError, StoreResult,
};
use sqlx::postgres::{PgConnection, PgPool, PgRow};
use sqlx::Row;

/// Inserts events on `c` (inside the transaction of the change they report);
/// their `seq` is an identity column, so concurrent inserts never share one.
/// A session's events are written one transaction at a time (an advisory lock
/// per session, held to the commit), so their `seq` follows their commits and
/// an event's `sequence` within its session never changes once it is seen.
/// An event about a session whose personal data is erased by then is stored
/// erased ([`super::privacy::event_data`]).
pub(super) async fn insert_events(c: &mut PgConnection, events: &[EventRecord]) -> StoreResult<()> {
    for e in events {
        sqlx::query(
            "SELECT pg_advisory_xact_lock(hashtextextended('notification_events:' || $1, 0))",
        )
        .bind(&e.session_id)
        .execute(&mut *c)
        .await?;
        let data = super::privacy::event_data(c, &e.session_id, &e.data).await?;
        sqlx::query(
            "INSERT INTO notification_events (id, merchant_id, session_id, event_type, data, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&e.id)
        .bind(&e.merchant_id)
        .bind(&e.session_id)
        .bind(&e.event_type)
        .bind(data.to_string())
        .bind(e.created_at)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

fn endpoint_of(r: &PgRow) -> StoreResult<EndpointRecord> {
    let types: String = r.try_get(3)?;
    Ok(EndpointRecord {
        id: r.try_get(0)?,
        merchant_id: r.try_get(1)?,
        url: r.try_get(2)?,
        event_types: serde_json::from_str(&types).map_err(|e| StoreError(e.to_string()))?,
        secret: r.try_get(4)?,
        created_at: r.try_get(5)?,
    })
}

/// Inserts `e` whatever its merchant has (the demo receiver, tests): the
/// capped insert with no cap, so there is one insert statement.
pub(super) async fn insert_endpoint(pool: &PgPool, e: &EndpointRecord) -> StoreResult<()> {
    insert_endpoint_within(pool, e, usize::MAX)
        .await
        .map(|_| ())
}

/// The advisory lock class of "a merchant's endpoints" (`"KHC"` + 2).
const ENDPOINTS_LOCK: i32 = 0x4b48_4302;

/// Inserts `e` unless its merchant has `max` live endpoints already. A
/// transaction-level advisory lock on the merchant makes concurrent calls
/// take turns, so each one's count sees the endpoints the others committed.
pub(super) async fn insert_endpoint_within(
    pool: &PgPool,
    e: &EndpointRecord,
    max: usize,
) -> StoreResult<bool> {
    let types = serde_json::to_string(&e.event_types).map_err(|e| StoreError(e.to_string()))?;
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .bind(ENDPOINTS_LOCK)
        .bind(&e.merchant_id)
        .execute(&mut *tx)
        .await?;
    let n = sqlx::query(
        "INSERT INTO notification_endpoints (id, merchant_id, url, event_types, secret, created_at)
         SELECT $1, $2, $3, $4, $5, $6
         WHERE (SELECT count(*) FROM notification_endpoints WHERE merchant_id = $2 AND deleted_at IS NULL) < $7",
    )
    .bind(&e.id)
    .bind(&e.merchant_id)
    .bind(&e.url)
    .bind(types)
    .bind(&e.secret)
    .bind(e.created_at)
    .bind(i64::try_from(max).unwrap_or(i64::MAX))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(n == 1)
}

pub(super) async fn endpoints(pool: &PgPool, merchant: &str) -> StoreResult<Vec<EndpointRecord>> {
    let rows = sqlx::query(
        "SELECT id, merchant_id, url, event_types, secret, created_at FROM notification_endpoints
         WHERE merchant_id = $1 AND deleted_at IS NULL ORDER BY created_at, id",
    )
    .bind(merchant)
    .fetch_all(pool)
    .await?;
    rows.iter().map(endpoint_of).collect()
}

pub(super) async fn endpoint(pool: &PgPool, id: &str) -> StoreResult<Option<EndpointRecord>> {
    sqlx::query(
        "SELECT id, merchant_id, url, event_types, secret, created_at FROM notification_endpoints
         WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(endpoint_of)
    .transpose()
}

pub(super) async fn delete_endpoint(pool: &PgPool, merchant: &str, id: &str) -> StoreResult<bool> {
    let n = sqlx::query(
        "UPDATE notification_endpoints SET deleted_at = $1 WHERE id = $2 AND merchant_id = $3 AND deleted_at IS NULL",
    )
    .bind(crate::clock::now())
    .bind(id)
    .bind(merchant)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// An event with its delivery counts. A delivery to a deleted endpoint that never
/// succeeded is not counted: nothing sends it any more, so it is not pending.
const SUMMARY: &str =
    "SELECT e.id, e.merchant_id, e.session_id, e.event_type, e.data, e.created_at,
        (SELECT COUNT(*) FROM notification_deliveries d WHERE d.event_id = e.id AND (d.delivered OR NOT EXISTS (SELECT 1 FROM notification_endpoints n WHERE n.id = d.endpoint_id AND n.deleted_at IS NOT NULL))),
        (SELECT COUNT(*) FROM notification_deliveries d WHERE d.event_id = e.id AND d.delivered),
        (SELECT COUNT(*) FROM notification_events s WHERE s.session_id = e.session_id AND s.seq <= e.seq)
    FROM notification_events e";

fn summary_of(r: &PgRow) -> StoreResult<EventSummary> {
    let data: String = r.try_get(4)?;
    let endpoints: i64 = r.try_get(6)?;
    let delivered: i64 = r.try_get(7)?;
    Ok(EventSummary {
        event: EventRecord {
            id: r.try_get(0)?,
            merchant_id: r.try_get(1)?,
            session_id: r.try_get(2)?,
            event_type: r.try_get(3)?,
            data: serde_json::from_str(&data).map_err(|e| StoreError(e.to_string()))?,
            created_at: r.try_get(5)?,
        },
        endpoints: u32::try_from(endpoints).unwrap_or(u32::MAX),
        delivered: u32::try_from(delivered).unwrap_or(u32::MAX),
        sequence: r.try_get(8)?,
    })
}

pub(super) async fn event(pool: &PgPool, id: &str) -> StoreResult<Option<EventSummary>> {
    let sql = format!("{SUMMARY} WHERE e.id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(summary_of)
        .transpose()
}

pub(super) async fn events_of(
    pool: &PgPool,
    merchant: &str,
    delivered: Option<bool>,
    limit: u32,
) -> StoreResult<Vec<EventSummary>> {
    // Fixed SQL fragments only; the values are bound.
    let filter = match delivered {
        None => "",
        Some(true) => " AND EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND d.delivered)
                        AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND NOT d.delivered
                            AND NOT EXISTS (SELECT 1 FROM notification_endpoints n WHERE n.id = d.endpoint_id AND n.deleted_at IS NOT NULL))",
        Some(false) => " AND (NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND d.delivered)
                        OR EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND NOT d.delivered
                            AND NOT EXISTS (SELECT 1 FROM notification_endpoints n WHERE n.id = d.endpoint_id AND n.deleted_at IS NOT NULL)))",
    };
    let sql = format!("{SUMMARY} WHERE e.merchant_id = $1{filter} ORDER BY e.seq DESC LIMIT $2");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(merchant)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    rows.iter().map(summary_of).collect()
}

pub(super) async fn start_delivery(
    pool: &PgPool,
    event_id: &str,
    endpoint_id: &str,
    again: bool,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO notification_deliveries (event_id, endpoint_id, delivered, attempts) VALUES ($1, $2, FALSE, 0)
         ON CONFLICT (event_id, endpoint_id) DO UPDATE
             SET delivered = CASE WHEN $3 THEN FALSE ELSE notification_deliveries.delivered END",
    )
    .bind(event_id)
    .bind(endpoint_id)
    .bind(again)
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn record_delivery(pool: &PgPool, a: &DeliveryAttempt) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO notification_attempts (event_id, endpoint_id, url, at, status_code, latency_ms, error, delivered)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&a.event_id)
    .bind(&a.endpoint_id)
    .bind(&a.url)
    .bind(a.at)
    .bind(a.status_code.map(i32::from))
    .bind(a.latency_ms)
    .bind(&a.error)
    .bind(a.delivered)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO notification_deliveries (event_id, endpoint_id, delivered, attempts) VALUES ($1, $2, $3, 1)
         ON CONFLICT (event_id, endpoint_id) DO UPDATE SET attempts = notification_deliveries.attempts + 1,
             delivered = notification_deliveries.delivered OR excluded.delivered",
    )
    .bind(&a.event_id)
    .bind(&a.endpoint_id)
    .bind(a.delivered)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn attempts(pool: &PgPool, event_id: &str) -> StoreResult<Vec<DeliveryAttempt>> {
    let rows = sqlx::query(
        "SELECT event_id, endpoint_id, url, at, status_code, latency_ms, error, delivered
         FROM notification_attempts WHERE event_id = $1 ORDER BY id",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let code: Option<i32> = r.try_get(4)?;
            Ok(DeliveryAttempt {
                event_id: r.try_get(0)?,
                endpoint_id: r.try_get(1)?,
                url: r.try_get(2)?,
                at: r.try_get(3)?,
                status_code: code.and_then(|c| u16::try_from(c).ok()),
                latency_ms: r.try_get(5)?,
                error: r.try_get(6)?,
                delivered: r.try_get(7)?,
            })
        })
        .collect()
}
