//! Support tickets: a subject and a thread of messages between a contact and staff.
//!
//! A contact's message leaves the ticket waiting on staff; a staff reply leaves it waiting on
//! the client (and emails the contact); a message on a closed ticket reopens it. The thread stays
//! linked to the client forever.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{ClientId, CompanyId, ContactId, TicketId, TicketMessageId, UserId};

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Opened, nobody answered yet.
    Open,
    /// Staff answered; the client's turn.
    WaitingOnClient,
    /// The client wrote; staff's turn.
    WaitingOnStaff,
    /// Done.
    Closed,
}

impl TicketStatus {
    /// All statuses.
    pub const ALL: [TicketStatus; 4] = [
        Self::Open,
        Self::WaitingOnClient,
        Self::WaitingOnStaff,
        Self::Closed,
    ];

    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::WaitingOnClient => "waiting_on_client",
            Self::WaitingOnStaff => "waiting_on_staff",
            Self::Closed => "closed",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether staff should answer next (the inbox shows these first).
    pub fn awaits_staff(self) -> bool {
        matches!(self, Self::Open | Self::WaitingOnStaff)
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Author {
    /// A contact of the client, in the portal.
    Contact {
        /// The contact.
        id: ContactId,
        /// Name at the time.
        name: String,
    },
    /// A staff member.
    Staff {
        /// The user, when known.
        id: Option<UserId>,
        /// Name shown to the client.
        name: String,
    },
}

impl Author {
    /// The author's display name.
    pub fn name(&self) -> &str {
        match self {
            Self::Contact { name, .. } | Self::Staff { name, .. } => name,
        }
    }
}

/// A support ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// Id.
    pub id: TicketId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Client.
    pub client_id: ClientId,
    /// The contact who opened it (staff replies are emailed to them).
    pub contact_id: ContactId,
    /// Subject.
    pub subject: String,
    /// Status.
    pub status: TicketStatus,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Time of the last message.
    pub last_message_at: DateTime<Utc>,
}

impl Ticket {
    /// The status after a message by `author`.
    pub fn after_message(&mut self, author: &Author, at: DateTime<Utc>) {
        self.status = match author {
            Author::Contact { .. } => TicketStatus::WaitingOnStaff,
            Author::Staff { .. } => TicketStatus::WaitingOnClient,
        };
        self.last_message_at = at;
    }
}

/// One message of a ticket thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketMessage {
    /// Id.
    pub id: TicketMessageId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Ticket.
    pub ticket_id: TicketId,
    /// Author.
    pub author: Author,
    /// Text (plain, line breaks kept).
    pub body: String,
    /// Written.
    pub created_at: DateTime<Utc>,
}
