use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::{ClientId, CompanyId, Currency, InvoiceId};

/// What a hosted payment page needs to know about one invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutRequest {
    /// Tenant.
    pub company_id: CompanyId,
    /// Client.
    pub client_id: ClientId,
    /// Invoice.
    pub invoice_id: InvoiceId,
    /// Invoice number, shown on the payment page.
    pub invoice_number: String,
    /// Amount to pay (the balance).
    pub amount: Decimal,
    /// Currency.
    pub currency: Currency,
    /// Payer email (the signed-in contact).
    pub customer_email: String,
    /// Where the provider sends the payer after paying.
    pub success_url: String,
    /// Where the provider sends the payer after cancelling.
    pub cancel_url: String,
    /// Key that makes retries of the same attempt create one session.
    pub idempotency_key: String,
}

/// A hosted payment page that was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSession {
    /// Provider's id of the session.
    pub id: String,
    /// URL to redirect the payer to.
    pub url: String,
}

/// A verified event from the provider, translated into domain terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentEvent {
    /// Money arrived for an invoice.
    Paid {
        /// Provider event id (idempotency).
        event_id: String,
        /// Tenant named in the event metadata.
        company_id: CompanyId,
        /// Invoice named in the event metadata.
        invoice_id: InvoiceId,
        /// Amount received.
        amount: Decimal,
        /// Currency received.
        currency: Currency,
        /// Provider payment reference (e.g. payment intent id), unique.
        reference: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Money was returned.
    Refunded {
        /// Provider event id.
        event_id: String,
        /// Reference of the original payment.
        payment_reference: String,
        /// Provider refund reference, unique.
        refund_reference: String,
        /// Amount refunded.
        amount: Decimal,
        /// Currency.
        currency: Currency,
    },
    /// An event that changes nothing here.
    Ignored {
        /// Provider event id.
        event_id: String,
    },
}

/// Why the gateway failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// The event's signature did not verify (or was too old).
    #[error("invalid signature")]
    InvalidSignature,
    /// The event could not be understood.
    #[error("malformed event: {0}")]
    Malformed(String),
    /// The provider could not be reached or refused the request.
    #[error("payment provider error: {0}")]
    Provider(String),
}

/// A payment provider with hosted checkout.
///
/// # Contract
/// - `start_checkout` with the same `idempotency_key` creates at most one session at the
///   provider.
/// - `verify_event` MUST reject anything whose signature does not verify over the raw bytes,
///   before parsing it; it never changes state.
#[async_trait]
pub trait PaymentGateway: Send + Sync {
    /// Creates a hosted payment page for `request`.
    async fn start_checkout(
        &self,
        request: &CheckoutRequest,
    ) -> Result<CheckoutSession, GatewayError>;

    /// Verifies and translates a webhook delivery.
    fn verify_event(&self, payload: &[u8], signature: &str) -> Result<PaymentEvent, GatewayError>;
}
