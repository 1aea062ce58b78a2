use async_trait::async_trait;
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

/// The hosted checkout session an event is about, as the provider reports it. The client it
/// names is checked against the invoice's client before anything is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutRef {
    /// The provider's id of the session.
    pub session_id: String,
    /// The client this application named in the session's metadata.
    pub client_id: Option<String>,
    /// The provider's client reference field of the session (this application puts the
    /// client id there; sessions of earlier versions carry the invoice id).
    pub client_reference: Option<String>,
}

/// A verified event from the provider, translated into domain terms. Amounts are already in
/// the currency's units (not the provider's minor units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentEvent {
    /// Money arrived for an invoice.
    Paid {
        /// Provider event id (deduplication); `None` when the payment was confirmed on the
        /// return page rather than by a webhook.
        event_id: Option<String>,
        /// Whether the provider was in live mode (a test-mode event never pays a live invoice).
        livemode: bool,
        /// Tenant named in the event metadata.
        company_id: CompanyId,
        /// Invoice named in the event metadata.
        invoice_id: InvoiceId,
        /// Amount received.
        amount: Decimal,
        /// Currency received.
        currency: Currency,
        /// Provider payment reference (e.g. the payment intent id), unique.
        reference: String,
        /// The checkout session that paid.
        checkout: CheckoutRef,
    },
    /// A delayed payment (e.g. SEPA direct debit) was started by a completed checkout; the
    /// money is not there yet.
    Processing {
        /// Provider event id.
        event_id: Option<String>,
        /// Live mode.
        livemode: bool,
        /// Tenant.
        company_id: CompanyId,
        /// Invoice.
        invoice_id: InvoiceId,
        /// The checkout session.
        checkout: CheckoutRef,
    },
    /// A delayed payment failed.
    Failed {
        /// Provider event id.
        event_id: String,
        /// Live mode.
        livemode: bool,
        /// Tenant.
        company_id: CompanyId,
        /// Invoice.
        invoice_id: InvoiceId,
        /// The checkout session.
        checkout: CheckoutRef,
    },
    /// A checkout session expired without being completed.
    Expired {
        /// Provider event id; `None` when the return page found the session expired.
        event_id: Option<String>,
        /// Live mode.
        livemode: bool,
        /// Tenant.
        company_id: CompanyId,
        /// Invoice.
        invoice_id: InvoiceId,
        /// The checkout session.
        checkout: CheckoutRef,
    },
    /// Money was returned: `refunded_total` is the cumulative refunded amount of the payment, so
    /// events can arrive twice or out of order without refunding twice.
    Refunded {
        /// Provider event id.
        event_id: String,
        /// Live mode.
        livemode: bool,
        /// Tenant, when the event names it (Stripe's charge events do not: the payment is then
        /// found by its reference, which the provider issued and which is unique).
        company_id: Option<CompanyId>,
        /// Reference of the original payment.
        payment_reference: String,
        /// All refunds of that payment so far.
        refunded_total: Decimal,
        /// Currency.
        currency: Currency,
    },
    /// An event that changes nothing here.
    Ignored {
        /// Provider event id.
        event_id: String,
    },
}

impl PaymentEvent {
    /// The provider's event id, if this came from a webhook.
    pub fn event_id(&self) -> Option<&str> {
        match self {
            Self::Paid { event_id, .. }
            | Self::Processing { event_id, .. }
            | Self::Expired { event_id, .. } => event_id.as_deref(),
            Self::Failed { event_id, .. }
            | Self::Refunded { event_id, .. }
            | Self::Ignored { event_id } => Some(event_id),
        }
    }
}

/// A refund asked of the provider for a payment it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRequest {
    /// Tenant (sent along as metadata).
    pub company_id: CompanyId,
    /// The provider's reference of the payment (Stripe: the payment intent).
    pub payment_reference: String,
    /// How much, in the payment's currency.
    pub amount: Decimal,
    /// The payment's currency.
    pub currency: Currency,
    /// The same key never refunds twice at the provider (a retried click, a crash between the
    /// provider's answer and our record).
    pub idempotency_key: String,
}

/// A refund the provider accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRefund {
    /// The provider's id of the refund (Stripe: `re_…`), kept as the refund's reference.
    pub id: String,
    /// The amount refunded.
    pub amount: Decimal,
    /// The provider's status (`succeeded`, `pending`, …).
    pub status: String,
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
    /// The provider cannot take this payment (e.g. an amount finer than its unit of the
    /// currency); asking again will not help.
    #[error("the payment provider cannot take this payment: {0}")]
    Unsupported(String),
}

/// A payment provider with hosted checkout.
///
/// # Contract
/// - `start_checkout` with the same `idempotency_key` creates at most one session at the
///   provider.
/// - `verify_event` MUST reject anything whose signature does not verify over the raw bytes,
///   before parsing it; it never changes state.
/// - Metadata (company, invoice) in events is only what this application put into the
///   checkout session; [`crate::Crm::apply_payment_event`] still checks it against the invoice.
#[async_trait]
pub trait PaymentGateway: Send + Sync {
    /// Creates a hosted payment page for `request`.
    async fn start_checkout(
        &self,
        request: &CheckoutRequest,
    ) -> Result<CheckoutSession, GatewayError>;

    /// Verifies and translates a webhook delivery.
    fn verify_event(&self, payload: &[u8], signature: &str) -> Result<PaymentEvent, GatewayError>;

    /// Looks up a hosted payment page server-side (the return page confirms at once, without
    /// waiting for the webhook): `Paid` or `Processing` only for a completed session,
    /// `Expired` for an expired one, else `Ignored` (still open: the client did not pay).
    async fn confirm_checkout(&self, session_id: &str) -> Result<PaymentEvent, GatewayError>;

    /// Refunds (part of) a payment the provider took. A refund the provider refuses is
    /// [`GatewayError::Provider`] with its message, or [`GatewayError::Unsupported`].
    async fn refund(&self, request: &RefundRequest) -> Result<GatewayRefund, GatewayError>;

    /// The provider's name, used to deduplicate its event ids (`stripe`).
    fn provider(&self) -> &'static str;
}
