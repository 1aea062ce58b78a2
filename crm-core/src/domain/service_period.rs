//! The date of supply or the service period (§14 Abs. 4 Nr. 6 UStG): one date, or a period
//! (a calendar month is enough, §31 Abs. 4 UStDV).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::validation::ValueError;

/// When the goods were delivered or the service was performed: `from == to` is one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawPeriod", into = "RawPeriod")]
pub struct ServicePeriod {
    from: NaiveDate,
    to: NaiveDate,
}

/// The wire form: `{"from": "2026-11-01", "to": "2026-11-30"}`; `to` may be left out for a
/// single date.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct RawPeriod {
    from: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<NaiveDate>,
}

impl ServicePeriod {
    /// A period; refused when it ends before it starts (`service_period.order`).
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, ValueError> {
        if to < from {
            return Err(ValueError::new("service_period.order"));
        }
        Ok(Self { from, to })
    }

    /// A single date of supply.
    pub fn on(date: NaiveDate) -> Self {
        Self {
            from: date,
            to: date,
        }
    }

    /// First day.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Last day.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// Whether it is a single date.
    pub fn is_single_date(&self) -> bool {
        self.from == self.to
    }
}

impl TryFrom<RawPeriod> for ServicePeriod {
    type Error = ValueError;
    fn try_from(raw: RawPeriod) -> Result<Self, Self::Error> {
        Self::new(raw.from, raw.to.unwrap_or(raw.from))
    }
}

impl From<ServicePeriod> for RawPeriod {
    fn from(p: ServicePeriod) -> Self {
        Self {
            from: p.from,
            to: (!p.is_single_date()).then_some(p.to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn a_period_may_not_end_before_it_starts() {
        assert_eq!(
            ServicePeriod::new(d("2026-11-30"), d("2026-11-01"))
                .expect_err("backwards")
                .code(),
            "service_period.order"
        );
        let p = ServicePeriod::new(d("2026-11-01"), d("2026-11-30")).expect("valid");
        assert!(!p.is_single_date());
        assert!(
            serde_json::from_str::<ServicePeriod>(r#"{"from":"2026-11-30","to":"2026-11-01"}"#)
                .is_err()
        );
        let single: ServicePeriod = serde_json::from_str(r#"{"from":"2026-11-30"}"#).expect("one");
        assert!(single.is_single_date());
        assert_eq!(
            serde_json::to_string(&single).expect("json"),
            r#"{"from":"2026-11-30"}"#
        );
    }
}
