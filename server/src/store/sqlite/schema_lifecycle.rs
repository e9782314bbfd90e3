//! Tables of the payment after authorization, the job queue, merchant
//! notifications and the sandbox's Klarna; created on start like
//! [`super::schema::SCHEMA`]. Plain types (times as RFC 3339 text or unix
//! milliseconds), a partial unique index and no SQLite-only SQL, so the
//! same statements translate directly to PostgreSQL.

/// Statements run on every open, after the base schema.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS payments (
    session_id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    payment_transaction_id TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    capture_method TEXT NOT NULL,
    state TEXT NOT NULL,
    ledger TEXT NOT NULL,
    network_response_data TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    partner_account_id TEXT
);
CREATE TABLE IF NOT EXISTS payment_operations (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    amount INTEGER NOT NULL,
    status TEXT NOT NULL,
    capture_id TEXT,
    reference TEXT,
    request TEXT NOT NULL,
    klarna_id TEXT,
    failure_reason TEXT,
    klarna_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payment_operations_by_session ON payment_operations (session_id, seq);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    run_at_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until_ms INTEGER,
    last_error TEXT,
    dedupe_key TEXT,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, run_at_ms);
CREATE INDEX IF NOT EXISTS jobs_retrying ON jobs (kind) WHERE status = 'queued' AND attempts > 0;
CREATE UNIQUE INDEX IF NOT EXISTS jobs_dedupe ON jobs (dedupe_key)
    WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');
CREATE TABLE IF NOT EXISTS notification_endpoints (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    url TEXT NOT NULL,
    event_types TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX IF NOT EXISTS notification_endpoints_by_merchant ON notification_endpoints (merchant_id);
CREATE TABLE IF NOT EXISTS notification_events (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS notification_events_by_merchant ON notification_events (merchant_id, seq);
CREATE INDEX IF NOT EXISTS notification_events_by_session ON notification_events (session_id);
CREATE TABLE IF NOT EXISTS notification_deliveries (
    event_id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    delivered INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    PRIMARY KEY (event_id, endpoint_id)
);
CREATE TABLE IF NOT EXISTS notification_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    url TEXT NOT NULL,
    at TEXT NOT NULL,
    status_code INTEGER,
    latency_ms INTEGER NOT NULL,
    error TEXT,
    delivered INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS notification_attempts_by_event ON notification_attempts (event_id, id);
CREATE TABLE IF NOT EXISTS sandbox_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    operation TEXT NOT NULL,
    session_id TEXT,
    transaction_id TEXT,
    idempotency_key TEXT,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sandbox_calls_by_session ON sandbox_calls (session_id, id);
CREATE INDEX IF NOT EXISTS sandbox_calls_by_transaction ON sandbox_calls (transaction_id, id);
CREATE TABLE IF NOT EXISTS sandbox_transactions (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
);
";
