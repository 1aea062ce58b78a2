//! A company's dunning settings: whether its invoices are dunned at all, the schedule, the
//! base-rate table interest is computed from, the reminders' number range and how long the
//! client is given to pay after a reminder.

use serde::{Deserialize, Serialize};

use super::base_rate::BaseRateTable;
use super::levels::DunningSchedule;

/// Days a reminder gives the client to pay (its new due date).
pub const DEFAULT_PAYMENT_DAYS: u32 = 7;

/// How a company dunns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningSettings {
    /// Whether the periodic run issues reminders for this company (staff can still issue one
    /// by hand when it is off).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The levels, their waits, fees and interest.
    #[serde(default)]
    pub schedule: DunningSchedule,
    /// The company's own base-rate table; `None`: the built-in Bundesbank values
    /// ([`BaseRateTable::bundesbank`]).
    #[serde(default)]
    pub base_rates: Option<BaseRateTable>,
    /// Format of reminder numbers (prefix or pattern, like the invoices').
    #[serde(default = "default_prefix")]
    pub reminder_prefix: String,
    /// Days from a reminder's date to its new due date.
    #[serde(default = "default_payment_days")]
    pub payment_days: u32,
}

fn yes() -> bool {
    true
}

fn default_prefix() -> String {
    "MA-".into()
}

fn default_payment_days() -> u32 {
    DEFAULT_PAYMENT_DAYS
}

impl Default for DunningSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            schedule: DunningSchedule::default(),
            base_rates: None,
            reminder_prefix: default_prefix(),
            payment_days: DEFAULT_PAYMENT_DAYS,
        }
    }
}

impl DunningSettings {
    /// The table interest is computed from.
    pub fn base_rates(&self) -> std::borrow::Cow<'_, BaseRateTable> {
        match &self.base_rates {
            Some(t) => std::borrow::Cow::Borrowed(t),
            None => std::borrow::Cow::Owned(BaseRateTable::bundesbank()),
        }
    }
}
