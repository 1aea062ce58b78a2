-- A client's own payment terms (days, optional Skonto; JSON, NULL: the company's) and the cash
-- discount frozen into an issued invoice (JSON).
ALTER TABLE clients ADD COLUMN payment_terms TEXT;
ALTER TABLE invoices ADD COLUMN skonto TEXT;
