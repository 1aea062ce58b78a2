//! Frozen issued documents: the links (`issued_documents`) and the reference archive's files
//! (`document_files`), both append-only (triggers in migration 0007).

use async_trait::async_trait;
use crm_core::domain::{CompanyId, DocumentHash, IssuedDocument, IssuedKind};
use crm_core::ports::{ArchiveStore, ArchiveTx, StoreError};
use sqlx::Row;
use uuid::Uuid;

use super::query::{self, DbRow};
use super::{DbStore, DbTx};
use crate::common::{bad, db_error};

fn hash(bytes: &[u8]) -> Result<DocumentHash, StoreError> {
    <[u8; 32]>::try_from(bytes)
        .map(DocumentHash)
        .map_err(|_| StoreError::Corrupt("document hash is not 32 bytes".into()))
}

fn issued(row: &DbRow) -> Result<IssuedDocument, StoreError> {
    let kind: String = row.try_get("kind").map_err(db_error)?;
    let sha: Vec<u8> = row.try_get("sha256").map_err(db_error)?;
    let size: i64 = row.try_get("size").map_err(db_error)?;
    Ok(IssuedDocument {
        company_id: CompanyId::from_uuid(row.try_get("company_id").map_err(db_error)?),
        kind: IssuedKind::parse(&kind).ok_or_else(|| bad("document kind", &kind))?,
        document_id: row.try_get("document_id").map_err(db_error)?,
        sha256: hash(&sha)?,
        size: u64::try_from(size).map_err(|_| bad("file size", &size.to_string()))?,
        media_type: row.try_get("media_type").map_err(db_error)?,
        created_at: row.try_get("created_at").map_err(db_error)?,
    })
}

fn file(row: &DbRow) -> Result<Vec<u8>, StoreError> {
    row.try_get("bytes").map_err(db_error)
}

fn size_of(bytes: &[u8]) -> Result<i64, StoreError> {
    i64::try_from(bytes.len()).map_err(|_| StoreError::Corrupt("file too large".into()))
}

#[async_trait]
impl ArchiveStore for DbStore {
    async fn issued_document(
        &self,
        company: CompanyId,
        kind: IssuedKind,
        document: Uuid,
    ) -> Result<Option<IssuedDocument>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query(
                "SELECT * FROM issued_documents WHERE company_id = $1 AND kind = $2 AND document_id = $3",
            )
            .bind(company.as_uuid())
            .bind(kind.as_str())
            .bind(document),
            &mut conn,
            issued,
        )
        .await
    }

    async fn document_file(&self, hash: &DocumentHash) -> Result<Option<Vec<u8>>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT bytes FROM document_files WHERE sha256 = $1").bind(&hash.0[..]),
            &mut conn,
            file,
        )
        .await
    }
}

#[async_trait]
impl ArchiveTx for DbTx {
    async fn put_document_file(&mut self, bytes: &[u8]) -> Result<DocumentHash, StoreError> {
        let hash = DocumentHash::of(bytes);
        // The same bytes again (the primary key is their hash) change nothing: no update, so
        // the append-only trigger is not involved.
        sqlx::query(
            "INSERT INTO document_files (sha256, bytes, size, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&hash.0[..])
        .bind(bytes)
        .bind(size_of(bytes)?)
        .bind(chrono::Utc::now())
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(hash)
    }

    async fn document_file_in_tx(
        &mut self,
        hash: &DocumentHash,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        query::one(
            sqlx::query("SELECT bytes FROM document_files WHERE sha256 = $1").bind(&hash.0[..]),
            &mut self.tx,
            file,
        )
        .await
    }

    async fn insert_issued_document(&mut self, d: &IssuedDocument) -> Result<(), StoreError> {
        let size =
            i64::try_from(d.size).map_err(|_| StoreError::Corrupt("file too large".into()))?;
        sqlx::query(
            "INSERT INTO issued_documents (company_id, kind, document_id, sha256, size, media_type, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(d.company_id.as_uuid())
        .bind(d.kind.as_str())
        .bind(d.document_id)
        .bind(&d.sha256.0[..])
        .bind(size)
        .bind(&d.media_type)
        .bind(d.created_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }
}
