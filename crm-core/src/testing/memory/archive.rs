//! The archive area of the memory store, and [`MemoryArchive`], an external archive for tests.

use std::sync::atomic::{AtomicBool, Ordering};

use uuid::Uuid;

use super::*;
use crate::domain::{DocumentHash, IssuedDocument, IssuedKind};
use crate::ports::{ArchiveError, ArchiveStore, ArchiveTx, DocumentArchive};

#[async_trait]
impl ArchiveStore for MemoryStore {
    async fn issued_document(
        &self,
        company: CompanyId,
        kind: IssuedKind,
        document: Uuid,
    ) -> Result<Option<IssuedDocument>, StoreError> {
        let s = self.state.lock().await;
        Ok(s.issued.get(&(company, kind, document)).cloned())
    }

    async fn document_file(&self, hash: &DocumentHash) -> Result<Option<Vec<u8>>, StoreError> {
        let s = self.state.lock().await;
        Ok(s.files.get(hash).map(|b| b.to_vec()))
    }
}

#[async_trait]
impl ArchiveTx for MemoryTx {
    async fn put_document_file(&mut self, bytes: &[u8]) -> Result<DocumentHash, StoreError> {
        let hash = DocumentHash::of(bytes);
        self.work
            .files
            .entry(hash)
            .or_insert_with(|| Arc::from(bytes));
        Ok(hash)
    }

    async fn document_file_in_tx(
        &mut self,
        hash: &DocumentHash,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.work.files.get(hash).map(|b| b.to_vec()))
    }

    async fn insert_issued_document(&mut self, doc: &IssuedDocument) -> Result<(), StoreError> {
        let key = (doc.company_id, doc.kind, doc.document_id);
        if self.work.issued.contains_key(&key) {
            return Err(StoreError::Conflict("issued_document"));
        }
        self.work.issued.insert(key, doc.clone());
        Ok(())
    }
}

/// An external [`DocumentArchive`] in memory, standing in for an object store in tests: its
/// puts are durable at once, outside any store transaction. [`MemoryArchive::set_failing`]
/// makes every call fail as an unreachable archive would.
#[derive(Debug, Default)]
pub struct MemoryArchive {
    files: std::sync::Mutex<HashMap<DocumentHash, Arc<[u8]>>>,
    failing: AtomicBool,
}

impl MemoryArchive {
    /// An empty archive.
    pub fn new() -> Self {
        Self::default()
    }

    /// From now on every call fails with [`ArchiveError::Unavailable`] (or works again).
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or(0)
    }

    /// Whether it holds no file.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn check(&self) -> Result<(), ArchiveError> {
        if self.failing.load(Ordering::SeqCst) {
            Err(ArchiveError::Unavailable(
                "the test archive is switched off".into(),
            ))
        } else {
            Ok(())
        }
    }
}

#[async_trait]
impl DocumentArchive for MemoryArchive {
    async fn put(&self, bytes: &[u8]) -> Result<DocumentHash, ArchiveError> {
        self.check()?;
        let hash = DocumentHash::of(bytes);
        let mut files = self
            .files
            .lock()
            .map_err(|_| ArchiveError::Unavailable("poisoned".into()))?;
        files.entry(hash).or_insert_with(|| Arc::from(bytes));
        Ok(hash)
    }

    async fn get(&self, hash: &DocumentHash) -> Result<Option<Vec<u8>>, ArchiveError> {
        self.check()?;
        let files = self
            .files
            .lock()
            .map_err(|_| ArchiveError::Unavailable("poisoned".into()))?;
        Ok(files.get(hash).map(|b| b.to_vec()))
    }
}
