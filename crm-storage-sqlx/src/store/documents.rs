//! Documents: invoices, quotes, the document history, the open-invoice overview and the
//! portal statement.
//!
//! Page sizes are bound as `LIMIT CAST(? AS BIGINT)`, never as a bare `LIMIT ?`: SQLite plans a
//! bare bound limit as a constant, which marks the prepared statement to be compiled again
//! whenever that parameter is bound — at every execution. As an expression the limit is read
//! at run time and the cached statement is reused (measured: the portal statement's reads
//! took twice the time). Every list of every area does the same.

use async_trait::async_trait;
use chrono::NaiveDate;
use crm_core::domain::{
    Aging, ClientId, CompanyId, Correction, CorrectionId, Currency, DocumentKind, DocumentSummary,
    HistoryCursor, HistoryFilter, Invoice, InvoiceId, Quote, QuoteId, Reminder, ReminderId,
};
use crm_core::ports::{
    DocumentStore, DocumentTx, DunningCandidate, OpenInvoicesOverview, StatementView, StoreError,
};
use sqlx::Row as _;
use std::sync::LazyLock;

use super::query::{self, Conn};
use super::{Db, DbStore, DbTx, corrections, reminders, rows};
use crate::common::{db_error, from_minor, to_minor};

/// The aggregate over a client's open invoices (one row; `$1` company, `$2` client,
/// `$3` today, `$4`..`$7` the aging cut-off dates).
const OPEN_AGGREGATE: &str = "SELECT COUNT(*) AS open_count, \
    CAST(COALESCE(SUM(CASE WHEN status IN ('sent', 'partial') AND balance > 0 AND due_date < $3 THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue_count, \
    CAST(COALESCE(SUM(CASE WHEN status IN ('sent', 'partial') AND balance > 0 AND due_date < $3 THEN balance ELSE 0 END), 0) AS BIGINT) AS overdue_total, \
    CAST(COALESCE(SUM(CASE WHEN balance > 0 AND (COALESCE(due_date, issue_date) IS NULL OR COALESCE(due_date, issue_date) >= $4) THEN balance ELSE 0 END), 0) AS BIGINT) AS a0, \
    CAST(COALESCE(SUM(CASE WHEN balance > 0 AND COALESCE(due_date, issue_date) < $4 AND COALESCE(due_date, issue_date) >= $5 THEN balance ELSE 0 END), 0) AS BIGINT) AS a1, \
    CAST(COALESCE(SUM(CASE WHEN balance > 0 AND COALESCE(due_date, issue_date) < $5 AND COALESCE(due_date, issue_date) >= $6 THEN balance ELSE 0 END), 0) AS BIGINT) AS a2, \
    CAST(COALESCE(SUM(CASE WHEN balance > 0 AND COALESCE(due_date, issue_date) < $6 AND COALESCE(due_date, issue_date) >= $7 THEN balance ELSE 0 END), 0) AS BIGINT) AS a3, \
    CAST(COALESCE(SUM(CASE WHEN balance > 0 AND COALESCE(due_date, issue_date) < $7 THEN balance ELSE 0 END), 0) AS BIGINT) AS a4 \
    FROM invoices WHERE company_id = $1 AND client_id = $2 AND status IN ('sent', 'partial', 'processing')";
/// The first `$8` open invoices in statement order (due date, else issue date,
/// undated first; then `(created_at, id)`), tagged `section = 'open'`.
const OPEN_PAGE: &str = "SELECT 'open' AS section, 'invoice' AS kind, id, client_id, number, status, issue_date, due_date, \
    total, balance, currency, created_at FROM invoices \
    WHERE company_id = $1 AND client_id = $2 AND status IN ('sent', 'partial', 'processing') \
    ORDER BY COALESCE(due_date, issue_date) NULLS FIRST, created_at, id LIMIT CAST($8 AS BIGINT)";
/// The last `$9` paid invoices, newest first by `(created_at, id)` (the history's
/// order), tagged `section = 'paid'`.
const PAID_PAGE: &str = "SELECT 'paid' AS section, 'invoice' AS kind, id, client_id, number, status, issue_date, due_date, \
    total, balance, currency, created_at FROM invoices \
    WHERE company_id = $1 AND client_id = $2 AND status = 'paid' \
    ORDER BY created_at DESC, id DESC LIMIT CAST($9 AS BIGINT)";
/// The open-invoice overview in one statement: the aggregate (one row) joined with
/// the first page, so the page's rows carry the totals and an empty page still
/// yields them. Both halves read the partial index `invoices_open_by_date`: the
/// aggregate covered by it, the page in its order, stopping after `$8` rows.
static OVERVIEW_SQL: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT a.*, p.* FROM ({OPEN_AGGREGATE}) AS a LEFT JOIN ({OPEN_PAGE}) AS p ON 1 = 1")
});
/// The overview plus the last paid invoices (the statement's rows), one statement.
static OVERVIEW_PAID_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT a.*, p.* FROM ({OPEN_AGGREGATE}) AS a LEFT JOIN \
         (SELECT * FROM ({OPEN_PAGE}) AS o UNION ALL SELECT * FROM ({PAID_PAGE}) AS d) AS p ON 1 = 1"
    )
});

/// [`DocumentStore::open_invoices_overview`] on `conn`.
async fn open_invoices_overview(
    conn: &mut Conn,
    company: CompanyId,
    client: ClientId,
    today: NaiveDate,
    currency: Currency,
    open_limit: u32,
) -> Result<OpenInvoicesOverview, StoreError> {
    overview_and_paid(conn, company, client, today, currency, open_limit, None)
        .await
        .map(|(overview, _)| overview)
}

/// The open-invoice overview and, with `paid_limit`, the last paid invoices as
/// `DocumentStore::document_history` lists them for `HistoryFilter::paid_invoices` — in one
/// statement. Rows come back unordered (a join of a union) and are put in order
/// here by the same keys the SQL pages by.
async fn overview_and_paid(
    conn: &mut Conn,
    company: CompanyId,
    client: ClientId,
    today: NaiveDate,
    currency: Currency,
    open_limit: u32,
    paid_limit: Option<u32>,
) -> Result<(OpenInvoicesOverview, Vec<DocumentSummary>), StoreError> {
    // Aging buckets by the date an invoice counts from (due date, else issue date;
    // neither: current), as cut-off dates: `days past due <= 30` is `date >= today - 30`.
    let days = |n: i64| today - chrono::Duration::days(n);
    let (d30, d60, d90, d120) = (days(30), days(60), days(90), days(120));
    let sql: &'static str = if paid_limit.is_some() {
        &OVERVIEW_PAID_SQL
    } else {
        &OVERVIEW_SQL
    };
    let mut query = sqlx::query(sql)
        .bind(company.as_uuid())
        .bind(client.as_uuid())
        .bind(today)
        .bind(d30)
        .bind(d60)
        .bind(d90)
        .bind(d120)
        .bind(i64::from(open_limit));
    if let Some(limit) = paid_limit {
        query = query.bind(i64::from(limit));
    }
    let rows = query.fetch_all(&mut *conn).await.map_err(db_error)?;
    let Some(row) = rows.first() else {
        return Err(StoreError::Corrupt(
            "the open-invoice aggregate returned no row".into(),
        ));
    };
    let int = |name: &str| row.try_get::<i64, _>(name).map_err(db_error);
    let amount = |name: &str| int(name).map(|v| from_minor(v, currency));
    let count = |name: &str| int(name).map(|v| usize::try_from(v).unwrap_or(0));
    let mut overview = OpenInvoicesOverview {
        open_count: count("open_count")?,
        overdue_count: count("overdue_count")?,
        overdue_total: amount("overdue_total")?,
        aging: Aging {
            days_0_30: amount("a0")?,
            days_31_60: amount("a1")?,
            days_61_90: amount("a2")?,
            days_91_120: amount("a3")?,
            over_120: amount("a4")?,
        },
        first_open: Vec::new(),
    };
    let mut paid = Vec::new();
    for r in &rows {
        // `None`: the outer join's empty side (no invoice on either page).
        match r
            .try_get::<Option<String>, _>("section")
            .map_err(db_error)?
            .as_deref()
        {
            Some("open") => overview.first_open.push(rows::summary(r)?),
            Some("paid") => paid.push(rows::summary(r)?),
            _ => {}
        }
    }
    // `Option` orders `None` first, as `NULLS FIRST` does.
    overview
        .first_open
        .sort_by_key(|s| (s.due_date.or(s.issue_date), s.created_at, s.id));
    paid.sort_by_key(|s| std::cmp::Reverse((s.created_at, s.id)));
    Ok((overview, paid))
}

/// Inserts or updates (`insert` false) an invoice; an update of a missing row is `NotFound`.
async fn upsert_invoice(conn: &mut Conn, i: &Invoice, insert: bool) -> Result<(), StoreError> {
    let c = i.currency;
    let sql = if insert {
        "INSERT INTO invoices (id, company_id, client_id, number, status, currency, minor_units, lines, totals, \
         total, amount_paid, balance, issue_date, due_date, bill_to, notes, terms, quote_id, viewed_at, created_at, updated_at, \
         treatment, service_period, seller, skonto, credited, cancelled_by, eur_rate, dunning) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)"
    } else {
        "UPDATE invoices SET number = $4, status = $5, currency = $6, minor_units = $7, lines = $8, totals = $9, \
         total = $10, amount_paid = $11, balance = $12, issue_date = $13, due_date = $14, bill_to = $15, notes = $16, \
         terms = $17, quote_id = $18, viewed_at = $19, created_at = $20, updated_at = $21, \
         treatment = $22, service_period = $23, seller = $24, skonto = $25, credited = $26, cancelled_by = $27, eur_rate = $28, dunning = $29 \
         WHERE id = $1 AND company_id = $2 AND client_id = $3"
    };
    let done = sqlx::query(sql)
        .bind(i.id.as_uuid())
        .bind(i.company_id.as_uuid())
        .bind(i.client_id.as_uuid())
        .bind(&i.number)
        .bind(i.status.as_str())
        .bind(c.code())
        .bind(query::minor_units(c))
        .bind(query::json(&i.lines)?)
        .bind(query::json(&i.totals)?)
        .bind(to_minor(i.totals.total, c)?)
        .bind(to_minor(i.amount_paid, c)?)
        .bind(to_minor(i.balance, c)?)
        .bind(i.issue_date)
        .bind(i.due_date)
        .bind(i.bill_to.as_ref().map(query::json).transpose()?)
        .bind(&i.notes)
        .bind(&i.terms)
        .bind(i.quote_id.map(|q| q.as_uuid()))
        .bind(i.viewed_at)
        .bind(i.created_at)
        .bind(i.updated_at)
        .bind(query::json(&i.treatment)?)
        .bind(i.service_period.as_ref().map(query::json).transpose()?)
        .bind(i.seller.as_ref().map(query::json).transpose()?)
        .bind(i.skonto.as_ref().map(query::json).transpose()?)
        .bind(to_minor(i.credited, c)?)
        .bind(i.cancelled_by.as_ref().map(query::json).transpose()?)
        .bind(i.eur_rate.map(|r| r.rate().to_string()))
        .bind(i.dunning.as_ref().map(query::json).transpose()?)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    if done.rows_affected() != 1 {
        return Err(StoreError::NotFound("invoice"));
    }
    Ok(())
}

/// Inserts or updates (`insert` false) a quote; an update of a missing row is `NotFound`.
async fn upsert_quote(conn: &mut Conn, x: &Quote, insert: bool) -> Result<(), StoreError> {
    let c = x.currency;
    let sql = if insert {
        "INSERT INTO quotes (id, company_id, client_id, number, status, currency, minor_units, lines, totals, total, \
         issue_date, valid_until, bill_to, notes, rejection_reason, invoice_id, viewed_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    } else {
        "UPDATE quotes SET number = $4, status = $5, currency = $6, minor_units = $7, lines = $8, totals = $9, \
         total = $10, issue_date = $11, valid_until = $12, bill_to = $13, notes = $14, rejection_reason = $15, \
         invoice_id = $16, viewed_at = $17, created_at = $18, updated_at = $19 \
         WHERE id = $1 AND company_id = $2 AND client_id = $3"
    };
    let done = sqlx::query(sql)
        .bind(x.id.as_uuid())
        .bind(x.company_id.as_uuid())
        .bind(x.client_id.as_uuid())
        .bind(&x.number)
        .bind(x.status.as_str())
        .bind(c.code())
        .bind(query::minor_units(c))
        .bind(query::json(&x.lines)?)
        .bind(query::json(&x.totals)?)
        .bind(to_minor(x.totals.total, c)?)
        .bind(x.issue_date)
        .bind(x.valid_until)
        .bind(x.bill_to.as_ref().map(query::json).transpose()?)
        .bind(&x.notes)
        .bind(&x.rejection_reason)
        .bind(x.invoice_id.map(|i| i.as_uuid()))
        .bind(x.viewed_at)
        .bind(x.created_at)
        .bind(x.updated_at)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    if done.rows_affected() != 1 {
        return Err(StoreError::NotFound("quote"));
    }
    Ok(())
}

#[async_trait]
impl DocumentStore for DbStore {
    async fn document_history(
        &self,
        company: CompanyId,
        client: Option<ClientId>,
        filter: &HistoryFilter,
        today: NaiveDate,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> Result<Vec<DocumentSummary>, StoreError> {
        let status = filter.status.as_deref();
        let invoices = matches!(filter.kind, None | Some(DocumentKind::Invoice))
            && !matches!(status, Some("approved" | "rejected" | "expired" | "issued"));
        let quotes = matches!(filter.kind, None | Some(DocumentKind::Quote))
            && !matches!(
                status,
                Some("partial" | "processing" | "paid" | "cancelled" | "overdue" | "issued")
            );
        let corrections = corrections::history_kinds(filter);
        let reminders = reminders::in_history(filter);
        if !invoices && !quotes && corrections.is_empty() && !reminders {
            return Ok(Vec::new());
        }
        let mut qb = sqlx::QueryBuilder::<Db>::new("SELECT * FROM (");
        let mut first = true;
        for (kind, table, due, balance) in [
            ("invoice", "invoices", "due_date", "balance"),
            ("quote", "quotes", "valid_until", "CAST(0 AS BIGINT)"),
        ] {
            if (kind == "invoice" && !invoices) || (kind == "quote" && !quotes) {
                continue;
            }
            if !first {
                qb.push(") AS a UNION ALL SELECT * FROM (");
            }
            first = false;
            qb.push(format_args!(
                "SELECT '{kind}' AS kind, id, client_id, number, status, issue_date, {due} AS due_date, total, \
                 {balance} AS balance, currency, created_at FROM {table} WHERE company_id = "
            ));
            qb.push_bind(company.as_uuid());
            if let Some(client) = client {
                qb.push(" AND client_id = ").push_bind(client.as_uuid());
            }
            match status {
                None => {}
                Some("overdue") => {
                    qb.push(" AND status IN ('sent', 'partial') AND balance > 0 AND due_date < ")
                        .push_bind(today);
                }
                Some("expired") => {
                    qb.push(" AND status = 'sent' AND valid_until < ")
                        .push_bind(today);
                }
                Some(s) => {
                    qb.push(" AND status = ").push_bind(s.to_owned());
                }
            }
            if filter.issued_only {
                qb.push(" AND status <> 'draft'");
            }
            corrections::push_dates_and_page(&mut qb, filter, after, limit);
        }
        if !corrections.is_empty() {
            if !first {
                qb.push(") AS a UNION ALL SELECT * FROM (");
            }
            corrections::push_history(&mut qb, company, client, filter, &corrections, after, limit);
            first = false;
        }
        if reminders {
            if !first {
                qb.push(") AS a UNION ALL SELECT * FROM (");
            }
            reminders::push_history(&mut qb, company, client, filter, after, limit);
        }
        qb.push(") AS b ORDER BY created_at DESC, id DESC LIMIT CAST(")
            .push_bind(i64::from(limit))
            .push(" AS BIGINT)");
        let mut conn = self.conn().await?;
        let rows = qb.build().fetch_all(&mut *conn).await.map_err(db_error)?;
        rows.iter().map(rows::summary).collect()
    }

    async fn open_invoices_overview(
        &self,
        company: CompanyId,
        client: ClientId,
        today: NaiveDate,
        currency: Currency,
        open_limit: u32,
    ) -> Result<OpenInvoicesOverview, StoreError> {
        open_invoices_overview(
            &mut *self.conn().await?,
            company,
            client,
            today,
            currency,
            open_limit,
        )
        .await
    }

    async fn statement_view(
        &self,
        company: CompanyId,
        client: ClientId,
        today: NaiveDate,
        open_limit: u32,
        paid_limit: u32,
    ) -> Result<Option<StatementView>, StoreError> {
        // Two statements on one connection: each statement and each acquire costs a
        // round trip to the connection (sqlx checks it on release), more than a small
        // read itself.
        let mut conn = self.conn().await?;
        let Some((company_row, summary)) = query::parties(&mut conn, company, client).await? else {
            return Ok(None);
        };
        let currency = summary.client.currency;
        let (open, paid) = overview_and_paid(
            &mut conn,
            company,
            client,
            today,
            currency,
            open_limit,
            Some(paid_limit),
        )
        .await?;
        Ok(Some(StatementView {
            company: company_row,
            client: summary,
            open,
            paid,
        }))
    }

    async fn invoice(
        &self,
        company: CompanyId,
        id: InvoiceId,
    ) -> Result<Option<Invoice>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM invoices WHERE company_id = $1 AND id = $2")
                .bind(company.as_uuid())
                .bind(id.as_uuid()),
            &mut conn,
            rows::invoice,
        )
        .await
    }

    async fn invoices_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Invoice>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(sqlx::query("SELECT * FROM invoices WHERE company_id = $1 AND client_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(client.as_uuid()), &mut conn, rows::invoice).await
    }

    async fn correction(
        &self,
        company: CompanyId,
        id: CorrectionId,
    ) -> Result<Option<Correction>, StoreError> {
        corrections::one(&mut *self.conn().await?, company, id).await
    }

    async fn corrections_of_invoice(
        &self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Correction>, StoreError> {
        corrections::of_invoice(&mut *self.conn().await?, company, invoice).await
    }

    async fn reminder(
        &self,
        company: CompanyId,
        id: ReminderId,
    ) -> Result<Option<Reminder>, StoreError> {
        reminders::one(&mut *self.conn().await?, company, id).await
    }

    async fn reminders_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Reminder>, StoreError> {
        reminders::of_client(&mut *self.conn().await?, company, client).await
    }

    async fn dunning_candidates(
        &self,
        company: CompanyId,
        due_before: NaiveDate,
    ) -> Result<Vec<DunningCandidate>, StoreError> {
        reminders::candidates(&mut *self.conn().await?, company, due_before).await
    }

    async fn quote(&self, company: CompanyId, id: QuoteId) -> Result<Option<Quote>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM quotes WHERE company_id = $1 AND id = $2")
                .bind(company.as_uuid())
                .bind(id.as_uuid()),
            &mut conn,
            rows::quote,
        )
        .await
    }
}

#[async_trait]
impl DocumentTx for DbTx {
    async fn invoice_for_update(
        &mut self,
        company: CompanyId,
        id: InvoiceId,
    ) -> Result<Option<Invoice>, StoreError> {
        query::one(
            sqlx::query(concat!(
                "SELECT * FROM invoices WHERE company_id = $1 AND id = $2",
                for_update!()
            ))
            .bind(company.as_uuid())
            .bind(id.as_uuid()),
            &mut self.tx,
            rows::invoice,
        )
        .await
    }

    async fn insert_invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError> {
        upsert_invoice(&mut self.tx, invoice, true).await
    }

    async fn update_invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError> {
        upsert_invoice(&mut self.tx, invoice, false).await
    }

    async fn latest_invoice_issue_date(
        &mut self,
        company: CompanyId,
    ) -> Result<Option<NaiveDate>, StoreError> {
        sqlx::query_scalar(
            "SELECT MAX(issue_date) FROM invoices WHERE company_id = $1 AND number IS NOT NULL",
        )
        .bind(company.as_uuid())
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db_error)
    }

    async fn quote_for_update(
        &mut self,
        company: CompanyId,
        id: QuoteId,
    ) -> Result<Option<Quote>, StoreError> {
        query::one(
            sqlx::query(concat!(
                "SELECT * FROM quotes WHERE company_id = $1 AND id = $2",
                for_update!()
            ))
            .bind(company.as_uuid())
            .bind(id.as_uuid()),
            &mut self.tx,
            rows::quote,
        )
        .await
    }

    async fn invoice_corrections(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Correction>, StoreError> {
        corrections::of_invoice(&mut self.tx, company, invoice).await
    }

    async fn insert_correction(&mut self, correction: &Correction) -> Result<(), StoreError> {
        corrections::insert(&mut self.tx, correction).await
    }

    async fn insert_reminder(&mut self, reminder: &Reminder) -> Result<(), StoreError> {
        reminders::insert(&mut self.tx, reminder).await
    }

    async fn insert_quote(&mut self, quote: &Quote) -> Result<(), StoreError> {
        upsert_quote(&mut self.tx, quote, true).await
    }

    async fn update_quote(&mut self, quote: &Quote) -> Result<(), StoreError> {
        upsert_quote(&mut self.tx, quote, false).await
    }
}
