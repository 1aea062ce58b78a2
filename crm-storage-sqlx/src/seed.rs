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
                    ..Default::default()
                },
                LineItemInput {
                    description: "Fachbuch „Rechnungswesen“".into(),
                    quantity: Decimal::from(1 + i % 3),
                    unit_price: Decimal::new(3_990, 2),
                    tax_rate: Decimal::from(7),
                    discount: Decimal::ZERO,
                    ..Default::default()
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
        legal: Default::default(),
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
                seller: None,
                skonto: None,
                treatment: Default::default(),
                service_period: None,
                notes: None,
                terms: None,
                credited: Decimal::ZERO,
                cancelled_by: None,
                eur_rate: None,
                dunning: None,
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
