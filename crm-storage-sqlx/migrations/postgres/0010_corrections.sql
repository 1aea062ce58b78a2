-- Corrections of issued invoices: cancellation invoices and corrective credits (append-only,
-- own number ranges), and on the invoice what they did to it: `credited` (Σ credits, lowering
-- what it asks for; a credit beyond the open balance leaves money to refund, so the balance
-- rule becomes balance = max(total − credited − paid, 0)) and `cancelled_by`. Template and
-- archive kinds lose their fixed lists: new kinds (corrections now, dunning levels next) are
-- checked by the domain types that read them.
ALTER TABLE invoices ADD COLUMN credited BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN cancelled_by JSONB;
ALTER TABLE invoices ADD CONSTRAINT invoices_credited_range CHECK (credited >= 0 AND credited <= total);
ALTER TABLE invoices ADD CONSTRAINT invoices_cancelled_by_cancelled CHECK (cancelled_by IS NULL OR status = 'cancelled');
ALTER TABLE invoices DROP CONSTRAINT invoices_balance_adds_up;
ALTER TABLE invoices ADD CONSTRAINT invoices_balance_adds_up
    CHECK (status IN ('draft', 'cancelled') OR balance = GREATEST(total - credited - amount_paid, 0));
CREATE INDEX invoices_company_history ON invoices (company_id, created_at DESC, id DESC);

CREATE TABLE corrections (
    id           UUID PRIMARY KEY,
    company_id   UUID NOT NULL REFERENCES companies (id),
    client_id    UUID NOT NULL REFERENCES clients (id),
    invoice_id   UUID NOT NULL REFERENCES invoices (id),
    kind         TEXT NOT NULL CHECK (kind IN ('cancellation', 'credit')),
    number       TEXT NOT NULL CHECK (length(number) > 0),
    issue_date   DATE NOT NULL,
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    total        BIGINT NOT NULL CHECK (total < 0),
    refund_due   BIGINT NOT NULL CHECK (refund_due >= 0),
    -- The whole document (lines, totals, snapshots, the corrected invoice), as issued.
    body         JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT corrections_number_key UNIQUE (company_id, number)
);
CREATE INDEX corrections_of_invoice ON corrections (company_id, invoice_id, created_at, id);
CREATE INDEX corrections_history ON corrections (company_id, client_id, created_at DESC, id DESC);
CREATE INDEX corrections_company_history ON corrections (company_id, created_at DESC, id DESC);
CREATE TRIGGER corrections_append_only BEFORE UPDATE OR DELETE ON corrections
    FOR EACH ROW EXECUTE FUNCTION crm_archive_append_only();
CREATE TRIGGER corrections_no_truncate BEFORE TRUNCATE ON corrections
    FOR EACH STATEMENT EXECUTE FUNCTION crm_archive_append_only();

ALTER TABLE issued_documents DROP CONSTRAINT issued_documents_kind_check;
ALTER TABLE issued_documents ADD CONSTRAINT issued_documents_kind_check CHECK (length(kind) > 0);
ALTER TABLE company_templates DROP CONSTRAINT company_templates_kind_check;
ALTER TABLE company_templates ADD CONSTRAINT company_templates_kind_check CHECK (length(kind) > 0);
ALTER TABLE client_templates DROP CONSTRAINT client_templates_kind_check;
ALTER TABLE client_templates ADD CONSTRAINT client_templates_kind_check CHECK (length(kind) > 0);
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (length(kind) > 0);
