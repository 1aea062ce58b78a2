-- The open invoices of a client in the order the portal statement lists them (due date, else
-- issue date; then creation), with the columns its aggregate reads, so the statement's totals,
-- overdue figures and aging are computed from this index alone and its first page is read in
-- order without sorting. Partial: only open invoices (a small share of all) are in it.
CREATE INDEX invoices_open_by_date ON invoices (
    company_id, client_id, COALESCE(due_date, issue_date), created_at, id, status, balance, due_date, issue_date
) WHERE status IN ('sent', 'partial', 'processing');
