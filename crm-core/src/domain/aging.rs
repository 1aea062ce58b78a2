//! Receivables aging: open balances grouped by how long they are past due.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::invoice::Invoice;

/// One aging bucket, by whole days past due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgingBucket {
    /// Not yet due, or 0–30 days past due.
    Days0To30,
    /// 31–60 days past due.
    Days31To60,
    /// 61–90 days past due.
    Days61To90,
    /// 91–120 days past due.
    Days91To120,
    /// More than 120 days past due.
    Over120,
}

impl AgingBucket {
    /// All buckets, youngest first.
    pub const ALL: [AgingBucket; 5] = [
        Self::Days0To30,
        Self::Days31To60,
        Self::Days61To90,
        Self::Days91To120,
        Self::Over120,
    ];

    /// The bucket of an invoice `days` past due (negative: not yet due).
    pub fn for_days_past_due(days: i64) -> Self {
        match days {
            ..=30 => Self::Days0To30,
            31..=60 => Self::Days31To60,
            61..=90 => Self::Days61To90,
            91..=120 => Self::Days91To120,
            _ => Self::Over120,
        }
    }
}

/// Open balances per [`AgingBucket`], in the invoices' currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Aging {
    /// Not yet due, or 0–30 days past due.
    pub days_0_30: Decimal,
    /// 31–60 days past due.
    pub days_31_60: Decimal,
    /// 61–90 days past due.
    pub days_61_90: Decimal,
    /// 91–120 days past due.
    pub days_91_120: Decimal,
    /// More than 120 days past due.
    pub over_120: Decimal,
}

impl Aging {
    /// The amount in `bucket`.
    pub fn get(&self, bucket: AgingBucket) -> Decimal {
        match bucket {
            AgingBucket::Days0To30 => self.days_0_30,
            AgingBucket::Days31To60 => self.days_31_60,
            AgingBucket::Days61To90 => self.days_61_90,
            AgingBucket::Days91To120 => self.days_91_120,
            AgingBucket::Over120 => self.over_120,
        }
    }

    fn slot(&mut self, bucket: AgingBucket) -> &mut Decimal {
        match bucket {
            AgingBucket::Days0To30 => &mut self.days_0_30,
            AgingBucket::Days31To60 => &mut self.days_31_60,
            AgingBucket::Days61To90 => &mut self.days_61_90,
            AgingBucket::Days91To120 => &mut self.days_91_120,
            AgingBucket::Over120 => &mut self.over_120,
        }
    }

    /// The sum of all buckets: everything still open.
    pub fn total(&self) -> Decimal {
        AgingBucket::ALL.iter().map(|b| self.get(*b)).sum()
    }
}

/// Groups the balances of the open invoices (sent or partly paid, balance > 0) by days past
/// due at `at`. An invoice without a due date counts from its issue date; without either it
/// counts as current. Drafts, paid and cancelled invoices hold no receivable and are skipped.
pub fn aging<'a>(invoices: impl IntoIterator<Item = &'a Invoice>, at: NaiveDate) -> Aging {
    let mut out = Aging::default();
    for inv in invoices {
        if !inv.status.is_open() || inv.balance <= Decimal::ZERO {
            continue;
        }
        let days = inv
            .due_date
            .or(inv.issue_date)
            .map_or(0, |due| (at - due).num_days());
        *out.slot(AgingBucket::for_days_past_due(days)) += inv.balance;
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use rust_decimal::dec;

    use super::*;
    use crate::domain::{Currency, InvoiceStatus, Totals};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn invoice(status: InvoiceStatus, balance: Decimal, due: Option<NaiveDate>) -> Invoice {
        let now = Utc
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("time");
        Invoice {
            id: Default::default(),
            company_id: Default::default(),
            client_id: Default::default(),
            number: Some("RE-1".into()),
            status,
            currency: Currency::EUR,
            lines: Vec::new(),
            totals: Totals::compute(&[], Currency::EUR),
            amount_paid: Decimal::ZERO,
            balance,
            issue_date: due.map(|d| d - chrono::Days::new(14)),
            due_date: due,
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
        }
    }

    #[test]
    fn bucket_boundaries_are_inclusive_at_the_top() {
        use AgingBucket::*;
        let cases = [
            (-10, Days0To30),
            (0, Days0To30),
            (30, Days0To30),
            (31, Days31To60),
            (60, Days31To60),
            (61, Days61To90),
            (90, Days61To90),
            (91, Days91To120),
            (120, Days91To120),
            (121, Over120),
            (5000, Over120),
        ];
        for (days, bucket) in cases {
            assert_eq!(AgingBucket::for_days_past_due(days), bucket, "{days} days");
        }
    }

    #[test]
    fn groups_open_balances_by_days_past_due() {
        let at = date(2026, 11, 30);
        let invoices = [
            // Not yet due: current.
            invoice(InvoiceStatus::Sent, dec!(100), Some(date(2026, 12, 10))),
            // Exactly 30 days past due.
            invoice(InvoiceStatus::Sent, dec!(10), Some(date(2026, 10, 31))),
            // 31 days.
            invoice(InvoiceStatus::Partial, dec!(20), Some(date(2026, 10, 30))),
            // 90 days.
            invoice(InvoiceStatus::Sent, dec!(30), Some(date(2026, 9, 1))),
            // 120 days.
            invoice(InvoiceStatus::Sent, dec!(40), Some(date(2026, 8, 2))),
            // 121 days.
            invoice(InvoiceStatus::Sent, dec!(50), Some(date(2026, 8, 1))),
            // Not receivables.
            invoice(InvoiceStatus::Paid, dec!(0), Some(date(2026, 1, 1))),
            invoice(InvoiceStatus::Cancelled, dec!(0), Some(date(2026, 1, 1))),
            invoice(InvoiceStatus::Draft, dec!(999), None),
        ];
        let a = aging(&invoices, at);
        assert_eq!(
            a,
            Aging {
                days_0_30: dec!(110),
                days_31_60: dec!(20),
                days_61_90: dec!(30),
                days_91_120: dec!(40),
                over_120: dec!(50),
            }
        );
        assert_eq!(a.total(), dec!(250));
    }

    #[test]
    fn without_a_due_date_counts_from_issue_or_as_current() {
        let at = date(2026, 11, 30);
        let mut from_issue = invoice(InvoiceStatus::Sent, dec!(5), None);
        from_issue.issue_date = Some(date(2026, 9, 30)); // 61 days
        let undated = invoice(InvoiceStatus::Sent, dec!(7), None);
        let a = aging([&from_issue, &undated], at);
        assert_eq!(a.days_61_90, dec!(5));
        assert_eq!(a.days_0_30, dec!(7));
    }
}
