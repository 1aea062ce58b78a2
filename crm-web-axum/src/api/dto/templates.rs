//! Email templates on the wire.

use super::*;

/// An email template as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateIn {
    /// Subject (one line, handlebars).
    #[schema(min_length = 1)]
    pub subject: String,
    /// Body (handlebars).
    #[schema(min_length = 1)]
    pub body: String,
}

/// An email template.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TemplateOut {
    /// Kind.
    pub kind: TemplateKindDto,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Where it comes from: `client`, `company` or `default` (built-in).
    pub source: String,
}

/// Email template kinds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKindDto {
    /// Invoice email.
    Invoice,
    /// Quote email.
    Quote,
    /// Payment receipt.
    PaymentReceipt,
    /// Staff reply to a ticket.
    TicketReply,
    /// Portal sign-in link.
    PortalLogin,
}

impl TemplateKindDto {
    /// The core's kind.
    pub fn to_core(self) -> crm_core::domain::TemplateKind {
        use crm_core::domain::TemplateKind as K;
        match self {
            Self::Invoice => K::Invoice,
            Self::Quote => K::Quote,
            Self::PaymentReceipt => K::PaymentReceipt,
            Self::TicketReply => K::TicketReply,
            Self::PortalLogin => K::PortalLogin,
        }
    }
}
