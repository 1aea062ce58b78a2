//! Property test of fees and interest as claims: random payments, refunds, corrective credits,
//! waivers and dunning runs on a walking clock keep all four client metrics equal to a
//! recomputation, every payment split exactly (fees, then interest, then principal), and no
//! claim below zero or above what was claimed.

use std::sync::Arc;

use crm_core::domain::money::round;
use crm_core::domain::{
    BaseRateEntry, BaseRateTable, Currency, InvoiceStatus, LineItemInput, PaymentMethod,
};
use crm_core::ports::Clock;
use crm_core::service::{CreditInput, PaymentInput, RefundInput};
use crm_core::testing::{Fixture, MemoryStore};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
enum Op {
    Issue {
        cents: u32,
    },
    Pay {
        invoice: usize,
        percent: u8,
    },
    Refund {
        invoice: usize,
        percent: u8,
    },
    Credit {
        invoice: usize,
        percent: u8,
    },
    Waive {
        invoice: usize,
    },
    /// The clock moves on by `days`, then the periodic run.
    Run {
        days: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (100u32..2_000_000).prop_map(|cents| Op::Issue { cents }),
        3 => (0usize..16, 1u8..=110).prop_map(|(invoice, percent)| Op::Pay { invoice, percent }),
        1 => (0usize..16, 1u8..=110).prop_map(|(invoice, percent)| Op::Refund { invoice, percent }),
        1 => (0usize..16, 1u8..=60).prop_map(|(invoice, percent)| Op::Credit { invoice, percent }),
        1 => (0usize..16).prop_map(|invoice| Op::Waive { invoice }),
        4 => (1u8..=20).prop_map(|days| Op::Run { days }),
    ]
}

fn cents(d: Decimal) -> bool {
    d.round_dp(2) == d
}

fn rates() -> BaseRateTable {
    let e = |d: &str, p: &str| BaseRateEntry {
        valid_from: d.parse().expect("date"),
        percent: p.parse().expect("percent"),
    };
    BaseRateTable::new(vec![
        e("2026-07-01", "1.50"),
        e("2027-01-01", "2.00"),
        e("2027-07-01", "2.50"),
        e("2028-01-01", "2.25"),
    ])
    .expect("increasing dates")
}

fn percent_of(amount: Decimal, percent: u8) -> Decimal {
    round(
        amount * Decimal::from(percent) / Decimal::ONE_HUNDRED,
        Currency::EUR,
    )
    .max(Decimal::new(1, 2))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn four_metrics_follow_payments_credits_and_dunning_runs(random in prop::collection::vec(op(), 1..45)) {
        // Every walk starts with an invoice dunned into fees and interest (due 2026-12-11,
        // 1st Mahnung on 2027-01-01), so each case has claims to settle.
        let mut ops = vec![Op::Issue { cents: 100_000 }, Op::Run { days: 21 }, Op::Run { days: 14 }];
        ops.extend(random);
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let f = Fixture::new(Arc::new(MemoryStore::new()));
            let (company, ctx) = f.company("Muster GmbH").await;
            let mut settings = company.settings.clone();
            settings.dunning.base_rates = Some(rates());
            f.crm.update_company_settings(&ctx, settings).await.unwrap();
            let client = f.client(&ctx, "Alpha").await;
            let mut invoices = Vec::new();
            for op in ops {
                match op {
                    Op::Issue { cents } => {
                        let mut input = crm_core::testing::conformance::invoice_input(client.id, "0");
                        input.items[0].unit_price = Decimal::new(i64::from(cents), 2);
                        let inv = f.crm.create_invoice(&ctx, &input).await.unwrap();
                        invoices.push(f.crm.issue_invoice(&ctx, inv.id).await.unwrap().id);
                    }
                    Op::Pay { invoice, percent } if !invoices.is_empty() => {
                        let id = invoices[invoice % invoices.len()];
                        let inv = f.crm.invoice(&ctx, id).await.unwrap();
                        let amount = percent_of(inv.amount_due(), percent);
                        let input = PaymentInput { amount, currency: None, date: None, method: PaymentMethod::BankTransfer, reference: None, send_receipt: false };
                        let res = f.crm.record_payment(&ctx, id, &input).await;
                        // Paid means nothing is owed, fees and interest included.
                        let takes = inv.status.is_open();
                        assert!(inv.status != InvoiceStatus::Paid || inv.amount_due().is_zero(), "{inv:?}");
                        assert_eq!(res.is_ok(), takes && amount <= inv.amount_due(), "{res:?} for {inv:?} paying {amount}");
                        match res {
                            Ok(crm_core::service::PaymentOutcome::Recorded(p, after)) => {
                                // §367: fees first, then interest, then principal.
                                let before = inv.costs();
                                assert_eq!(p.to_fees, amount.min(before.fees_open()));
                                assert_eq!(p.to_interest, (amount - p.to_fees).min(before.interest_open()));
                                assert_eq!(after.balance, inv.balance - (amount - p.to_fees - p.to_interest));
                            }
                            Ok(other) => panic!("{other:?}"),
                            Err(_) => assert_eq!(f.crm.invoice(&ctx, id).await.unwrap(), inv, "a failed payment changed the invoice"),
                        }
                    }
                    Op::Refund { invoice, percent } if !invoices.is_empty() => {
                        let id = invoices[invoice % invoices.len()];
                        let payments = f.store().payments_of_invoice(ctx.company, id).await.unwrap();
                        if let Some(p) = payments.iter().find(|p| p.refundable() > Decimal::ZERO) {
                            let amount = percent_of(p.refundable(), percent);
                            let input = RefundInput { amount, date: None, reason: None, reference: None };
                            let res = f.crm.refund_payment(&ctx, p.id, &input).await;
                            assert_eq!(res.is_ok(), amount <= p.refundable(), "{res:?}");
                        }
                    }
                    Op::Credit { invoice, percent } if !invoices.is_empty() => {
                        let id = invoices[invoice % invoices.len()];
                        let inv = f.crm.invoice(&ctx, id).await.unwrap();
                        let net = percent_of(inv.lines[0].net(), percent);
                        let input = CreditInput {
                            items: vec![LineItemInput { description: "Korrektur".into(), quantity: Decimal::ONE, unit_price: net, tax_rate: Decimal::from(19), ..Default::default() }],
                            reason: Some("Teilgutschrift".into()),
                        };
                        // Refused when it exceeds what is left to credit; either way checked below.
                        let _ = f.crm.credit_invoice(&ctx, id, &input).await;
                    }
                    Op::Waive { invoice } if !invoices.is_empty() => {
                        let id = invoices[invoice % invoices.len()];
                        let inv = f.crm.invoice(&ctx, id).await.unwrap();
                        let res = f.crm.waive_dunning_claims(&ctx, id).await;
                        assert_eq!(res.is_ok(), inv.dunning.is_some_and(|m| !m.waived), "{res:?}");
                        if let Ok(after) = res {
                            assert_eq!(after.costs_open(), Decimal::ZERO);
                            assert_eq!(after.costs().paid(), inv.costs().paid(), "what was paid stays paid");
                        }
                    }
                    Op::Run { days } => {
                        let now = f.clock.now() + chrono::Duration::days(i64::from(days));
                        f.clock.set(now);
                        let report = f.crm.run_dunning(now).await.unwrap();
                        for r in &report.issued {
                            for item in &r.items {
                                let inv = f.crm.invoice(&ctx, item.invoice_id).await.unwrap();
                                // The letter asks for what is open now, each part exact.
                                assert_eq!(item.open, inv.balance);
                                assert_eq!(item.fee, inv.costs().fees_open());
                                assert_eq!(item.interest, inv.costs().interest_open());
                                assert!(cents(item.fee) && cents(item.interest));
                            }
                        }
                    }
                    _ => {}
                }
                let m = f.assert_metrics_consistent(&ctx, client.id).await;
                assert!(m.costs_outstanding >= Decimal::ZERO, "costs outstanding went negative");
                assert!(cents(m.total_invoiced) && cents(m.total_paid) && cents(m.outstanding) && cents(m.costs_outstanding));
            }
            let first = f.crm.invoice(&ctx, invoices[0]).await.unwrap();
            assert!(first.dunning.is_some(), "the walk's first invoice was dunned");
            for id in invoices {
                let inv = f.crm.invoice(&ctx, id).await.unwrap();
                let costs = inv.costs();
                assert!(costs.fees_paid >= Decimal::ZERO && costs.interest_paid >= Decimal::ZERO);
                assert!(costs.fees_paid <= costs.fees && costs.interest_paid <= costs.interest, "{costs:?}");
                let payments = f.store().payments_of_invoice(ctx.company, id).await.unwrap();
                let net = |part: fn(&crm_core::domain::Allocation) -> Decimal| -> Decimal {
                    payments.iter().map(|p| part(&p.net_applied())).sum()
                };
                assert_eq!(net(|a| a.principal), inv.amount_paid, "the invoice's principal paid is its payments'");
                assert_eq!(net(|a| a.fees), costs.fees_paid);
                assert_eq!(net(|a| a.interest), costs.interest_paid);
            }
        });
    }
}
