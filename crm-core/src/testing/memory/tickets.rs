//! The tickets area of the memory store.

use super::*;

#[async_trait]
impl TicketStore for MemoryStore {
    async fn ticket(&self, company: CompanyId, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        let s = self.state.lock().await;
        Ok(scoped(s.tickets.get(&id), company, |t| t.company_id).cloned())
    }

    async fn ticket_messages(
        &self,
        company: CompanyId,
        ticket: TicketId,
    ) -> Result<Vec<TicketMessage>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<TicketMessage> = s
            .messages
            .iter()
            .filter(|m| m.company_id == company && m.ticket_id == ticket)
            .cloned()
            .collect();
        v.sort_by_key(|m| (m.created_at, m.id));
        Ok(v)
    }

    async fn tickets(
        &self,
        company: CompanyId,
        query: &TicketQuery,
    ) -> Result<Vec<Ticket>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Ticket> = s
            .tickets
            .values()
            .filter(|t| t.company_id == company)
            .filter(|t| query.status.is_none_or(|st| t.status == st))
            .filter(|t| query.client_id.is_none_or(|c| t.client_id == c))
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            (b.status.awaits_staff(), b.last_message_at, b.id).cmp(&(
                a.status.awaits_staff(),
                a.last_message_at,
                a.id,
            ))
        });
        v.truncate(query.limit as usize);
        Ok(v)
    }
}

#[async_trait]
impl TicketTx for MemoryTx {
    async fn ticket_for_update(
        &mut self,
        company: CompanyId,
        id: TicketId,
    ) -> Result<Option<Ticket>, StoreError> {
        Ok(scoped(self.work.tickets.get(&id), company, |t| t.company_id).cloned())
    }

    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<(), StoreError> {
        self.work.tickets.insert(ticket.id, ticket.clone());
        Ok(())
    }

    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<(), StoreError> {
        let slot = self
            .work
            .tickets
            .get_mut(&ticket.id)
            .filter(|t| t.company_id == ticket.company_id)
            .ok_or(missing("ticket"))?;
        *slot = ticket.clone();
        Ok(())
    }

    async fn insert_ticket_message(&mut self, message: &TicketMessage) -> Result<(), StoreError> {
        self.work.messages.push(message.clone());
        Ok(())
    }
}
