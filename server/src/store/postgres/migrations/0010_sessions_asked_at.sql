-- When a call that pays was last asked of Klarna for the session (written with its `authorize.asked` event):
-- the hosted page's config reads the session's events only for a session that has one.
ALTER TABLE sessions ADD COLUMN asked_at TIMESTAMPTZ;
-- Open sessions asked before this migration (a payment running while the first new instance starts) are stamped
-- from their events, so their reloaded pages wait too.
UPDATE sessions SET asked_at = e.at
FROM (SELECT session_id, max(at) AS at FROM session_events WHERE kind = 'authorize.asked' GROUP BY session_id) e
WHERE sessions.id = e.session_id AND sessions.state = 'open';
