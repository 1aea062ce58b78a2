//! Payments, refunds, payment-provider events (deduplicated by id) and payments held for review.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::domain::{
    CheckoutAttempt, ClientId, CompanyId, InvoiceId, Payment, PaymentId, PaymentReview, Refund,
};
use crm_core::ports::{PaymentStore, PaymentTx, StoreError};

use super::query;
use super::{DbStore, DbTx, rows};
use crate::common::{db_error, to_minor};

#[async_trait]
impl PaymentStore for DbStore {
    async fn payments_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Payment>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(sqlx::query("SELECT * FROM payments WHERE company_id = $1 AND client_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(client.as_uuid()), &mut conn, rows::payment).await
    }

    async fn refunds_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Refund>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(sqlx::query("SELECT * FROM refunds WHERE company_id = $1 AND client_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(client.as_uuid()), &mut conn, rows::refund).await
    }

    async fn payment(
        &self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM payments WHERE company_id = $1 AND id = $2")
                .bind(company.as_uuid())
                .bind(id.as_uuid()),
            &mut conn,
            rows::payment,
        )
        .await
    }

    async fn payments_of_invoice(
        &self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Payment>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(sqlx::query("SELECT * FROM payments WHERE company_id = $1 AND invoice_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(invoice.as_uuid()), &mut conn, rows::payment).await
    }

    async fn payment_reviews(
        &self,
        company: CompanyId,
        limit: u32,
    ) -> Result<Vec<PaymentReview>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(
            sqlx::query("SELECT * FROM payment_reviews WHERE company_id = $1 ORDER BY created_at DESC, id DESC LIMIT CAST($2 AS BIGINT)")
                .bind(company.as_uuid())
                .bind(i64::from(limit)),
            &mut conn,
            rows::review,
        )
        .await
    }
}

#[async_trait]
impl PaymentTx for DbTx {
    async fn invoice_payments(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Payment>, StoreError> {
        query::all(
            sqlx::query(
                "SELECT * FROM payments WHERE company_id = $1 AND invoice_id = $2 \
                 ORDER BY created_at, id",
            )
            .bind(company.as_uuid())
            .bind(invoice.as_uuid()),
            &mut self.tx,
            rows::payment,
        )
        .await
    }

    async fn payment_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Payment>, StoreError> {
        query::one(
            sqlx::query("SELECT * FROM payments WHERE company_id = $1 AND reference = $2")
                .bind(company.as_uuid())
                .bind(reference.to_owned()),
            &mut self.tx,
            rows::payment,
        )
        .await
    }

    async fn payments_with_reference(
        &mut self,
        reference: &str,
    ) -> Result<Vec<Payment>, StoreError> {
        query::all(
            sqlx::query("SELECT * FROM payments WHERE reference = $1 LIMIT 2")
                .bind(reference.to_owned()),
            &mut self.tx,
            rows::payment,
        )
        .await
    }

    async fn payment_for_update(
        &mut self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError> {
        query::one(
            sqlx::query(concat!(
                "SELECT * FROM payments WHERE company_id = $1 AND id = $2",
                for_update!()
            ))
            .bind(company.as_uuid())
            .bind(id.as_uuid()),
            &mut self.tx,
            rows::payment,
        )
        .await
    }

    async fn insert_payment(&mut self, p: &Payment) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO payments (id, company_id, client_id, invoice_id, amount, refunded, currency, minor_units, date, method, reference, created_at, to_fees, to_interest) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(p.id.as_uuid())
        .bind(p.company_id.as_uuid())
        .bind(p.client_id.as_uuid())
        .bind(p.invoice_id.as_uuid())
        .bind(to_minor(p.amount, p.currency)?)
        .bind(to_minor(p.refunded, p.currency)?)
        .bind(p.currency.code())
        .bind(query::minor_units(p.currency))
        .bind(p.date)
        .bind(p.method.as_str())
        .bind(&p.reference)
        .bind(p.created_at)
        .bind(to_minor(p.to_fees, p.currency)?)
        .bind(to_minor(p.to_interest, p.currency)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn update_payment(&mut self, p: &Payment) -> Result<(), StoreError> {
        let done =
            sqlx::query("UPDATE payments SET refunded = $3 WHERE company_id = $1 AND id = $2")
                .bind(p.company_id.as_uuid())
                .bind(p.id.as_uuid())
                .bind(to_minor(p.refunded, p.currency)?)
                .execute(&mut *self.tx)
                .await
                .map_err(db_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("payment"));
        }
        Ok(())
    }

    async fn refund_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Refund>, StoreError> {
        query::one(
            sqlx::query("SELECT * FROM refunds WHERE company_id = $1 AND reference = $2")
                .bind(company.as_uuid())
                .bind(reference.to_owned()),
            &mut self.tx,
            rows::refund,
        )
        .await
    }

    async fn insert_refund(&mut self, r: &Refund) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO refunds (id, company_id, client_id, payment_id, invoice_id, amount, currency, minor_units, date, reference, reason, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(r.id.as_uuid())
        .bind(r.company_id.as_uuid())
        .bind(r.client_id.as_uuid())
        .bind(r.payment_id.as_uuid())
        .bind(r.invoice_id.as_uuid())
        .bind(to_minor(r.amount, r.currency)?)
        .bind(r.currency.code())
        .bind(query::minor_units(r.currency))
        .bind(r.date)
        .bind(&r.reference)
        .bind(&r.reason)
        .bind(r.created_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn record_webhook_event(
        &mut self,
        provider: &str,
        event_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO webhook_events (provider, event_id, received_at) VALUES ($1, $2, $3)",
        )
        .bind(provider.to_owned())
        .bind(event_id.to_owned())
        .bind(at)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| match db_error(e) {
            StoreError::Conflict(_) => StoreError::Conflict("webhook_event"),
            other => other,
        })?;
        Ok(())
    }

    async fn insert_payment_review(&mut self, r: &PaymentReview) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO payment_reviews (id, company_id, invoice_id, event_id, reference, amount, currency, reason, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(r.id.as_uuid())
        .bind(r.company_id.as_uuid())
        .bind(r.invoice_id.map(|i| i.as_uuid()))
        .bind(&r.event_id)
        .bind(&r.reference)
        .bind(r.amount.map(|a| a.to_string()))
        .bind(r.currency.map(|c| c.code().to_owned()))
        .bind(&r.reason)
        .bind(r.created_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn checkout_attempt(
        &mut self,
        company: CompanyId,
        provider: &str,
        session_id: &str,
    ) -> Result<Option<CheckoutAttempt>, StoreError> {
        query::one(
            sqlx::query(
                "SELECT * FROM checkout_attempts WHERE company_id = $1 AND provider = $2 AND session_id = $3",
            )
            .bind(company.as_uuid())
            .bind(provider.to_owned())
            .bind(session_id.to_owned()),
            &mut self.tx,
            rows::checkout_attempt,
        )
        .await
    }

    async fn checkout_attempts_of_invoice(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<CheckoutAttempt>, StoreError> {
        query::all(
            sqlx::query(
                "SELECT * FROM checkout_attempts WHERE company_id = $1 AND invoice_id = $2 \
                 ORDER BY updated_at, session_id",
            )
            .bind(company.as_uuid())
            .bind(invoice.as_uuid()),
            &mut self.tx,
            rows::checkout_attempt,
        )
        .await
    }

    async fn put_checkout_attempt(&mut self, a: &CheckoutAttempt) -> Result<(), StoreError> {
        // A session belongs to one invoice of one company: the update never moves it.
        sqlx::query(
            "INSERT INTO checkout_attempts (provider, session_id, company_id, invoice_id, state, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (provider, session_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at \
             WHERE checkout_attempts.company_id = excluded.company_id",
        )
        .bind(a.provider.clone())
        .bind(a.session_id.clone())
        .bind(a.company_id.as_uuid())
        .bind(a.invoice_id.as_uuid())
        .bind(a.state.as_str())
        .bind(a.updated_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }
}
