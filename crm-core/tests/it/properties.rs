//! Property tests: random sequences of issue / partial pay / refund / corrective credit /
//! cancellation keep the metrics equal to a recomputation, no balance ever negative, and every
//! amount exact to the cent.

use std::sync::Arc;

use crm_core::domain::money::{Totals, round, validate_lines};
use crm_core::domain::{Currency, InvoiceStatus, LineItemInput};
use crm_core::service::{PaymentInput, RefundInput};
use crm_core::testing::{Fixture, MemoryStore};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
enum Op {
    Issue { cents: u32, rate: u8 },
    Pay { invoice: usize, percent: u8 },
    Refund { invoice: usize, percent: u8 },
    Cancel { invoice: usize },
    Credit { invoice: usize, percent: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u32..5_000_000, prop::sample::select(vec![0u8, 7, 19]))
            .prop_map(|(cents, rate)| Op::Issue { cents, rate }),
        (0usize..32, 1u8..=120).prop_map(|(invoice, percent)| Op::Pay { invoice, percent }),
        (0usize..32, 1u8..=120).prop_map(|(invoice, percent)| Op::Refund { invoice, percent }),
        (0usize..32).prop_map(|invoice| Op::Cancel { invoice }),
        (0usize..32, 1u8..=120).prop_map(|(invoice, percent)| Op::Credit { invoice, percent }),
    ]
}

fn is_cent_exact(d: Decimal) -> bool {
    d.round_dp(2) == d
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn metrics_follow_any_sequence(ops in prop::collection::vec(op(), 1..40)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let f = Fixture::new(Arc::new(MemoryStore::new()));
            let (_, ctx) = f.company("Muster GmbH").await;
            let client = f.client(&ctx, "Alpha").await;
            let mut invoices = Vec::new();
            for op in ops {
                match op {
                    Op::Issue { cents, rate } => {
                        let mut input = crm_core::testing::conformance::invoice_input(client.id, "0");
                        input.items[0].unit_price = Decimal::new(i64::from(cents), 2);
                        input.items[0].tax_rate = Decimal::from(rate);
                        let inv = f.crm.create_invoice(&ctx, &input).await.unwrap();
                        invoices.push(f.crm.issue_invoice(&ctx, inv.id).await.unwrap().id);
                    }
                    Op::Pay { invoice, percent } if !invoices.is_empty() => {
                        let id = invoices[invoice % invoices.len()];
                        let inv = f.crm.invoice(&ctx, id).await.unwrap();
                        let amount = round(inv.balance * Decimal::from(percent) / Decimal::ONE_HUNDRED, Currency::EUR).max(Decimal::new(1, 2));
                        let res = f.crm.record_payment(&ctx, id, &PaymentInput { amount, currency: None, date: None, method: crm_core::domain::PaymentMethod::Cash, reference: None, send_receipt: false }).await;
                        // Over 100 % is an overpayment; paid or cancelled invoices refuse money.
                        let expected_ok = inv.status.is_open() && amount <= inv.balance;
                        assert_eq!(res.is_ok(), expected_ok, "{res:?} for {inv:?} paying {amount}");
                        if res.is_err() {
                            assert_eq!(f.crm.invoice(&ctx, id).await.unwrap(), inv, "a failed payment changed the invoice");
                        }
                    }
                    Op::Refund { invoice, percent } if !invoices.is_empty() => {
                        let id = invoices[invoice % invoices.len()];
                        let payments = f.store().payments_of_invoice(ctx.company, id).await.unwrap();
                        if let Some(p) = payments.iter().find(|p| p.refundable() > Decimal::ZERO) {
                            let amount = round(p.refundable() * Decimal::from(percent) / Decimal::ONE_HUNDRED, Currency::EUR).max(Decimal::new(1, 2));
                            let res = f.crm.refund_payment(&ctx, p.id, &RefundInput { amount, date: None, reason: None, reference: None }).await;
                            assert_eq!(res.is_ok(), amount <= p.refundable(), "{res:?}");
                        }
                    }
                    Op::Cancel { invoice } if !invoices.is_empty() => {
                        let id = invoices[invoice % invoices.len()];
                        let inv = f.crm.invoice(&ctx, id).await.unwrap();
                        let res = f.crm.cancel_invoice(&ctx, id).await;
                        let cancellable = matches!(inv.status, InvoiceStatus::Sent | InvoiceStatus::Partial | InvoiceStatus::Paid);
                        assert_eq!(res.is_ok(), cancellable, "{res:?} for {:?}", inv.status);
                        if let Ok(after) = res {
                            // The cancellation invoice negates the original exactly.
                            let storno = after.cancelled_by.clone().expect("cancelled by");
                            let c = f.crm.correction(&ctx, storno.id).await.unwrap();
                            assert_eq!(c.totals.total, -inv.totals.total);
                            assert_eq!(c.refund_due, inv.amount_paid);
                        }
                    }
                    Op::Credit { invoice, percent } if !invoices.is_empty() => {
                        let id = invoices[invoice % invoices.len()];
                        let inv = f.crm.invoice(&ctx, id).await.unwrap();
                        let earlier: Decimal = f.crm.corrections_of_invoice(&ctx, id).await.unwrap().iter().map(|c| -c.totals.net).sum();
                        let line = &inv.lines[0];
                        let net = round(line.net() * Decimal::from(percent) / Decimal::ONE_HUNDRED, Currency::EUR).max(Decimal::new(1, 2));
                        let rate = line.tax_rate().percent();
                        let total = net + round(net * rate / Decimal::ONE_HUNDRED, Currency::EUR);
                        let input = crm_core::service::CreditInput {
                            items: vec![LineItemInput { description: "Korrektur".into(), quantity: Decimal::ONE, unit_price: net, tax_rate: rate, ..Default::default() }],
                            reason: Some("Teilgutschrift".into()),
                        };
                        let res = f.crm.credit_invoice(&ctx, id, &input).await;
                        let creditable = matches!(inv.status, InvoiceStatus::Sent | InvoiceStatus::Partial | InvoiceStatus::Paid);
                        let expected_ok = creditable && net <= line.net() - earlier && total <= inv.due_total();
                        assert_eq!(res.is_ok(), expected_ok, "{res:?} for {inv:?} crediting {net}");
                        match res {
                            Ok((after, c)) => {
                                assert_eq!(after.credited, inv.credited + total);
                                assert_eq!(c.refund_due, (inv.amount_paid - after.due_total()).max(Decimal::ZERO));
                                assert_eq!(after.refund_due(), c.refund_due);
                            }
                            Err(_) => assert_eq!(f.crm.invoice(&ctx, id).await.unwrap(), inv, "a failed credit changed the invoice"),
                        }
                    }
                    _ => {}
                }
                let m = f.assert_metrics_consistent(&ctx, client.id).await;
                assert!(is_cent_exact(m.total_invoiced) && is_cent_exact(m.total_paid) && is_cent_exact(m.outstanding));
            }
            for id in invoices {
                let inv = f.crm.invoice(&ctx, id).await.unwrap();
                assert!(inv.balance >= Decimal::ZERO && inv.amount_paid >= Decimal::ZERO);
                if inv.status.is_open() || inv.status == InvoiceStatus::Paid {
                    assert_eq!(inv.balance, (inv.due_total() - inv.amount_paid).max(Decimal::ZERO));
                }
                let corrections = f.crm.corrections_of_invoice(&ctx, id).await.unwrap();
                let credited: Decimal = corrections.iter().filter(|c| c.kind == crm_core::domain::CorrectionKind::Credit).map(|c| c.amount()).sum();
                assert_eq!(credited, inv.credited, "the invoice's credits are its credit notes");
                assert_eq!(inv.cancelled_by.is_some(), corrections.iter().any(|c| c.kind == crm_core::domain::CorrectionKind::Cancellation));
                assert!(inv.credited <= inv.totals.total);
                let paid: Decimal = f.store().payments_of_invoice(ctx.company, id).await.unwrap().iter().map(|p| p.amount - p.refunded).sum();
                assert_eq!(paid, inv.amount_paid);
            }
        });
    }

    #[test]
    fn totals_are_exact_and_tax_is_per_rate(lines in prop::collection::vec((0u32..10_000, 0u64..100_000_000, prop::sample::select(vec![0u32, 7, 19, 2_100]), 0u32..100), 1..30)) {
        let inputs: Vec<LineItemInput> = lines.iter().map(|&(q, p, r, disc)| {
            let quantity = Decimal::new(i64::from(q), 2);
            let unit_price = Decimal::new(p as i64, 4);
            let discount = round(quantity * unit_price * Decimal::from(disc) / Decimal::from(200), Currency::EUR);
            LineItemInput { description: "x".into(), quantity, unit_price, tax_rate: Decimal::new(i64::from(r), if r > 100 { 2 } else { 0 }), discount, ..Default::default() }
        }).collect();
        let items = validate_lines(&inputs, Currency::EUR).unwrap();
        let t = Totals::compute(&items, Currency::EUR);
        prop_assert!(is_cent_exact(t.net) && is_cent_exact(t.tax) && is_cent_exact(t.total));
        prop_assert_eq!(t.total, t.net + t.tax);
        prop_assert_eq!(t.net, t.taxes.iter().map(|x| x.net).sum::<Decimal>());
        for line in &t.taxes {
            prop_assert_eq!(line.tax, round(line.net * line.rate.percent() / Decimal::ONE_HUNDRED, Currency::EUR));
        }
        for (item, input) in items.iter().zip(&inputs) {
            let exact = input.quantity * input.unit_price - input.discount;
            prop_assert!((item.net() - exact).abs() <= Decimal::new(5, 3));
        }
    }
}
