//! Access: magic links (sign-in and document links) and portal sessions.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::domain::{
    CompanyId, ContactId, MagicLink, MagicLinkId, PortalSession, SessionId, TokenHash,
};
use crm_core::ports::{AccessStore, AccessTx, StoreError};

use super::query;
use super::{DbStore, DbTx, rows};
use crate::common::db_error;

#[async_trait]
impl AccessStore for DbStore {
    async fn magic_link_by_hash(&self, hash: &TokenHash) -> Result<Option<MagicLink>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM magic_links WHERE token_hash = $1").bind(hash.0.to_vec()),
            &mut conn,
            rows::link,
        )
        .await
    }

    async fn session_by_hash(&self, hash: &TokenHash) -> Result<Option<PortalSession>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM portal_sessions WHERE token_hash = $1")
                .bind(hash.0.to_vec()),
            &mut conn,
            rows::session,
        )
        .await
    }
}

#[async_trait]
impl AccessTx for DbTx {
    async fn insert_magic_link(&mut self, l: &MagicLink) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO magic_links (id, company_id, client_id, contact_id, token_hash, purpose, target, created_at, expires_at, used_at, revoked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(l.id.as_uuid())
        .bind(l.company_id.as_uuid())
        .bind(l.client_id.as_uuid())
        .bind(l.contact_id.as_uuid())
        .bind(l.token_hash.0.to_vec())
        .bind(l.purpose.as_str())
        .bind(&l.target)
        .bind(l.created_at)
        .bind(l.expires_at)
        .bind(l.used_at)
        .bind(l.revoked_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn magic_link_for_update(
        &mut self,
        hash: &TokenHash,
    ) -> Result<Option<MagicLink>, StoreError> {
        query::one(
            sqlx::query(concat!(
                "SELECT * FROM magic_links WHERE token_hash = $1",
                for_update!()
            ))
            .bind(hash.0.to_vec()),
            &mut self.tx,
            rows::link,
        )
        .await
    }

    async fn mark_magic_link_used(
        &mut self,
        id: MagicLinkId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE magic_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
                .bind(id.as_uuid())
                .bind(at)
                .execute(&mut *self.tx)
                .await
                .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn revoke_magic_links(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query("UPDATE magic_links SET revoked_at = $3 WHERE company_id = $1 AND contact_id = $2 AND revoked_at IS NULL")
            .bind(company.as_uuid())
            .bind(contact.as_uuid())
            .bind(at)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn insert_session(&mut self, s: &PortalSession) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO portal_sessions (id, company_id, client_id, contact_id, token_hash, created_at, last_seen_at, expires_at, ended_at, confirmed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(s.id.as_uuid())
        .bind(s.company_id.as_uuid())
        .bind(s.client_id.as_uuid())
        .bind(s.contact_id.as_uuid())
        .bind(s.token_hash.0.to_vec())
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .bind(s.expires_at)
        .bind(s.ended_at)
        .bind(s.confirmed_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn touch_session(&mut self, id: SessionId, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE portal_sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2",
        )
        .bind(id.as_uuid())
        .bind(at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn confirm_session(
        &mut self,
        id: SessionId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE portal_sessions SET confirmed_at = $2 WHERE id = $1 AND ended_at IS NULL AND confirmed_at IS NULL",
        )
        .bind(id.as_uuid())
        .bind(at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn end_session(&mut self, id: SessionId, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("UPDATE portal_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
            .bind(id.as_uuid())
            .bind(at)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn end_sessions_of_contact(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query("UPDATE portal_sessions SET ended_at = $3 WHERE company_id = $1 AND contact_id = $2 AND ended_at IS NULL")
            .bind(company.as_uuid())
            .bind(contact.as_uuid())
            .bind(at)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }
}
