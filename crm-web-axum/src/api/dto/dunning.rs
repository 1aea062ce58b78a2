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
    /// Clients whose letter could not be issued (nothing of it written; the next run tries
    /// again).
    pub failed: Vec<DunningFailureOut>,
}

/// A client a run could not issue its letter to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DunningFailureOut {
    /// The client.
    pub client_id: Uuid,
    /// Why, in English.
    pub error: String,
}

impl DunningRunOut {
    /// Converts.
    pub fn new(r: &DunningReport) -> Self {
        Self {
            issued: r.issued.iter().map(ReminderOut::new).collect(),
            skipped: r.skipped,
            base_rates_outdated: !r.outdated_base_rates.is_empty(),
            failed: r
                .failed
                .iter()
                .map(|f| DunningFailureOut {
                    client_id: f.client_id.as_uuid(),
                    error: f.error.clone(),
                })
                .collect(),
        }
    }
}

/// One dunning level of the company's schedule.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelRuleDto {
    /// `reminder`, `first`, `second` or `final`, in this order (levels may be left out).
    pub level: String,
    /// Days after the due date (the first level) or after the previous level was issued.
    pub days: u32,
    /// Fee in EUR for business clients (decimal string).
    #[schema(pattern = r"^[0-9]+(\.[0-9]+)?$", example = "40.00")]
    pub fee: String,
    /// Whether this level claims the default interest accrued so far (§288 BGB).
    pub charges_interest: bool,
}

impl LevelRuleDto {
    /// The wire form of a schedule's levels.
    pub fn of(s: &crm_core::domain::DunningSchedule) -> Vec<Self> {
        s.rules()
            .iter()
            .map(|r| Self {
                level: r.level.as_str().to_owned(),
                days: r.days,
                fee: money(r.fee, crm_core::domain::Currency::EUR),
                charges_interest: r.charges_interest,
            })
            .collect()
    }

    /// The domain's rules (not yet checked as a schedule); an unknown level or a fee that is
    /// no decimal goes to `errors` as `levels[i].level` / `levels[i].fee`.
    pub fn to_core(levels: &[Self], errors: &mut Collector) -> Vec<crm_core::domain::LevelRule> {
        let mut rules = Vec::new();
        for (i, r) in levels.iter().enumerate() {
            let level = errors.check(
                format!("levels[{i}].level"),
                crm_core::domain::DunningLevel::parse(&r.level),
            );
            let fee = decimal(errors, &format!("levels[{i}].fee"), &r.fee);
            if let Some(level) = level {
                rules.push(crm_core::domain::LevelRule {
                    level,
                    days: r.days,
                    fee,
                    charges_interest: r.charges_interest,
                });
            }
        }
        rules
    }
}

/// A client's own dunning levels, in place of the company's.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DunningScheduleDto {
    /// The levels in order (validated like the company's).
    #[schema(min_items = 1)]
    pub levels: Vec<LevelRuleDto>,
}

/// The base rate of §247 BGB from a date on.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseRateDto {
    /// A 1 January or 1 July.
    pub valid_from: NaiveDate,
    /// Percent per year (decimal string, may be negative).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "1.27")]
    pub percent: String,
}

/// How the company dunns.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DunningSettingsDto {
    /// Whether the periodic run issues reminders for this company.
    pub enabled: bool,
    /// The levels in order.
    #[schema(min_items = 1)]
    pub levels: Vec<LevelRuleDto>,
    /// The company's own base-rate table; null: the built-in Bundesbank values.
    #[serde(default)]
    pub base_rates: Option<Vec<BaseRateDto>>,
    /// Format of reminder numbers (a prefix like `MA-` or a pattern).
    pub reminder_prefix: String,
    /// Days from a reminder's date to its new due date (1–90).
    pub payment_days: u32,
}

impl DunningSettingsDto {
    /// The wire form of `s`.
    pub fn of(s: &crm_core::domain::DunningSettings) -> Self {
        Self {
            enabled: s.enabled,
            levels: LevelRuleDto::of(&s.schedule),
            base_rates: s.base_rates.as_ref().map(|t| {
                t.entries()
                    .iter()
                    .map(|e| BaseRateDto {
                        valid_from: e.valid_from,
                        percent: e.percent.normalize().to_string(),
                    })
                    .collect()
            }),
            reminder_prefix: s.reminder_prefix.clone(),
            payment_days: s.payment_days,
        }
    }

    /// The domain's settings; field errors (`levels[1].days`, `base_rates[0].valid_from`, …)
    /// go to `errors`.
    pub fn to_core(&self, errors: &mut Collector) -> Option<crm_core::domain::DunningSettings> {
        use crm_core::domain::{BaseRateEntry, BaseRateTable, DunningSchedule};
        let rules = LevelRuleDto::to_core(&self.levels, errors);
        let schedule = match DunningSchedule::new(rules) {
            Ok(s) => Some(s),
            Err(e) => {
                for f in e.0 {
                    errors.push(f.field, f.error);
                }
                None
            }
        };
        let base_rates = match &self.base_rates {
            None => Some(None),
            Some(entries) => {
                let entries = entries
                    .iter()
                    .enumerate()
                    .map(|(i, e)| BaseRateEntry {
                        valid_from: e.valid_from,
                        percent: decimal(errors, &format!("base_rates[{i}].percent"), &e.percent),
                    })
                    .collect();
                match BaseRateTable::new(entries) {
                    Ok(t) => Some(Some(t)),
                    Err(e) => {
                        for f in e.0 {
                            // The table names its entries `entries[i]`; on the wire they are
                            // `base_rates[i]`.
                            let field = f.field.replacen("entries", "base_rates", 1);
                            errors.push(field, f.error);
                        }
                        None
                    }
                }
            }
        };
        Some(crm_core::domain::DunningSettings {
            enabled: self.enabled,
            schedule: schedule?,
            base_rates: base_rates?,
            reminder_prefix: self.reminder_prefix.clone(),
            payment_days: self.payment_days,
        })
    }
}

/// A client's dunning block: why, and the last day it holds (none: until lifted).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DunningBlockDto {
    /// Why reminders are stopped (1–500 characters, one line).
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
    /// The last day it holds (not in the past); null: until lifted.
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

/// The last dunning level an invoice reached.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DunningMarkOut {
    /// `reminder`, `first`, `second` or `final`.
    pub level: String,
    /// When (the letter's date, or the day staff skipped the level).
    pub on: NaiveDate,
    /// The reminder; null for a skipped level.
    pub reminder_id: Option<Uuid>,
    /// Whether staff waived its fees and interest.
    pub waived: bool,
    /// Fees claimed so far (Σ of the levels reached).
    pub fees: String,
    /// Default interest claimed so far.
    pub interest: String,
    /// Paid towards the fees (payments settle fees first, then interest, then the balance).
    pub fees_paid: String,
    /// Paid towards the interest.
    pub interest_paid: String,
}
