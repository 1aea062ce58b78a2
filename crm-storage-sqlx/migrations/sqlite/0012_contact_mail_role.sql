-- How each contact receives the client's document emails (issue 21): in To, in CC, or not at
-- all. Until now only the primary contact got them, so it starts as 'to' and everyone else as
-- 'none'. The domain keeps the primary contact at 'to'.
ALTER TABLE contacts ADD COLUMN mail_role TEXT NOT NULL DEFAULT 'none'
    CHECK (mail_role IN ('to', 'cc', 'none'));
UPDATE contacts SET mail_role = 'to' WHERE is_primary = 1;
