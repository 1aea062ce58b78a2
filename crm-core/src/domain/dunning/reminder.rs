//! The reminder as a document: one letter to a client, numbered and dated like an invoice and
//! frozen like one (PDF bytes and their hash), listing the client's overdue invoices at the
//! level each has reached, with what is open on each, the interest and the fees shown
//! separately, the total due and a new due date.
//!
//! A reminder is created issued and never changes. Each (invoice, level) appears in at most
//! one reminder: the storage refuses a second one, and the service checks under the invoice's
//! lock, so concurrent runs issue it once.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::claims::DunningCosts;
use super::interest::InterestSegment;
use super::levels::DunningLevel;
use crate::domain::currency::Currency;
use crate::domain::ids::{ClientId, CompanyId, InvoiceId, ReminderId};
use crate::domain::invoice::BillTo;
use crate::domain::legal::Seller;

/// The last level an invoice has reached, as the invoice keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningMark {
    /// The level.
    pub level: DunningLevel,
    /// The day the reminder at that level was issued (or the level skipped).
    pub on: NaiveDate,
    /// The reminder; `None` for a level staff skipped.
    pub reminder: Option<ReminderId>,
    /// Staff waived the fees and interest: later letters claim only the principal.
    #[serde(default)]
    pub waived: bool,
    /// The fees and interest claimed so far, and what was paid of them.
    #[serde(default)]
    pub costs: DunningCosts,
}

/// One overdue invoice on a reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderItem {
    /// The invoice.
    pub invoice_id: InvoiceId,
    /// Its number.
    pub number: String,
    /// Its issue date.
    pub issue_date: NaiveDate,
    /// Its due date.
    pub due_date: NaiveDate,
    /// The level it reaches with this reminder.
    pub level: DunningLevel,
    /// What is open of the invoice itself (the principal).
    pub open: Decimal,
    /// Default interest still open: accrued until the reminder's date, less what was paid of
    /// it (zero where the level claims none).
    pub interest: Decimal,
    /// How the interest was computed, for the letter.
    #[serde(default)]
    pub interest_segments: Vec<InterestSegment>,
    /// The fees still open on it: those of every level reached, less what was paid of them
    /// (zero for consumers, for other currencies than the euro, and once waived).
    pub fee: Decimal,
}

impl ReminderItem {
    /// Principal + interest + fee.
    pub fn total(&self) -> Decimal {
        self.open + self.interest + self.fee
    }
}

/// An issued reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Id.
    pub id: ReminderId,
    /// Tenant.
    pub company_id: CompanyId,
    /// The client it is addressed to.
    pub client_id: ClientId,
    /// Number from its own range (`MA-00001`).
    pub number: String,
    /// The letter's level: the highest its items reach (it sets the wording and template).
    pub level: DunningLevel,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// The new date by which the total is to be paid.
    pub due_date: NaiveDate,
    /// The client's currency (every item's).
    pub currency: Currency,
    /// The overdue invoices, oldest due first.
    pub items: Vec<ReminderItem>,
    /// The seller as it is when the reminder is issued.
    pub seller: Seller,
    /// The client's recipient block, as of the issue.
    pub bill_to: BillTo,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl Reminder {
    /// Σ open principal.
    pub fn open(&self) -> Decimal {
        self.items.iter().map(|i| i.open).sum()
    }

    /// Σ interest.
    pub fn interest(&self) -> Decimal {
        self.items.iter().map(|i| i.interest).sum()
    }

    /// Σ fees.
    pub fn fees(&self) -> Decimal {
        self.items.iter().map(|i| i.fee).sum()
    }

    /// What the letter asks for.
    pub fn total(&self) -> Decimal {
        self.items.iter().map(ReminderItem::total).sum()
    }

    /// The invoice's line on it, if it is one of its items.
    pub fn item(&self, invoice: InvoiceId) -> Option<&ReminderItem> {
        self.items.iter().find(|i| i.invoice_id == invoice)
    }
}
