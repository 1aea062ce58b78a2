//! Email templates: kinds and the stored subject/body pair.

use serde::{Deserialize, Serialize};

use super::dunning::DunningLevel;
use super::validation::ValueError;

/// What an email is for. Each kind offers its own variables (see [`crate::render::templates`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// An issued invoice.
    Invoice,
    /// A sent quote.
    Quote,
    /// A receipt for a payment.
    PaymentReceipt,
    /// A staff reply to a ticket.
    TicketReply,
    /// A sign-in link to the portal.
    PortalLogin,
    /// A cancellation invoice or corrective credit.
    Correction,
    /// A payment reminder (Zahlungserinnerung), the friendly first letter about overdue
    /// invoices.
    DunningReminder,
    /// The 1st Mahnung.
    DunningFirst,
    /// The 2nd Mahnung.
    DunningSecond,
    /// The final Mahnung, the last letter before court or collection.
    DunningFinal,
}

impl TemplateKind {
    /// All kinds.
    pub const ALL: [TemplateKind; 10] = [
        Self::Invoice,
        Self::Quote,
        Self::Correction,
        Self::DunningReminder,
        Self::DunningFirst,
        Self::DunningSecond,
        Self::DunningFinal,
        Self::PaymentReceipt,
        Self::TicketReply,
        Self::PortalLogin,
    ];

    /// The stable name used in storage, URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invoice => "invoice",
            Self::Quote => "quote",
            Self::PaymentReceipt => "payment_receipt",
            Self::TicketReply => "ticket_reply",
            Self::PortalLogin => "portal_login",
            Self::Correction => "correction",
            Self::DunningReminder => "dunning_reminder",
            Self::DunningFirst => "dunning_first",
            Self::DunningSecond => "dunning_second",
            Self::DunningFinal => "dunning_final",
        }
    }

    /// The kind of the email that sends a reminder of `level`.
    pub fn for_dunning(level: DunningLevel) -> Self {
        match level {
            DunningLevel::Reminder => Self::DunningReminder,
            DunningLevel::First => Self::DunningFirst,
            DunningLevel::Second => Self::DunningSecond,
            DunningLevel::Final => Self::DunningFinal,
        }
    }

    /// Whether this kind sends a reminder (one of the dunning levels).
    pub fn is_dunning(self) -> bool {
        matches!(
            self,
            Self::DunningReminder | Self::DunningFirst | Self::DunningSecond | Self::DunningFinal
        )
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| ValueError::new("template_kind.unknown").arg("s", s))
    }
}

/// A template as stored: a subject line and a body, both handlebars. Only the template engine
/// creates validated ones (see [`crate::ports::TemplateEngine::validate`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailTemplate {
    /// Subject template (one line).
    pub subject: String,
    /// Body template (plain text with handlebars; rendered to HTML and text).
    pub body: String,
}
