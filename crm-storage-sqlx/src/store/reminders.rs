//! Payment reminders and Mahnungen: append-only rows holding the whole document as JSON, the
//! (invoice, level) items whose primary key makes each level of an invoice happen once, and
//! the selection of overdue invoices a dunning run starts from.

use chrono::NaiveDate;
use crm_core::domain::history::CORRECTION_STATUS;
use crm_core::domain::{
    ClientId, CompanyId, DocumentKind, DunningMark, HistoryCursor, HistoryFilter, InvoiceId,
    Reminder, ReminderId,
};
use crm_core::ports::{DunningCandidate, StoreError};
use sqlx::types::Json;
use uuid::Uuid;

use super::Db;
use super::query::{self, Conn, DbRow};
use crate::common::{db_error, json_error, to_minor};

/// Inserts an issued reminder and its items; an (invoice, level) already dunned or a taken
/// number is a `Conflict`.
pub async fn insert(conn: &mut Conn, r: &Reminder) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO reminders (id, company_id, client_id, number, level, issue_date, currency, \
         total, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(r.id.as_uuid())
    .bind(r.company_id.as_uuid())
    .bind(r.client_id.as_uuid())
    .bind(&r.number)
    .bind(r.level.as_str())
    .bind(r.issue_date)
    .bind(r.currency.code())
    .bind(to_minor(r.total(), r.currency)?)
    .bind(query::json(r)?)
    .bind(r.created_at)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    for item in &r.items {
        sqlx::query(
            "INSERT INTO reminder_items (invoice_id, level, reminder_id, company_id) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(item.invoice_id.as_uuid())
        .bind(item.level.as_str())
        .bind(r.id.as_uuid())
        .bind(r.company_id.as_uuid())
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

/// One reminder of the company.
pub async fn one(
    conn: &mut Conn,
    company: CompanyId,
    id: ReminderId,
) -> Result<Option<Reminder>, StoreError> {
    query::one(
        sqlx::query("SELECT body FROM reminders WHERE company_id = $1 AND id = $2")
            .bind(company.as_uuid())
            .bind(id.as_uuid()),
        conn,
        row,
    )
    .await
}

/// A client's reminders, newest first.
pub async fn of_client(
    conn: &mut Conn,
    company: CompanyId,
    client: ClientId,
) -> Result<Vec<Reminder>, StoreError> {
    query::all(
        sqlx::query(
            "SELECT body FROM reminders WHERE company_id = $1 AND client_id = $2 \
             ORDER BY created_at DESC, id DESC",
        )
        .bind(company.as_uuid())
        .bind(client.as_uuid()),
        conn,
        row,
    )
    .await
}

/// The open invoices due before `due_before`, oldest due first: read from the covering index
/// of open invoices by due date (migration 0017), only the columns a run decides on; on SQLite
/// packed into one value (`dunning_packs!`, `dunning_packed!`) and put in order here.
pub async fn candidates(
    conn: &mut Conn,
    company: CompanyId,
    due_before: NaiveDate,
) -> Result<Vec<DunningCandidate>, StoreError> {
    if !dunning_packs!() {
        return query::all(
            sqlx::query(
                "SELECT id, client_id, due_date, dunning FROM invoices \
                 WHERE company_id = $1 AND status IN ('sent', 'partial') AND balance > 0 \
                 AND due_date < $2 ORDER BY due_date, id",
            )
            .bind(company.as_uuid())
            .bind(due_before),
            conn,
            candidate,
        )
        .await;
    }
    let packed: Option<String> = sqlx::query_scalar(concat!(
        "SELECT ",
        dunning_packed!(),
        " FROM invoices WHERE company_id = $1 AND status IN ('sent', 'partial') \
         AND balance > 0 AND due_date < $2"
    ))
    .bind(company.as_uuid())
    .bind(due_before)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_error)?;
    let mut all = packed
        .as_deref()
        .unwrap_or_default()
        .lines()
        .map(unpack)
        .collect::<Result<Vec<_>, _>>()?;
    all.sort_unstable_by_key(|c| (c.due_date, c.invoice_id));
    Ok(all)
}

/// One line of the packed selection: `id client_id due_date [dunning JSON]`.
fn unpack(line: &str) -> Result<DunningCandidate, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("dunning candidate {line:?}"));
    let mut parts = line.splitn(4, ' ');
    let mut next = || parts.next().ok_or_else(corrupt);
    let id = Uuid::try_parse(next()?).map_err(|_| corrupt())?;
    let client = Uuid::try_parse(next()?).map_err(|_| corrupt())?;
    let due_date: NaiveDate = next()?.parse().map_err(|_| corrupt())?;
    let mark = next()?;
    let dunning = if mark.is_empty() {
        None
    } else {
        Some(serde_json::from_str::<DunningMark>(mark).map_err(json_error)?)
    };
    Ok(DunningCandidate {
        invoice_id: InvoiceId::from_uuid(id),
        client_id: ClientId::from_uuid(client),
        due_date,
        dunning,
    })
}

fn row(r: &DbRow) -> Result<Reminder, StoreError> {
    use sqlx::Row as _;
    let body: Json<Reminder> = r.try_get("body").map_err(db_error)?;
    Ok(body.0)
}

fn candidate(r: &DbRow) -> Result<DunningCandidate, StoreError> {
    use sqlx::Row as _;
    let id: Uuid = r.try_get("id").map_err(db_error)?;
    let client: Uuid = r.try_get("client_id").map_err(db_error)?;
    let dunning: Option<Json<DunningMark>> = r.try_get("dunning").map_err(db_error)?;
    Ok(DunningCandidate {
        invoice_id: InvoiceId::from_uuid(id),
        client_id: ClientId::from_uuid(client),
        due_date: r.try_get("due_date").map_err(db_error)?,
        dunning: dunning.map(|j| j.0),
    })
}

/// Whether a history filter lets payment reminders through: every kind or reminders only,
/// and no status other than `issued`.
pub fn in_history(filter: &HistoryFilter) -> bool {
    filter.kind.is_none_or(|k| k == DocumentKind::Reminder)
        && filter
            .status
            .as_deref()
            .is_none_or(|s| s == CORRECTION_STATUS)
}

/// The reminders' branch of the history union: the same columns as the other branches, in
/// the history's order, at most `limit` rows.
pub fn push_history(
    qb: &mut sqlx::QueryBuilder<Db>,
    company: CompanyId,
    client: Option<ClientId>,
    filter: &HistoryFilter,
    after: Option<HistoryCursor>,
    limit: u32,
) {
    qb.push(concat!(
        "SELECT 'reminder' AS kind, id, client_id, number, 'issued' AS status, issue_date, ",
        reminder_due_date!(),
        " AS due_date, total, CAST(0 AS BIGINT) AS balance, currency, created_at \
         FROM reminders WHERE company_id = "
    ));
    qb.push_bind(company.as_uuid());
    if let Some(client) = client {
        qb.push(" AND client_id = ").push_bind(client.as_uuid());
    }
    super::corrections::push_dates_and_page(qb, filter, after, limit);
}
