-- Legally complete invoices: the client's business/consumer flag, the company's legal details
-- (tax number, §19 mode, register, directors, document contact), and per invoice its tax
-- treatment, service date or period and the seller block frozen at issue.
ALTER TABLE clients ADD COLUMN kind TEXT NOT NULL DEFAULT 'business' CHECK (kind IN ('business', 'consumer'));
ALTER TABLE companies ADD COLUMN legal JSONB NOT NULL DEFAULT '{}';
ALTER TABLE invoices ADD COLUMN treatment JSONB NOT NULL DEFAULT '{"kind":"standard"}';
ALTER TABLE invoices ADD COLUMN service_period JSONB;
ALTER TABLE invoices ADD COLUMN seller JSONB;
-- The latest issue date of a company's numbered invoices: issue dates stay in number order.
CREATE INDEX invoices_issue_date ON invoices (company_id, issue_date) WHERE number IS NOT NULL;
