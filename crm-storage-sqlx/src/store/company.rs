//! The company, its number sequences and the email templates of the company and its clients.

use async_trait::async_trait;
use crm_core::domain::{ClientId, Company, CompanyId, EmailTemplate, TemplateKind};
use crm_core::ports::{CompanyStore, CompanyTx, Sequence, StoreError};

use super::query::{self, Conn};
use super::{DbStore, DbTx, rows};
use crate::common::db_error;

/// A company by id.
async fn read_company(conn: &mut Conn, id: CompanyId) -> Result<Option<Company>, StoreError> {
    sqlx::query("SELECT * FROM companies WHERE id = $1")
        .bind(id.as_uuid())
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_error)?
        .as_ref()
        .map(rows::company)
        .transpose()
}

/// The company's template of `kind`, or the client's one when `client` is given.
async fn read_template(
    conn: &mut Conn,
    company: CompanyId,
    client: Option<ClientId>,
    kind: TemplateKind,
) -> Result<Option<EmailTemplate>, StoreError> {
    let row = match client {
        Some(client) => sqlx::query(
            "SELECT subject, body FROM client_templates WHERE company_id = $1 AND client_id = $2 AND kind = $3",
        )
        .bind(company.as_uuid())
        .bind(client.as_uuid())
        .bind(kind.as_str())
        .fetch_optional(&mut *conn)
        .await,
        None => sqlx::query(
            "SELECT subject, body FROM company_templates WHERE company_id = $1 AND kind = $2",
        )
        .bind(company.as_uuid())
        .bind(kind.as_str())
        .fetch_optional(&mut *conn)
        .await,
    }
    .map_err(db_error)?;
    row.as_ref().map(rows::template).transpose()
}

#[async_trait]
impl CompanyStore for DbStore {
    async fn company(&self, id: CompanyId) -> Result<Option<Company>, StoreError> {
        let mut conn = self.conn().await?;
        read_company(&mut conn, id).await
    }

    async fn company_template(
        &self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        let mut conn = self.conn().await?;
        read_template(&mut conn, company, None, kind).await
    }

    async fn client_template(
        &self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        let mut conn = self.conn().await?;
        read_template(&mut conn, company, Some(client), kind).await
    }

    async fn companies(&self) -> Result<Vec<Company>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(
            sqlx::query("SELECT * FROM companies ORDER BY created_at, id"),
            &mut conn,
            rows::company,
        )
        .await
    }
}

#[async_trait]
impl CompanyTx for DbTx {
    async fn company(&mut self, id: CompanyId) -> Result<Option<Company>, StoreError> {
        read_company(&mut self.tx, id).await
    }

    async fn insert_company(&mut self, c: &Company) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO companies (id, name, email, address, tax_id, currency, locale, settings, created_at, legal) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(c.id.as_uuid())
        .bind(&c.name)
        .bind(c.email.as_str())
        .bind(query::json(&c.address)?)
        .bind(c.tax_id.as_ref().map(|t| t.as_str().to_owned()))
        .bind(c.currency.code())
        .bind(c.locale.tag())
        .bind(query::json(&c.settings)?)
        .bind(c.created_at)
        .bind(query::json(&c.legal)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn update_company(&mut self, c: &Company) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE companies SET name = $2, email = $3, address = $4, tax_id = $5, currency = $6, locale = $7, settings = $8, \
             legal = $9 WHERE id = $1",
        )
        .bind(c.id.as_uuid())
        .bind(&c.name)
        .bind(c.email.as_str())
        .bind(query::json(&c.address)?)
        .bind(c.tax_id.as_ref().map(|t| t.as_str().to_owned()))
        .bind(c.currency.code())
        .bind(c.locale.tag())
        .bind(query::json(&c.settings)?)
        .bind(query::json(&c.legal)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("company"));
        }
        Ok(())
    }

    async fn next_number(
        &mut self,
        company: CompanyId,
        seq: Sequence,
        period: u32,
    ) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "INSERT INTO sequences (company_id, name, period, last_value) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (company_id, name, period) DO UPDATE SET last_value = sequences.last_value + 1 \
             RETURNING last_value",
        )
        .bind(company.as_uuid())
        .bind(seq.as_str())
        .bind(i64::from(period))
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db_error)?;
        u64::try_from(n).map_err(|_| StoreError::Corrupt("negative sequence".into()))
    }

    async fn company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        read_template(&mut self.tx, company, None, kind).await
    }

    async fn client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        read_template(&mut self.tx, company, Some(client), kind).await
    }

    async fn put_company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
        t: &EmailTemplate,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO company_templates (company_id, kind, subject, body) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (company_id, kind) DO UPDATE SET subject = excluded.subject, body = excluded.body",
        )
        .bind(company.as_uuid())
        .bind(kind.as_str())
        .bind(&t.subject)
        .bind(&t.body)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn put_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
        t: &EmailTemplate,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO client_templates (company_id, client_id, kind, subject, body) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (company_id, client_id, kind) DO UPDATE SET subject = excluded.subject, body = excluded.body",
        )
        .bind(company.as_uuid())
        .bind(client.as_uuid())
        .bind(kind.as_str())
        .bind(&t.subject)
        .bind(&t.body)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn delete_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "DELETE FROM client_templates WHERE company_id = $1 AND client_id = $2 AND kind = $3",
        )
        .bind(company.as_uuid())
        .bind(client.as_uuid())
        .bind(kind.as_str())
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected() > 0)
    }
}
