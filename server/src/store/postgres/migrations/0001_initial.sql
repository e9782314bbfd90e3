-- The checkout's tables on PostgreSQL: the SQLite schema with real types
-- (timestamptz for times, bigint for money, bytea for answers).
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    client_secret_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    data TEXT NOT NULL,
    network_token TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE authorizations (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    payment_transaction_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    authorized_at TEXT NOT NULL
);
CREATE TABLE session_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX session_events_by_session ON session_events (session_id, id);
CREATE TABLE payment_requests (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE sandbox_payment_requests (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    state TEXT NOT NULL,
    journey TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    token TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    body BYTEA,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE TABLE webhook_events (
    event_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE rate_limits (
    rl_key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL
);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);
CREATE TABLE shared_values (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
