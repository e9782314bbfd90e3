-- The merchant notifications of one session, found at once: erasing a
-- session's personal data erases it from its stored events in the same
-- transaction.
CREATE INDEX notification_events_by_session ON notification_events (session_id);
