//! The outbox: emails enqueued in a use case's transaction and the worker's claims and marks,
//! each its own short statement (or transaction) outside one (claims skip rows another
//! instance holds). Marks and renewals match the claim's lease token, so a worker whose lease
//! ran out writes nothing.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::domain::{CompanyId, LeaseToken, MagicLinkId, OutboxEmail, OutboxId};
use crm_core::ports::{OutboxMark, OutboxStore, OutboxTx, StoreError};

use super::query::{self, Query};
use super::{DbStore, DbTx, rows};
use crate::common::{acquire_error, db_error};

/// Revokes the link minted for the attempt on a row still held by the claim ($1 id, $2 lease
/// token, $3 time); part of the transaction of a failure mark.
const REVOKE_MINTED: &str = concat!(
    "UPDATE magic_links SET revoked_at = $3 WHERE revoked_at IS NULL AND id = (",
    "SELECT minted_link_id FROM outbox WHERE id = $1 AND lease_token = $2 AND status = 'pending') ",
    "AND company_id = (SELECT company_id FROM outbox WHERE id = $1)"
);

fn mark(rows_affected: u64) -> OutboxMark {
    if rows_affected == 1 {
        OutboxMark::Applied
    } else {
        OutboxMark::NotHeld
    }
}

#[async_trait]
impl OutboxStore for DbStore {
    async fn outbox(&self, company: CompanyId, limit: u32) -> Result<Vec<OutboxEmail>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(sqlx::query("SELECT * FROM outbox WHERE company_id = $1 ORDER BY created_at DESC, id DESC LIMIT CAST($2 AS BIGINT)").bind(company.as_uuid()).bind(i64::from(limit)), &mut conn, rows::outbox).await
    }

    async fn claim_due_emails(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxEmail>, StoreError> {
        let mut tx = self
            .pool
            .begin_with(begin!())
            .await
            .map_err(acquire_error)?;
        let rows = sqlx::query(concat!(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, lease_token = $4 WHERE id IN (",
            "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ",
            "ORDER BY next_attempt_at, id LIMIT CAST($3 AS BIGINT)",
            skip_locked!(),
            ") RETURNING *"
        ))
        .bind(now)
        .bind(lease_until)
        .bind(i64::from(limit))
        .bind(LeaseToken::new().as_uuid())
        .fetch_all(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        let mut emails = rows
            .iter()
            .map(rows::outbox)
            .collect::<Result<Vec<_>, _>>()?;
        emails.sort_by_key(|e| (e.created_at, e.id));
        Ok(emails)
    }

    async fn mark_email_sent(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        at: DateTime<Utc>,
    ) -> Result<OutboxMark, StoreError> {
        let done = sqlx::query(concat!(
            "UPDATE outbox SET status = 'sent', sent_at = $3, last_error = NULL, html_body = '', text_body = '', ",
            "lease_token = NULL, minted_link_id = NULL WHERE id = $1 AND lease_token = $2 AND status = 'pending'"
        ))
        .bind(id.as_uuid())
        .bind(lease.as_uuid())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(mark(done.rows_affected()))
    }

    async fn mark_email_retry(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        next_attempt_at: DateTime<Utc>,
        error: &str,
        at: DateTime<Utc>,
    ) -> Result<OutboxMark, StoreError> {
        self.failure_mark(
            id,
            lease,
            at,
            sqlx::query(concat!(
                "UPDATE outbox SET next_attempt_at = $3, last_error = $4, lease_token = NULL, minted_link_id = NULL ",
                "WHERE id = $1 AND lease_token = $2 AND status = 'pending'"
            ))
            .bind(id.as_uuid())
            .bind(lease.as_uuid())
            .bind(next_attempt_at)
            .bind(error.to_owned()),
        )
        .await
    }

    async fn mark_email_failed(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        error: &str,
        at: DateTime<Utc>,
    ) -> Result<OutboxMark, StoreError> {
        self.failure_mark(
            id,
            lease,
            at,
            sqlx::query(concat!(
                "UPDATE outbox SET status = 'failed', last_error = $3, html_body = '', text_body = '', ",
                "lease_token = NULL, minted_link_id = NULL WHERE id = $1 AND lease_token = $2 AND status = 'pending'"
            ))
            .bind(id.as_uuid())
            .bind(lease.as_uuid())
            .bind(error.to_owned()),
        )
        .await
    }
}

#[async_trait]
impl OutboxTx for DbTx {
    async fn enqueue_email(&mut self, e: &OutboxEmail) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO outbox (id, company_id, client_id, kind, to_email, to_name, subject, html_body, text_body, attachment, \
             status, attempts, next_attempt_at, last_error, created_at, sent_at, contact_id, recipient, link_purpose, \
             link_target, link_ttl_seconds, lease_token, minted_link_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)",
        )
        .bind(e.id.as_uuid())
        .bind(e.company_id.as_uuid())
        .bind(e.client_id.map(|c| c.as_uuid()))
        .bind(e.kind.as_str())
        .bind(&e.to_email)
        .bind(&e.to_name)
        .bind(&e.subject)
        .bind(&e.html_body)
        .bind(&e.text_body)
        .bind(e.attachment.as_ref().map(query::json).transpose()?)
        .bind(e.status.as_str())
        .bind(i32::try_from(e.attempts).unwrap_or(i32::MAX))
        .bind(e.next_attempt_at)
        .bind(&e.last_error)
        .bind(e.created_at)
        .bind(e.sent_at)
        .bind(e.contact_id.map(|c| c.as_uuid()))
        .bind(e.recipient.as_str())
        .bind(e.link.as_ref().map(|l| l.purpose.as_str()))
        .bind(e.link.as_ref().and_then(|l| l.target.clone()))
        .bind(e.link.as_ref().map(|l| l.ttl_seconds))
        .bind(e.lease.map(LeaseToken::as_uuid))
        .bind(e.minted_link.map(|l| l.as_uuid()))
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn renew_email_lease(
        &mut self,
        id: OutboxId,
        lease: LeaseToken,
        lease_until: DateTime<Utc>,
        minted_link: Option<MagicLinkId>,
    ) -> Result<OutboxMark, StoreError> {
        let done = sqlx::query(
            "UPDATE outbox SET next_attempt_at = $3, minted_link_id = $4 WHERE id = $1 AND lease_token = $2 AND status = 'pending'",
        )
        .bind(id.as_uuid())
        .bind(lease.as_uuid())
        .bind(lease_until)
        .bind(minted_link.map(|l| l.as_uuid()))
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(mark(done.rows_affected()))
    }
}

impl DbStore {
    /// A retry or failure mark: revokes the attempt's minted link and applies `update` in one
    /// transaction; nothing is written unless the claim still holds the row.
    async fn failure_mark(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        at: DateTime<Utc>,
        update: Query<'_>,
    ) -> Result<OutboxMark, StoreError> {
        let mut tx = self
            .pool
            .begin_with(begin!())
            .await
            .map_err(acquire_error)?;
        sqlx::query(REVOKE_MINTED)
            .bind(id.as_uuid())
            .bind(lease.as_uuid())
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let done = update.execute(&mut *tx).await.map_err(db_error)?;
        if done.rows_affected() != 1 {
            // Not held: the revocation above matched nothing either; roll back all the same.
            tx.rollback().await.map_err(db_error)?;
            return Ok(OutboxMark::NotHeld);
        }
        tx.commit().await.map_err(db_error)?;
        Ok(OutboxMark::Applied)
    }
}
