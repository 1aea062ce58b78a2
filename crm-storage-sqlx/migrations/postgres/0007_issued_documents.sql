-- Frozen issued documents (GoBD, COMPLIANCE.md §3): the exact bytes of every issued document,
-- named by their SHA-256 (the reference document archive), and the link from a document to
-- its file, written in the transaction that issued it. Both tables are append-only: rows are
-- never updated, and deleted only once the 8-year retention (counted from the end of the
-- calendar year) ran out. The triggers refuse anything else, TRUNCATE included.
CREATE TABLE document_files (
    sha256      BYTEA PRIMARY KEY CHECK (length(sha256) = 32),
    bytes       BYTEA NOT NULL,
    size        BIGINT NOT NULL CHECK (size = length(bytes)),
    created_at  TIMESTAMPTZ NOT NULL
);
-- PDFs are already deflated: compressing them again in TOAST costs CPU for nothing.
ALTER TABLE document_files ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- No foreign key to document_files: a host may keep the bytes in an external archive. The
-- service puts the bytes before it writes the link, so a link never names missing bytes.
CREATE TABLE issued_documents (
    company_id   UUID NOT NULL REFERENCES companies (id),
    kind         TEXT NOT NULL CHECK (kind IN ('invoice')),
    document_id  UUID NOT NULL,
    sha256       BYTEA NOT NULL CHECK (length(sha256) = 32),
    size         BIGINT NOT NULL CHECK (size >= 0),
    media_type   TEXT NOT NULL CHECK (length(media_type) > 0),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, kind, document_id)
);

CREATE FUNCTION crm_archive_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Nested: a TRUNCATE (statement trigger) has no OLD row to read.
    IF TG_OP = 'DELETE' THEN
        IF now() >= date_trunc('year', OLD.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                    + interval '9 years' THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only (% refused; retention: 8 years after the end of the year)',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER document_files_append_only BEFORE UPDATE OR DELETE ON document_files
    FOR EACH ROW EXECUTE FUNCTION crm_archive_append_only();
CREATE TRIGGER document_files_no_truncate BEFORE TRUNCATE ON document_files
    FOR EACH STATEMENT EXECUTE FUNCTION crm_archive_append_only();
CREATE TRIGGER issued_documents_append_only BEFORE UPDATE OR DELETE ON issued_documents
    FOR EACH ROW EXECUTE FUNCTION crm_archive_append_only();
CREATE TRIGGER issued_documents_no_truncate BEFORE TRUNCATE ON issued_documents
    FOR EACH STATEMENT EXECUTE FUNCTION crm_archive_append_only();
