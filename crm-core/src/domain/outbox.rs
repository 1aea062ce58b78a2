//! The transactional outbox: emails queued in the same transaction as the change that causes
//! them, delivered later by a worker with retries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::access::LinkPurpose;
use super::ids::{
    ClientId, CompanyId, ContactId, InvoiceId, MagicLinkId, OutboxId, PaymentId, QuoteId,
};
use super::template::TemplateKind;

/// What a queued body holds where the magic link's token goes: the token is minted when the
/// worker sends (a database dump never contains a usable link). Only letters, digits and
/// hyphens, so it passes HTML escaping and the text-to-HTML linkifier unchanged and stays
/// inside the URL `{portal}/login/{token}`.
pub const LINK_TOKEN_PLACEHOLDER: &str = "crm-link-token-minted-on-send-7c1f3a9e";

/// The magic link an email carries, as queued: what is needed to mint it at send time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxLink {
    /// Purpose of the link (document: reusable; login: single use).
    pub purpose: LinkPurpose,
    /// Portal path to open after signing in.
    pub target: Option<String>,
    /// Validity from the moment it is minted, in seconds.
    pub ttl_seconds: i64,
}

/// Whom an email is addressed to, which decides what happens when the contact is gone by the
/// time it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The client's primary contact (document emails): a removed contact is replaced by the
    /// current primary contact.
    Primary,
    /// That one contact (a requested sign-in link, a ticket reply): a removed contact drops
    /// the email.
    Contact,
}

impl Recipient {
    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Contact => "contact",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "primary" => Some(Self::Primary),
            "contact" => Some(Self::Contact),
            _ => None,
        }
    }
}

/// The token of one claim of an outbox row: marks carry it and apply only while the row is
/// still held by that claim (a worker whose lease ran out cannot overwrite the outcome of the
/// worker that took the row over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LeaseToken(uuid::Uuid);

impl LeaseToken {
    /// A fresh random token.
    pub fn new() -> Self {
        Self(uuid::Uuid::new_v4())
    }

    /// From its stored form.
    pub fn from_uuid(id: uuid::Uuid) -> Self {
        Self(id)
    }

    /// Its stored form.
    pub fn as_uuid(self) -> uuid::Uuid {
        self.0
    }
}

impl Default for LeaseToken {
    fn default() -> Self {
        Self::new()
    }
}

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
    /// A cancellation invoice or corrective credit PDF.
    Correction(super::ids::CorrectionId),
    /// A payment reminder's or Mahnung's frozen PDF.
    Reminder(super::ids::ReminderId),
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

/// A queued email, rendered at the time of the action except for the magic link's token
/// ([`LINK_TOKEN_PLACEHOLDER`]), and re-addressed at send time (see [`Recipient`]).
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
    /// The contact it is addressed to; re-resolved when sent (`None`: rows queued before
    /// that existed, sent to `to_email` as they are).
    pub contact_id: Option<ContactId>,
    /// Whom it is addressed to.
    pub recipient: Recipient,
    /// Recipient address at queue time (the primary contact's, or the contact who asked for a
    /// link).
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
    /// The magic link to mint when it is sent (the bodies hold [`LINK_TOKEN_PLACEHOLDER`]).
    pub link: Option<OutboxLink>,
    /// The claim holding the row (set by a claim, cleared by its final mark).
    pub lease: Option<LeaseToken>,
    /// The magic link minted for the attempt in progress; revoked if that attempt fails.
    pub minted_link: Option<MagicLinkId>,
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
