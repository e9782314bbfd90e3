//! The SQLite schema, created on start (idempotent `IF NOT EXISTS`).
//!
//! Plain types only (TEXT, INTEGER, BLOB; times as RFC 3339 text) so the same
//! tables translate directly to PostgreSQL.

/// Statements run on every open.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    client_secret_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    data TEXT NOT NULL,
    network_token TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    asked_at TEXT
);
CREATE TABLE IF NOT EXISTS authorizations (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    payment_transaction_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    authorized_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS session_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS session_events_by_session ON session_events (session_id, id);
CREATE TABLE IF NOT EXISTS payment_requests (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox_payment_requests (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    state TEXT NOT NULL,
    journey TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    token TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    body BLOB,
    created_at TEXT NOT NULL,
    holder TEXT,
    session_id TEXT,
    PRIMARY KEY (scope, idem_key)
);
CREATE TABLE IF NOT EXISTS webhook_events (
    event_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rate_limits (
    rl_key TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    hits INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_limits_by_window ON rate_limits (window_start);
CREATE TABLE IF NOT EXISTS shared_values (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";
