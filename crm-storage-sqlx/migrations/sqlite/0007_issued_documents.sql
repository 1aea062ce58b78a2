-- Frozen issued documents (GoBD, COMPLIANCE.md §3): the exact bytes of every issued document,
-- named by their SHA-256 (the reference document archive), and the link from a document to
-- its file, written in the transaction that issued it. Both tables are append-only: rows are
-- never updated, and deleted only once the 8-year retention (counted from the end of the
-- calendar year) ran out. The triggers refuse anything else.
CREATE TABLE document_files (
    sha256      BLOB PRIMARY KEY CHECK (length(sha256) = 32),
    bytes       BLOB NOT NULL,
    size        INTEGER NOT NULL CHECK (size = length(bytes)),
    created_at  TEXT NOT NULL
);

-- No foreign key to document_files: a host may keep the bytes in an external archive. The
-- service puts the bytes before it writes the link, so a link never names missing bytes.
CREATE TABLE issued_documents (
    company_id   BLOB NOT NULL REFERENCES companies (id),
    kind         TEXT NOT NULL CHECK (kind IN ('invoice')),
    document_id  BLOB NOT NULL,
    sha256       BLOB NOT NULL CHECK (length(sha256) = 32),
    size         INTEGER NOT NULL CHECK (size >= 0),
    media_type   TEXT NOT NULL CHECK (length(media_type) > 0),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (company_id, kind, document_id)
);

CREATE TRIGGER document_files_no_update BEFORE UPDATE ON document_files
BEGIN
    SELECT RAISE(ABORT, 'document_files is append-only');
END;

CREATE TRIGGER document_files_retained BEFORE DELETE ON document_files
WHEN CAST(substr(OLD.created_at, 1, 4) AS INTEGER) + 9 > CAST(strftime('%Y', 'now') AS INTEGER)
BEGIN
    SELECT RAISE(ABORT, 'document_files are retained for 8 years after the end of their year');
END;

CREATE TRIGGER issued_documents_no_update BEFORE UPDATE ON issued_documents
BEGIN
    SELECT RAISE(ABORT, 'issued_documents is append-only');
END;

CREATE TRIGGER issued_documents_retained BEFORE DELETE ON issued_documents
WHEN CAST(substr(OLD.created_at, 1, 4) AS INTEGER) + 9 > CAST(strftime('%Y', 'now') AS INTEGER)
BEGIN
    SELECT RAISE(ABORT, 'issued_documents are retained for 8 years after the end of their year');
END;
