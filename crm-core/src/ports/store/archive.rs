//! Frozen issued documents: the link from a document to its file, and the store's own file
//! table (the reference [`crate::ports::DocumentArchive`]).

use async_trait::async_trait;
use uuid::Uuid;

use super::StoreError;
use crate::domain::{CompanyId, DocumentHash, IssuedDocument, IssuedKind};

/// Frozen documents outside a transaction.
///
/// # Contract
/// Every adapter MUST pass this area's cases of [`crate::testing::storage_conformance`]
/// (module `archive`). In words:
/// - **Append-only.** A link ([`IssuedDocument`]) is written once per (company, kind,
///   document) — a second one fails with [`StoreError::Conflict`]`("issued_document")` — and
///   never changed or deleted; nor is a file. SQL adapters refuse UPDATE and DELETE with
///   triggers (DELETE only once retention, 8 years after the end of the calendar year, ran
///   out).
/// - **Files** are content-addressed: [`ArchiveTx::put_document_file`] stores bytes under
///   their SHA-256 and returns it; the same bytes again change nothing.
/// - **Atomic with the issue.** Both are written in the issuing transaction: nothing of it
///   is visible before commit, and a rollback leaves neither link nor file.
/// - **Tenancy.** Links are scoped by company; files by hash only (global, like the other
///   lookups by hash), reached only through a company's link.
#[async_trait]
pub trait ArchiveStore: Send + Sync {
    /// The link of a document to its frozen file.
    async fn issued_document(
        &self,
        company: CompanyId,
        kind: IssuedKind,
        document: Uuid,
    ) -> Result<Option<IssuedDocument>, StoreError>;
    /// The bytes of a file in the store's own file table (global by hash).
    async fn document_file(&self, hash: &DocumentHash) -> Result<Option<Vec<u8>>, StoreError>;
}

/// Writes of this area inside one transaction: see [`ArchiveStore`] for the contract.
#[async_trait]
pub trait ArchiveTx: Send {
    /// Stores `bytes` in the store's own file table unless a file with their hash is there;
    /// returns their SHA-256.
    async fn put_document_file(&mut self, bytes: &[u8]) -> Result<DocumentHash, StoreError>;
    /// The bytes of a file in the store's own file table as this transaction sees them (its
    /// own puts included): what a render inside the issuing transaction reads, e.g. the logo.
    async fn document_file_in_tx(
        &mut self,
        hash: &DocumentHash,
    ) -> Result<Option<Vec<u8>>, StoreError>;
    /// Records the link of a document to its file; [`StoreError::Conflict`] if the document
    /// has one.
    async fn insert_issued_document(&mut self, doc: &IssuedDocument) -> Result<(), StoreError>;
}
