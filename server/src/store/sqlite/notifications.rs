//! Merchant notification endpoints, events, deliveries and their attempts.

use super::sessions::time_col;
use crate::clock;
use crate::store::{
    DeliveryAttempt, EndpointRecord, EventRecord, EventSummary, StoreError, StoreResult,
};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

/// Inserts events inside `tx` (the transaction of the change they report);
/// an event about a session whose personal data is erased by then is
/// stored erased ([`super::privacy::event_data`]).
pub(super) fn insert_events(tx: &Transaction<'_>, events: &[EventRecord]) -> StoreResult<()> {
    for e in events {
        let data = super::privacy::event_data(tx, &e.session_id, &e.data)?;
        tx.execute(
            "INSERT INTO notification_events (id, merchant_id, session_id, event_type, data, created_at, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT COALESCE(MAX(seq), 0) + 1 FROM notification_events))",
            params![e.id, e.merchant_id, e.session_id, e.event_type, data.to_string(), clock::format(e.created_at)],
        )?;
    }
    Ok(())
}

fn endpoint_row(r: &Row<'_>) -> rusqlite::Result<(String, String, String, String, String, String)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn endpoint_of(
    row: (String, String, String, String, String, String),
) -> StoreResult<EndpointRecord> {
    let (id, merchant_id, url, types, secret, created) = row;
    Ok(EndpointRecord {
        id,
        merchant_id,
        url,
        event_types: serde_json::from_str(&types).map_err(|e| StoreError(e.to_string()))?,
        secret,
        created_at: time_col(&created)?,
    })
}

const ENDPOINT_COLS: &str = "id, merchant_id, url, event_types, secret, created_at";

/// Inserts `e` whatever its merchant has (the demo receiver, tests): the
/// capped insert with no cap, so there is one insert statement.
pub(super) fn insert_endpoint(c: &mut Connection, e: &EndpointRecord) -> StoreResult<()> {
    insert_endpoint_within(c, e, usize::MAX).map(|_| ())
}

/// Inserts `e` unless its merchant has `max` live endpoints already; the
/// count and the insert share an immediate (write-locked) transaction.
pub(super) fn insert_endpoint_within(
    c: &mut Connection,
    e: &EndpointRecord,
    max: usize,
) -> StoreResult<bool> {
    let types = serde_json::to_string(&e.event_types).map_err(|e| StoreError(e.to_string()))?;
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let n = tx.execute(
        "INSERT INTO notification_endpoints (id, merchant_id, url, event_types, secret, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6
         WHERE (SELECT count(*) FROM notification_endpoints WHERE merchant_id = ?2 AND deleted_at IS NULL) < ?7",
        params![e.id, e.merchant_id, e.url, types, e.secret, clock::format(e.created_at), i64::try_from(max).unwrap_or(i64::MAX)],
    )?;
    tx.commit()?;
    Ok(n == 1)
}

pub(super) fn endpoints(c: &mut Connection, merchant: &str) -> StoreResult<Vec<EndpointRecord>> {
    let sql = format!("SELECT {ENDPOINT_COLS} FROM notification_endpoints WHERE merchant_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id");
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map(params![merchant], endpoint_row)?;
    rows.map(|r| endpoint_of(r?)).collect()
}

pub(super) fn endpoint(c: &mut Connection, id: &str) -> StoreResult<Option<EndpointRecord>> {
    let sql = format!(
        "SELECT {ENDPOINT_COLS} FROM notification_endpoints WHERE id = ?1 AND deleted_at IS NULL"
    );
    c.query_row(&sql, params![id], endpoint_row)
        .optional()?
        .map(endpoint_of)
        .transpose()
}

pub(super) fn delete_endpoint(c: &mut Connection, merchant: &str, id: &str) -> StoreResult<bool> {
    let n = c.execute(
        "UPDATE notification_endpoints SET deleted_at = ?1 WHERE id = ?2 AND merchant_id = ?3 AND deleted_at IS NULL",
        params![clock::format(clock::now()), id, merchant],
    )?;
    Ok(n == 1)
}

/// An event with its delivery counts. A delivery to a deleted endpoint that never
/// succeeded is not counted: nothing sends it any more, so it is not pending.
const SUMMARY: &str =
    "SELECT e.id, e.merchant_id, e.session_id, e.event_type, e.data, e.created_at,
        (SELECT COUNT(*) FROM notification_deliveries d WHERE d.event_id = e.id AND (d.delivered = 1 OR NOT EXISTS (SELECT 1 FROM notification_endpoints n WHERE n.id = d.endpoint_id AND n.deleted_at IS NOT NULL))),
        (SELECT COUNT(*) FROM notification_deliveries d WHERE d.event_id = e.id AND d.delivered = 1),
        (SELECT COUNT(*) FROM notification_events s WHERE s.session_id = e.session_id AND s.seq <= e.seq)
    FROM notification_events e";

type SummaryRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    u32,
    u32,
    i64,
);

fn summary_row(r: &Row<'_>) -> rusqlite::Result<SummaryRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

fn summary_of(row: SummaryRow) -> StoreResult<EventSummary> {
    let (id, merchant_id, session_id, event_type, data, created, endpoints, delivered, sequence) =
        row;
    Ok(EventSummary {
        event: EventRecord {
            id,
            merchant_id,
            session_id,
            event_type,
            data: serde_json::from_str(&data).map_err(|e| StoreError(e.to_string()))?,
            created_at: time_col(&created)?,
        },
        endpoints,
        delivered,
        sequence,
    })
}

pub(super) fn event(c: &mut Connection, id: &str) -> StoreResult<Option<EventSummary>> {
    let sql = format!("{SUMMARY} WHERE e.id = ?1");
    c.query_row(&sql, params![id], summary_row)
        .optional()?
        .map(summary_of)
        .transpose()
}

pub(super) fn events_of(
    c: &mut Connection,
    merchant: &str,
    delivered: Option<bool>,
    limit: u32,
) -> StoreResult<Vec<EventSummary>> {
    let filter = match delivered {
        None => "",
        Some(true) => " AND EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND d.delivered = 1)
                        AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND d.delivered = 0
                            AND NOT EXISTS (SELECT 1 FROM notification_endpoints n WHERE n.id = d.endpoint_id AND n.deleted_at IS NOT NULL))",
        Some(false) => " AND (NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND d.delivered = 1)
                        OR EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND d.delivered = 0
                            AND NOT EXISTS (SELECT 1 FROM notification_endpoints n WHERE n.id = d.endpoint_id AND n.deleted_at IS NOT NULL)))",
    };
    let sql = format!("{SUMMARY} WHERE e.merchant_id = ?1{filter} ORDER BY e.seq DESC LIMIT ?2");
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map(params![merchant, limit], summary_row)?;
    rows.map(|r| summary_of(r?)).collect()
}

pub(super) fn start_delivery(
    c: &mut Connection,
    event_id: &str,
    endpoint_id: &str,
    again: bool,
) -> StoreResult<()> {
    c.execute(
        "INSERT INTO notification_deliveries (event_id, endpoint_id, delivered, attempts) VALUES (?1, ?2, 0, 0)
         ON CONFLICT (event_id, endpoint_id) DO UPDATE SET delivered = CASE WHEN ?3 THEN 0 ELSE delivered END",
        params![event_id, endpoint_id, again],
    )?;
    Ok(())
}

pub(super) fn record_delivery(c: &mut Connection, a: &DeliveryAttempt) -> StoreResult<()> {
    let tx = c.transaction()?;
    tx.execute(
        "INSERT INTO notification_attempts (event_id, endpoint_id, url, at, status_code, latency_ms, error, delivered)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![a.event_id, a.endpoint_id, a.url, clock::format(a.at), a.status_code, a.latency_ms, a.error, a.delivered as i64],
    )?;
    tx.execute(
        "INSERT INTO notification_deliveries (event_id, endpoint_id, delivered, attempts) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (event_id, endpoint_id) DO UPDATE SET attempts = attempts + 1,
             delivered = MAX(delivered, excluded.delivered)",
        params![a.event_id, a.endpoint_id, a.delivered as i64],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn attempts(c: &mut Connection, event_id: &str) -> StoreResult<Vec<DeliveryAttempt>> {
    let mut stmt = c.prepare(
        "SELECT event_id, endpoint_id, url, at, status_code, latency_ms, error, delivered
         FROM notification_attempts WHERE event_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![event_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<u16>>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (event_id, endpoint_id, url, at, status_code, latency_ms, error, delivered) = row?;
        out.push(DeliveryAttempt {
            event_id,
            endpoint_id,
            url,
            at: time_col(&at)?,
            status_code,
            latency_ms,
            error,
            delivered: delivered == 1,
        });
    }
    Ok(out)
}
