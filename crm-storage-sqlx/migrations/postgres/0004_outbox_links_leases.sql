-- Issue 15, secrets and outbox leases.
-- Queued emails no longer hold a live magic link: the bodies show a placeholder and the row says
-- what to mint when the worker sends (the contact, the link's purpose, target and validity).
-- The contact is kept (not only the address) so the recipient is re-resolved at send time; no
-- foreign key, because a removed contact must not take its queued emails with it.
ALTER TABLE outbox ADD COLUMN contact_id UUID;
ALTER TABLE outbox ADD COLUMN recipient TEXT NOT NULL DEFAULT 'contact' CHECK (recipient IN ('primary', 'contact'));
ALTER TABLE outbox ADD COLUMN link_purpose TEXT CHECK (link_purpose IN ('document', 'login'));
ALTER TABLE outbox ADD COLUMN link_target TEXT;
ALTER TABLE outbox ADD COLUMN link_ttl_seconds BIGINT CHECK (link_ttl_seconds >= 0);
-- The claim holding the row: marks apply only while it still holds it.
ALTER TABLE outbox ADD COLUMN lease_token UUID;
-- The link minted for the attempt in progress, revoked when that attempt fails.
ALTER TABLE outbox ADD COLUMN minted_link_id UUID;
-- Failed rows queued before this kept their live link in the bodies forever.
UPDATE outbox SET html_body = '', text_body = '' WHERE status = 'failed';
