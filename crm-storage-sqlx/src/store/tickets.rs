//! Support tickets and their messages.

use async_trait::async_trait;
use crm_core::domain::{CompanyId, Ticket, TicketId, TicketMessage};
use crm_core::ports::{StoreError, TicketQuery, TicketStore, TicketTx};

use super::query;
use super::{Db, DbStore, DbTx, rows};
use crate::common::db_error;

#[async_trait]
impl TicketStore for DbStore {
    async fn ticket(&self, company: CompanyId, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM tickets WHERE company_id = $1 AND id = $2")
                .bind(company.as_uuid())
                .bind(id.as_uuid()),
            &mut conn,
            rows::ticket,
        )
        .await
    }

    async fn ticket_messages(
        &self,
        company: CompanyId,
        ticket: TicketId,
    ) -> Result<Vec<TicketMessage>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(sqlx::query("SELECT * FROM ticket_messages WHERE company_id = $1 AND ticket_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(ticket.as_uuid()), &mut conn, rows::message).await
    }

    async fn tickets(
        &self,
        company: CompanyId,
        query: &TicketQuery,
    ) -> Result<Vec<Ticket>, StoreError> {
        let mut qb = sqlx::QueryBuilder::<Db>::new("SELECT * FROM tickets WHERE company_id = ");
        qb.push_bind(company.as_uuid());
        if let Some(s) = query.status {
            qb.push(" AND status = ").push_bind(s.as_str());
        }
        if let Some(c) = query.client_id {
            qb.push(" AND client_id = ").push_bind(c.as_uuid());
        }
        qb.push(
            " ORDER BY CASE WHEN status IN ('open', 'waiting_on_staff') THEN 0 ELSE 1 END, \
             last_message_at DESC, id DESC LIMIT CAST(",
        )
        .push_bind(i64::from(query.limit))
        .push(" AS BIGINT)");
        let mut conn = self.conn().await?;
        qb.build()
            .fetch_all(&mut *conn)
            .await
            .map_err(db_error)?
            .iter()
            .map(rows::ticket)
            .collect()
    }
}

#[async_trait]
impl TicketTx for DbTx {
    async fn ticket_for_update(
        &mut self,
        company: CompanyId,
        id: TicketId,
    ) -> Result<Option<Ticket>, StoreError> {
        query::one(
            sqlx::query(concat!(
                "SELECT * FROM tickets WHERE company_id = $1 AND id = $2",
                for_update!()
            ))
            .bind(company.as_uuid())
            .bind(id.as_uuid()),
            &mut self.tx,
            rows::ticket,
        )
        .await
    }

    async fn insert_ticket(&mut self, t: &Ticket) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO tickets (id, company_id, client_id, contact_id, subject, status, created_at, last_message_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(t.id.as_uuid())
        .bind(t.company_id.as_uuid())
        .bind(t.client_id.as_uuid())
        .bind(t.contact_id.as_uuid())
        .bind(&t.subject)
        .bind(t.status.as_str())
        .bind(t.created_at)
        .bind(t.last_message_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn update_ticket(&mut self, t: &Ticket) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE tickets SET status = $3, last_message_at = $4 WHERE company_id = $1 AND id = $2")
            .bind(t.company_id.as_uuid())
            .bind(t.id.as_uuid())
            .bind(t.status.as_str())
            .bind(t.last_message_at)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("ticket"));
        }
        Ok(())
    }

    async fn insert_ticket_message(&mut self, m: &TicketMessage) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO ticket_messages (id, company_id, ticket_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(m.id.as_uuid())
        .bind(m.company_id.as_uuid())
        .bind(m.ticket_id.as_uuid())
        .bind(query::json(&m.author)?)
        .bind(&m.body)
        .bind(m.created_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }
}
