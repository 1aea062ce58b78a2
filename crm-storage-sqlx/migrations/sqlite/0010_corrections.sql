-- no-transaction
-- Corrections of issued invoices: cancellation invoices and corrective credits (append-only,
-- own number ranges), and on the invoice what they did to it: `credited` (Σ credits, lowering
-- what it asks for; a credit beyond the open balance leaves money to refund, so the balance
-- rule becomes balance = max(total − credited − paid, 0)) and `cancelled_by`.
--
-- SQLite cannot change a CHECK in place: the tables whose checks change are rebuilt, with
-- foreign keys off (other tables reference invoices), hence no transaction from the
-- migrator and one of our own. Template kinds and archive kinds lose their fixed lists: new
-- kinds (corrections now, dunning levels next) are checked by the domain types that read
-- them, not by a table rebuild each time.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE invoices_new (
    id              BLOB PRIMARY KEY,
    company_id      BLOB NOT NULL REFERENCES companies (id),
    client_id       BLOB NOT NULL REFERENCES clients (id),
    number          TEXT,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'partial', 'processing', 'paid', 'cancelled')),
    currency        TEXT NOT NULL CHECK (length(currency) = 3),
    minor_units     INTEGER NOT NULL CHECK (minor_units BETWEEN 0 AND 4),
    lines           TEXT NOT NULL,
    totals          TEXT NOT NULL,
    total           INTEGER NOT NULL CHECK (total >= 0),
    amount_paid     INTEGER NOT NULL CHECK (amount_paid >= 0),
    balance         INTEGER NOT NULL CHECK (balance >= 0),
    issue_date      TEXT,
    due_date        TEXT,
    bill_to         TEXT,
    notes           TEXT,
    terms           TEXT,
    quote_id        BLOB,
    viewed_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    treatment       TEXT NOT NULL DEFAULT '{"kind":"standard"}',
    service_period  TEXT,
    seller          TEXT,
    skonto          TEXT,
    credited        INTEGER NOT NULL DEFAULT 0 CHECK (credited >= 0 AND credited <= total),
    cancelled_by    TEXT CHECK (cancelled_by IS NULL OR status = 'cancelled'),
    CONSTRAINT invoices_number_key UNIQUE (company_id, number),
    CONSTRAINT invoices_issued_have_numbers CHECK (status = 'draft' OR status = 'cancelled' OR number IS NOT NULL),
    CONSTRAINT invoices_balance_adds_up CHECK (status IN ('draft', 'cancelled') OR balance = max(total - credited - amount_paid, 0))
) STRICT;
INSERT INTO invoices_new (id, company_id, client_id, number, status, currency, minor_units, lines, totals,
    total, amount_paid, balance, issue_date, due_date, bill_to, notes, terms, quote_id, viewed_at,
    created_at, updated_at, treatment, service_period, seller, skonto)
    SELECT id, company_id, client_id, number, status, currency, minor_units, lines, totals,
    total, amount_paid, balance, issue_date, due_date, bill_to, notes, terms, quote_id, viewed_at,
    created_at, updated_at, treatment, service_period, seller, skonto FROM invoices;
DROP TABLE invoices;
ALTER TABLE invoices_new RENAME TO invoices;
CREATE INDEX invoices_history ON invoices (company_id, client_id, created_at DESC, id DESC);
CREATE INDEX invoices_open ON invoices (company_id, client_id, status, due_date);
CREATE INDEX invoices_status_history ON invoices (company_id, client_id, status, created_at DESC, id DESC);
CREATE INDEX invoices_open_by_date ON invoices (
    company_id, client_id, COALESCE(due_date, issue_date), created_at, id, status, balance, due_date, issue_date
) WHERE status IN ('sent', 'partial', 'processing');
CREATE INDEX invoices_issue_date ON invoices (company_id, issue_date) WHERE number IS NOT NULL;
-- The company-wide invoice list reads newest first.
CREATE INDEX invoices_company_history ON invoices (company_id, created_at DESC, id DESC);

CREATE TABLE corrections (
    id           BLOB PRIMARY KEY,
    company_id   BLOB NOT NULL REFERENCES companies (id),
    client_id    BLOB NOT NULL REFERENCES clients (id),
    invoice_id   BLOB NOT NULL REFERENCES invoices (id),
    kind         TEXT NOT NULL CHECK (kind IN ('cancellation', 'credit')),
    number       TEXT NOT NULL CHECK (length(number) > 0),
    issue_date   TEXT NOT NULL,
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    total        INTEGER NOT NULL CHECK (total < 0),
    refund_due   INTEGER NOT NULL CHECK (refund_due >= 0),
    -- The whole document (lines, totals, snapshots, the corrected invoice), as issued.
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    CONSTRAINT corrections_number_key UNIQUE (company_id, number)
) STRICT;
CREATE INDEX corrections_of_invoice ON corrections (company_id, invoice_id, created_at, id);
CREATE INDEX corrections_history ON corrections (company_id, client_id, created_at DESC, id DESC);
CREATE INDEX corrections_company_history ON corrections (company_id, created_at DESC, id DESC);
CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections
BEGIN
    SELECT RAISE(ABORT, 'corrections are append-only');
END;
CREATE TRIGGER corrections_retained BEFORE DELETE ON corrections
WHEN CAST(substr(OLD.created_at, 1, 4) AS INTEGER) + 9 > CAST(strftime('%Y', 'now') AS INTEGER)
BEGIN
    SELECT RAISE(ABORT, 'corrections are retained for 8 years after the end of their year');
END;

CREATE TABLE issued_documents_new (
    company_id   BLOB NOT NULL REFERENCES companies (id),
    kind         TEXT NOT NULL CHECK (length(kind) > 0),
    document_id  BLOB NOT NULL,
    sha256       BLOB NOT NULL CHECK (length(sha256) = 32),
    size         INTEGER NOT NULL CHECK (size >= 0),
    media_type   TEXT NOT NULL CHECK (length(media_type) > 0),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (company_id, kind, document_id)
);
INSERT INTO issued_documents_new SELECT company_id, kind, document_id, sha256, size, media_type, created_at FROM issued_documents;
DROP TABLE issued_documents;
ALTER TABLE issued_documents_new RENAME TO issued_documents;
CREATE TRIGGER issued_documents_no_update BEFORE UPDATE ON issued_documents
BEGIN
    SELECT RAISE(ABORT, 'issued_documents is append-only');
END;
CREATE TRIGGER issued_documents_retained BEFORE DELETE ON issued_documents
WHEN CAST(substr(OLD.created_at, 1, 4) AS INTEGER) + 9 > CAST(strftime('%Y', 'now') AS INTEGER)
BEGIN
    SELECT RAISE(ABORT, 'issued_documents are retained for 8 years after the end of their year');
END;

CREATE TABLE company_templates_new (
    company_id  BLOB NOT NULL REFERENCES companies (id),
    kind        TEXT NOT NULL CHECK (length(kind) > 0),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (company_id, kind)
) STRICT;
INSERT INTO company_templates_new SELECT company_id, kind, subject, body FROM company_templates;
DROP TABLE company_templates;
ALTER TABLE company_templates_new RENAME TO company_templates;

CREATE TABLE client_templates_new (
    company_id  BLOB NOT NULL REFERENCES companies (id),
    client_id   BLOB NOT NULL,
    kind        TEXT NOT NULL CHECK (length(kind) > 0),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (company_id, client_id, kind),
    FOREIGN KEY (company_id, client_id) REFERENCES clients (company_id, id)
) STRICT;
INSERT INTO client_templates_new SELECT company_id, client_id, kind, subject, body FROM client_templates;
DROP TABLE client_templates;
ALTER TABLE client_templates_new RENAME TO client_templates;

CREATE TABLE outbox_new (
    id                BLOB PRIMARY KEY,
    company_id        BLOB NOT NULL REFERENCES companies (id),
    client_id         BLOB REFERENCES clients (id),
    kind              TEXT NOT NULL CHECK (length(kind) > 0),
    to_email          TEXT NOT NULL CHECK (instr(to_email, '@') > 1),
    to_name           TEXT NOT NULL,
    subject           TEXT NOT NULL,
    html_body         TEXT NOT NULL,
    text_body         TEXT NOT NULL,
    attachment        TEXT,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts          INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at   TEXT NOT NULL,
    last_error        TEXT,
    created_at        TEXT NOT NULL,
    sent_at           TEXT,
    contact_id        BLOB,
    recipient         TEXT NOT NULL DEFAULT 'contact' CHECK (recipient IN ('primary', 'contact')),
    link_purpose      TEXT CHECK (link_purpose IN ('document', 'login')),
    link_target       TEXT,
    link_ttl_seconds  INTEGER CHECK (link_ttl_seconds >= 0),
    lease_token       BLOB,
    minted_link_id    BLOB
) STRICT;
INSERT INTO outbox_new SELECT id, company_id, client_id, kind, to_email, to_name, subject, html_body,
    text_body, attachment, status, attempts, next_attempt_at, last_error, created_at, sent_at,
    contact_id, recipient, link_purpose, link_target, link_ttl_seconds, lease_token, minted_link_id
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_company ON outbox (company_id, created_at DESC);

COMMIT;
PRAGMA foreign_keys = ON;
