//! A client's dunning block: staff stop reminders for a client (a dispute, an agreed
//! instalment plan, insolvency proceedings), with a reason and optionally until a day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::validation::{Collector, ValidationErrors, ValueError};

/// Longest reason kept.
pub const MAX_BLOCK_REASON: usize = 500;

/// Reminders stopped for a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningBlock {
    /// Why (shown to staff, logged).
    pub reason: String,
    /// The last day the block holds; `None`: until lifted.
    pub until: Option<NaiveDate>,
}

impl DunningBlock {
    /// A block from what staff entered on `today`: a reason (1–500 characters, one line) and
    /// an end date not in the past. Field errors `reason` and `until`.
    pub fn new(
        reason: &str,
        until: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Self, ValidationErrors> {
        let mut c = Collector::new();
        let reason = reason.trim();
        if reason.is_empty() {
            c.push("reason", ValueError::new("dunning.block_reason_required"));
        } else if reason.chars().count() > MAX_BLOCK_REASON || reason.contains(['\n', '\r']) {
            c.push(
                "reason",
                ValueError::new("dunning.block_reason_long").arg("max", MAX_BLOCK_REASON),
            );
        }
        if until.is_some_and(|u| u < today) {
            c.push("until", ValueError::new("dunning.block_until_past"));
        }
        c.finish()?;
        Ok(Self {
            reason: reason.to_owned(),
            until,
        })
    }

    /// Whether it stops reminders on `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.until.is_none_or(|u| day <= u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_block_needs_a_reason_and_no_past_end() {
        let today = date("2026-12-03");
        let e = DunningBlock::new(" ", Some(date("2026-12-02")), today).unwrap_err();
        assert_eq!(
            e.field("reason").map(ValueError::code),
            Some("dunning.block_reason_required")
        );
        assert_eq!(
            e.field("until").map(ValueError::code),
            Some("dunning.block_until_past")
        );
        let b = DunningBlock::new(" Streit über Lieferung ", Some(today), today).unwrap();
        assert_eq!(b.reason, "Streit über Lieferung");
        assert!(b.holds_on(today));
        assert!(!b.holds_on(date("2026-12-04")));
        let open = DunningBlock::new("Ratenzahlung", None, today).unwrap();
        assert!(open.holds_on(date("2030-01-01")));
    }
}
