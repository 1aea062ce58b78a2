//! Support tickets: opened and answered by contacts in the portal, answered and closed by
//! staff; staff replies are emailed to the contact.

use super::{Crm, Ctx, Entity, Error, PortalCtx};
use crate::domain::validation::{Collector, multiline_text, required_text};
use crate::domain::{
    ActivityKind, Actor, Author, LinkPurpose, TemplateKind, Ticket, TicketId, TicketMessage,
    TicketMessageId, TicketStatus, ValidationErrors, ValueError,
};

fn message_text(body: &str) -> Result<String, ValueError> {
    multiline_text(body, 20_000).and_then(|b| b.ok_or_else(|| ValueError::new("text.empty")))
}

fn message_body(body: &str) -> Result<String, ValidationErrors> {
    message_text(body).map_err(|e| ValidationErrors::single("body", e))
}

impl Crm {
    /// The signed-in contact opens a ticket with a first message (a confirmed session only:
    /// [`PortalCtx::require_confirmed`]).
    pub async fn open_ticket(
        &self,
        portal: &PortalCtx,
        subject: &str,
        body: &str,
    ) -> Result<Ticket, Error> {
        portal.require_confirmed()?;
        let mut c = Collector::new();
        let subject = c.check("subject", required_text(subject, 200));
        let body = c.check("body", message_text(body));
        c.finish()?;
        let (Some(subject), Some(body)) = (subject, body) else {
            unreachable!("collector reported no error")
        };
        let mut tx = self.store.begin().await?;
        let client = tx
            .client_for_update(portal.company, portal.client)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let contact = client
            .contact(portal.contact)
            .ok_or(Error::NotFound(Entity::Contact))?;
        let now = self.clock.now();
        let ticket = Ticket {
            id: TicketId::new(),
            company_id: portal.company,
            client_id: portal.client,
            contact_id: portal.contact,
            subject,
            status: TicketStatus::Open,
            created_at: now,
            last_message_at: now,
        };
        tx.insert_ticket(&ticket).await?;
        tx.insert_ticket_message(&TicketMessage {
            id: TicketMessageId::new(),
            company_id: portal.company,
            ticket_id: ticket.id,
            author: Author::Contact {
                id: contact.id,
                name: contact.name.clone(),
            },
            body,
            created_at: now,
        })
        .await?;
        let ctx = Ctx::new(portal.company, Actor::Contact { id: portal.contact });
        self.log(
            &mut *tx,
            &ctx,
            portal.client,
            ActivityKind::TicketOpened,
            Some(ticket.subject.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// The signed-in contact adds a message to one of their client's tickets. Closed tickets
    /// are read-only for clients ([`Error::TicketClosed`], checked under the ticket's lock, so a
    /// reply racing a staff "close" cannot reopen it); staff may still reopen by replying. A
    /// confirmed session only.
    pub async fn portal_reply_ticket(
        &self,
        portal: &PortalCtx,
        id: TicketId,
        body: &str,
    ) -> Result<TicketMessage, Error> {
        portal.require_confirmed()?;
        let mut tx = self.store.begin().await?;
        let mut ticket = tx
            .ticket_for_update(portal.company, id)
            .await?
            .filter(|t| t.client_id == portal.client)
            .ok_or(Error::NotFound(Entity::Ticket))?;
        if ticket.status == TicketStatus::Closed {
            return Err(Error::TicketClosed);
        }
        let body = message_body(body)?;
        let client = tx
            .client_for_update(portal.company, portal.client)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let contact = client
            .contact(portal.contact)
            .ok_or(Error::NotFound(Entity::Contact))?;
        let now = self.clock.now();
        let author = Author::Contact {
            id: contact.id,
            name: contact.name.clone(),
        };
        ticket.after_message(&author, now);
        let message = TicketMessage {
            id: TicketMessageId::new(),
            company_id: portal.company,
            ticket_id: id,
            author,
            body,
            created_at: now,
        };
        tx.insert_ticket_message(&message).await?;
        tx.update_ticket(&ticket).await?;
        let ctx = Ctx::new(portal.company, Actor::Contact { id: portal.contact });
        self.log(
            &mut *tx,
            &ctx,
            portal.client,
            ActivityKind::TicketReplied,
            Some(ticket.subject.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(message)
    }

    /// A staff reply: appended to the thread and emailed (`ticket_reply`) to the contact who
    /// opened the ticket. Replying to a closed ticket reopens it.
    pub async fn staff_reply_ticket(
        &self,
        ctx: &Ctx,
        id: TicketId,
        staff_name: &str,
        body: &str,
    ) -> Result<TicketMessage, Error> {
        let body = message_body(body)?;
        let staff_name =
            required_text(staff_name, 200).map_err(|e| ValidationErrors::single("author", e))?;
        let mut tx = self.store.begin().await?;
        let mut ticket = tx
            .ticket_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Ticket))?;
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let client = tx
            .client_for_update(ctx.company, ticket.client_id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        // The opener gets the reply; if they were removed, the primary contact does.
        let contact = client
            .contact(ticket.contact_id)
            .or_else(|| client.primary_contact())
            .ok_or(Error::NotFound(Entity::Contact))?
            .clone();
        let now = self.clock.now();
        let author = Author::Staff {
            id: match &ctx.actor {
                Actor::Staff { id, .. } => *id,
                _ => None,
            },
            name: staff_name.clone(),
        };
        ticket.after_message(&author, now);
        let message = TicketMessage {
            id: TicketMessageId::new(),
            company_id: ctx.company,
            ticket_id: id,
            author,
            body: body.clone(),
            created_at: now,
        };
        tx.insert_ticket_message(&message).await?;
        tx.update_ticket(&ticket).await?;
        let vars = serde_json::json!({ "ticket": {
            "subject": ticket.subject,
            "message": body,
            "author": staff_name,
        }});
        self.queue_email(
            &mut *tx,
            &company,
            &client,
            &contact,
            TemplateKind::TicketReply,
            vars,
            None,
            LinkPurpose::Document,
            Some(&format!("/tickets/{id}")),
        )
        .await?;
        self.log(
            &mut *tx,
            ctx,
            client.id,
            ActivityKind::TicketReplied,
            Some(ticket.subject.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(message)
    }

    /// Closes a ticket.
    pub async fn close_ticket(&self, ctx: &Ctx, id: TicketId) -> Result<Ticket, Error> {
        let mut tx = self.store.begin().await?;
        let mut ticket = tx
            .ticket_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Ticket))?;
        if ticket.status != TicketStatus::Closed {
            ticket.status = TicketStatus::Closed;
            tx.update_ticket(&ticket).await?;
            self.log(
                &mut *tx,
                ctx,
                ticket.client_id,
                ActivityKind::TicketClosed,
                Some(ticket.subject.clone()),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ticket)
    }
}
