-- Hosted checkout sessions and what each did to its invoice: which session put an invoice into
-- `processing` (so only its failure or expiry reopens it), and which sessions are closed (so a
-- "processing" that arrives after the session's failure does not freeze the invoice).
CREATE TABLE checkout_attempts (
    provider     TEXT NOT NULL,
    session_id   TEXT NOT NULL,
    company_id   UUID NOT NULL REFERENCES companies (id),
    invoice_id   UUID NOT NULL REFERENCES invoices (id),
    state        TEXT NOT NULL CHECK (state IN ('processing', 'succeeded', 'failed', 'expired', 'reopened')),
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, session_id)
);
CREATE INDEX checkout_attempts_invoice ON checkout_attempts (company_id, invoice_id);
