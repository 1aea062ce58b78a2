//! The outbox: emails enqueued in a use case's transaction and the worker's claims and marks,
//! each its own short statement outside one (claims skip rows another instance holds).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::domain::{CompanyId, OutboxEmail, OutboxId};
use crm_core::ports::{OutboxStore, OutboxTx, StoreError};

use super::query::{self, Query};
use super::{DbStore, DbTx, rows};
use crate::common::db_error;

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
        let mut tx = self.pool.begin_with(begin!()).await.map_err(db_error)?;
        let rows = sqlx::query(concat!(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2 WHERE id IN (",
            "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ",
            "ORDER BY next_attempt_at, id LIMIT CAST($3 AS BIGINT)",
            skip_locked!(),
            ") RETURNING *"
        ))
        .bind(now)
        .bind(lease_until)
        .bind(i64::from(limit))
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

    async fn mark_email_sent(&self, id: OutboxId, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.outbox_update(
            sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL, html_body = '', text_body = '' WHERE id = $1 AND status = 'pending'")
                .bind(id.as_uuid())
                .bind(at),
        )
        .await
    }

    async fn mark_email_retry(
        &self,
        id: OutboxId,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> Result<(), StoreError> {
        self.outbox_update(
            sqlx::query("UPDATE outbox SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'")
                .bind(id.as_uuid())
                .bind(next_attempt_at)
                .bind(error.to_owned()),
        )
        .await
    }

    async fn mark_email_failed(&self, id: OutboxId, error: &str) -> Result<(), StoreError> {
        self.outbox_update(
            sqlx::query("UPDATE outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'pending'")
                .bind(id.as_uuid())
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
             status, attempts, next_attempt_at, last_error, created_at, sent_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
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
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }
}

impl DbStore {
    async fn outbox_update(&self, query: Query<'_>) -> Result<(), StoreError> {
        let done = query.execute(&self.pool).await.map_err(db_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("pending outbox email"));
        }
        Ok(())
    }
}
