//! Payments and refunds.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::currency::Currency;
use super::dunning::{Allocation, refund_split};
use super::ids::{ClientId, CompanyId, InvoiceId, PaymentId, RefundId};
use super::validation::ValueError;

/// How the money arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Card or wallet via the payment provider (Stripe).
    Card,
    /// Bank transfer.
    BankTransfer,
    /// SEPA direct debit.
    DirectDebit,
    /// Cash.
    Cash,
    /// Cheque.
    Cheque,
    /// Anything else.
    Other,
}

impl PaymentMethod {
    /// All methods.
    pub const ALL: [PaymentMethod; 6] = [
        Self::Card,
        Self::BankTransfer,
        Self::DirectDebit,
        Self::Cash,
        Self::Cheque,
        Self::Other,
    ];

    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Card => "card",
            Self::BankTransfer => "bank_transfer",
            Self::DirectDebit => "direct_debit",
            Self::Cash => "cash",
            Self::Cheque => "cheque",
            Self::Other => "other",
        }
    }

    /// The method in words, for emails and documents.
    pub fn label(self, locale: super::locale::Locale) -> &'static str {
        let key = match self {
            Self::Card => "payment_method.card",
            Self::BankTransfer => "payment_method.bank_transfer",
            Self::DirectDebit => "payment_method.direct_debit",
            Self::Cash => "payment_method.cash",
            Self::Cheque => "payment_method.cheque",
            Self::Other => "payment_method.other",
        };
        crate::i18n::text(locale, key).unwrap_or(self.as_str())
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s.trim())
            .ok_or_else(|| ValueError::new("payment_method.unknown").arg("s", s))
    }
}

/// Money received for one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Id.
    pub id: PaymentId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Client.
    pub client_id: ClientId,
    /// The invoice it is applied to.
    pub invoice_id: InvoiceId,
    /// Amount (> 0, exact to the minor unit).
    pub amount: Decimal,
    /// Currency (the invoice's).
    pub currency: Currency,
    /// Value date.
    pub date: NaiveDate,
    /// Method.
    pub method: PaymentMethod,
    /// Provider or bank reference; unique per company, so recording the same one twice records
    /// one payment.
    pub reference: Option<String>,
    /// Sum of the refunds of this payment.
    pub refunded: Decimal,
    /// The part applied to dunning fees (§367 BGB: costs first).
    #[serde(default)]
    pub to_fees: Decimal,
    /// The part applied to default interest (after the fees, before the principal).
    #[serde(default)]
    pub to_interest: Decimal,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

impl Payment {
    /// How the payment was applied when it was recorded (refunds not taken off).
    pub fn applied(&self) -> Allocation {
        Allocation {
            fees: self.to_fees,
            interest: self.to_interest,
            principal: self.amount - self.to_fees - self.to_interest,
            remainder: Decimal::ZERO,
        }
    }

    /// What stays applied after its refunds (which come off the principal first, see
    /// [`refund_split`]).
    pub fn net_applied(&self) -> Allocation {
        let applied = self.applied();
        let back = refund_split(&applied, Decimal::ZERO, self.refunded);
        Allocation {
            fees: applied.fees - back.fees,
            interest: applied.interest - back.interest,
            principal: applied.principal - back.principal,
            remainder: Decimal::ZERO,
        }
    }

    /// How a further refund of `amount` comes off it.
    pub fn refund_split(&self, amount: Decimal) -> Allocation {
        refund_split(&self.applied(), self.refunded, amount)
    }

    /// What can still be refunded.
    pub fn refundable(&self) -> Decimal {
        self.amount - self.refunded
    }
}

/// Money given back from one payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    /// Id.
    pub id: RefundId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Client.
    pub client_id: ClientId,
    /// The payment refunded.
    pub payment_id: PaymentId,
    /// Its invoice.
    pub invoice_id: InvoiceId,
    /// Amount (> 0, at most the payment's refundable amount).
    pub amount: Decimal,
    /// Currency (the payment's).
    pub currency: Currency,
    /// Date.
    pub date: NaiveDate,
    /// Provider reference (unique per company), e.g. a Stripe refund id.
    pub reference: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// A provider event that was not applied because it did not match (amount, currency, mode,
/// invoice state); kept for an admin to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentReview {
    /// Id.
    pub id: super::ids::ReviewId,
    /// Tenant.
    pub company_id: CompanyId,
    /// The invoice the event named.
    pub invoice_id: Option<InvoiceId>,
    /// Provider event id.
    pub event_id: Option<String>,
    /// Provider payment reference.
    pub reference: Option<String>,
    /// Amount in the event.
    pub amount: Option<Decimal>,
    /// Currency in the event.
    pub currency: Option<Currency>,
    /// Why it was not applied.
    pub reason: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Where a hosted checkout session of a provider stands, as far as this application knows.
/// Kept per session so that events arriving out of order (a failure before its "processing",
/// an expiry after the client came back) can be judged against what that session did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckoutState {
    /// The session completed with a delayed method; it put its invoice into `processing`.
    Processing,
    /// The session's payment arrived.
    Succeeded,
    /// The session's delayed payment failed.
    Failed,
    /// The session expired unpaid.
    Expired,
    /// Staff reopened the invoice this session had put into `processing`.
    Reopened,
}

impl CheckoutState {
    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Processing => "processing",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Reopened => "reopened",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "processing" => Self::Processing,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            "expired" => Self::Expired,
            "reopened" => Self::Reopened,
            _ => return None,
        })
    }

    /// Whether the session is over: nothing it reports later may set `processing`.
    pub fn is_closed(self) -> bool {
        !matches!(self, Self::Processing)
    }
}

/// One hosted checkout session of a provider and what it did to its invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutAttempt {
    /// Tenant.
    pub company_id: CompanyId,
    /// The invoice the session pays.
    pub invoice_id: InvoiceId,
    /// Provider name (`stripe`).
    pub provider: String,
    /// The provider's session id.
    pub session_id: String,
    /// Where it stands.
    pub state: CheckoutState,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}
