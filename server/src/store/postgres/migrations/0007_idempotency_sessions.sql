-- The session a stored idempotent answer is about (NULL when it names none),
-- found at once: erasing a session's personal data erases it from the answers
-- kept for replays in the same transaction.
ALTER TABLE idempotency_keys ADD COLUMN session_id TEXT;
CREATE INDEX idempotency_keys_by_session ON idempotency_keys (session_id) WHERE session_id IS NOT NULL;
