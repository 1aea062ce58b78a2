-- A client's e-invoice settings: the chosen format (NULL: the default for its kind and
-- country, decided in the domain) and the buyer reference BT-10 (for public buyers their
-- Leitweg-ID; validated in the domain). Issued invoices keep both in their frozen bill-to.
ALTER TABLE clients ADD COLUMN einvoice_format TEXT
    CHECK (einvoice_format IN ('plain', 'zugferd', 'xrechnung_cii', 'xrechnung_ubl'));
ALTER TABLE clients ADD COLUMN buyer_reference TEXT;
