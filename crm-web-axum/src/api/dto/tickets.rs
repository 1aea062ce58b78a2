//! Tickets and their messages on the wire.

use super::*;

/// A ticket.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketOut {
    /// Id.
    pub id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// The contact who opened it.
    pub contact_id: Uuid,
    /// Subject.
    pub subject: String,
    /// `open`, `waiting_on_client`, `waiting_on_staff` or `closed`.
    pub status: String,
    /// Opened.
    pub created_at: DateTime<Utc>,
    /// Last message.
    pub last_message_at: DateTime<Utc>,
}

impl From<&Ticket> for TicketOut {
    fn from(t: &Ticket) -> Self {
        Self {
            id: t.id.as_uuid(),
            client_id: t.client_id.as_uuid(),
            contact_id: t.contact_id.as_uuid(),
            subject: t.subject.clone(),
            status: t.status.as_str().to_owned(),
            created_at: t.created_at,
            last_message_at: t.last_message_at,
        }
    }
}

/// A page of tickets.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketPage {
    /// Those awaiting staff first, then by last message, newest first.
    pub data: Vec<TicketOut>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A message in a ticket thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageOut {
    /// Id.
    pub id: Uuid,
    /// `contact` or `staff`.
    pub author_kind: String,
    /// Author's name.
    pub author_name: String,
    /// Text.
    pub body: String,
    /// Written.
    pub created_at: DateTime<Utc>,
}

impl From<&TicketMessage> for MessageOut {
    fn from(m: &TicketMessage) -> Self {
        Self {
            id: m.id.as_uuid(),
            author_kind: match m.author {
                Author::Contact { .. } => "contact".into(),
                Author::Staff { .. } => "staff".into(),
            },
            author_name: m.author.name().to_owned(),
            body: m.body.clone(),
            created_at: m.created_at,
        }
    }
}

/// A ticket with its thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketDetail {
    /// The ticket.
    pub ticket: TicketOut,
    /// Messages, oldest first.
    pub messages: Vec<MessageOut>,
}

/// A staff reply.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyIn {
    /// Text (emailed to the contact).
    #[schema(min_length = 1)]
    pub body: String,
}
