-- When a portal session was confirmed by a POST (a single-use link's "Continue", or the
-- confirmation a session opened by a bare GET of a document link asks for before acting on the
-- client's behalf). NULL: read and pay only (link scanners and previews fetch document links).
ALTER TABLE portal_sessions ADD COLUMN confirmed_at TIMESTAMPTZ;
