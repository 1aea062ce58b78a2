//! The document archive: where the exact bytes of issued documents are kept (GoBD; retention
//! 8 years, COMPLIANCE.md §3).

use async_trait::async_trait;

use super::StoreError;
use crate::domain::DocumentHash;

/// The archive failed.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The archive cannot be reached; nothing was stored. Retrying later may help.
    #[error("the document archive is unavailable: {0}")]
    Unavailable(String),
    /// The archive's backend failed.
    #[error("document archive error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Bytes read back do not have the hash they are stored under (corruption).
    #[error("the archived file {0} does not match its hash")]
    Corrupt(DocumentHash),
}

/// The archive is storage: a use case reports its failure as one.
impl From<ArchiveError> for StoreError {
    fn from(e: ArchiveError) -> Self {
        match e {
            ArchiveError::Unavailable(m) => StoreError::Unavailable(m),
            ArchiveError::Backend(e) => StoreError::Backend(e),
            ArchiveError::Corrupt(h) => StoreError::Corrupt(format!("archived file {h}")),
        }
    }
}

/// Content-addressed, append-only storage of frozen document files.
///
/// The reference implementation keeps the files in the store's own database
/// ([`crate::service::StoreArchive`] over the `document_files` table of the storage
/// adapter); a host can put them into an object store instead (a bucket with object lock /
/// retention, keys = the hex hash) by implementing this trait and handing it to
/// [`crate::service::Crm::with_archive`] and [`crate::service::MailComposer::with_archive`].
///
/// # Atomicity with the issue
/// - With the store's own archive (the default) the service writes the bytes through the
///   issuing transaction ([`crate::ports::ArchiveTx::put_document_file`]): issue, file and
///   link commit together or not at all.
/// - With an external archive the bytes are put first and durably, then the link is written
///   in the issuing transaction. A crash or rollback in between leaves bytes nobody links to
///   (harmless); a link never names missing bytes. An archive that fails makes the issue
///   fail, nothing written.
///
/// An invoice issued before files were frozen has no link; the first request of its PDF
/// renders it from its snapshots as issued, stores and links it, and serves those bytes.
///
/// # Contract
/// - **Content-addressed.** [`DocumentArchive::put`] returns the SHA-256 of the bytes
///   ([`DocumentHash::of`]); the file is then readable under that hash, so a different content
///   under an existing hash cannot happen.
/// - **Idempotent.** Putting the same bytes again succeeds and changes nothing.
/// - **Durable before it returns.** When `put` returns `Ok`, the bytes survive a crash of the
///   caller: the service writes the link to them (an
///   [`IssuedDocument`](crate::domain::IssuedDocument)) only afterwards, in its store
///   transaction, so a link never names missing bytes. A crash between the two leaves bytes
///   nobody links to — harmless, and the next attempt puts the same or other bytes.
/// - **Never overwritten, never deleted** within retention (8 years from the end of the
///   document's calendar year): no method here changes or removes a file, and an adapter
///   refuses it where its backend can (the SQL tables have triggers that do).
/// - [`DocumentArchive::get`] returns exactly the bytes put (`None` for an unknown hash); an
///   adapter that finds stored bytes not matching their hash reports
///   [`ArchiveError::Corrupt`] rather than return them.
/// - Global: files are not scoped by company. Only a company's link names a hash, and the
///   service reads files only through links.
#[async_trait]
pub trait DocumentArchive: Send + Sync {
    /// Stores `bytes` (if not already there) and returns their SHA-256.
    async fn put(&self, bytes: &[u8]) -> Result<DocumentHash, ArchiveError>;
    /// The bytes stored under `hash`.
    async fn get(&self, hash: &DocumentHash) -> Result<Option<Vec<u8>>, ArchiveError>;
}
