-- Number sequences per period: 0 for a counter that never restarts, the year for one that
-- restarts each year (number formats like RE-{YYYY}-{NNNN}); room for the cancellation and
-- credit ranges. SQLite cannot change a primary key or a CHECK in place: the table is rebuilt.
CREATE TABLE sequences_by_period (
    company_id  BLOB NOT NULL REFERENCES companies (id),
    name        TEXT NOT NULL CHECK (name IN ('client', 'invoice', 'quote', 'cancellation', 'credit')),
    period      INTEGER NOT NULL DEFAULT 0 CHECK (period >= 0),
    last_value  INTEGER NOT NULL CHECK (last_value > 0),
    PRIMARY KEY (company_id, name, period)
) STRICT;
INSERT INTO sequences_by_period (company_id, name, period, last_value)
    SELECT company_id, name, 0, last_value FROM sequences;
DROP TABLE sequences;
ALTER TABLE sequences_by_period RENAME TO sequences;
