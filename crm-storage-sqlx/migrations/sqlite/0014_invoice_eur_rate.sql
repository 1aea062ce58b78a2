-- The euro rate of a foreign-currency invoice (euros per unit of its currency, a decimal as
-- text): states its VAT in euros on the PDF and in the e-invoice. NULL for euro invoices and
-- for invoices issued before rates were kept. Corrections keep it in their JSON body.
ALTER TABLE invoices ADD COLUMN eur_rate TEXT;
