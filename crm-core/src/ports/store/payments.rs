//! Payments, refunds, payment provider events and the payments held for review.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::{
    CheckoutAttempt, ClientId, CompanyId, InvoiceId, Payment, PaymentId, PaymentReview, Refund,
};

/// Payments outside a transaction: payments, refunds and the payments held for review.
///
/// # Contract
/// Every adapter MUST pass this area's cases of [`crate::testing::storage_conformance`]
/// (module `payments`). In words:
/// - **Tenancy.** Every method that takes a `CompanyId` sees only that company's rows;
///   [`PaymentTx::payments_with_reference`] is global (provider references are ids the
///   provider issued) and serves only verified provider events that name no company.
/// - **Uniqueness.** A second payment reference or refund reference in one company fails
///   with `Conflict("payment_reference")` / `Conflict("refund_reference")`; a provider event
///   id recorded twice fails with `Conflict("webhook_event")` (a concurrent second insert
///   waits for the first and then fails).
/// - **Locking.** [`PaymentTx::payment_for_update`] locks the payment until the end of the
///   transaction.
/// - **Checkout attempts.** One row per `(provider, session_id)`: [`PaymentTx::put_checkout_attempt`]
///   inserts or replaces it; lookups see only the named company's rows.
/// - **Order.** Payments and refunds oldest first; reviews newest first.
#[async_trait]
pub trait PaymentStore: Send + Sync {
    /// A client's payments, oldest first.
    async fn payments_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Payment>, StoreError>;
    /// A client's refunds, oldest first.
    async fn refunds_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Refund>, StoreError>;
    /// A payment.
    async fn payment(
        &self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError>;
    /// The payments of one invoice, oldest first.
    async fn payments_of_invoice(
        &self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Payment>, StoreError>;
    /// Payment events held for review, newest first.
    async fn payment_reviews(
        &self,
        company: CompanyId,
        limit: u32,
    ) -> Result<Vec<PaymentReview>, StoreError>;
}

/// Writes (and locked reads) of this area inside one transaction: see [`PaymentStore`] for the
/// contract. Reads see the transaction's own writes.
#[async_trait]
pub trait PaymentTx: Send {
    /// A payment by its provider reference.
    async fn payment_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Payment>, StoreError>;
    /// Payments of any company with this provider reference (at most 2; global like the
    /// secret-hash lookups: provider references are unique ids the provider issued). Used only
    /// for verified provider events that do not name their company.
    async fn payments_with_reference(
        &mut self,
        reference: &str,
    ) -> Result<Vec<Payment>, StoreError>;
    /// The payments of an invoice as this transaction sees them (its own writes included),
    /// oldest first; read after the invoice's lock, they cannot change before the commit.
    async fn invoice_payments(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Payment>, StoreError>;
    /// A payment, locked.
    async fn payment_for_update(
        &mut self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError>;
    /// Inserts a payment (`Conflict("payment_reference")` on a duplicate reference).
    async fn insert_payment(&mut self, payment: &Payment) -> Result<(), StoreError>;
    /// Updates a payment's refunded amount.
    async fn update_payment(&mut self, payment: &Payment) -> Result<(), StoreError>;
    /// The refund with this provider reference, if any.
    async fn refund_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Refund>, StoreError>;
    /// Inserts a refund (`Conflict("refund_reference")` on a duplicate reference).
    async fn insert_refund(&mut self, refund: &Refund) -> Result<(), StoreError>;
    /// Records a provider's webhook event id; `Conflict("webhook_event")` if it was recorded
    /// before (the event is a duplicate). Concurrent inserts of one id: one wins, the other
    /// waits for it and then fails with the conflict.
    async fn record_webhook_event(
        &mut self,
        provider: &str,
        event_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Keeps a payment event for an admin to review.
    async fn insert_payment_review(&mut self, review: &PaymentReview) -> Result<(), StoreError>;
    /// The checkout session `session_id` of `provider`, if this company has seen it.
    async fn checkout_attempt(
        &mut self,
        company: CompanyId,
        provider: &str,
        session_id: &str,
    ) -> Result<Option<CheckoutAttempt>, StoreError>;
    /// The checkout sessions recorded for one invoice, by last change (oldest first).
    async fn checkout_attempts_of_invoice(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<CheckoutAttempt>, StoreError>;
    /// Inserts a checkout session, or replaces the row of the same `(provider, session_id)`.
    async fn put_checkout_attempt(&mut self, attempt: &CheckoutAttempt) -> Result<(), StoreError>;
}
