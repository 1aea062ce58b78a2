//! Corrections (cancellation invoices, corrective credits): append-only rows holding the whole
//! document as JSON beside the columns they are found by, and their branch of the document
//! history.

use crm_core::domain::{
    ClientId, CompanyId, Correction, CorrectionId, DocumentKind, HistoryCursor, HistoryFilter,
    InvoiceId, history::CORRECTION_STATUS,
};
use crm_core::ports::StoreError;
use sqlx::types::Json;

use super::Db;
use super::query::{self, Conn, DbRow};
use crate::common::{db_error, to_minor};

/// Inserts an issued correction; a taken number is a `Conflict`.
pub async fn insert(conn: &mut Conn, c: &Correction) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO corrections (id, company_id, client_id, invoice_id, kind, number, issue_date, \
         currency, total, refund_due, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(c.id.as_uuid())
    .bind(c.company_id.as_uuid())
    .bind(c.client_id.as_uuid())
    .bind(c.corrects.id.as_uuid())
    .bind(c.kind.as_str())
    .bind(&c.number)
    .bind(c.issue_date)
    .bind(c.currency.code())
    .bind(to_minor(c.totals.total, c.currency)?)
    .bind(to_minor(c.refund_due, c.currency)?)
    .bind(query::json(c)?)
    .bind(c.created_at)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// One correction of the company.
pub async fn one(
    conn: &mut Conn,
    company: CompanyId,
    id: CorrectionId,
) -> Result<Option<Correction>, StoreError> {
    query::one(
        sqlx::query("SELECT body FROM corrections WHERE company_id = $1 AND id = $2")
            .bind(company.as_uuid())
            .bind(id.as_uuid()),
        conn,
        row,
    )
    .await
}

/// The corrections of an invoice, oldest first.
pub async fn of_invoice(
    conn: &mut Conn,
    company: CompanyId,
    invoice: InvoiceId,
) -> Result<Vec<Correction>, StoreError> {
    query::all(
        sqlx::query(
            "SELECT body FROM corrections WHERE company_id = $1 AND invoice_id = $2 \
             ORDER BY created_at, id",
        )
        .bind(company.as_uuid())
        .bind(invoice.as_uuid()),
        conn,
        row,
    )
    .await
}

fn row(r: &DbRow) -> Result<Correction, StoreError> {
    use sqlx::Row as _;
    let body: Json<Correction> = r.try_get("body").map_err(db_error)?;
    Ok(body.0)
}

/// The correction kinds a history filter lets through (none for a status other than
/// `issued`, or another document kind).
pub fn history_kinds(filter: &HistoryFilter) -> Vec<&'static str> {
    if filter
        .status
        .as_deref()
        .is_some_and(|s| s != CORRECTION_STATUS)
    {
        return Vec::new();
    }
    [DocumentKind::Cancellation, DocumentKind::Credit]
        .into_iter()
        .filter(|k| filter.kind.is_none_or(|f| f == *k))
        .map(DocumentKind::as_str)
        .collect()
}

/// The corrections' branch of the history union: the same columns as the invoices' and
/// quotes' branches, in the history's order, at most `limit` rows.
pub fn push_history(
    qb: &mut sqlx::QueryBuilder<Db>,
    company: CompanyId,
    client: Option<ClientId>,
    filter: &HistoryFilter,
    kinds: &[&'static str],
    after: Option<HistoryCursor>,
    limit: u32,
) {
    qb.push(format_args!(
        "SELECT kind, id, client_id, number, '{CORRECTION_STATUS}' AS status, issue_date, \
         CAST(NULL AS DATE) AS due_date, total, CAST(0 AS BIGINT) AS balance, currency, created_at \
         FROM corrections WHERE company_id = "
    ));
    qb.push_bind(company.as_uuid());
    if let Some(client) = client {
        qb.push(" AND client_id = ").push_bind(client.as_uuid());
    }
    if kinds.len() == 1 {
        qb.push(" AND kind = ").push_bind(kinds[0]);
    }
    push_dates_and_page(qb, filter, after, limit);
}

/// The part every branch of the history union shares: the issue-date range, the keyset
/// cursor, and the branch's own newest-first page of at most `limit` rows.
pub fn push_dates_and_page(
    qb: &mut sqlx::QueryBuilder<Db>,
    filter: &HistoryFilter,
    after: Option<HistoryCursor>,
    limit: u32,
) {
    if let Some(from) = filter.from {
        qb.push(" AND issue_date >= ").push_bind(from);
    }
    if let Some(to) = filter.to {
        qb.push(" AND issue_date <= ").push_bind(to);
    }
    if let Some(c) = &after {
        qb.push(" AND (created_at, id) < (")
            .push_bind(c.created_at)
            .push(", ")
            .push_bind(c.id)
            .push(")");
    }
    qb.push(" ORDER BY created_at DESC, id DESC LIMIT CAST(")
        .push_bind(i64::from(limit))
        .push(" AS BIGINT)");
}
