-- Number sequences per period: 0 for a counter that never restarts, the year for one that
-- restarts each year (number formats like RE-{YYYY}-{NNNN}); room for the cancellation and
-- credit ranges.
ALTER TABLE sequences ADD COLUMN period INTEGER NOT NULL DEFAULT 0 CHECK (period >= 0);
ALTER TABLE sequences DROP CONSTRAINT sequences_pkey;
ALTER TABLE sequences ADD PRIMARY KEY (company_id, name, period);
ALTER TABLE sequences DROP CONSTRAINT sequences_name_check;
ALTER TABLE sequences ADD CONSTRAINT sequences_name_check
    CHECK (name IN ('client', 'invoice', 'quote', 'cancellation', 'credit'));
