-- A dunning run's selection read from the index alone (an index-only scan where the pages are
-- all-visible): the columns it filters on or returns are included.
DROP INDEX invoices_dunning_due;
CREATE INDEX invoices_dunning_due ON invoices (company_id, due_date, id)
    INCLUDE (client_id, balance, status, dunning)
    WHERE status IN ('sent', 'partial');
