-- When a call that pays was last asked of Klarna for the session (written with its `authorize.asked` event):
-- the hosted page's config reads the session's events only for a session that has one.
ALTER TABLE sessions ADD COLUMN asked_at TIMESTAMPTZ;
