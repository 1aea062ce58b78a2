//! The `Store` and `StoreTx` implementation, written once and generated per backend: the SQL
//! is the same on SQLite and PostgreSQL except for row locks and the transaction's `BEGIN`,
//! which are macro parameters.
//!
//! Page sizes are bound as `LIMIT CAST(? AS BIGINT)`, never as a bare `LIMIT ?`: SQLite plans a
//! bare bound limit as a constant, which marks the prepared statement to be compiled again
//! whenever that parameter is bound — at every execution. As an expression the limit is read
//! at run time and the cached statement is reused (measured: the portal statement's reads
//! took twice the time).

macro_rules! impl_store {
    (
        db: $db:ty,
        store: $store:ident,
        tx: $tx:ident,
        begin: $begin:literal,
        for_update: $fu:literal,
        skip_locked: $skip:literal,
        collate: $collate:literal $(,)?
    ) => {
        /// One read-write transaction (rolled back when dropped without commit).
        pub struct $tx {
            tx: sqlx::Transaction<'static, $db>,
        }

        type Conn = <$db as sqlx::Database>::Connection;

        mod q {
            use super::*;
            use crm_core::domain::*;
            use crm_core::ports::StoreError;
            use sqlx::types::Json;
            use uuid::Uuid;

            use crate::common::{db_error, json_error, search_text, to_minor};

            /// Runs `query` and maps its row, if any.
            pub async fn one<T>(
                query: sqlx::query::Query<'_, $db, <$db as sqlx::Database>::Arguments>,
                conn: &mut Conn,
                map: fn(&<$db as sqlx::Database>::Row) -> Result<T, StoreError>,
            ) -> Result<Option<T>, StoreError> {
                query.fetch_optional(&mut *conn).await.map_err(db_error)?.as_ref().map(map).transpose()
            }

            /// Runs `query` and maps every row.
            pub async fn all<T>(
                query: sqlx::query::Query<'_, $db, <$db as sqlx::Database>::Arguments>,
                conn: &mut Conn,
                map: fn(&<$db as sqlx::Database>::Row) -> Result<T, StoreError>,
            ) -> Result<Vec<T>, StoreError> {
                query.fetch_all(&mut *conn).await.map_err(db_error)?.iter().map(map).collect()
            }

            pub async fn contacts_of(
                conn: &mut Conn,
                clients: &[Uuid],
            ) -> Result<std::collections::HashMap<Uuid, Vec<Contact>>, StoreError> {
                let mut map: std::collections::HashMap<Uuid, Vec<Contact>> = Default::default();
                if clients.is_empty() {
                    return Ok(map);
                }
                let mut qb = sqlx::QueryBuilder::<$db>::new("SELECT * FROM contacts WHERE client_id IN (");
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
                k.email AS contact_email, k.phone AS contact_phone, k.is_primary AS contact_primary";

            /// A client with its contacts.
            static CLIENT_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                format!(
                    "SELECT {CLIENT_COLUMNS} FROM clients c LEFT JOIN contacts k ON k.client_id = c.id \
                     WHERE c.company_id = $1 AND c.id = $2 ORDER BY k.position"
                )
            });

            /// The company of a client as `company_*` columns of `co` (read by
            /// `rows::joined_company`; `company_id_` because the client has a `company_id`).
            const COMPANY_COLUMNS: &str = "co.id AS company_id_, co.name AS company_name, co.email AS company_email, \
                co.address AS company_address, co.tax_id AS company_tax_id, co.currency AS company_currency, \
                co.locale AS company_locale, co.settings AS company_settings, co.created_at AS company_created_at";
            /// A client with its company, contacts and metrics.
            static PARTIES_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                format!(
                    "SELECT {CLIENT_COLUMNS}, {COMPANY_COLUMNS}, m.total_invoiced, m.total_paid, m.outstanding \
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
                    "SELECT m.total_invoiced, m.total_paid, m.outstanding, c.currency FROM client_metrics m \
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
            ) -> Result<Option<(Company, crm_core::ports::ClientSummary)>, StoreError> {
                let rows = client_rows(conn, &PARTIES_SQL, company, id).await?;
                let (Some(first), Some(client)) = (rows.first(), joined_client(&rows)?) else {
                    return Ok(None);
                };
                let summary = crm_core::ports::ClientSummary { client, metrics: rows::metrics(first)? };
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
                    let Some(row) = sqlx::query(concat!("SELECT * FROM clients WHERE company_id = $1 AND id = $2", $fu))
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
            ) -> Result<Vec<<$db as sqlx::Database>::Row>, StoreError> {
                sqlx::query(sql)
                    .bind(company.as_uuid())
                    .bind(id.as_uuid())
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(db_error)
            }

            /// The client of rows from a `CLIENT_COLUMNS` join (`None` for no rows).
            pub fn joined_client(rows: &[<$db as sqlx::Database>::Row]) -> Result<Option<Client>, StoreError> {
                let Some(first) = rows.first() else {
                    return Ok(None);
                };
                let contacts = rows
                    .iter()
                    .filter_map(|r| rows::joined_contact(r).transpose())
                    .collect::<Result<Vec<_>, _>>()?;
                rows::client(first, contacts).map(Some)
            }

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
            const OPEN_PAGE: &str = "SELECT 'open' AS section, 'invoice' AS kind, id, number, status, issue_date, due_date, \
                total, balance, currency, created_at FROM invoices \
                WHERE company_id = $1 AND client_id = $2 AND status IN ('sent', 'partial', 'processing') \
                ORDER BY COALESCE(due_date, issue_date) NULLS FIRST, created_at, id LIMIT CAST($8 AS BIGINT)";
            /// The last `$9` paid invoices, newest first by `(created_at, id)` (the history's
            /// order), tagged `section = 'paid'`.
            const PAID_PAGE: &str = "SELECT 'paid' AS section, 'invoice' AS kind, id, number, status, issue_date, due_date, \
                total, balance, currency, created_at FROM invoices \
                WHERE company_id = $1 AND client_id = $2 AND status = 'paid' \
                ORDER BY created_at DESC, id DESC LIMIT CAST($9 AS BIGINT)";
            /// The open-invoice overview in one statement: the aggregate (one row) joined with
            /// the first page, so the page's rows carry the totals and an empty page still
            /// yields them. Both halves read the partial index `invoices_open_by_date`: the
            /// aggregate covered by it, the page in its order, stopping after `$8` rows.
            static OVERVIEW_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                format!("SELECT a.*, p.* FROM ({OPEN_AGGREGATE}) AS a LEFT JOIN ({OPEN_PAGE}) AS p ON 1 = 1")
            });
            /// The overview plus the last paid invoices (the statement's rows), one statement.
            static OVERVIEW_PAID_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                format!(
                    "SELECT a.*, p.* FROM ({OPEN_AGGREGATE}) AS a LEFT JOIN \
                     (SELECT * FROM ({OPEN_PAGE}) AS o UNION ALL SELECT * FROM ({PAID_PAGE}) AS d) AS p ON 1 = 1"
                )
            });

            /// [`crm_core::ports::Store::open_invoices_overview`] on `conn`.
            pub async fn open_invoices_overview(
                conn: &mut Conn,
                company: CompanyId,
                client: ClientId,
                today: chrono::NaiveDate,
                currency: Currency,
                open_limit: u32,
            ) -> Result<crm_core::ports::OpenInvoicesOverview, StoreError> {
                overview_and_paid(conn, company, client, today, currency, open_limit, None)
                    .await
                    .map(|(overview, _)| overview)
            }

            /// The open-invoice overview and, with `paid_limit`, the last paid invoices as
            /// `Store::document_history` lists them for `HistoryFilter::paid_invoices` — in one
            /// statement. Rows come back unordered (a join of a union) and are put in order
            /// here by the same keys the SQL pages by.
            pub async fn overview_and_paid(
                conn: &mut Conn,
                company: CompanyId,
                client: ClientId,
                today: chrono::NaiveDate,
                currency: Currency,
                open_limit: u32,
                paid_limit: Option<u32>,
            ) -> Result<(crm_core::ports::OpenInvoicesOverview, Vec<DocumentSummary>), StoreError> {
                use sqlx::Row;
                // Aging buckets by the date an invoice counts from (due date, else issue date;
                // neither: current), as cut-off dates: `days past due <= 30` is `date >= today - 30`.
                let days = |n: i64| today - chrono::Duration::days(n);
                let (d30, d60, d90, d120) = (days(30), days(60), days(90), days(120));
                let sql: &'static str = if paid_limit.is_some() { &OVERVIEW_PAID_SQL } else { &OVERVIEW_SQL };
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
                    return Err(StoreError::Corrupt("the open-invoice aggregate returned no row".into()));
                };
                let int = |name: &str| row.try_get::<i64, _>(name).map_err(db_error);
                let amount = |name: &str| int(name).map(|v| crate::common::from_minor(v, currency));
                let count = |name: &str| int(name).map(|v| usize::try_from(v).unwrap_or(0));
                let mut overview = crm_core::ports::OpenInvoicesOverview {
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
                    match r.try_get::<Option<String>, _>("section").map_err(db_error)?.as_deref() {
                        Some("open") => overview.first_open.push(rows::summary(r)?),
                        Some("paid") => paid.push(rows::summary(r)?),
                        _ => {}
                    }
                }
                // `Option` orders `None` first, as `NULLS FIRST` does.
                overview
                    .first_open
                    .sort_by_key(|s| (s.due_date.or(s.issue_date), s.created_at, s.id));
                paid.sort_by(|x, y| (y.created_at, y.id).cmp(&(x.created_at, x.id)));
                Ok((overview, paid))
            }

            pub async fn company(conn: &mut Conn, id: CompanyId) -> Result<Option<Company>, StoreError> {
                sqlx::query("SELECT * FROM companies WHERE id = $1")
                    .bind(id.as_uuid())
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(db_error)?
                    .as_ref()
                    .map(rows::company)
                    .transpose()
            }

            pub async fn template(
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

            pub async fn write_contacts(conn: &mut Conn, client: &Client) -> Result<(), StoreError> {
                // Demote first so the one-primary index never sees two primaries mid-update.
                sqlx::query("UPDATE contacts SET is_primary = $1 WHERE client_id = $2")
                    .bind(false)
                    .bind(client.id.as_uuid())
                    .execute(&mut *conn)
                    .await
                    .map_err(db_error)?;
                let mut qb = sqlx::QueryBuilder::<$db>::new("DELETE FROM contacts WHERE client_id = ");
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
                        "INSERT INTO contacts (id, company_id, client_id, position, name, email, email_normalized, phone, is_primary) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                         ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name, \
                         email = excluded.email, email_normalized = excluded.email_normalized, \
                         phone = excluded.phone, is_primary = excluded.is_primary \
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

            pub fn json<T: serde::Serialize>(value: &T) -> Result<Json<serde_json::Value>, StoreError> {
                serde_json::to_value(value).map(Json).map_err(json_error)
            }

            pub fn minor_units(c: Currency) -> i16 {
                i16::try_from(c.minor_units()).unwrap_or(i16::MAX)
            }

            pub async fn upsert_invoice(conn: &mut Conn, i: &Invoice, insert: bool) -> Result<(), StoreError> {
                let c = i.currency;
                let sql = if insert {
                    "INSERT INTO invoices (id, company_id, client_id, number, status, currency, minor_units, lines, totals, \
                     total, amount_paid, balance, issue_date, due_date, bill_to, notes, terms, quote_id, viewed_at, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"
                } else {
                    "UPDATE invoices SET number = $4, status = $5, currency = $6, minor_units = $7, lines = $8, totals = $9, \
                     total = $10, amount_paid = $11, balance = $12, issue_date = $13, due_date = $14, bill_to = $15, notes = $16, \
                     terms = $17, quote_id = $18, viewed_at = $19, created_at = $20, updated_at = $21 \
                     WHERE id = $1 AND company_id = $2 AND client_id = $3"
                };
                let done = sqlx::query(sql)
                    .bind(i.id.as_uuid())
                    .bind(i.company_id.as_uuid())
                    .bind(i.client_id.as_uuid())
                    .bind(&i.number)
                    .bind(i.status.as_str())
                    .bind(c.code())
                    .bind(minor_units(c))
                    .bind(json(&i.lines)?)
                    .bind(json(&i.totals)?)
                    .bind(to_minor(i.totals.total, c)?)
                    .bind(to_minor(i.amount_paid, c)?)
                    .bind(to_minor(i.balance, c)?)
                    .bind(i.issue_date)
                    .bind(i.due_date)
                    .bind(i.bill_to.as_ref().map(json).transpose()?)
                    .bind(&i.notes)
                    .bind(&i.terms)
                    .bind(i.quote_id.map(|q| q.as_uuid()))
                    .bind(i.viewed_at)
                    .bind(i.created_at)
                    .bind(i.updated_at)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_error)?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound("invoice"));
                }
                Ok(())
            }

            pub async fn upsert_quote(conn: &mut Conn, x: &Quote, insert: bool) -> Result<(), StoreError> {
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
                    .bind(minor_units(c))
                    .bind(json(&x.lines)?)
                    .bind(json(&x.totals)?)
                    .bind(to_minor(x.totals.total, c)?)
                    .bind(x.issue_date)
                    .bind(x.valid_until)
                    .bind(x.bill_to.as_ref().map(json).transpose()?)
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

            pub async fn write_client(conn: &mut Conn, c: &Client, insert: bool) -> Result<(), StoreError> {
                let sql = if insert {
                    "INSERT INTO clients (id, company_id, number, name, address, tax_id, currency, locale, notes, archived, \
                     search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
                } else {
                    "UPDATE clients SET number = $3, name = $4, address = $5, tax_id = $6, currency = $7, locale = $8, \
                     notes = $9, archived = $10, search_text = $11, created_at = $12, updated_at = $13 \
                     WHERE id = $1 AND company_id = $2"
                };
                let done = sqlx::query(sql)
                    .bind(c.id.as_uuid())
                    .bind(c.company_id.as_uuid())
                    .bind(&c.number)
                    .bind(&c.name)
                    .bind(json(&c.address)?)
                    .bind(c.tax_id.as_ref().map(|t| t.as_str().to_owned()))
                    .bind(c.currency.code())
                    .bind(c.locale.tag())
                    .bind(&c.notes)
                    .bind(c.archived)
                    .bind(search_text(c))
                    .bind(c.created_at)
                    .bind(c.updated_at)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_error)?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound("client"));
                }
                if insert {
                    sqlx::query(
                        "INSERT INTO client_metrics (client_id, company_id, total_invoiced, total_paid, outstanding) \
                         VALUES ($1, $2, 0, 0, 0)",
                    )
                    .bind(c.id.as_uuid())
                    .bind(c.company_id.as_uuid())
                    .execute(&mut *conn)
                    .await
                    .map_err(db_error)?;
                }
                write_contacts(conn, c).await
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::Store for $store {
            async fn begin(&self) -> Result<Box<dyn crm_core::ports::StoreTx>, crm_core::ports::StoreError> {
                let tx = self.pool.begin_with($begin).await.map_err(crate::common::db_error)?;
                Ok(Box::new($tx { tx }))
            }

        }

        #[async_trait::async_trait]
        impl crm_core::ports::CompanyStore for $store {
            async fn company(&self, id: crm_core::domain::CompanyId) -> Result<Option<crm_core::domain::Company>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::company(&mut conn, id).await
            }

            async fn company_template(&self, company: crm_core::domain::CompanyId, kind: crm_core::domain::TemplateKind) -> Result<Option<crm_core::domain::EmailTemplate>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::template(&mut conn, company, None, kind).await
            }

            async fn client_template(&self, company: crm_core::domain::CompanyId, client: crm_core::domain::ClientId, kind: crm_core::domain::TemplateKind) -> Result<Option<crm_core::domain::EmailTemplate>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::template(&mut conn, company, Some(client), kind).await
            }

            async fn companies(&self) -> Result<Vec<crm_core::domain::Company>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(sqlx::query("SELECT * FROM companies ORDER BY created_at, id"), &mut conn, rows::company).await
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::ClientStore for $store {
            async fn client(&self, company: crm_core::domain::CompanyId, id: crm_core::domain::ClientId) -> Result<Option<crm_core::domain::Client>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::client(&mut conn, company, id, false).await
            }

            async fn list_clients(
                &self,
                company: crm_core::domain::CompanyId,
                query: &crm_core::ports::ClientQuery,
            ) -> Result<Vec<crm_core::ports::ClientSummary>, crm_core::ports::StoreError> {
                use crate::common::{db_error, like_pattern};
                let mut conn = self.conn().await?;
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT c.*, m.total_invoiced, m.total_paid, m.outstanding FROM clients c \
                     JOIN client_metrics m ON m.client_id = c.id WHERE c.company_id = ",
                );
                qb.push_bind(company.as_uuid());
                qb.push(" AND c.archived = ").push_bind(query.archived);
                if let Some(s) = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    qb.push(" AND c.search_text LIKE ").push_bind(like_pattern(s)).push(" ESCAPE '\\'");
                }
                if let Some((name, id)) = &query.after {
                    qb.push(concat!(" AND (c.name", $collate, ", c.id) > (")).push_bind(name.clone()).push(", ").push_bind(id.as_uuid()).push(")");
                }
                qb.push(concat!(" ORDER BY c.name", $collate, ", c.id LIMIT CAST(")).push_bind(i64::from(query.limit)).push(" AS BIGINT)");
                let rows = qb.build().fetch_all(&mut *conn).await.map_err(db_error)?;
                let ids: Vec<uuid::Uuid> = rows
                    .iter()
                    .map(|r| sqlx::Row::try_get::<uuid::Uuid, _>(r, "id").map_err(db_error))
                    .collect::<Result<_, _>>()?;
                let mut contacts = q::contacts_of(&mut conn, &ids).await?;
                rows.iter()
                    .zip(ids)
                    .map(|(row, id)| {
                        Ok(crm_core::ports::ClientSummary {
                            client: rows::client(row, contacts.remove(&id).unwrap_or_default())?,
                            metrics: rows::metrics(row)?,
                        })
                    })
                    .collect()
            }

            async fn client_metrics(
                &self,
                company: crm_core::domain::CompanyId,
                client: crm_core::domain::ClientId,
            ) -> Result<Option<crm_core::domain::ClientMetrics>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::metrics(&mut conn, company, client).await
            }

            async fn client_summary(
                &self,
                company: crm_core::domain::CompanyId,
                id: crm_core::domain::ClientId,
            ) -> Result<Option<crm_core::ports::ClientSummary>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                let Some(client) = q::client(&mut conn, company, id, false).await? else {
                    return Ok(None);
                };
                Ok(q::metrics(&mut conn, company, id)
                    .await?
                    .map(|metrics| crm_core::ports::ClientSummary { client, metrics }))
            }

            async fn activities(&self, company: crm_core::domain::CompanyId, client: crm_core::domain::ClientId, limit: u32) -> Result<Vec<crm_core::domain::Activity>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(sqlx::query("SELECT * FROM activities WHERE company_id = $1 AND client_id = $2 ORDER BY at DESC, id DESC LIMIT CAST($3 AS BIGINT)").bind(company.as_uuid()).bind(client.as_uuid()).bind(i64::from(limit)), &mut conn, rows::activity).await
            }

            async fn contact_by_email(&self, company: crm_core::domain::CompanyId, email: &str) -> Result<Option<(crm_core::domain::Client, crm_core::domain::ContactId)>, crm_core::ports::StoreError> {
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
                .map_err(crate::common::db_error)?;
                let Some(row) = row else { return Ok(None) };
                let client: uuid::Uuid = sqlx::Row::try_get(&row, "client_id").map_err(crate::common::db_error)?;
                let contact: uuid::Uuid = sqlx::Row::try_get(&row, "id").map_err(crate::common::db_error)?;
                Ok(q::client(&mut conn, company, crm_core::domain::ClientId::from_uuid(client), false)
                    .await?
                    .map(|c| (c, crm_core::domain::ContactId::from_uuid(contact))))
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::DocumentStore for $store {
            async fn document_history(
                &self,
                company: crm_core::domain::CompanyId,
                client: crm_core::domain::ClientId,
                filter: &crm_core::domain::HistoryFilter,
                today: chrono::NaiveDate,
                after: Option<crm_core::domain::HistoryCursor>,
                limit: u32,
            ) -> Result<Vec<crm_core::domain::DocumentSummary>, crm_core::ports::StoreError> {
                use crm_core::domain::DocumentKind;
                let status = filter.status.as_deref();
                let invoices = filter.kind != Some(DocumentKind::Quote)
                    && !matches!(status, Some("approved" | "rejected" | "expired"));
                let quotes = filter.kind != Some(DocumentKind::Invoice)
                    && !matches!(status, Some("partial" | "processing" | "paid" | "cancelled" | "overdue"));
                if !invoices && !quotes {
                    return Ok(Vec::new());
                }
                let mut qb = sqlx::QueryBuilder::<$db>::new("SELECT * FROM (");
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
                        "SELECT '{kind}' AS kind, id, number, status, issue_date, {due} AS due_date, total, {balance} AS balance, \
                         currency, created_at FROM {table} WHERE company_id = "
                    ));
                    qb.push_bind(company.as_uuid());
                    qb.push(" AND client_id = ").push_bind(client.as_uuid());
                    match status {
                        None => {}
                        Some("overdue") => {
                            qb.push(" AND status IN ('sent', 'partial') AND balance > 0 AND due_date < ").push_bind(today);
                        }
                        Some("expired") => {
                            qb.push(" AND status = 'sent' AND valid_until < ").push_bind(today);
                        }
                        Some(s) => {
                            qb.push(" AND status = ").push_bind(s.to_owned());
                        }
                    }
                    if filter.issued_only {
                        qb.push(" AND status <> 'draft'");
                    }
                    if let Some(from) = filter.from {
                        qb.push(" AND issue_date >= ").push_bind(from);
                    }
                    if let Some(to) = filter.to {
                        qb.push(" AND issue_date <= ").push_bind(to);
                    }
                    if let Some(c) = &after {
                        qb.push(" AND (created_at, id) < (").push_bind(c.created_at).push(", ").push_bind(c.id).push(")");
                    }
                    qb.push(" ORDER BY created_at DESC, id DESC LIMIT CAST(").push_bind(i64::from(limit)).push(" AS BIGINT)");
                }
                qb.push(") AS b ORDER BY created_at DESC, id DESC LIMIT CAST(").push_bind(i64::from(limit)).push(" AS BIGINT)");
                let mut conn = self.conn().await?;
                let rows = qb.build().fetch_all(&mut *conn).await.map_err(crate::common::db_error)?;
                rows.iter().map(rows::summary).collect()
            }

            async fn open_invoices_overview(
                &self,
                company: crm_core::domain::CompanyId,
                client: crm_core::domain::ClientId,
                today: chrono::NaiveDate,
                currency: crm_core::domain::Currency,
                open_limit: u32,
            ) -> Result<crm_core::ports::OpenInvoicesOverview, crm_core::ports::StoreError> {
                q::open_invoices_overview(&mut *self.conn().await?, company, client, today, currency, open_limit).await
            }

            async fn statement_view(
                &self,
                company: crm_core::domain::CompanyId,
                client: crm_core::domain::ClientId,
                today: chrono::NaiveDate,
                open_limit: u32,
                paid_limit: u32,
            ) -> Result<Option<crm_core::ports::StatementView>, crm_core::ports::StoreError> {
                // Two statements on one connection: each statement and each acquire costs a
                // round trip to the connection (sqlx checks it on release), more than a small
                // read itself.
                let mut conn = self.conn().await?;
                let Some((company_row, summary)) = q::parties(&mut conn, company, client).await? else {
                    return Ok(None);
                };
                let currency = summary.client.currency;
                let (open, paid) =
                    q::overview_and_paid(&mut conn, company, client, today, currency, open_limit, Some(paid_limit)).await?;
                Ok(Some(crm_core::ports::StatementView { company: company_row, client: summary, open, paid }))
            }

            async fn invoice(&self, company: crm_core::domain::CompanyId, id: crm_core::domain::InvoiceId) -> Result<Option<crm_core::domain::Invoice>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(sqlx::query("SELECT * FROM invoices WHERE company_id = $1 AND id = $2").bind(company.as_uuid()).bind(id.as_uuid()), &mut conn, rows::invoice).await
            }

            async fn invoices_of_client(&self, company: crm_core::domain::CompanyId, client: crm_core::domain::ClientId) -> Result<Vec<crm_core::domain::Invoice>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(sqlx::query("SELECT * FROM invoices WHERE company_id = $1 AND client_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(client.as_uuid()), &mut conn, rows::invoice).await
            }

            async fn quote(&self, company: crm_core::domain::CompanyId, id: crm_core::domain::QuoteId) -> Result<Option<crm_core::domain::Quote>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(sqlx::query("SELECT * FROM quotes WHERE company_id = $1 AND id = $2").bind(company.as_uuid()).bind(id.as_uuid()), &mut conn, rows::quote).await
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::PaymentStore for $store {
            async fn payments_of_client(&self, company: crm_core::domain::CompanyId, client: crm_core::domain::ClientId) -> Result<Vec<crm_core::domain::Payment>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(sqlx::query("SELECT * FROM payments WHERE company_id = $1 AND client_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(client.as_uuid()), &mut conn, rows::payment).await
            }

            async fn refunds_of_client(&self, company: crm_core::domain::CompanyId, client: crm_core::domain::ClientId) -> Result<Vec<crm_core::domain::Refund>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(sqlx::query("SELECT * FROM refunds WHERE company_id = $1 AND client_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(client.as_uuid()), &mut conn, rows::refund).await
            }

            async fn payment(&self, company: crm_core::domain::CompanyId, id: crm_core::domain::PaymentId) -> Result<Option<crm_core::domain::Payment>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(sqlx::query("SELECT * FROM payments WHERE company_id = $1 AND id = $2").bind(company.as_uuid()).bind(id.as_uuid()), &mut conn, rows::payment).await
            }

            async fn payments_of_invoice(&self, company: crm_core::domain::CompanyId, invoice: crm_core::domain::InvoiceId) -> Result<Vec<crm_core::domain::Payment>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(sqlx::query("SELECT * FROM payments WHERE company_id = $1 AND invoice_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(invoice.as_uuid()), &mut conn, rows::payment).await
            }

            async fn payment_reviews(&self, company: crm_core::domain::CompanyId, limit: u32) -> Result<Vec<crm_core::domain::PaymentReview>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(
                    sqlx::query("SELECT * FROM payment_reviews WHERE company_id = $1 ORDER BY created_at DESC, id DESC LIMIT CAST($2 AS BIGINT)")
                        .bind(company.as_uuid())
                        .bind(i64::from(limit)),
                    &mut conn,
                    rows::review,
                )
                .await
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::AccessStore for $store {
            async fn magic_link_by_hash(&self, hash: &crm_core::domain::TokenHash) -> Result<Option<crm_core::domain::MagicLink>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(sqlx::query("SELECT * FROM magic_links WHERE token_hash = $1").bind(hash.0.to_vec()), &mut conn, rows::link).await
            }

            async fn session_by_hash(&self, hash: &crm_core::domain::TokenHash) -> Result<Option<crm_core::domain::PortalSession>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(sqlx::query("SELECT * FROM portal_sessions WHERE token_hash = $1").bind(hash.0.to_vec()), &mut conn, rows::session).await
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::TicketStore for $store {
            async fn ticket(&self, company: crm_core::domain::CompanyId, id: crm_core::domain::TicketId) -> Result<Option<crm_core::domain::Ticket>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(sqlx::query("SELECT * FROM tickets WHERE company_id = $1 AND id = $2").bind(company.as_uuid()).bind(id.as_uuid()), &mut conn, rows::ticket).await
            }

            async fn ticket_messages(&self, company: crm_core::domain::CompanyId, ticket: crm_core::domain::TicketId) -> Result<Vec<crm_core::domain::TicketMessage>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(sqlx::query("SELECT * FROM ticket_messages WHERE company_id = $1 AND ticket_id = $2 ORDER BY created_at, id").bind(company.as_uuid()).bind(ticket.as_uuid()), &mut conn, rows::message).await
            }

            async fn tickets(&self, company: crm_core::domain::CompanyId, query: &crm_core::ports::TicketQuery) -> Result<Vec<crm_core::domain::Ticket>, crm_core::ports::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new("SELECT * FROM tickets WHERE company_id = ");
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
                    .map_err(crate::common::db_error)?
                    .iter()
                    .map(rows::ticket)
                    .collect()
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::StaffStore for $store {
            async fn staff_users(&self, company: crm_core::domain::CompanyId) -> Result<Vec<crm_core::domain::StaffUser>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(
                    sqlx::query(concat!("SELECT * FROM staff_users WHERE company_id = $1 ORDER BY name", $collate, ", id")).bind(company.as_uuid()),
                    &mut conn,
                    rows::staff_user,
                )
                .await
            }

            async fn staff_user(&self, company: crm_core::domain::CompanyId, id: crm_core::domain::UserId) -> Result<Option<crm_core::domain::StaffUser>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(
                    sqlx::query("SELECT * FROM staff_users WHERE company_id = $1 AND id = $2").bind(company.as_uuid()).bind(id.as_uuid()),
                    &mut conn,
                    rows::staff_user,
                )
                .await
            }

            async fn staff_user_by_email(&self, email: &str) -> Result<Option<crm_core::domain::StaffUser>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(sqlx::query("SELECT * FROM staff_users WHERE email_normalized = $1").bind(email.to_owned()), &mut conn, rows::staff_user).await
            }

            async fn staff_session_by_hash(&self, hash: &crm_core::domain::TokenHash) -> Result<Option<crm_core::domain::StaffSession>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(sqlx::query("SELECT * FROM staff_sessions WHERE token_hash = $1").bind(hash.0.to_vec()), &mut conn, rows::staff_session).await
            }

            async fn api_token_by_hash(&self, hash: &crm_core::domain::TokenHash) -> Result<Option<crm_core::domain::ApiToken>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::one(sqlx::query("SELECT * FROM api_tokens WHERE token_hash = $1").bind(hash.0.to_vec()), &mut conn, rows::api_token).await
            }

            async fn api_tokens(&self, company: crm_core::domain::CompanyId) -> Result<Vec<crm_core::domain::ApiToken>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(
                    sqlx::query("SELECT * FROM api_tokens WHERE company_id = $1 ORDER BY created_at, id").bind(company.as_uuid()),
                    &mut conn,
                    rows::api_token,
                )
                .await
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::OutboxStore for $store {
            async fn outbox(&self, company: crm_core::domain::CompanyId, limit: u32) -> Result<Vec<crm_core::domain::OutboxEmail>, crm_core::ports::StoreError> {
                let mut conn = self.conn().await?;
                q::all(sqlx::query("SELECT * FROM outbox WHERE company_id = $1 ORDER BY created_at DESC, id DESC LIMIT CAST($2 AS BIGINT)").bind(company.as_uuid()).bind(i64::from(limit)), &mut conn, rows::outbox).await
            }

            async fn claim_due_emails(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                lease_until: chrono::DateTime<chrono::Utc>,
                limit: u32,
            ) -> Result<Vec<crm_core::domain::OutboxEmail>, crm_core::ports::StoreError> {
                use crate::common::db_error;
                let mut tx = self.pool.begin_with($begin).await.map_err(db_error)?;
                let rows = sqlx::query(concat!(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2 WHERE id IN (",
                    "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ",
                    "ORDER BY next_attempt_at, id LIMIT CAST($3 AS BIGINT)", $skip, ") RETURNING *"
                ))
                .bind(now)
                .bind(lease_until)
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
                tx.commit().await.map_err(db_error)?;
                let mut emails = rows.iter().map(rows::outbox).collect::<Result<Vec<_>, _>>()?;
                emails.sort_by_key(|e| (e.created_at, e.id));
                Ok(emails)
            }

            async fn mark_email_sent(&self, id: crm_core::domain::OutboxId, at: chrono::DateTime<chrono::Utc>) -> Result<(), crm_core::ports::StoreError> {
                self.outbox_update(
                    sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL, html_body = '', text_body = '' WHERE id = $1 AND status = 'pending'")
                        .bind(id.as_uuid())
                        .bind(at),
                )
                .await
            }

            async fn mark_email_retry(&self, id: crm_core::domain::OutboxId, next_attempt_at: chrono::DateTime<chrono::Utc>, error: &str) -> Result<(), crm_core::ports::StoreError> {
                self.outbox_update(
                    sqlx::query("UPDATE outbox SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'")
                        .bind(id.as_uuid())
                        .bind(next_attempt_at)
                        .bind(error.to_owned()),
                )
                .await
            }

            async fn mark_email_failed(&self, id: crm_core::domain::OutboxId, error: &str) -> Result<(), crm_core::ports::StoreError> {
                self.outbox_update(
                    sqlx::query("UPDATE outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'pending'")
                        .bind(id.as_uuid())
                        .bind(error.to_owned()),
                )
                .await
            }
        }

        impl $store {
            /// The connection pool (for seeding, benchmarks and host apps sharing it).
            pub fn pool(&self) -> &sqlx::Pool<$db> {
                &self.pool
            }

            /// Closes the pool.
            pub async fn close(&self) {
                self.pool.close().await;
            }

            /// Checks that the database answers (for readiness probes).
            pub async fn ping(&self) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query("SELECT 1")
                    .execute(&self.pool)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn conn(&self) -> Result<sqlx::pool::PoolConnection<$db>, crm_core::ports::StoreError> {
                self.pool.acquire().await.map_err(crate::common::db_error)
            }

            async fn outbox_update(
                &self,
                query: sqlx::query::Query<'_, $db, <$db as sqlx::Database>::Arguments>,
            ) -> Result<(), crm_core::ports::StoreError> {
                let done = query.execute(&self.pool).await.map_err(crate::common::db_error)?;
                if done.rows_affected() != 1 {
                    return Err(crm_core::ports::StoreError::NotFound("pending outbox email"));
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::StoreTx for $tx {
            async fn commit(self: Box<Self>) -> Result<(), crm_core::ports::StoreError> {
                self.tx.commit().await.map_err(crate::common::db_error)
            }

        }

        #[async_trait::async_trait]
        impl crm_core::ports::CompanyTx for $tx {
            async fn company(&mut self, id: crm_core::domain::CompanyId) -> Result<Option<crm_core::domain::Company>, crm_core::ports::StoreError> {
                q::company(&mut self.tx, id).await
            }

            async fn insert_company(&mut self, c: &crm_core::domain::Company) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO companies (id, name, email, address, tax_id, currency, locale, settings, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(c.id.as_uuid())
                .bind(&c.name)
                .bind(c.email.as_str())
                .bind(q::json(&c.address)?)
                .bind(c.tax_id.as_ref().map(|t| t.as_str().to_owned()))
                .bind(c.currency.code())
                .bind(c.locale.tag())
                .bind(q::json(&c.settings)?)
                .bind(c.created_at)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn update_company(&mut self, c: &crm_core::domain::Company) -> Result<(), crm_core::ports::StoreError> {
                let done = sqlx::query(
                    "UPDATE companies SET name = $2, email = $3, address = $4, tax_id = $5, currency = $6, locale = $7, settings = $8 WHERE id = $1",
                )
                .bind(c.id.as_uuid())
                .bind(&c.name)
                .bind(c.email.as_str())
                .bind(q::json(&c.address)?)
                .bind(c.tax_id.as_ref().map(|t| t.as_str().to_owned()))
                .bind(c.currency.code())
                .bind(c.locale.tag())
                .bind(q::json(&c.settings)?)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                if done.rows_affected() != 1 {
                    return Err(crm_core::ports::StoreError::NotFound("company"));
                }
                Ok(())
            }

            async fn next_number(&mut self, company: crm_core::domain::CompanyId, seq: crm_core::ports::Sequence) -> Result<u64, crm_core::ports::StoreError> {
                let n: i64 = sqlx::query_scalar(
                    "INSERT INTO sequences (company_id, name, last_value) VALUES ($1, $2, 1) \
                     ON CONFLICT (company_id, name) DO UPDATE SET last_value = sequences.last_value + 1 \
                     RETURNING last_value",
                )
                .bind(company.as_uuid())
                .bind(seq.as_str())
                .fetch_one(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                u64::try_from(n).map_err(|_| crm_core::ports::StoreError::Corrupt("negative sequence".into()))
            }

            async fn company_template(&mut self, company: crm_core::domain::CompanyId, kind: crm_core::domain::TemplateKind) -> Result<Option<crm_core::domain::EmailTemplate>, crm_core::ports::StoreError> {
                q::template(&mut self.tx, company, None, kind).await
            }

            async fn client_template(&mut self, company: crm_core::domain::CompanyId, client: crm_core::domain::ClientId, kind: crm_core::domain::TemplateKind) -> Result<Option<crm_core::domain::EmailTemplate>, crm_core::ports::StoreError> {
                q::template(&mut self.tx, company, Some(client), kind).await
            }

            async fn put_company_template(&mut self, company: crm_core::domain::CompanyId, kind: crm_core::domain::TemplateKind, t: &crm_core::domain::EmailTemplate) -> Result<(), crm_core::ports::StoreError> {
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
                .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn put_client_template(&mut self, company: crm_core::domain::CompanyId, client: crm_core::domain::ClientId, kind: crm_core::domain::TemplateKind, t: &crm_core::domain::EmailTemplate) -> Result<(), crm_core::ports::StoreError> {
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
                .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn delete_client_template(&mut self, company: crm_core::domain::CompanyId, client: crm_core::domain::ClientId, kind: crm_core::domain::TemplateKind) -> Result<bool, crm_core::ports::StoreError> {
                let done = sqlx::query("DELETE FROM client_templates WHERE company_id = $1 AND client_id = $2 AND kind = $3")
                    .bind(company.as_uuid())
                    .bind(client.as_uuid())
                    .bind(kind.as_str())
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(done.rows_affected() > 0)
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::ClientTx for $tx {
            async fn client_for_update(&mut self, company: crm_core::domain::CompanyId, id: crm_core::domain::ClientId) -> Result<Option<crm_core::domain::Client>, crm_core::ports::StoreError> {
                q::client(&mut self.tx, company, id, true).await
            }

            async fn insert_client(&mut self, client: &crm_core::domain::Client) -> Result<(), crm_core::ports::StoreError> {
                q::write_client(&mut self.tx, client, true).await
            }

            async fn update_client(&mut self, client: &crm_core::domain::Client) -> Result<(), crm_core::ports::StoreError> {
                q::write_client(&mut self.tx, client, false).await
            }

            async fn client_number_exists(&mut self, company: crm_core::domain::CompanyId, number: &str) -> Result<bool, crm_core::ports::StoreError> {
                let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM clients WHERE company_id = $1 AND number = $2")
                    .bind(company.as_uuid())
                    .bind(number.to_owned())
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(found.is_some())
            }

            async fn client_has_documents(&mut self, company: crm_core::domain::CompanyId, client: crm_core::domain::ClientId) -> Result<bool, crm_core::ports::StoreError> {
                let found: Option<i32> = sqlx::query_scalar(
                    "SELECT 1 FROM invoices WHERE company_id = $1 AND client_id = $2 \
                     UNION ALL SELECT 1 FROM quotes WHERE company_id = $1 AND client_id = $2 LIMIT 1",
                )
                .bind(company.as_uuid())
                .bind(client.as_uuid())
                .fetch_optional(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(found.is_some())
            }

            async fn add_client_metrics(
                &mut self,
                company: crm_core::domain::CompanyId,
                client: crm_core::domain::ClientId,
                delta: &crm_core::domain::MetricsDelta,
            ) -> Result<(), crm_core::ports::StoreError> {
                use crate::common::{db_error, to_minor};
                if delta.is_zero() {
                    return Ok(());
                }
                let currency: String = sqlx::query_scalar("SELECT currency FROM clients WHERE company_id = $1 AND id = $2")
                    .bind(company.as_uuid())
                    .bind(client.as_uuid())
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err(db_error)?
                    .ok_or(crm_core::ports::StoreError::NotFound("client"))?;
                let c = crate::common::currency(&currency)?;
                let done = sqlx::query(
                    "UPDATE client_metrics SET total_invoiced = total_invoiced + $3, total_paid = total_paid + $4, \
                     outstanding = outstanding + $5 WHERE company_id = $1 AND client_id = $2",
                )
                .bind(company.as_uuid())
                .bind(client.as_uuid())
                .bind(to_minor(delta.total_invoiced, c)?)
                .bind(to_minor(delta.total_paid, c)?)
                .bind(to_minor(delta.outstanding, c)?)
                .execute(&mut *self.tx)
                .await
                .map_err(db_error)?;
                if done.rows_affected() != 1 {
                    return Err(crm_core::ports::StoreError::NotFound("client metrics"));
                }
                Ok(())
            }

            async fn log_activity(&mut self, a: &crm_core::domain::Activity) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO activities (id, company_id, client_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(a.id.as_uuid())
                .bind(a.company_id.as_uuid())
                .bind(a.client_id.as_uuid())
                .bind(a.at)
                .bind(q::json(&a.actor)?)
                .bind(a.kind.as_str())
                .bind(&a.detail)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::DocumentTx for $tx {
            async fn invoice_for_update(&mut self, company: crm_core::domain::CompanyId, id: crm_core::domain::InvoiceId) -> Result<Option<crm_core::domain::Invoice>, crm_core::ports::StoreError> {
                q::one(sqlx::query(concat!("SELECT * FROM invoices WHERE company_id = $1 AND id = $2", $fu)).bind(company.as_uuid()).bind(id.as_uuid()), &mut self.tx, rows::invoice).await
            }

            async fn insert_invoice(&mut self, invoice: &crm_core::domain::Invoice) -> Result<(), crm_core::ports::StoreError> {
                q::upsert_invoice(&mut self.tx, invoice, true).await
            }

            async fn update_invoice(&mut self, invoice: &crm_core::domain::Invoice) -> Result<(), crm_core::ports::StoreError> {
                q::upsert_invoice(&mut self.tx, invoice, false).await
            }

            async fn quote_for_update(&mut self, company: crm_core::domain::CompanyId, id: crm_core::domain::QuoteId) -> Result<Option<crm_core::domain::Quote>, crm_core::ports::StoreError> {
                q::one(sqlx::query(concat!("SELECT * FROM quotes WHERE company_id = $1 AND id = $2", $fu)).bind(company.as_uuid()).bind(id.as_uuid()), &mut self.tx, rows::quote).await
            }

            async fn insert_quote(&mut self, quote: &crm_core::domain::Quote) -> Result<(), crm_core::ports::StoreError> {
                q::upsert_quote(&mut self.tx, quote, true).await
            }

            async fn update_quote(&mut self, quote: &crm_core::domain::Quote) -> Result<(), crm_core::ports::StoreError> {
                q::upsert_quote(&mut self.tx, quote, false).await
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::PaymentTx for $tx {
            async fn payment_by_reference(&mut self, company: crm_core::domain::CompanyId, reference: &str) -> Result<Option<crm_core::domain::Payment>, crm_core::ports::StoreError> {
                q::one(sqlx::query("SELECT * FROM payments WHERE company_id = $1 AND reference = $2").bind(company.as_uuid()).bind(reference.to_owned()), &mut self.tx, rows::payment).await
            }

            async fn payments_with_reference(&mut self, reference: &str) -> Result<Vec<crm_core::domain::Payment>, crm_core::ports::StoreError> {
                q::all(
                    sqlx::query("SELECT * FROM payments WHERE reference = $1 LIMIT 2").bind(reference.to_owned()),
                    &mut self.tx,
                    rows::payment,
                )
                .await
            }

            async fn payment_for_update(&mut self, company: crm_core::domain::CompanyId, id: crm_core::domain::PaymentId) -> Result<Option<crm_core::domain::Payment>, crm_core::ports::StoreError> {
                q::one(sqlx::query(concat!("SELECT * FROM payments WHERE company_id = $1 AND id = $2", $fu)).bind(company.as_uuid()).bind(id.as_uuid()), &mut self.tx, rows::payment).await
            }

            async fn insert_payment(&mut self, p: &crm_core::domain::Payment) -> Result<(), crm_core::ports::StoreError> {
                use crate::common::{db_error, to_minor};
                sqlx::query(
                    "INSERT INTO payments (id, company_id, client_id, invoice_id, amount, refunded, currency, minor_units, date, method, reference, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(p.id.as_uuid())
                .bind(p.company_id.as_uuid())
                .bind(p.client_id.as_uuid())
                .bind(p.invoice_id.as_uuid())
                .bind(to_minor(p.amount, p.currency)?)
                .bind(to_minor(p.refunded, p.currency)?)
                .bind(p.currency.code())
                .bind(q::minor_units(p.currency))
                .bind(p.date)
                .bind(p.method.as_str())
                .bind(&p.reference)
                .bind(p.created_at)
                .execute(&mut *self.tx)
                .await
                .map_err(db_error)?;
                Ok(())
            }

            async fn update_payment(&mut self, p: &crm_core::domain::Payment) -> Result<(), crm_core::ports::StoreError> {
                let done = sqlx::query("UPDATE payments SET refunded = $3 WHERE company_id = $1 AND id = $2")
                    .bind(p.company_id.as_uuid())
                    .bind(p.id.as_uuid())
                    .bind(crate::common::to_minor(p.refunded, p.currency)?)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                if done.rows_affected() != 1 {
                    return Err(crm_core::ports::StoreError::NotFound("payment"));
                }
                Ok(())
            }

            async fn refund_by_reference(&mut self, company: crm_core::domain::CompanyId, reference: &str) -> Result<Option<crm_core::domain::Refund>, crm_core::ports::StoreError> {
                q::one(sqlx::query("SELECT * FROM refunds WHERE company_id = $1 AND reference = $2").bind(company.as_uuid()).bind(reference.to_owned()), &mut self.tx, rows::refund).await
            }

            async fn insert_refund(&mut self, r: &crm_core::domain::Refund) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO refunds (id, company_id, client_id, payment_id, invoice_id, amount, currency, minor_units, date, reference, reason, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(r.id.as_uuid())
                .bind(r.company_id.as_uuid())
                .bind(r.client_id.as_uuid())
                .bind(r.payment_id.as_uuid())
                .bind(r.invoice_id.as_uuid())
                .bind(crate::common::to_minor(r.amount, r.currency)?)
                .bind(r.currency.code())
                .bind(q::minor_units(r.currency))
                .bind(r.date)
                .bind(&r.reference)
                .bind(&r.reason)
                .bind(r.created_at)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn record_webhook_event(&mut self, provider: &str, event_id: &str, at: chrono::DateTime<chrono::Utc>) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query("INSERT INTO webhook_events (provider, event_id, received_at) VALUES ($1, $2, $3)")
                    .bind(provider.to_owned())
                    .bind(event_id.to_owned())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(|e| match crate::common::db_error(e) {
                        crm_core::ports::StoreError::Conflict(_) => crm_core::ports::StoreError::Conflict("webhook_event"),
                        other => other,
                    })?;
                Ok(())
            }

            async fn insert_payment_review(&mut self, r: &crm_core::domain::PaymentReview) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO payment_reviews (id, company_id, invoice_id, event_id, reference, amount, currency, reason, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(r.id.as_uuid())
                .bind(r.company_id.as_uuid())
                .bind(r.invoice_id.map(|i| i.as_uuid()))
                .bind(&r.event_id)
                .bind(&r.reference)
                .bind(r.amount.map(|a| a.to_string()))
                .bind(r.currency.map(|c| c.code().to_owned()))
                .bind(&r.reason)
                .bind(r.created_at)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::AccessTx for $tx {
            async fn insert_magic_link(&mut self, l: &crm_core::domain::MagicLink) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO magic_links (id, company_id, client_id, contact_id, token_hash, purpose, target, created_at, expires_at, used_at, revoked_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(l.id.as_uuid())
                .bind(l.company_id.as_uuid())
                .bind(l.client_id.as_uuid())
                .bind(l.contact_id.as_uuid())
                .bind(l.token_hash.0.to_vec())
                .bind(l.purpose.as_str())
                .bind(&l.target)
                .bind(l.created_at)
                .bind(l.expires_at)
                .bind(l.used_at)
                .bind(l.revoked_at)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn magic_link_for_update(&mut self, hash: &crm_core::domain::TokenHash) -> Result<Option<crm_core::domain::MagicLink>, crm_core::ports::StoreError> {
                q::one(sqlx::query(concat!("SELECT * FROM magic_links WHERE token_hash = $1", $fu)).bind(hash.0.to_vec()), &mut self.tx, rows::link).await
            }

            async fn mark_magic_link_used(&mut self, id: crm_core::domain::MagicLinkId, at: chrono::DateTime<chrono::Utc>) -> Result<bool, crm_core::ports::StoreError> {
                let done = sqlx::query("UPDATE magic_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
                    .bind(id.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(done.rows_affected() == 1)
            }

            async fn revoke_magic_links(&mut self, company: crm_core::domain::CompanyId, contact: crm_core::domain::ContactId, at: chrono::DateTime<chrono::Utc>) -> Result<u64, crm_core::ports::StoreError> {
                let done = sqlx::query("UPDATE magic_links SET revoked_at = $3 WHERE company_id = $1 AND contact_id = $2 AND revoked_at IS NULL")
                    .bind(company.as_uuid())
                    .bind(contact.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(done.rows_affected())
            }

            async fn insert_session(&mut self, s: &crm_core::domain::PortalSession) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO portal_sessions (id, company_id, client_id, contact_id, token_hash, created_at, last_seen_at, expires_at, ended_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(s.id.as_uuid())
                .bind(s.company_id.as_uuid())
                .bind(s.client_id.as_uuid())
                .bind(s.contact_id.as_uuid())
                .bind(s.token_hash.0.to_vec())
                .bind(s.created_at)
                .bind(s.last_seen_at)
                .bind(s.expires_at)
                .bind(s.ended_at)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn touch_session(&mut self, id: crm_core::domain::SessionId, at: chrono::DateTime<chrono::Utc>) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query("UPDATE portal_sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2")
                    .bind(id.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn end_session(&mut self, id: crm_core::domain::SessionId, at: chrono::DateTime<chrono::Utc>) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query("UPDATE portal_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
                    .bind(id.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn end_sessions_of_contact(&mut self, company: crm_core::domain::CompanyId, contact: crm_core::domain::ContactId, at: chrono::DateTime<chrono::Utc>) -> Result<u64, crm_core::ports::StoreError> {
                let done = sqlx::query("UPDATE portal_sessions SET ended_at = $3 WHERE company_id = $1 AND contact_id = $2 AND ended_at IS NULL")
                    .bind(company.as_uuid())
                    .bind(contact.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(done.rows_affected())
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::TicketTx for $tx {
            async fn ticket_for_update(&mut self, company: crm_core::domain::CompanyId, id: crm_core::domain::TicketId) -> Result<Option<crm_core::domain::Ticket>, crm_core::ports::StoreError> {
                q::one(sqlx::query(concat!("SELECT * FROM tickets WHERE company_id = $1 AND id = $2", $fu)).bind(company.as_uuid()).bind(id.as_uuid()), &mut self.tx, rows::ticket).await
            }

            async fn insert_ticket(&mut self, t: &crm_core::domain::Ticket) -> Result<(), crm_core::ports::StoreError> {
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
                .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn update_ticket(&mut self, t: &crm_core::domain::Ticket) -> Result<(), crm_core::ports::StoreError> {
                let done = sqlx::query("UPDATE tickets SET status = $3, last_message_at = $4 WHERE company_id = $1 AND id = $2")
                    .bind(t.company_id.as_uuid())
                    .bind(t.id.as_uuid())
                    .bind(t.status.as_str())
                    .bind(t.last_message_at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                if done.rows_affected() != 1 {
                    return Err(crm_core::ports::StoreError::NotFound("ticket"));
                }
                Ok(())
            }

            async fn insert_ticket_message(&mut self, m: &crm_core::domain::TicketMessage) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO ticket_messages (id, company_id, ticket_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(m.id.as_uuid())
                .bind(m.company_id.as_uuid())
                .bind(m.ticket_id.as_uuid())
                .bind(q::json(&m.author)?)
                .bind(&m.body)
                .bind(m.created_at)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::StaffTx for $tx {
            async fn insert_staff_user(&mut self, u: &crm_core::domain::StaffUser) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO staff_users (id, company_id, email, email_normalized, name, password_hash, created_at, disabled) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(u.id.as_uuid())
                .bind(u.company_id.as_uuid())
                .bind(u.email.as_str())
                .bind(u.email.normalized())
                .bind(&u.name)
                .bind(&u.password_hash)
                .bind(u.created_at)
                .bind(u.disabled)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn staff_user_for_update(&mut self, company: crm_core::domain::CompanyId, id: crm_core::domain::UserId) -> Result<Option<crm_core::domain::StaffUser>, crm_core::ports::StoreError> {
                q::one(
                    sqlx::query(concat!("SELECT * FROM staff_users WHERE company_id = $1 AND id = $2", $fu)).bind(company.as_uuid()).bind(id.as_uuid()),
                    &mut self.tx,
                    rows::staff_user,
                )
                .await
            }

            async fn update_staff_user(&mut self, u: &crm_core::domain::StaffUser) -> Result<(), crm_core::ports::StoreError> {
                let done = sqlx::query(
                    "UPDATE staff_users SET email = $3, email_normalized = $4, name = $5, password_hash = $6, disabled = $7 \
                     WHERE company_id = $1 AND id = $2",
                )
                .bind(u.company_id.as_uuid())
                .bind(u.id.as_uuid())
                .bind(u.email.as_str())
                .bind(u.email.normalized())
                .bind(&u.name)
                .bind(&u.password_hash)
                .bind(u.disabled)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                if done.rows_affected() != 1 {
                    return Err(crm_core::ports::StoreError::NotFound("staff user"));
                }
                Ok(())
            }

            async fn insert_staff_session(&mut self, s: &crm_core::domain::StaffSession) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO staff_sessions (id, company_id, user_id, token_hash, created_at, last_seen_at, expires_at, ended_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(s.id.as_uuid())
                .bind(s.company_id.as_uuid())
                .bind(s.user_id.as_uuid())
                .bind(s.token_hash.0.to_vec())
                .bind(s.created_at)
                .bind(s.last_seen_at)
                .bind(s.expires_at)
                .bind(s.ended_at)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn touch_staff_session(&mut self, id: crm_core::domain::StaffSessionId, at: chrono::DateTime<chrono::Utc>) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query("UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2")
                    .bind(id.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn end_staff_session(&mut self, id: crm_core::domain::StaffSessionId, at: chrono::DateTime<chrono::Utc>) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query("UPDATE staff_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
                    .bind(id.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn end_staff_sessions_of_user(&mut self, company: crm_core::domain::CompanyId, user: crm_core::domain::UserId, at: chrono::DateTime<chrono::Utc>) -> Result<u64, crm_core::ports::StoreError> {
                let done = sqlx::query("UPDATE staff_sessions SET ended_at = $3 WHERE company_id = $1 AND user_id = $2 AND ended_at IS NULL")
                    .bind(company.as_uuid())
                    .bind(user.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(done.rows_affected())
            }

            async fn api_token_by_hash(&mut self, hash: &crm_core::domain::TokenHash) -> Result<Option<crm_core::domain::ApiToken>, crm_core::ports::StoreError> {
                q::one(sqlx::query("SELECT * FROM api_tokens WHERE token_hash = $1").bind(hash.0.to_vec()), &mut self.tx, rows::api_token).await
            }

            async fn insert_api_token(&mut self, t: &crm_core::domain::ApiToken) -> Result<(), crm_core::ports::StoreError> {
                // The owner must be a user of the same company (the foreign key alone does not say so).
                let done = sqlx::query(
                    "INSERT INTO api_tokens (id, company_id, user_id, name, token_hash, created_at, last_used_at, revoked_at) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE EXISTS (SELECT 1 FROM staff_users WHERE id = $3 AND company_id = $2)",
                )
                .bind(t.id.as_uuid())
                .bind(t.company_id.as_uuid())
                .bind(t.user_id.as_uuid())
                .bind(&t.name)
                .bind(t.token_hash.0.to_vec())
                .bind(t.created_at)
                .bind(t.last_used_at)
                .bind(t.revoked_at)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                if done.rows_affected() != 1 {
                    return Err(crm_core::ports::StoreError::NotFound("staff user"));
                }
                Ok(())
            }

            async fn touch_api_token(&mut self, id: crm_core::domain::ApiTokenId, at: chrono::DateTime<chrono::Utc>) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)")
                    .bind(id.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(())
            }

            async fn revoke_api_token(&mut self, company: crm_core::domain::CompanyId, id: crm_core::domain::ApiTokenId, at: chrono::DateTime<chrono::Utc>) -> Result<bool, crm_core::ports::StoreError> {
                let done = sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE company_id = $1 AND id = $2")
                    .bind(company.as_uuid())
                    .bind(id.as_uuid())
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(done.rows_affected() == 1)
            }

            async fn throttle_hit(&mut self, key: &str, window_start: chrono::DateTime<chrono::Utc>, window_end: chrono::DateTime<chrono::Utc>) -> Result<u64, crm_core::ports::StoreError> {
                use sqlx::Row as _;
                let row = sqlx::query(
                    "INSERT INTO rate_limits (key, window_start, window_end, hits) VALUES ($1, $2, $3, 1) \
                     ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits",
                )
                .bind(key.to_owned())
                .bind(window_start)
                .bind(window_end)
                .fetch_one(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                let hits: i64 = row.try_get("hits").map_err(crate::common::db_error)?;
                Ok(u64::try_from(hits).unwrap_or(0))
            }

            async fn ensure_secret(&mut self, name: &str, candidate: &[u8; 32]) -> Result<Vec<u8>, crm_core::ports::StoreError> {
                use sqlx::Row as _;
                sqlx::query("INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                    .bind(name.to_owned())
                    .bind(candidate.to_vec())
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                let row = sqlx::query("SELECT value FROM app_secrets WHERE name = $1")
                    .bind(name.to_owned())
                    .fetch_one(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                row.try_get::<Vec<u8>, _>("value").map_err(crate::common::db_error)
            }

            async fn purge_throttle(&mut self, now: chrono::DateTime<chrono::Utc>) -> Result<u64, crm_core::ports::StoreError> {
                let done = sqlx::query("DELETE FROM rate_limits WHERE window_end <= $1")
                    .bind(now)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(crate::common::db_error)?;
                Ok(done.rows_affected())
            }
        }

        #[async_trait::async_trait]
        impl crm_core::ports::OutboxTx for $tx {
            async fn enqueue_email(&mut self, e: &crm_core::domain::OutboxEmail) -> Result<(), crm_core::ports::StoreError> {
                sqlx::query(
                    "INSERT INTO outbox (id, company_id, client_id, kind, to_email, to_name, subject, html_body, text_body, attachment, \
                     status, attempts, next_attempt_at, last_error, created_at, sent_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                )
                .bind(e.id.as_uuid())
                .bind(e.company_id.as_uuid())
                .bind(e.client_id.map(|c| c.as_uuid()))
                .bind(e.kind.as_str())
                .bind(&e.to_email)
                .bind(&e.to_name)
                .bind(&e.subject)
                .bind(&e.html_body)
                .bind(&e.text_body)
                .bind(e.attachment.as_ref().map(q::json).transpose()?)
                .bind(e.status.as_str())
                .bind(i32::try_from(e.attempts).unwrap_or(i32::MAX))
                .bind(e.next_attempt_at)
                .bind(&e.last_error)
                .bind(e.created_at)
                .bind(e.sent_at)
                .execute(&mut *self.tx)
                .await
                .map_err(crate::common::db_error)?;
                Ok(())
            }
        }
    };
}

pub(crate) use impl_store;
