-- Payment reminders and Mahnungen (domain/dunning): append-only documents like corrections.
-- Each (invoice, level) is in at most one reminder: the primary key of reminder_items is the
-- storage's half of "exactly once" (the service checks under the invoice's lock first).
-- Invoices keep the last level they reached as JSON (level, day, reminder).
CREATE TABLE reminders (
    id           BLOB PRIMARY KEY,
    company_id   BLOB NOT NULL REFERENCES companies (id),
    client_id    BLOB NOT NULL REFERENCES clients (id),
    number       TEXT NOT NULL CHECK (length(number) > 0),
    level        TEXT NOT NULL CHECK (level IN ('reminder', 'first', 'second', 'final')),
    issue_date   TEXT NOT NULL,
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    total        INTEGER NOT NULL CHECK (total > 0),
    -- The whole document (items, interest, fees, snapshots), as issued.
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    CONSTRAINT reminders_number_key UNIQUE (company_id, number)
) STRICT;
CREATE INDEX reminders_of_client ON reminders (company_id, client_id, created_at DESC, id DESC);
CREATE TRIGGER reminders_no_update BEFORE UPDATE ON reminders
BEGIN
    SELECT RAISE(ABORT, 'reminders are append-only');
END;
CREATE TRIGGER reminders_retained BEFORE DELETE ON reminders
WHEN CAST(substr(OLD.created_at, 1, 4) AS INTEGER) + 9 > CAST(strftime('%Y', 'now') AS INTEGER)
BEGIN
    SELECT RAISE(ABORT, 'reminders are retained for 8 years after the end of their year');
END;

CREATE TABLE reminder_items (
    invoice_id   BLOB NOT NULL REFERENCES invoices (id),
    level        TEXT NOT NULL CHECK (level IN ('reminder', 'first', 'second', 'final')),
    reminder_id  BLOB NOT NULL REFERENCES reminders (id),
    company_id   BLOB NOT NULL REFERENCES companies (id),
    PRIMARY KEY (invoice_id, level)
) STRICT;
CREATE INDEX reminder_items_of_reminder ON reminder_items (reminder_id);
CREATE TRIGGER reminder_items_no_update BEFORE UPDATE ON reminder_items
BEGIN
    SELECT RAISE(ABORT, 'reminders are append-only');
END;

ALTER TABLE invoices ADD COLUMN dunning TEXT;
-- A dunning run's selection: a company's open invoices by due date (partial: open ones only).
CREATE INDEX invoices_dunning_due ON invoices (company_id, due_date, id)
    WHERE status IN ('sent', 'partial');

-- Reminders number from their own range: the sequences table (rebuilt, SQLite cannot change a
-- CHECK in place) takes any name; the domain's `Sequence` is the list.
CREATE TABLE sequences_new (
    company_id  BLOB NOT NULL REFERENCES companies (id),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    period      INTEGER NOT NULL DEFAULT 0 CHECK (period >= 0),
    last_value  INTEGER NOT NULL CHECK (last_value > 0),
    PRIMARY KEY (company_id, name, period)
) STRICT;
INSERT INTO sequences_new (company_id, name, period, last_value)
    SELECT company_id, name, period, last_value FROM sequences;
DROP TABLE sequences;
ALTER TABLE sequences_new RENAME TO sequences;
