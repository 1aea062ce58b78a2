-- A client's own payment terms (days, optional Skonto; NULL: the company's) and the cash
-- discount frozen into an issued invoice.
ALTER TABLE clients ADD COLUMN payment_terms JSONB;
ALTER TABLE invoices ADD COLUMN skonto JSONB;
