-- Which server process (boot) holds an idempotency reservation, so that one
-- left by a dead process is taken over at once (see postgres/holder.rs).
ALTER TABLE idempotency_keys ADD COLUMN holder TEXT;
