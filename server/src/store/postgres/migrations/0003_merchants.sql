-- Merchants and their API keys (issue 18), on PostgreSQL: the SQLite tables with real types.
CREATE TABLE merchants (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    partner_account_id TEXT,
    profile TEXT NOT NULL,
    klarna TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX merchants_by_partner_account ON merchants (partner_account_id);
CREATE TABLE merchant_keys (
    key_id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL REFERENCES merchants(id),
    secret_hash TEXT NOT NULL UNIQUE,
    last4 TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX merchant_keys_by_merchant ON merchant_keys (merchant_id, created_at);
