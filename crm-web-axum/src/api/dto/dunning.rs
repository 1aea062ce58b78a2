//! Dunning on the wire: the levels due (dry run), a run's report, and reminders.

use super::*;
use crm_core::domain::{InterestSegment, Reminder, ReminderItem};
use crm_core::service::{DueLevel, DunningReport};

/// An open invoice a dunning level is due for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueLevelOut {
    /// The client.
    pub client_id: Uuid,
    /// The invoice.
    pub invoice_id: Uuid,
    /// Its due date.
    pub due_date: NaiveDate,
    /// `reminder`, `first`, `second` or `final`.
    pub level: String,
}

impl DueLevelOut {
    /// Converts.
    pub fn new(d: &DueLevel) -> Self {
        Self {
            client_id: d.client_id.as_uuid(),
            invoice_id: d.invoice_id.as_uuid(),
            due_date: d.due_date,
            level: d.level.as_str().to_owned(),
        }
    }
}

/// Days of one interest rate on one principal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InterestSegmentOut {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Days.
    pub days: i64,
    /// Base rate of §247 BGB, percent.
    pub base_rate: String,
    /// Default-interest rate, percent per year.
    pub rate: String,
    /// The principal that bore it.
    pub principal: String,
    /// The interest of these days, rounded to the cent for display.
    pub amount: String,
}

/// An overdue invoice on a reminder.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReminderItemOut {
    /// The invoice.
    pub invoice_id: Uuid,
    /// Its number.
    pub number: String,
    /// Its issue date.
    pub issue_date: NaiveDate,
    /// Its due date.
    pub due_date: NaiveDate,
    /// The level it reached with this reminder.
    pub level: String,
    /// Open principal.
    pub open: String,
    /// Default interest until the reminder's date.
    pub interest: String,
    /// How the interest was computed.
    pub interest_segments: Vec<InterestSegmentOut>,
    /// Fees.
    pub fee: String,
    /// Principal + interest + fee.
    pub total: String,
}

/// A payment reminder or Mahnung.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReminderOut {
    /// Id.
    pub id: Uuid,
    /// The client.
    pub client_id: Uuid,
    /// Number (`MA-00001`).
    pub number: String,
    /// The letter's level: the highest of its items.
    pub level: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// The new due date.
    pub due_date: NaiveDate,
    /// ISO 4217.
    pub currency: String,
    /// The overdue invoices.
    pub items: Vec<ReminderItemOut>,
    /// Σ open principal.
    pub open: String,
    /// Σ interest.
    pub interest: String,
    /// Σ fees.
    pub fees: String,
    /// What it asks for.
    pub total: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

fn segment_out(s: &InterestSegment, c: crm_core::domain::Currency) -> InterestSegmentOut {
    InterestSegmentOut {
        from: s.from,
        to: s.to,
        days: s.days,
        base_rate: s.base_rate.normalize().to_string(),
        rate: s.rate.normalize().to_string(),
        principal: money(s.principal, c),
        amount: money(s.display_amount(), c),
    }
}

fn item_out(i: &ReminderItem, c: crm_core::domain::Currency) -> ReminderItemOut {
    ReminderItemOut {
        invoice_id: i.invoice_id.as_uuid(),
        number: i.number.clone(),
        issue_date: i.issue_date,
        due_date: i.due_date,
        level: i.level.as_str().to_owned(),
        open: money(i.open, c),
        interest: money(i.interest, c),
        interest_segments: i
            .interest_segments
            .iter()
            .map(|s| segment_out(s, c))
            .collect(),
        fee: money(i.fee, c),
        total: money(i.total(), c),
    }
}

impl ReminderOut {
    /// Converts.
    pub fn new(r: &Reminder) -> Self {
        let c = r.currency;
        Self {
            id: r.id.as_uuid(),
            client_id: r.client_id.as_uuid(),
            number: r.number.clone(),
            level: r.level.as_str().to_owned(),
            issue_date: r.issue_date,
            due_date: r.due_date,
            currency: c.code().to_owned(),
            items: r.items.iter().map(|i| item_out(i, c)).collect(),
            open: money(r.open(), c),
            interest: money(r.interest(), c),
            fees: money(r.fees(), c),
            total: money(r.total(), c),
            created_at: r.created_at,
        }
    }
}

/// What a dunning run did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DunningRunOut {
    /// The reminders issued, one per client.
    pub issued: Vec<ReminderOut>,
    /// Due levels left for the next run (changed meanwhile, or issued by another run).
    pub skipped: usize,
    /// Whether the base-rate table does not cover today, so no interest was claimed.
    pub base_rates_outdated: bool,
}

impl DunningRunOut {
    /// Converts.
    pub fn new(r: &DunningReport) -> Self {
        Self {
            issued: r.issued.iter().map(ReminderOut::new).collect(),
            skipped: r.skipped,
            base_rates_outdated: !r.outdated_base_rates.is_empty(),
        }
    }
}
