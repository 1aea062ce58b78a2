//! The transactional outbox: emails queued in the same transaction as the change that causes
//! them, delivered later by a worker with retries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{ClientId, CompanyId, InvoiceId, OutboxId, PaymentId, QuoteId};
use super::template::TemplateKind;

/// A document to render and attach when the email is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Attachment {
    /// The invoice PDF.
    Invoice(InvoiceId),
    /// The quote PDF.
    Quote(QuoteId),
    /// The receipt of a payment (the invoice PDF showing it).
    Receipt(PaymentId),
}

/// Delivery state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting for (another) attempt.
    Pending,
    /// Accepted by the mail server.
    Sent,
    /// Permanently rejected; shown to admins, not retried.
    Failed,
}

impl OutboxStatus {
    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "sent" => Some(Self::Sent),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// A queued email, fully rendered at the time of the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEmail {
    /// Id; the Message-ID is derived from it, so a resend after a crash has the same one.
    pub id: OutboxId,
    /// Tenant.
    pub company_id: CompanyId,
    /// The client it concerns.
    pub client_id: Option<ClientId>,
    /// Template kind it was rendered from.
    pub kind: TemplateKind,
    /// Recipient address (the primary contact's, or the contact who asked for a link).
    pub to_email: String,
    /// Recipient name.
    pub to_name: String,
    /// Subject.
    pub subject: String,
    /// HTML body.
    pub html_body: String,
    /// Plain-text body.
    pub text_body: String,
    /// Document to attach as PDF.
    pub attachment: Option<Attachment>,
    /// Delivery state.
    pub status: OutboxStatus,
    /// Attempts so far.
    pub attempts: u32,
    /// Earliest time of the next attempt.
    pub next_attempt_at: DateTime<Utc>,
    /// Last error (for admins).
    pub last_error: Option<String>,
    /// Queued.
    pub created_at: DateTime<Utc>,
    /// Accepted by the server.
    pub sent_at: Option<DateTime<Utc>>,
}

impl OutboxEmail {
    /// The RFC 5322 Message-ID for this row, stable across retries.
    pub fn message_id(&self, domain: &str) -> String {
        format!("<{}@{}>", self.id, domain)
    }
}
