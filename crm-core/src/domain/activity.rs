//! The activity log of a client: who did what, when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{ActivityId, ClientId, CompanyId, ContactId, UserId};

/// Who acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// A staff member (admin UI or API).
    Staff {
        /// The user, when known.
        id: Option<UserId>,
        /// Display name.
        name: String,
    },
    /// A client's contact in the portal.
    Contact {
        /// The contact.
        id: ContactId,
    },
    /// The payment provider (webhooks).
    PaymentProvider,
    /// The system itself (workers, seeding).
    System,
}

impl Actor {
    /// A staff member known by name only (embedding apps with their own users).
    pub fn staff(name: impl Into<String>) -> Self {
        Self::Staff {
            id: None,
            name: name.into(),
        }
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Client created.
    ClientCreated,
    /// Client edited.
    ClientUpdated,
    /// Client archived.
    ClientArchived,
    /// Client restored from the archive.
    ClientRestored,
    /// Invoice created as draft.
    InvoiceCreated,
    /// Invoice draft edited.
    InvoiceUpdated,
    /// Invoice issued.
    InvoiceIssued,
    /// Invoice emailed.
    InvoiceSent,
    /// Invoice opened in the portal.
    InvoiceViewed,
    /// Invoice cancelled.
    InvoiceCancelled,
    /// Invoice reopened by staff after a payment that never completed.
    InvoiceReopened,
    /// A corrective credit issued against an invoice.
    InvoiceCredited,
    /// A cancellation invoice or corrective credit emailed.
    CorrectionSent,
    /// A payment reminder or Mahnung issued.
    ReminderIssued,
    /// Reminders stopped for the client (the reason in the detail).
    DunningBlocked,
    /// The client's dunning block lifted.
    DunningUnblocked,
    /// Staff skipped an invoice's next dunning level.
    DunningLevelSkipped,
    /// Staff waived an invoice's dunning fees and interest.
    DunningWaived,
    /// Staff gave the client its own dunning levels, or back the company's.
    DunningScheduleChanged,
    /// Quote created.
    QuoteCreated,
    /// Quote draft edited.
    QuoteUpdated,
    /// Quote sent.
    QuoteSent,
    /// Quote opened in the portal.
    QuoteViewed,
    /// Quote approved.
    QuoteApproved,
    /// Quote rejected.
    QuoteRejected,
    /// Quote converted to an invoice.
    QuoteConverted,
    /// Payment recorded.
    PaymentRecorded,
    /// Refund recorded.
    RefundRecorded,
    /// Email template changed.
    TemplateChanged,
    /// Magic link issued.
    PortalLinkIssued,
    /// Contact signed in to the portal.
    PortalSignedIn,
    /// Ticket opened.
    TicketOpened,
    /// Ticket message.
    TicketReplied,
    /// Ticket closed.
    TicketClosed,
}

impl ActivityKind {
    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClientCreated => "client_created",
            Self::ClientUpdated => "client_updated",
            Self::ClientArchived => "client_archived",
            Self::ClientRestored => "client_restored",
            Self::InvoiceCreated => "invoice_created",
            Self::InvoiceUpdated => "invoice_updated",
            Self::InvoiceIssued => "invoice_issued",
            Self::InvoiceSent => "invoice_sent",
            Self::InvoiceViewed => "invoice_viewed",
            Self::InvoiceCancelled => "invoice_cancelled",
            Self::InvoiceReopened => "invoice_reopened",
            Self::InvoiceCredited => "invoice_credited",
            Self::CorrectionSent => "correction_sent",
            Self::ReminderIssued => "reminder_issued",
            Self::DunningBlocked => "dunning_blocked",
            Self::DunningUnblocked => "dunning_unblocked",
            Self::DunningLevelSkipped => "dunning_level_skipped",
            Self::DunningWaived => "dunning_waived",
            Self::DunningScheduleChanged => "dunning_schedule_changed",
            Self::QuoteCreated => "quote_created",
            Self::QuoteUpdated => "quote_updated",
            Self::QuoteSent => "quote_sent",
            Self::QuoteViewed => "quote_viewed",
            Self::QuoteApproved => "quote_approved",
            Self::QuoteRejected => "quote_rejected",
            Self::QuoteConverted => "quote_converted",
            Self::PaymentRecorded => "payment_recorded",
            Self::RefundRecorded => "refund_recorded",
            Self::TemplateChanged => "template_changed",
            Self::PortalLinkIssued => "portal_link_issued",
            Self::PortalSignedIn => "portal_signed_in",
            Self::TicketOpened => "ticket_opened",
            Self::TicketReplied => "ticket_replied",
            Self::TicketClosed => "ticket_closed",
        }
    }
}

/// One entry of a client's activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// Id.
    pub id: ActivityId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Client.
    pub client_id: ClientId,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: Actor,
    /// What.
    pub kind: ActivityKind,
    /// A short detail (document number, amount) for display.
    pub detail: Option<String>,
}
