-- Legally complete invoices: the client's business/consumer flag, the company's legal details
-- (tax number, §19 mode, register, directors, document contact; JSON), and per invoice its tax
-- treatment (JSON), service date or period (JSON) and the seller block frozen at issue (JSON).
ALTER TABLE clients ADD COLUMN kind TEXT NOT NULL DEFAULT 'business' CHECK (kind IN ('business', 'consumer'));
ALTER TABLE companies ADD COLUMN legal TEXT NOT NULL DEFAULT '{}';
ALTER TABLE invoices ADD COLUMN treatment TEXT NOT NULL DEFAULT '{"kind":"standard"}';
ALTER TABLE invoices ADD COLUMN service_period TEXT;
ALTER TABLE invoices ADD COLUMN seller TEXT;
-- The latest issue date of a company's numbered invoices: issue dates stay in number order.
CREATE INDEX invoices_issue_date ON invoices (company_id, issue_date) WHERE number IS NOT NULL;
