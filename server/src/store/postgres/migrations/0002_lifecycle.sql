-- The payment after authorization, the job queue, merchant notifications and the sandbox's Klarna
-- (issue 13), on PostgreSQL: the SQLite tables with real types; identity columns give the insertion
-- order SQLite's rowid gives.
ALTER TABLE sessions ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;
CREATE INDEX sessions_by_merchant ON sessions (merchant_id, created_at DESC, seq DESC);
CREATE INDEX sessions_open_by_expiry ON sessions (expires_at) WHERE state = 'open';
CREATE TABLE payments (
    session_id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    payment_transaction_id TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    capture_method TEXT NOT NULL,
    state TEXT NOT NULL,
    ledger TEXT NOT NULL,
    network_response_data TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE payment_operations (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    amount BIGINT NOT NULL,
    status TEXT NOT NULL,
    capture_id TEXT,
    reference TEXT,
    request TEXT NOT NULL,
    klarna_id TEXT,
    failure_reason TEXT,
    klarna_key TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX payment_operations_by_session ON payment_operations (session_id, seq);
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    run_at_ms BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until_ms BIGINT,
    last_error TEXT,
    dedupe_key TEXT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at_ms);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key)
    WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');
CREATE TABLE notification_endpoints (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    url TEXT NOT NULL,
    event_types TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ
);
CREATE INDEX notification_endpoints_by_merchant ON notification_endpoints (merchant_id);
CREATE TABLE notification_events (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    seq BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX notification_events_by_merchant ON notification_events (merchant_id, seq);
CREATE TABLE notification_deliveries (
    event_id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    delivered BOOLEAN NOT NULL,
    attempts INTEGER NOT NULL,
    PRIMARY KEY (event_id, endpoint_id)
);
CREATE TABLE notification_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    url TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    status_code INTEGER,
    latency_ms BIGINT NOT NULL,
    error TEXT,
    delivered BOOLEAN NOT NULL
);
CREATE INDEX notification_attempts_by_event ON notification_attempts (event_id, id);
CREATE TABLE sandbox_calls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operation TEXT NOT NULL,
    session_id TEXT,
    transaction_id TEXT,
    idempotency_key TEXT,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sandbox_calls_by_session ON sandbox_calls (session_id, id);
CREATE INDEX sandbox_calls_by_transaction ON sandbox_calls (transaction_id, id);
CREATE TABLE sandbox_transactions (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
