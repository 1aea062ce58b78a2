//! Bulk seeding (`SqliteStore::seed`, `PgStore::seed`): multi-row inserts in large
//! transactions, straight into the tables; the data and the rules they follow are in
//! [`crate::seed`].

use chrono::{DateTime, Utc};
use crm_core::domain::{
    ClientId, ClientMetrics, Company, CompanyId, ContactId, Currency, InvoiceStatus, PaymentId,
};
use crm_core::ports::StoreError;

use super::{Db, DbStore};
use crate::common::{db_error, json_error, to_minor};
use crate::seed::{
    Bodies, GenInvoice, Rng, SeedReport, SeedSpec, company, contribution, invoice, templates,
};

impl DbStore {
    /// Seeds one company with clients, invoices and payments as `spec` says. Returns
    /// the sized clients and the throughput.
    pub async fn seed(&self, spec: &SeedSpec) -> Result<SeedReport, StoreError> {
        let started = std::time::Instant::now();
        let company = company().map_err(StoreError::Corrupt)?;
        {
            let mut tx = crm_core::ports::Store::begin(self).await?;
            tx.insert_company(&company).await?;
            tx.commit().await?;
        }
        let bodies = Bodies::new();
        let mut templates = templates(&bodies).map_err(StoreError::Corrupt)?;
        let mut rng = Rng::new(0x5eed_cafe);
        let mut rows: u64 = 1;
        let batch = spec.batch.max(1);

        // Clients and contacts.
        let sized = spec.sized_clients.len() as u64;
        let total_clients = sized + spec.other_clients;
        let client_ids: Vec<ClientId> = (0..total_clients).map(|_| ClientId::new()).collect();
        let per_other = spec
            .other_invoices
            .checked_div(spec.other_clients)
            .unwrap_or(0);
        let counts: Vec<u64> = (0..total_clients)
            .map(|i| {
                if i < sized {
                    spec.sized_clients[i as usize]
                } else {
                    per_other
                }
            })
            .collect();
        let now = Utc::now();
        for chunk in (0..total_clients).collect::<Vec<_>>().chunks(batch) {
            rows += self
                .insert_clients(&company, &client_ids, chunk, now)
                .await?;
        }

        // Invoices and payments, client by client, and the clients' final metrics.
        let mut metrics: Vec<ClientMetrics> =
            vec![ClientMetrics::default(); total_clients as usize];
        let mut n: u64 = 0;
        let mut pending: Vec<GenInvoice> = Vec::with_capacity(batch);
        for (ci, &count) in counts.iter().enumerate() {
            for _ in 0..count {
                n += 1;
                let g = invoice(&mut rng, &bodies, client_ids[ci], n);
                metrics[ci] = metrics[ci] + contribution(&g, &mut templates[g.body]);
                pending.push(g);
                if pending.len() >= batch {
                    rows += self.insert_invoices(company.id, &bodies, &pending).await?;
                    pending.clear();
                }
            }
        }
        rows += self.insert_invoices(company.id, &bodies, &pending).await?;

        rows += self
            .insert_metrics(company.id, &client_ids, &metrics, batch)
            .await?;
        Ok(SeedReport {
            company: company.id,
            sized_clients: client_ids.into_iter().take(sized as usize).collect(),
            rows,
            elapsed: started.elapsed(),
        })
    }

    /// Inserts the clients numbered `chunk` (indexes into `ids`) with one contact each, created
    /// `now`, in one transaction; returns the rows written.
    async fn insert_clients(
        &self,
        company: &Company,
        ids: &[ClientId],
        chunk: &[u64],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let address = serde_json::to_string(&company.address).map_err(json_error)?;
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO clients (id, company_id, number, name, address, tax_id, currency, locale, notes, archived, search_text, created_at, updated_at) ",
        );
        qb.push_values(chunk, |mut b, &i| {
            let name = format!("Kunde {i:05} GmbH");
            b.push_bind(ids[i as usize].as_uuid())
                .push_bind(company.id.as_uuid())
                .push_bind(format!("K-{i:05}"))
                .push_bind(name.clone())
                .push_bind(address.clone())
                .push_unseparated(json_cast!())
                .push_bind(Option::<String>::None)
                .push_bind("EUR")
                .push_bind("de-DE")
                .push_bind(Option::<String>::None)
                .push_bind(false)
                .push_bind(format!(
                    "{}\nk-{i:05}\nbuchhaltung{i}@kunde.example.com",
                    name.to_lowercase()
                ))
                .push_bind(now)
                .push_bind(now);
        });
        qb.build().execute(&mut *tx).await.map_err(db_error)?;
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO contacts (id, company_id, client_id, position, name, email, email_normalized, phone, is_primary, mail_role) ",
        );
        qb.push_values(chunk, |mut b, &i| {
            let email = format!("buchhaltung{i}@kunde.example.com");
            b.push_bind(ContactId::new().as_uuid())
                .push_bind(company.id.as_uuid())
                .push_bind(ids[i as usize].as_uuid())
                .push_bind(0_i32)
                .push_bind(format!("Buchhaltung {i}"))
                .push_bind(email.clone())
                .push_bind(email)
                .push_bind(Option::<String>::None)
                .push_bind(true)
                .push_bind("to");
        });
        qb.build().execute(&mut *tx).await.map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(2 * chunk.len() as u64)
    }

    /// Inserts `invoices` and the payments of the paid part, in one transaction; returns the
    /// rows written.
    async fn insert_invoices(
        &self,
        company: CompanyId,
        bodies: &Bodies,
        invoices: &[GenInvoice],
    ) -> Result<u64, StoreError> {
        if invoices.is_empty() {
            return Ok(0);
        }
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO invoices (id, company_id, client_id, number, status, currency, minor_units, lines, totals, total, amount_paid, balance, issue_date, due_date, bill_to, notes, terms, quote_id, viewed_at, created_at, updated_at) ",
        );
        // Constant columns are SQL literals: fewer bound values make the insert faster.
        qb.push_values(invoices.iter(), |mut b, g| {
            let draft = g.status == InvoiceStatus::Draft;
            b.push_bind(g.id.as_uuid())
                .push_bind(company.as_uuid())
                .push_bind(g.client.as_uuid())
                .push_bind(if draft { None } else { Some(g.number.clone()) })
                .push_bind(g.status.as_str())
                .push("'EUR'")
                .push("2")
                .push_bind(bodies.items[g.body].0.as_str())
                .push_unseparated(json_cast!())
                .push_bind(bodies.items[g.body].1.as_str())
                .push_unseparated(json_cast!())
                .push_bind(g.total)
                .push_bind(g.paid)
                .push_bind(g.balance)
                .push_bind(if draft { None } else { Some(g.issue) })
                .push_bind(if draft { None } else { Some(g.due) })
                .push("NULL")
                .push("NULL")
                .push("NULL")
                .push("NULL")
                .push("NULL")
                .push_bind(g.created_at)
                .push_bind(g.created_at);
        });
        qb.build().execute(&mut *tx).await.map_err(db_error)?;
        let paid: Vec<&GenInvoice> = invoices.iter().filter(|g| g.paid > 0).collect();
        if !paid.is_empty() {
            let mut qb = sqlx::QueryBuilder::<Db>::new(
                "INSERT INTO payments (id, company_id, client_id, invoice_id, amount, refunded, currency, minor_units, date, method, reference, created_at) ",
            );
            qb.push_values(paid.iter(), |mut b, g| {
                b.push_bind(PaymentId::new().as_uuid())
                    .push_bind(company.as_uuid())
                    .push_bind(g.client.as_uuid())
                    .push_bind(g.id.as_uuid())
                    .push_bind(g.paid)
                    .push("0")
                    .push("'EUR'")
                    .push("2")
                    .push_bind(g.due)
                    .push("'bank_transfer'")
                    .push("NULL")
                    .push_bind(g.created_at);
            });
            qb.build().execute(&mut *tx).await.map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok((invoices.len() + paid.len()) as u64)
    }

    /// Inserts the clients' metrics rows (`metrics[i]` of `ids[i]`), `batch` per statement;
    /// returns the rows written.
    async fn insert_metrics(
        &self,
        company: CompanyId,
        ids: &[ClientId],
        metrics: &[ClientMetrics],
        batch: usize,
    ) -> Result<u64, StoreError> {
        let minor: Vec<(i64, i64, i64)> = metrics
            .iter()
            .map(|m| {
                Ok((
                    to_minor(m.total_invoiced, Currency::EUR)?,
                    to_minor(m.total_paid, Currency::EUR)?,
                    to_minor(m.outstanding, Currency::EUR)?,
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        let mut rows = 0;
        for chunk in (0..ids.len()).collect::<Vec<_>>().chunks(batch) {
            let mut qb = sqlx::QueryBuilder::<Db>::new(
                "INSERT INTO client_metrics (client_id, company_id, total_invoiced, total_paid, outstanding) ",
            );
            qb.push_values(chunk, |mut b, &i| {
                b.push_bind(ids[i].as_uuid())
                    .push_bind(company.as_uuid())
                    .push_bind(minor[i].0)
                    .push_bind(minor[i].1)
                    .push_bind(minor[i].2);
            });
            qb.build().execute(&self.pool).await.map_err(db_error)?;
            rows += chunk.len() as u64;
        }
        Ok(rows)
    }
}
