-- Payment reminders and Mahnungen (domain/dunning): append-only documents like corrections.
-- Each (invoice, level) is in at most one reminder: the primary key of reminder_items is the
-- storage's half of "exactly once" (the service checks under the invoice's lock first).
-- Invoices keep the last level they reached as JSON (level, day, reminder).
CREATE TABLE reminders (
    id           UUID PRIMARY KEY,
    company_id   UUID NOT NULL REFERENCES companies (id),
    client_id    UUID NOT NULL REFERENCES clients (id),
    number       TEXT NOT NULL CHECK (length(number) > 0),
    level        TEXT NOT NULL CHECK (level IN ('reminder', 'first', 'second', 'final')),
    issue_date   DATE NOT NULL,
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    total        BIGINT NOT NULL CHECK (total > 0),
    -- The whole document (items, interest, fees, snapshots), as issued.
    body         JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT reminders_number_key UNIQUE (company_id, number)
);
CREATE INDEX reminders_of_client ON reminders (company_id, client_id, created_at DESC, id DESC);
CREATE TRIGGER reminders_append_only BEFORE UPDATE OR DELETE ON reminders
    FOR EACH ROW EXECUTE FUNCTION crm_archive_append_only();
CREATE TRIGGER reminders_no_truncate BEFORE TRUNCATE ON reminders
    FOR EACH STATEMENT EXECUTE FUNCTION crm_archive_append_only();

CREATE TABLE reminder_items (
    invoice_id   UUID NOT NULL REFERENCES invoices (id),
    level        TEXT NOT NULL CHECK (level IN ('reminder', 'first', 'second', 'final')),
    reminder_id  UUID NOT NULL REFERENCES reminders (id),
    company_id   UUID NOT NULL REFERENCES companies (id),
    PRIMARY KEY (invoice_id, level)
);
CREATE INDEX reminder_items_of_reminder ON reminder_items (reminder_id);
CREATE TRIGGER reminder_items_append_only BEFORE UPDATE OR DELETE ON reminder_items
    FOR EACH ROW EXECUTE FUNCTION crm_archive_append_only();

ALTER TABLE invoices ADD COLUMN dunning JSONB;
-- A dunning run's selection: a company's open invoices by due date (partial: open ones only).
CREATE INDEX invoices_dunning_due ON invoices (company_id, due_date, id)
    WHERE status IN ('sent', 'partial');

-- Reminders number from their own range: the sequences take any name; the domain's
-- `Sequence` is the list.
ALTER TABLE sequences DROP CONSTRAINT sequences_name_check;
ALTER TABLE sequences ADD CONSTRAINT sequences_name_check CHECK (length(name) > 0);
