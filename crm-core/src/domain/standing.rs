//! A client's standing at a glance: invoiced vs paid per month, overdue amount, payment habits.
//!
//! Computed from the documents on demand (staff views only): nothing here is cached, so it
//! cannot drift from the invoices and payments it summarises.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::invoice::{Invoice, InvoiceStatus};
use super::payment::{Payment, Refund};

/// Invoiced and paid amounts of one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Invoices issued in the month (not drafts, not cancelled), gross.
    pub invoiced: Decimal,
    /// Payments received in the month, net of refunds made in the month.
    pub paid: Decimal,
}

/// How reliably a client pays, as one word for a busy reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandingLevel {
    /// Nothing overdue.
    Good,
    /// Something is overdue, but nothing by more than 30 days.
    Watch,
    /// An invoice is more than 30 days overdue.
    Poor,
}

/// The standing indicator of the 360° view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// The verdict.
    pub level: StandingLevel,
    /// Sum of the balances of overdue invoices.
    pub overdue: Decimal,
    /// Number of overdue invoices.
    pub overdue_invoices: u32,
    /// Most days any open invoice is past due (0 when none is).
    pub max_days_overdue: i64,
    /// Average days from issue to full payment of invoices paid off in the last 12 months
    /// (one decimal), `None` when none was.
    pub avg_days_to_pay: Option<Decimal>,
    /// How many invoices that average is over.
    pub paid_invoices_12m: u32,
}

/// Days past due beyond which the standing is [`StandingLevel::Poor`].
pub const POOR_AFTER_DAYS: i64 = 30;

/// Invoiced vs paid for the `months` calendar months ending with `today`'s, oldest first.
pub fn monthly_figures(
    invoices: &[Invoice],
    payments: &[Payment],
    refunds: &[Refund],
    today: NaiveDate,
    months: u32,
) -> Vec<MonthFigures> {
    let this_month = first_of_month(today);
    let start = this_month
        .checked_sub_months(Months::new(months.saturating_sub(1)))
        .unwrap_or(this_month);
    let mut out: Vec<MonthFigures> = (0..months)
        .filter_map(|i| start.checked_add_months(Months::new(i)))
        .map(|month| MonthFigures {
            month,
            invoiced: Decimal::ZERO,
            paid: Decimal::ZERO,
        })
        .collect();
    let slot = |date: NaiveDate| -> Option<usize> {
        if date < start || date > today {
            return None;
        }
        let m = first_of_month(date);
        let idx = (m.year() - start.year()) * 12 + m.month() as i32 - start.month() as i32;
        usize::try_from(idx).ok()
    };
    for inv in invoices {
        if matches!(inv.status, InvoiceStatus::Draft | InvoiceStatus::Cancelled) {
            continue;
        }
        if let Some(i) = inv.issue_date.and_then(slot)
            && let Some(f) = out.get_mut(i)
        {
            f.invoiced += inv.totals.total;
        }
    }
    for p in payments {
        if let Some(i) = slot(p.date)
            && let Some(f) = out.get_mut(i)
        {
            f.paid += p.amount;
        }
    }
    for r in refunds {
        if let Some(i) = slot(r.date)
            && let Some(f) = out.get_mut(i)
        {
            f.paid -= r.amount;
        }
    }
    out
}

/// The standing of a client as of `today`.
pub fn standing(invoices: &[Invoice], payments: &[Payment], today: NaiveDate) -> Standing {
    let mut overdue = Decimal::ZERO;
    let mut overdue_invoices = 0u32;
    let mut max_days_overdue = 0i64;
    for inv in invoices.iter().filter(|i| i.is_overdue(today)) {
        overdue += inv.balance;
        overdue_invoices += 1;
        if let Some(due) = inv.due_date {
            max_days_overdue = max_days_overdue.max((today - due).num_days());
        }
    }
    let year_ago = today
        .checked_sub_months(Months::new(12))
        .unwrap_or(NaiveDate::MIN);
    let mut days_total = 0i64;
    let mut paid_invoices = 0u32;
    for inv in invoices.iter().filter(|i| i.status == InvoiceStatus::Paid) {
        let Some(issued) = inv.issue_date else {
            continue;
        };
        // Paid off on the date of its last payment.
        let Some(paid_on) = payments
            .iter()
            .filter(|p| p.invoice_id == inv.id)
            .map(|p| p.date)
            .max()
        else {
            continue;
        };
        if paid_on < year_ago {
            continue;
        }
        days_total += (paid_on - issued).num_days().max(0);
        paid_invoices += 1;
    }
    let avg_days_to_pay = (paid_invoices > 0)
        .then(|| (Decimal::from(days_total) / Decimal::from(paid_invoices)).round_dp(1));
    let level = if overdue_invoices == 0 {
        StandingLevel::Good
    } else if max_days_overdue > POOR_AFTER_DAYS {
        StandingLevel::Poor
    } else {
        StandingLevel::Watch
    };
    Standing {
        level,
        overdue,
        overdue_invoices,
        max_days_overdue,
        avg_days_to_pay,
        paid_invoices_12m: paid_invoices,
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::PaymentMethod;
    use crate::service::PaymentInput;
    use crate::testing::{Fixture, MemoryStore};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(s: &str) -> chrono::DateTime<Utc> {
        Utc.from_utc_datetime(&day(s).and_hms_opt(10, 0, 0).unwrap())
    }

    #[tokio::test]
    async fn months_and_standing_follow_the_documents() {
        let fx = Fixture::new(Arc::new(MemoryStore::new()));
        let (_, ctx) = fx.company("Muster GmbH").await;
        let client = fx.client(&ctx, "Kunde AG").await;
        fx.clock.set(at("2026-01-10"));
        let a = fx.issued_invoice(&ctx, &client, "100.00").await;
        fx.clock.set(at("2026-03-05"));
        fx.crm
            .record_payment(
                &ctx,
                a.id,
                &PaymentInput {
                    amount: a.totals.total,
                    currency: None,
                    date: None,
                    method: PaymentMethod::BankTransfer,
                    reference: None,
                    send_receipt: false,
                },
            )
            .await
            .unwrap();
        fx.clock.set(at("2026-10-01"));
        let b = fx.issued_invoice(&ctx, &client, "50.00").await;
        let today = day("2026-11-27");
        fx.clock.set(at("2026-11-27"));
        let store = fx.store();
        let invoices = store
            .invoices_of_client(ctx.company, client.id)
            .await
            .unwrap();
        let payments = store
            .payments_of_client(ctx.company, client.id)
            .await
            .unwrap();

        let months = monthly_figures(&invoices, &payments, &[], today, 12);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].month, day("2025-12-01"));
        assert_eq!(months[11].month, day("2026-11-01"));
        let jan = months
            .iter()
            .find(|m| m.month == day("2026-01-01"))
            .unwrap();
        assert_eq!(jan.invoiced, a.totals.total);
        let mar = months
            .iter()
            .find(|m| m.month == day("2026-03-01"))
            .unwrap();
        assert_eq!(mar.paid, a.totals.total);
        let total: Decimal = months.iter().map(|m| m.invoiced).sum();
        assert_eq!(total, a.totals.total + b.totals.total);

        let s = standing(&invoices, &payments, today);
        let due = b.due_date.unwrap();
        assert!(
            due < today,
            "the fixture's payment terms must make b overdue"
        );
        assert_eq!(s.overdue_invoices, 1);
        assert_eq!(s.overdue, b.totals.total);
        assert_eq!(s.max_days_overdue, (today - due).num_days());
        assert_eq!(s.level, StandingLevel::Poor);
        // Issued 2026-01-10, paid 2026-03-05: 54 days.
        assert_eq!(s.avg_days_to_pay, Some(Decimal::from(54)));
        assert_eq!(s.paid_invoices_12m, 1);
    }

    #[test]
    fn no_documents_is_good_standing_and_twelve_empty_months() {
        let today = day("2026-02-15");
        let months = monthly_figures(&[], &[], &[], today, 12);
        assert_eq!(months.first().unwrap().month, day("2025-03-01"));
        assert!(
            months
                .iter()
                .all(|m| m.invoiced.is_zero() && m.paid.is_zero())
        );
        let s = standing(&[], &[], today);
        assert_eq!(s.level, StandingLevel::Good);
        assert_eq!(s.avg_days_to_pay, None);
    }
}
