//! Seeding: fills a database with a realistic data set fast (multi-row inserts in large
//! transactions), for benchmarks, demos and load tests.
//!
//! The data go straight to the tables, but every figure is computed with the core's rules
//! (`LineItem`, `Totals`, `ClientMetrics::of_invoice`), so the maintained metrics equal a
//! recomputation exactly as if the use cases had written them.

use std::time::Duration;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use crm_core::domain::money::validate_lines;
use crm_core::domain::{
    ClientId, ClientMetrics, Company, CompanyId, CompanySettings, Currency, EmailAddress, Invoice,
    InvoiceId, InvoiceStatus, LineItemInput, Locale, PostalAddress, Totals,
};
use rust_decimal::Decimal;

/// What to seed.
#[derive(Debug, Clone)]
pub struct SeedSpec {
    /// Clients with an exact number of invoices each (e.g. `[100_000, 10_000, 1_000]`), created
    /// first so benchmarks can find them.
    pub sized_clients: Vec<u64>,
    /// Further clients.
    pub other_clients: u64,
    /// Invoices spread evenly over the further clients.
    pub other_invoices: u64,
    /// Rows per INSERT statement.
    pub batch: usize,
}

impl SeedSpec {
    /// The benchmark data set: 1,000,000 invoices over 10,000 clients; clients with 100,000,
    /// 10,000 and 1,000 invoices come first.
    pub fn benchmark() -> Self {
        let sized = vec![100_000, 10_000, 1_000];
        let sized_total: u64 = sized.iter().sum();
        Self {
            sized_clients: sized,
            other_clients: 10_000 - 3,
            other_invoices: 1_000_000 - sized_total,
            batch: 1_000,
        }
    }
}

/// What was seeded.
#[derive(Debug, Clone)]
pub struct SeedReport {
    /// The company all rows belong to.
    pub company: CompanyId,
    /// The sized clients, in the order of [`SeedSpec::sized_clients`].
    pub sized_clients: Vec<ClientId>,
    /// Rows inserted (all tables).
    pub rows: u64,
    /// Time taken.
    pub elapsed: Duration,
}

impl SeedReport {
    /// Rows per second.
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// A small deterministic generator, so every run seeds the same data.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed | 1)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Pre-computed invoice bodies (lines + totals as stored JSON), reused across rows.
pub(crate) struct Bodies {
    pub(crate) items: Vec<(String, String, Decimal)>,
}

impl Bodies {
    pub(crate) fn new() -> Self {
        let mut items = Vec::new();
        for i in 0..64u32 {
            let inputs = vec![
                LineItemInput {
                    description: format!("Beratung Paket {i}"),
                    quantity: Decimal::from(1 + i % 5),
                    unit_price: Decimal::new(i64::from(4_950 + i * 1_337), 2),
                    tax_rate: Decimal::from(19),
                    discount: Decimal::ZERO,
                },
                LineItemInput {
                    description: "Fachbuch „Rechnungswesen“".into(),
                    quantity: Decimal::from(1 + i % 3),
                    unit_price: Decimal::new(3_990, 2),
                    tax_rate: Decimal::from(7),
                    discount: Decimal::ZERO,
                },
            ];
            let Ok(lines) = validate_lines(&inputs, Currency::EUR) else {
                continue;
            };
            let totals = Totals::compute(&lines, Currency::EUR);
            let (Ok(l), Ok(t)) = (
                serde_json::to_string(&lines),
                serde_json::to_string(&totals),
            ) else {
                continue;
            };
            items.push((l, t, totals.total));
        }
        Self { items }
    }
}

/// The seeded company.
pub(crate) fn company() -> Result<Company, String> {
    Ok(Company {
        id: CompanyId::new(),
        name: "Benchmark GmbH".into(),
        email: EmailAddress::parse("bench@example.com").map_err(|e| e.to_string())?,
        address: PostalAddress::new(
            "Hauptstraße 1",
            "Berlin",
            None,
            "10115",
            crm_core::domain::Country::DE,
        )
        .map_err(|e| e.to_string())?,
        tax_id: None,
        currency: Currency::EUR,
        locale: Locale::De,
        settings: CompanySettings::default(),
        created_at: Utc::now(),
    })
}

/// One generated invoice row plus the payment it implies.
pub(crate) struct GenInvoice {
    pub(crate) id: InvoiceId,
    pub(crate) client: ClientId,
    pub(crate) number: String,
    pub(crate) status: InvoiceStatus,
    pub(crate) body: usize,
    pub(crate) total: i64,
    pub(crate) paid: i64,
    pub(crate) balance: i64,
    pub(crate) issue: NaiveDate,
    pub(crate) due: NaiveDate,
    pub(crate) created_at: DateTime<Utc>,
}

/// Generates invoice `n` (of the whole seed) for `client`.
pub(crate) fn invoice(rng: &mut Rng, bodies: &Bodies, client: ClientId, n: u64) -> GenInvoice {
    let body = rng.below(bodies.items.len() as u64) as usize;
    let total_dec = bodies.items[body].2;
    let total =
        (total_dec * Decimal::ONE_HUNDRED).mantissa() as i64 / 10_i64.pow(total_dec.scale());
    let status = match rng.below(100) {
        0..=59 => InvoiceStatus::Paid,
        60..=74 => InvoiceStatus::Partial,
        75..=91 => InvoiceStatus::Sent,
        92..=95 => InvoiceStatus::Draft,
        _ => InvoiceStatus::Cancelled,
    };
    let (paid, balance) = match status {
        InvoiceStatus::Paid => (total, 0),
        InvoiceStatus::Partial => (total / 2, total - total / 2),
        InvoiceStatus::Sent | InvoiceStatus::Processing => (0, total),
        InvoiceStatus::Draft | InvoiceStatus::Cancelled => (0, 0),
    };
    let base = Utc
        .with_ymd_and_hms(2023, 1, 1, 8, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let created_at = base + chrono::Duration::seconds((n * 90 + rng.below(60)) as i64);
    let issue = created_at.date_naive();
    GenInvoice {
        id: InvoiceId::new(),
        client,
        number: format!("RE-{n:07}"),
        status,
        body,
        total,
        paid,
        balance,
        issue,
        due: issue.checked_add_days(Days::new(14)).unwrap_or(issue),
        created_at,
    }
}

/// Invoices to compute metric contributions with, one per body: the core's rule
/// (`ClientMetrics::of_invoice`) on the real lines and totals, without parsing JSON per row.
pub(crate) fn templates(bodies: &Bodies) -> Result<Vec<Invoice>, String> {
    bodies
        .items
        .iter()
        .map(|(lines, totals, _)| {
            let now = Utc::now();
            Ok(Invoice {
                id: InvoiceId::new(),
                company_id: CompanyId::new(),
                client_id: ClientId::new(),
                number: None,
                status: InvoiceStatus::Draft,
                currency: Currency::EUR,
                lines: serde_json::from_str(lines).map_err(|e| e.to_string())?,
                totals: serde_json::from_str(totals).map_err(|e| e.to_string())?,
                amount_paid: Decimal::ZERO,
                balance: Decimal::ZERO,
                issue_date: None,
                due_date: None,
                bill_to: None,
                notes: None,
                terms: None,
                quote_id: None,
                viewed_at: None,
                created_at: now,
                updated_at: now,
            })
        })
        .collect()
}

/// The metrics contribution of a generated invoice, by the core's rule.
pub(crate) fn contribution(g: &GenInvoice, template: &mut Invoice) -> ClientMetrics {
    template.status = g.status;
    template.amount_paid = Decimal::new(g.paid, 2);
    template.balance = Decimal::new(g.balance, 2);
    ClientMetrics::of_invoice(template)
}

/// Generates `count` seed rows per backend; see `SqliteStore::seed` / `PgStore::seed`.
macro_rules! impl_seed {
    ($db:ty, $store:ident, $json:literal) => {
        impl $store {
            /// Seeds one company with clients, invoices and payments as `spec` says. Returns
            /// the sized clients and the throughput.
            pub async fn seed(
                &self,
                spec: &$crate::seed::SeedSpec,
            ) -> Result<$crate::seed::SeedReport, crm_core::ports::StoreError> {
                use crm_core::domain::*;
                use chrono::Utc;
                use crm_core::ports::StoreError;
                use $crate::common::db_error;
                use $crate::seed::*;

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
                let address = serde_json::to_string(&company.address).map_err($crate::common::json_error)?;

                // Clients, contacts and their (final) metrics.
                let sized = spec.sized_clients.len() as u64;
                let total_clients = sized + spec.other_clients;
                let client_ids: Vec<ClientId> = (0..total_clients).map(|_| ClientId::new()).collect();
                let per_other = if spec.other_clients == 0 { 0 } else { spec.other_invoices / spec.other_clients };
                let counts: Vec<u64> = (0..total_clients)
                    .map(|i| if i < sized { spec.sized_clients[i as usize] } else { per_other })
                    .collect();
                let now = Utc::now();
                for chunk in (0..total_clients).collect::<Vec<_>>().chunks(batch) {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let mut qb = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO clients (id, company_id, number, name, address, tax_id, currency, locale, notes, archived, search_text, created_at, updated_at) ",
                    );
                    qb.push_values(chunk, |mut b, &i| {
                        let name = format!("Kunde {i:05} GmbH");
                        b.push_bind(client_ids[i as usize].as_uuid())
                            .push_bind(company.id.as_uuid())
                            .push_bind(format!("K-{i:05}"))
                            .push_bind(name.clone())
                            .push_bind(address.clone())
                            .push_unseparated($json)
                            .push_bind(Option::<String>::None)
                            .push_bind("EUR")
                            .push_bind("de-DE")
                            .push_bind(Option::<String>::None)
                            .push_bind(false)
                            .push_bind(format!("{}\nk-{i:05}\nbuchhaltung{i}@kunde.example.com", name.to_lowercase()))
                            .push_bind(now)
                            .push_bind(now);
                    });
                    qb.build().execute(&mut *tx).await.map_err(db_error)?;
                    let mut qb = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO contacts (id, company_id, client_id, position, name, email, email_normalized, phone, is_primary) ",
                    );
                    qb.push_values(chunk, |mut b, &i| {
                        let email = format!("buchhaltung{i}@kunde.example.com");
                        b.push_bind(ContactId::new().as_uuid())
                            .push_bind(company.id.as_uuid())
                            .push_bind(client_ids[i as usize].as_uuid())
                            .push_bind(0_i32)
                            .push_bind(format!("Buchhaltung {i}"))
                            .push_bind(email.clone())
                            .push_bind(email)
                            .push_bind(Option::<String>::None)
                            .push_bind(true);
                    });
                    qb.build().execute(&mut *tx).await.map_err(db_error)?;
                    tx.commit().await.map_err(db_error)?;
                    rows += 2 * chunk.len() as u64;
                }

                // Invoices and payments, client by client.
                let mut metrics: Vec<ClientMetrics> = vec![ClientMetrics::default(); total_clients as usize];
                let mut n: u64 = 0;
                let mut pending: Vec<(usize, GenInvoice)> = Vec::with_capacity(batch);
                let flush = async |pending: &mut Vec<(usize, GenInvoice)>| -> Result<u64, StoreError> {
                    if pending.is_empty() {
                        return Ok(0);
                    }
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let mut qb = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO invoices (id, company_id, client_id, number, status, currency, minor_units, lines, totals, total, amount_paid, balance, issue_date, due_date, bill_to, notes, terms, quote_id, viewed_at, created_at, updated_at) ",
                    );
                    // Constant columns are SQL literals: fewer bound values make the insert faster.
                    qb.push_values(pending.iter(), |mut b, (_, g)| {
                        let draft = g.status == InvoiceStatus::Draft;
                        b.push_bind(g.id.as_uuid())
                            .push_bind(company.id.as_uuid())
                            .push_bind(g.client.as_uuid())
                            .push_bind(if draft { None } else { Some(g.number.clone()) })
                            .push_bind(g.status.as_str())
                            .push("'EUR'")
                            .push("2")
                            .push_bind(bodies.items[g.body].0.as_str())
                            .push_unseparated($json)
                            .push_bind(bodies.items[g.body].1.as_str())
                            .push_unseparated($json)
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
                    let paid: Vec<&GenInvoice> = pending.iter().map(|(_, g)| g).filter(|g| g.paid > 0).collect();
                    if !paid.is_empty() {
                        let mut qb = sqlx::QueryBuilder::<$db>::new(
                            "INSERT INTO payments (id, company_id, client_id, invoice_id, amount, refunded, currency, minor_units, date, method, reference, created_at) ",
                        );
                        qb.push_values(paid.iter(), |mut b, g| {
                            b.push_bind(PaymentId::new().as_uuid())
                                .push_bind(company.id.as_uuid())
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
                    let written = (pending.len() + paid.len()) as u64;
                    pending.clear();
                    Ok(written)
                };
                for (ci, &count) in counts.iter().enumerate() {
                    for _ in 0..count {
                        n += 1;
                        let g = invoice(&mut rng, &bodies, client_ids[ci], n);
                        metrics[ci] = metrics[ci] + contribution(&g, &mut templates[g.body]);
                        pending.push((ci, g));
                        if pending.len() >= batch {
                            rows += flush(&mut pending).await?;
                        }
                    }
                }
                rows += flush(&mut pending).await?;

                let minor: Vec<(i64, i64, i64)> = metrics
                    .iter()
                    .map(|m| {
                        Ok((
                            $crate::common::to_minor(m.total_invoiced, Currency::EUR)?,
                            $crate::common::to_minor(m.total_paid, Currency::EUR)?,
                            $crate::common::to_minor(m.outstanding, Currency::EUR)?,
                        ))
                    })
                    .collect::<Result<_, StoreError>>()?;
                for chunk in (0..total_clients as usize).collect::<Vec<_>>().chunks(batch) {
                    let mut qb = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO client_metrics (client_id, company_id, total_invoiced, total_paid, outstanding) ",
                    );
                    qb.push_values(chunk, |mut b, &i| {
                        b.push_bind(client_ids[i].as_uuid())
                            .push_bind(company.id.as_uuid())
                            .push_bind(minor[i].0)
                            .push_bind(minor[i].1)
                            .push_bind(minor[i].2);
                    });
                    qb.build().execute(&self.pool).await.map_err(db_error)?;
                    rows += chunk.len() as u64;
                }
                Ok(SeedReport {
                    company: company.id,
                    sized_clients: client_ids.into_iter().take(sized as usize).collect(),
                    rows,
                    elapsed: started.elapsed(),
                })
            }
        }
    };
}

pub(crate) use impl_seed;
