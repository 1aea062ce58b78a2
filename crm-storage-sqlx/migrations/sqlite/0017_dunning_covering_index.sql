-- A dunning run's selection read from the index alone: every column it filters on or returns
-- is in it (`status` too, or SQLite visits each row to check the partial index's condition).
-- With 100,000 overdue invoices among 1,000,000 the visits to the rows were most of the query.
DROP INDEX invoices_dunning_due;
CREATE INDEX invoices_dunning_due ON invoices (company_id, due_date, id, client_id, balance, status, dunning)
    WHERE status IN ('sent', 'partial');
