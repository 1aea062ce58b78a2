//! Dunning area, fees and interest as claims: payments settle fees, then interest, then the
//! principal (§367 BGB); refunds and waivers keep the claims and the fourth metric exact.

use super::*;
use crate::domain::{ClientKind, Payment, PaymentId, PrincipalStep, default_interest};

/// Records a new payment: the payment and the invoice as it is after.
async fn pay_on(
    f: &Fixture,
    ctx: &Ctx,
    invoice: InvoiceId,
    input: &PaymentInput,
) -> (Payment, Invoice) {
    match f.crm.record_payment(ctx, invoice, input).await.unwrap() {
        PaymentOutcome::Recorded(p, inv) => (p, *inv),
        PaymentOutcome::AlreadyRecorded(_) => panic!("recorded"),
    }
}

/// Records a new refund of `payment`: the invoice as it is after.
async fn refund_of(f: &Fixture, ctx: &Ctx, payment: PaymentId, input: &RefundInput) -> Invoice {
    match f.crm.refund_payment(ctx, payment, input).await.unwrap() {
        RefundOutcome::Recorded(_, inv) => *inv,
        RefundOutcome::AlreadyRecorded => panic!("refunded"),
    }
}

pub async fn payments_settle_fees_then_interest_then_principal(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    run_on(&f, date("2026-12-18")).await;
    let r = run_on(&f, date("2027-01-01")).await;
    let first = r.issued[0].items[0].clone();
    assert_eq!(first.fee, d("40"));
    let interest = first.interest;
    assert!(interest > Decimal::ZERO);
    // The letter's fees and interest are claims: the fourth figure, kept with the letter.
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(
        (m.outstanding, m.costs_outstanding),
        (d("119.00"), d("40") + interest)
    );
    let dunned = f.crm.invoice(&ctx, inv.id).await.unwrap();
    assert_eq!(dunned.amount_due(), d("159.00") + interest);

    // 30.00 on 2027-01-05: all to the fees, the principal still bears interest.
    let mut p1 = pay("30.00");
    p1.date = Some(date("2027-01-05"));
    let (p1, after) = pay_on(&f, &ctx, inv.id, &p1).await;
    assert_eq!((p1.to_fees, p1.to_interest), (d("30.00"), d("0")));
    assert_eq!(
        (after.balance, after.status),
        (d("119.00"), InvoiceStatus::Partial)
    );
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.costs_outstanding, d("10") + interest);
    assert_eq!(m.total_paid, d("30.00"));

    // 20.00 on 2027-01-08: the last 10.00 of fees, all the interest, the rest to the invoice.
    let mut p2 = pay("20.00");
    p2.date = Some(date("2027-01-08"));
    let (p2, after) = pay_on(&f, &ctx, inv.id, &p2).await;
    let to_principal = d("10.00") - interest;
    assert_eq!((p2.to_fees, p2.to_interest), (d("10.00"), interest));
    assert_eq!(after.balance, d("119.00") - to_principal);
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.costs_outstanding, Decimal::ZERO);

    // The 2nd Mahnung claims no fee again and interest only beyond what was paid; the
    // principal fell only by the principal part of the second payment.
    let r = run_on(&f, date("2027-01-15")).await;
    let second = r.issued[0].items[0].clone();
    assert_eq!(second.level, DunningLevel::Second);
    assert_eq!(second.fee, Decimal::ZERO);
    let accrued = default_interest(
        d("119.00"),
        &[PrincipalStep {
            from: date("2027-01-08"),
            open: d("119.00") - to_principal,
        }],
        date("2026-12-11"),
        date("2027-01-15"),
        ClientKind::Business,
        &test_rates(),
    )
    .unwrap()
    .total;
    assert_eq!(second.interest, accrued - interest);
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.costs_outstanding, accrued - interest);

    // A refund comes off the principal first, then interest, then fees: the claims reopen.
    let refund = RefundInput {
        amount: d("15.00"),
        date: None,
        reason: None,
        reference: None,
    };
    let after = refund_of(&f, &ctx, p2.id, &refund).await;
    assert_eq!(after.balance, d("119.00"));
    let costs = after.costs();
    assert_eq!(costs.fees_open(), d("15.00") - to_principal - interest);
    assert_eq!(costs.interest_open(), accrued);
    f.assert_metrics_consistent(&ctx, client.id).await;

    // Paying more than everything owed is refused, and nothing is written.
    let too_much = pay(&(after.amount_due() + d("0.01")).to_string());
    assert!(matches!(
        f.crm.record_payment(&ctx, inv.id, &too_much).await,
        Err(Error::Invoice(InvoiceError::Overpayment { .. }))
    ));
    f.assert_metrics_consistent(&ctx, client.id).await;

    // A waiver forgives what is open; what was paid stays paid, later payments go to the
    // invoice.
    let waived = f.crm.waive_dunning_claims(&ctx, inv.id).await.unwrap();
    assert_eq!(waived.costs_open(), Decimal::ZERO);
    // Paid of them: 40.00 fees + the interest, less the refund's 5.00 of fees and its
    // interest part.
    assert_eq!(waived.costs().paid(), d("35.00"));
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.costs_outstanding, Decimal::ZERO);
    let (p3, after) = pay_on(&f, &ctx, inv.id, &pay("119.00")).await;
    assert_eq!((p3.to_fees, p3.to_interest), (d("0"), d("0")));
    assert_eq!((after.balance, after.status), (d("0"), InvoiceStatus::Paid));
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(
        m.total_paid,
        d("30.00") + d("20.00") - d("15.00") + d("119.00")
    );
}

pub async fn a_payment_of_fees_alone_stays_refundable(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    run_on(&f, date("2026-12-18")).await;
    run_on(&f, date("2027-01-01")).await;
    // 30.00 settles fees only: the invoice is partly paid, though its balance is unchanged.
    let (p, after) = pay_on(&f, &ctx, inv.id, &pay("30.00")).await;
    assert_eq!(
        (after.balance, after.status),
        (d("119.00"), InvoiceStatus::Partial)
    );
    // Refunded in two steps: still partly paid after the first, sent after the second.
    let refund = |amount: &str| RefundInput {
        amount: d(amount),
        date: None,
        reason: None,
        reference: None,
    };
    let after = refund_of(&f, &ctx, p.id, &refund("10.00")).await;
    assert_eq!(after.status, InvoiceStatus::Partial);
    assert_eq!(after.costs().fees_paid, d("20.00"));
    let after = refund_of(&f, &ctx, p.id, &refund("20.00")).await;
    assert_eq!(after.status, InvoiceStatus::Sent);
    assert_eq!(after.costs().fees_open(), d("40.00"));
    f.assert_metrics_consistent(&ctx, client.id).await;
}

pub async fn paid_means_nothing_owed_and_waived_stays_waived(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let client = f.client(&ctx, "Alpha").await;
    let a = f.issued_invoice(&ctx, &client, "100").await;
    let b = f.issued_invoice(&ctx, &client, "100").await;
    run_on(&f, date("2026-12-18")).await;
    run_on(&f, date("2027-01-01")).await;
    let refund = |amount: Decimal| RefundInput {
        amount,
        date: None,
        reason: None,
        reference: None,
    };
    // The fees and interest first, then the invoice: paid. Refunding the first payment
    // brings its fees and interest back, so the invoice is partly paid again and payable.
    let costs = f.crm.invoice(&ctx, a.id).await.unwrap().costs_open();
    let (p1, _) = pay_on(&f, &ctx, a.id, &pay(&costs.to_string())).await;
    let (_, after) = pay_on(&f, &ctx, a.id, &pay("119.00")).await;
    assert_eq!(after.status, InvoiceStatus::Paid);
    let after = refund_of(&f, &ctx, p1.id, &refund(costs)).await;
    assert_eq!((after.balance, after.costs_open()), (Decimal::ZERO, costs));
    assert_eq!(after.status, InvoiceStatus::Partial, "fees owed: not paid");
    assert_eq!(after.amount_due(), costs);
    let (p, after) = pay_on(&f, &ctx, a.id, &pay(&costs.to_string())).await;
    assert_eq!(p.to_fees + p.to_interest, costs);
    assert_eq!(after.status, InvoiceStatus::Paid);
    f.assert_metrics_consistent(&ctx, client.id).await;

    // Waived after the fees were paid, then that payment refunded: the fees stay waived.
    let costs = f.crm.invoice(&ctx, b.id).await.unwrap().costs_open();
    let (p2, _) = pay_on(&f, &ctx, b.id, &pay(&costs.to_string())).await;
    f.crm.waive_dunning_claims(&ctx, b.id).await.unwrap();
    let after = refund_of(&f, &ctx, p2.id, &refund(costs)).await;
    assert_eq!(after.costs_open(), Decimal::ZERO);
    assert_eq!(after.amount_due(), d("119.00"));
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.costs_outstanding, Decimal::ZERO);
}

pub async fn a_credit_lowers_the_interest_the_next_letter_claims(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let ctx = dunning_company(&f).await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    run_on(&f, date("2026-12-18")).await;
    let first = run_on(&f, date("2027-01-01")).await.issued.remove(0);
    let before = first.items[0].interest;
    // Half the invoice credited (50.00 net + 19 %): it asks for 59.50 from the start.
    let input = crate::service::CreditInput {
        items: vec![LineItemInput {
            description: "Gutschrift".into(),
            quantity: Decimal::ONE,
            unit_price: d("50.00"),
            tax_rate: d("19"),
            ..Default::default()
        }],
        reason: Some("Teillieferung".into()),
    };
    f.crm.credit_invoice(&ctx, inv.id, &input).await.unwrap();
    let second = run_on(&f, date("2027-01-15")).await.issued.remove(0);
    let recomputed = default_interest(
        d("59.50"),
        &[] as &[PrincipalStep],
        date("2026-12-11"),
        date("2027-01-15"),
        ClientKind::Business,
        &test_rates(),
    )
    .unwrap()
    .total;
    assert_eq!(second.items[0].interest, recomputed);
    assert!(
        recomputed < before,
        "{recomputed} < {before}: the claim fell"
    );
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.costs_outstanding, d("40") + recomputed);
}
