//! Clients and contacts: the client list, metrics, activities, and the client writes (the
//! row, its contacts and its metrics row in one use case).

use async_trait::async_trait;
use crm_core::domain::{
    Activity, BuyerReference, Client, ClientId, ClientMetrics, CompanyId, ContactId,
    EInvoiceFormat, MetricsDelta,
};
use crm_core::ports::{ClientQuery, ClientStore, ClientSummary, ClientTx, StoreError};
use uuid::Uuid;

use super::query::{self, Conn};
use super::{Db, DbStore, DbTx, rows};
use crate::common::{currency, db_error, like_pattern, search_text, to_minor};

/// Writes a client's contacts as given: demotes, deletes the ones no longer listed, upserts
/// the rest in order (a contact id of another client is a conflict).
async fn write_contacts(conn: &mut Conn, client: &Client) -> Result<(), StoreError> {
    // Demote first so the one-primary index never sees two primaries mid-update.
    sqlx::query("UPDATE contacts SET is_primary = $1 WHERE client_id = $2")
        .bind(false)
        .bind(client.id.as_uuid())
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    let mut qb = sqlx::QueryBuilder::<Db>::new("DELETE FROM contacts WHERE client_id = ");
    qb.push_bind(client.id.as_uuid());
    qb.push(" AND id NOT IN (");
    let mut sep = qb.separated(", ");
    for c in &client.contacts {
        sep.push_bind(c.id.as_uuid());
    }
    qb.push(")");
    qb.build().execute(&mut *conn).await.map_err(db_error)?;
    for (pos, c) in client.contacts.iter().enumerate() {
        let done = sqlx::query(
            "INSERT INTO contacts (id, company_id, client_id, position, name, email, email_normalized, phone, is_primary, mail_role) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name, \
             email = excluded.email, email_normalized = excluded.email_normalized, \
             phone = excluded.phone, is_primary = excluded.is_primary, mail_role = excluded.mail_role \
             WHERE contacts.client_id = excluded.client_id",
        )
        .bind(c.id.as_uuid())
        .bind(client.company_id.as_uuid())
        .bind(client.id.as_uuid())
        .bind(i32::try_from(pos).unwrap_or(i32::MAX))
        .bind(&c.name)
        .bind(c.email.as_str())
        .bind(c.email.normalized())
        .bind(c.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(c.primary)
        .bind(c.mail_role.as_str())
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
        // The upsert skips a contact id that belongs to another client.
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("contact"));
        }
    }
    Ok(())
}

/// Inserts (with its zero metrics row) or updates a client, then writes its contacts.
async fn write_client(conn: &mut Conn, c: &Client, insert: bool) -> Result<(), StoreError> {
    let sql = if insert {
        "INSERT INTO clients (id, company_id, number, name, address, tax_id, currency, locale, notes, archived, \
         search_text, created_at, updated_at, kind, payment_terms, einvoice_format, buyer_reference, dunning_block, dunning_schedule) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    } else {
        "UPDATE clients SET number = $3, name = $4, address = $5, tax_id = $6, currency = $7, locale = $8, \
         notes = $9, archived = $10, search_text = $11, created_at = $12, updated_at = $13, kind = $14, payment_terms = $15, \
         einvoice_format = $16, buyer_reference = $17, dunning_block = $18, dunning_schedule = $19 \
         WHERE id = $1 AND company_id = $2"
    };
    let done = sqlx::query(sql)
        .bind(c.id.as_uuid())
        .bind(c.company_id.as_uuid())
        .bind(&c.number)
        .bind(&c.name)
        .bind(query::json(&c.address)?)
        .bind(c.tax_id.as_ref().map(|t| t.as_str().to_owned()))
        .bind(c.currency.code())
        .bind(c.locale.tag())
        .bind(&c.notes)
        .bind(c.archived)
        .bind(search_text(c))
        .bind(c.created_at)
        .bind(c.updated_at)
        .bind(c.kind.as_str())
        .bind(c.payment_terms.as_ref().map(query::json).transpose()?)
        .bind(c.einvoice_format.map(EInvoiceFormat::as_str))
        .bind(c.buyer_reference.as_ref().map(BuyerReference::as_str))
        .bind(c.dunning_block.as_ref().map(query::json).transpose()?)
        .bind(c.dunning_schedule.as_ref().map(query::json).transpose()?)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    if done.rows_affected() != 1 {
        return Err(StoreError::NotFound("client"));
    }
    if insert {
        sqlx::query(
            "INSERT INTO client_metrics (client_id, company_id, total_invoiced, total_paid, outstanding, costs_outstanding) \
             VALUES ($1, $2, 0, 0, 0, 0)",
        )
        .bind(c.id.as_uuid())
        .bind(c.company_id.as_uuid())
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    }
    write_contacts(conn, c).await
}

#[async_trait]
impl ClientStore for DbStore {
    async fn client(&self, company: CompanyId, id: ClientId) -> Result<Option<Client>, StoreError> {
        let mut conn = self.conn().await?;
        query::client(&mut conn, company, id, false).await
    }

    async fn list_clients(
        &self,
        company: CompanyId,
        query: &ClientQuery,
    ) -> Result<Vec<ClientSummary>, StoreError> {
        let mut conn = self.conn().await?;
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "SELECT c.*, m.total_invoiced, m.total_paid, m.outstanding, m.costs_outstanding FROM clients c \
             JOIN client_metrics m ON m.client_id = c.id WHERE c.company_id = ",
        );
        qb.push_bind(company.as_uuid());
        qb.push(" AND c.archived = ").push_bind(query.archived);
        if let Some(s) = query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            qb.push(" AND c.search_text LIKE ")
                .push_bind(like_pattern(s))
                .push(" ESCAPE '\\'");
        }
        if let Some((name, id)) = &query.after {
            qb.push(concat!(" AND (c.name", collate!(), ", c.id) > ("))
                .push_bind(name.clone())
                .push(", ")
                .push_bind(id.as_uuid())
                .push(")");
        }
        qb.push(concat!(
            " ORDER BY c.name",
            collate!(),
            ", c.id LIMIT CAST("
        ))
        .push_bind(i64::from(query.limit))
        .push(" AS BIGINT)");
        let rows = qb.build().fetch_all(&mut *conn).await.map_err(db_error)?;
        let ids: Vec<Uuid> = rows
            .iter()
            .map(|r| sqlx::Row::try_get::<Uuid, _>(r, "id").map_err(db_error))
            .collect::<Result<_, _>>()?;
        let mut contacts = query::contacts_of(&mut conn, &ids).await?;
        rows.iter()
            .zip(ids)
            .map(|(row, id)| {
                Ok(ClientSummary {
                    client: rows::client(row, contacts.remove(&id).unwrap_or_default())?,
                    metrics: rows::metrics(row)?,
                })
            })
            .collect()
    }

    async fn dunning_exceptions(
        &self,
        company: CompanyId,
    ) -> Result<Vec<crm_core::ports::DunningException>, StoreError> {
        use crm_core::domain::{DunningBlock, DunningSchedule};
        use sqlx::types::Json;
        let mut conn = self.conn().await?;
        query::all(
            sqlx::query(
                "SELECT id, dunning_block, dunning_schedule FROM clients WHERE company_id = $1 \
                 AND (dunning_block IS NOT NULL OR dunning_schedule IS NOT NULL)",
            )
            .bind(company.as_uuid()),
            &mut conn,
            |r| {
                use sqlx::Row as _;
                let id: uuid::Uuid = r.try_get("id").map_err(db_error)?;
                let block: Option<Json<DunningBlock>> =
                    r.try_get("dunning_block").map_err(db_error)?;
                let schedule: Option<Json<DunningSchedule>> =
                    r.try_get("dunning_schedule").map_err(db_error)?;
                Ok(crm_core::ports::DunningException {
                    client_id: ClientId::from_uuid(id),
                    block: block.map(|j| j.0),
                    schedule: schedule.map(|j| j.0),
                })
            },
        )
        .await
    }

    async fn client_metrics(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Option<ClientMetrics>, StoreError> {
        let mut conn = self.conn().await?;
        query::metrics(&mut conn, company, client).await
    }

    async fn client_summary(
        &self,
        company: CompanyId,
        id: ClientId,
    ) -> Result<Option<ClientSummary>, StoreError> {
        let mut conn = self.conn().await?;
        let Some(client) = query::client(&mut conn, company, id, false).await? else {
            return Ok(None);
        };
        Ok(query::metrics(&mut conn, company, id)
            .await?
            .map(|metrics| ClientSummary { client, metrics }))
    }

    async fn activities(
        &self,
        company: CompanyId,
        client: ClientId,
        limit: u32,
    ) -> Result<Vec<Activity>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(sqlx::query("SELECT * FROM activities WHERE company_id = $1 AND client_id = $2 ORDER BY at DESC, id DESC LIMIT CAST($3 AS BIGINT)").bind(company.as_uuid()).bind(client.as_uuid()).bind(i64::from(limit)), &mut conn, rows::activity).await
    }

    async fn contact_by_email(
        &self,
        company: CompanyId,
        email: &str,
    ) -> Result<Option<(Client, ContactId)>, StoreError> {
        let mut conn = self.conn().await?;
        let row = sqlx::query(
            "SELECT k.client_id, k.id FROM contacts k JOIN clients c ON c.id = k.client_id \
             WHERE k.company_id = $1 AND k.email_normalized = $2 \
             ORDER BY c.archived, c.created_at, k.position LIMIT 1",
        )
        .bind(company.as_uuid())
        .bind(email)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        let client: Uuid = sqlx::Row::try_get(&row, "client_id").map_err(db_error)?;
        let contact: Uuid = sqlx::Row::try_get(&row, "id").map_err(db_error)?;
        Ok(
            query::client(&mut conn, company, ClientId::from_uuid(client), false)
                .await?
                .map(|c| (c, ContactId::from_uuid(contact))),
        )
    }
}

#[async_trait]
impl ClientTx for DbTx {
    async fn client_for_update(
        &mut self,
        company: CompanyId,
        id: ClientId,
    ) -> Result<Option<Client>, StoreError> {
        query::client(&mut self.tx, company, id, true).await
    }

    async fn insert_client(&mut self, client: &Client) -> Result<(), StoreError> {
        write_client(&mut self.tx, client, true).await
    }

    async fn update_client(&mut self, client: &Client) -> Result<(), StoreError> {
        write_client(&mut self.tx, client, false).await
    }

    async fn client_number_exists(
        &mut self,
        company: CompanyId,
        number: &str,
    ) -> Result<bool, StoreError> {
        let found: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM clients WHERE company_id = $1 AND number = $2")
                .bind(company.as_uuid())
                .bind(number.to_owned())
                .fetch_optional(&mut *self.tx)
                .await
                .map_err(db_error)?;
        Ok(found.is_some())
    }

    async fn client_has_documents(
        &mut self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<bool, StoreError> {
        let found: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM invoices WHERE company_id = $1 AND client_id = $2 \
             UNION ALL SELECT 1 FROM quotes WHERE company_id = $1 AND client_id = $2 LIMIT 1",
        )
        .bind(company.as_uuid())
        .bind(client.as_uuid())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(found.is_some())
    }

    async fn add_client_metrics(
        &mut self,
        company: CompanyId,
        client: ClientId,
        delta: &MetricsDelta,
    ) -> Result<(), StoreError> {
        if delta.is_zero() {
            return Ok(());
        }
        let code: String =
            sqlx::query_scalar("SELECT currency FROM clients WHERE company_id = $1 AND id = $2")
                .bind(company.as_uuid())
                .bind(client.as_uuid())
                .fetch_optional(&mut *self.tx)
                .await
                .map_err(db_error)?
                .ok_or(StoreError::NotFound("client"))?;
        let c = currency(&code)?;
        let done = sqlx::query(
            "UPDATE client_metrics SET total_invoiced = total_invoiced + $3, total_paid = total_paid + $4, \
             outstanding = outstanding + $5, costs_outstanding = costs_outstanding + $6 \
             WHERE company_id = $1 AND client_id = $2",
        )
        .bind(company.as_uuid())
        .bind(client.as_uuid())
        .bind(to_minor(delta.total_invoiced, c)?)
        .bind(to_minor(delta.total_paid, c)?)
        .bind(to_minor(delta.outstanding, c)?)
        .bind(to_minor(delta.costs_outstanding, c)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("client metrics"));
        }
        Ok(())
    }

    async fn log_activity(&mut self, a: &Activity) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO activities (id, company_id, client_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(a.id.as_uuid())
        .bind(a.company_id.as_uuid())
        .bind(a.client_id.as_uuid())
        .bind(a.at)
        .bind(query::json(&a.actor)?)
        .bind(a.kind.as_str())
        .bind(&a.detail)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }
}
