//! What the area files share: running a query into domain values, JSON columns, and reading
//! a client with its contacts (plain, locked, or with its company and metrics).

use crm_core::domain::{Client, ClientId, ClientMetrics, Company, CompanyId, Contact, Currency};
use crm_core::ports::{ClientSummary, StoreError};
use sqlx::types::Json;
use std::collections::HashMap;
use std::sync::LazyLock;
use uuid::Uuid;

use super::{Db, rows};
use crate::common::{db_error, json_error};

/// A connection of the backend (pooled, or the one of a transaction).
pub type Conn = <Db as sqlx::Database>::Connection;
/// A row of the backend.
pub type DbRow = <Db as sqlx::Database>::Row;
/// A statement with its bound arguments.
pub type Query<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>;

/// Runs `query` and maps its row, if any.
pub async fn one<T>(
    query: Query<'_>,
    conn: &mut Conn,
    map: fn(&DbRow) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    query
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_error)?
        .as_ref()
        .map(map)
        .transpose()
}

/// Runs `query` and maps every row.
pub async fn all<T>(
    query: Query<'_>,
    conn: &mut Conn,
    map: fn(&DbRow) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    query
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?
        .iter()
        .map(map)
        .collect()
}

/// The contacts of `clients` in order, by client id (one statement).
pub async fn contacts_of(
    conn: &mut Conn,
    clients: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Contact>>, StoreError> {
    let mut map: HashMap<Uuid, Vec<Contact>> = Default::default();
    if clients.is_empty() {
        return Ok(map);
    }
    let mut qb = sqlx::QueryBuilder::<Db>::new("SELECT * FROM contacts WHERE client_id IN (");
    let mut sep = qb.separated(", ");
    for id in clients {
        sep.push_bind(*id);
    }
    qb.push(") ORDER BY client_id, position");
    let rows = qb.build().fetch_all(&mut *conn).await.map_err(db_error)?;
    for row in &rows {
        let (client, contact) = rows::contact(row)?;
        map.entry(client).or_default().push(contact);
    }
    Ok(map)
}

/// The columns of a client joined with its contacts (`c` and `k`: one row per
/// contact in order, the client's columns repeated; one row with empty contact
/// columns if it has none), read by [`joined_client`].
const CLIENT_COLUMNS: &str = "c.*, k.id AS contact_id, k.name AS contact_name, \
    k.email AS contact_email, k.phone AS contact_phone, k.is_primary AS contact_primary, \
    k.mail_role AS contact_mail_role";

/// A client with its contacts.
static CLIENT_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {CLIENT_COLUMNS} FROM clients c LEFT JOIN contacts k ON k.client_id = c.id \
         WHERE c.company_id = $1 AND c.id = $2 ORDER BY k.position"
    )
});

/// The company of a client as `company_*` columns of `co` (read by
/// `rows::joined_company`; `company_id_` because the client has a `company_id`).
const COMPANY_COLUMNS: &str = "co.id AS company_id_, co.name AS company_name, co.email AS company_email, \
    co.address AS company_address, co.tax_id AS company_tax_id, co.currency AS company_currency, \
    co.locale AS company_locale, co.settings AS company_settings, co.created_at AS company_created_at, \
    co.legal AS company_legal";
/// A client with its company, contacts and metrics.
static PARTIES_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {CLIENT_COLUMNS}, {COMPANY_COLUMNS}, m.total_invoiced, m.total_paid, m.outstanding, m.costs_outstanding \
         FROM clients c JOIN companies co ON co.id = c.company_id \
         JOIN client_metrics m ON m.client_id = c.id LEFT JOIN contacts k ON k.client_id = c.id \
         WHERE c.company_id = $1 AND c.id = $2 ORDER BY k.position"
    )
});

/// A client's maintained metrics.
pub async fn metrics(
    conn: &mut Conn,
    company: CompanyId,
    client: ClientId,
) -> Result<Option<ClientMetrics>, StoreError> {
    sqlx::query(
        "SELECT m.total_invoiced, m.total_paid, m.outstanding, m.costs_outstanding, c.currency FROM client_metrics m \
         JOIN clients c ON c.id = m.client_id WHERE m.company_id = $1 AND m.client_id = $2",
    )
    .bind(company.as_uuid())
    .bind(client.as_uuid())
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_error)?
    .as_ref()
    .map(rows::metrics)
    .transpose()
}

/// A client's company and the client with its metrics, in one statement.
pub async fn parties(
    conn: &mut Conn,
    company: CompanyId,
    id: ClientId,
) -> Result<Option<(Company, ClientSummary)>, StoreError> {
    let rows = client_rows(conn, &PARTIES_SQL, company, id).await?;
    let (Some(first), Some(client)) = (rows.first(), joined_client(&rows)?) else {
        return Ok(None);
    };
    let summary = ClientSummary {
        client,
        metrics: rows::metrics(first)?,
    };
    Ok(Some((rows::joined_company(first)?, summary)))
}

/// A client and its contacts; `lock` holds the client's row until the transaction
/// ends.
pub async fn client(
    conn: &mut Conn,
    company: CompanyId,
    id: ClientId,
    lock: bool,
) -> Result<Option<Client>, StoreError> {
    if lock {
        // Lock first, then read the contacts in a second statement: in one joined
        // statement PostgreSQL (READ COMMITTED) would re-read only the locked row
        // after waiting for the lock and return the contacts of its older snapshot,
        // so a concurrent contact edit would be lost.
        let Some(row) = sqlx::query(concat!(
            "SELECT * FROM clients WHERE company_id = $1 AND id = $2",
            for_update!()
        ))
        .bind(company.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_error)?
        else {
            return Ok(None);
        };
        let mut contacts = contacts_of(conn, &[id.as_uuid()]).await?;
        return rows::client(&row, contacts.remove(&id.as_uuid()).unwrap_or_default()).map(Some);
    }
    joined_client(&client_rows(conn, &CLIENT_SQL, company, id).await?)
}

/// The rows of a `CLIENT_COLUMNS` query `sql` for (`$1` company, `$2` client).
async fn client_rows(
    conn: &mut Conn,
    sql: &'static str,
    company: CompanyId,
    id: ClientId,
) -> Result<Vec<DbRow>, StoreError> {
    sqlx::query(sql)
        .bind(company.as_uuid())
        .bind(id.as_uuid())
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)
}

/// The client of rows from a `CLIENT_COLUMNS` join (`None` for no rows).
pub fn joined_client(rows: &[DbRow]) -> Result<Option<Client>, StoreError> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let contacts = rows
        .iter()
        .filter_map(|r| rows::joined_contact(r).transpose())
        .collect::<Result<Vec<_>, _>>()?;
    rows::client(first, contacts).map(Some)
}

/// A value as a JSON column.
pub fn json<T: serde::Serialize>(value: &T) -> Result<Json<serde_json::Value>, StoreError> {
    serde_json::to_value(value).map(Json).map_err(json_error)
}

/// The currency's minor units as stored (`minor_units` column).
pub fn minor_units(c: Currency) -> i16 {
    i16::try_from(c.minor_units()).unwrap_or(i16::MAX)
}
