//! Support tickets and their message threads.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::{ClientId, CompanyId, Ticket, TicketId, TicketMessage, TicketStatus};

/// Support tickets outside a transaction: tickets, their threads and the inbox.
///
/// # Contract
/// Every adapter MUST pass this area's cases of [`crate::testing::storage_conformance`]
/// (module `tickets`). In words:
/// - **Tenancy.** Every method sees only the named company's tickets.
/// - **Locking.** [`TicketTx::ticket_for_update`] locks the ticket until the end of the
///   transaction.
/// - **Order.** Tickets awaiting staff first, then by last message, newest first; a
///   thread's messages oldest first.
#[async_trait]
pub trait TicketStore: Send + Sync {
    /// A ticket.
    async fn ticket(&self, company: CompanyId, id: TicketId) -> Result<Option<Ticket>, StoreError>;
    /// A ticket's messages, oldest first.
    async fn ticket_messages(
        &self,
        company: CompanyId,
        ticket: TicketId,
    ) -> Result<Vec<TicketMessage>, StoreError>;
    /// Tickets; those awaiting staff first, then by last message, newest first.
    async fn tickets(
        &self,
        company: CompanyId,
        query: &TicketQuery,
    ) -> Result<Vec<Ticket>, StoreError>;
}

/// Writes (and locked reads) of this area inside one transaction: see [`TicketStore`] for the
/// contract. Reads see the transaction's own writes.
#[async_trait]
pub trait TicketTx: Send {
    /// A ticket, locked.
    async fn ticket_for_update(
        &mut self,
        company: CompanyId,
        id: TicketId,
    ) -> Result<Option<Ticket>, StoreError>;
    /// Inserts a ticket.
    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<(), StoreError>;
    /// Updates a ticket's status and last message time.
    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<(), StoreError>;
    /// Appends a message.
    async fn insert_ticket_message(&mut self, message: &TicketMessage) -> Result<(), StoreError>;
}

/// A filter over a company's tickets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketQuery {
    /// Only this status.
    pub status: Option<TicketStatus>,
    /// Only this client's.
    pub client_id: Option<ClientId>,
    /// Page size.
    pub limit: u32,
}
