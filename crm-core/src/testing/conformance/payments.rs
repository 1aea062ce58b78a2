//! Payments area: payments, refunds, references and provider events.

use super::*;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    payments_are_idempotent_by_reference(make().await).await;
    refunds_restore_the_balance(make().await).await;
    concurrent_payments_never_overpay(make().await).await;
    references_are_unique_per_company(make().await).await;
    payment_events_are_idempotent_and_never_downgrade(make().await).await;
    checkout_sessions_decide_what_processing_means(make().await).await;
    refunds_stay_in_the_events_company(make().await).await;
}

/// The session a test event is about, naming the invoice's client like ours do.
fn session(id: &str, invoice: &Invoice) -> crate::ports::CheckoutRef {
    crate::ports::CheckoutRef {
        session_id: id.into(),
        client_id: Some(invoice.client_id.to_string()),
        client_reference: Some(invoice.client_id.to_string()),
    }
}

pub async fn payments_are_idempotent_by_reference(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let mut p = pay("50");
    p.reference = Some("pi_123".into());
    p.send_receipt = true;
    let first = f.crm.record_payment(&ctx, inv.id, &p).await.unwrap();
    assert!(matches!(first, PaymentOutcome::Recorded(..)));
    let second = f.crm.record_payment(&ctx, inv.id, &p).await.unwrap();
    assert!(
        matches!(second, PaymentOutcome::AlreadyRecorded(ref pay) if pay.id == first.payment().id)
    );
    assert_eq!(
        f.store()
            .payments_of_invoice(ctx.company, inv.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let receipts = f.store().outbox(ctx.company, 10).await.unwrap();
    assert_eq!(receipts.len(), 1, "one receipt for one payment");
    assert_eq!(receipts[0].kind, TemplateKind::PaymentReceipt);
    // The same reference for another invoice is an error, not a second payment.
    let inv2 = f.issued_invoice(&ctx, &client, "100").await;
    assert!(matches!(
        f.crm.record_payment(&ctx, inv2.id, &p).await,
        Err(Error::ReferenceReused(_))
    ));
    f.assert_metrics_consistent(&ctx, client.id).await;
}

pub async fn refunds_restore_the_balance(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let paid = f
        .crm
        .record_payment(&ctx, inv.id, &pay("119.00"))
        .await
        .unwrap();
    let pid = paid.payment().id;
    let refund = |amount: &str, reference: Option<&str>| RefundInput {
        amount: d(amount),
        date: None,
        reason: Some("Kulanz".into()),
        reference: reference.map(Into::into),
    };
    let RefundOutcome::Recorded(_, after) = f
        .crm
        .refund_payment(&ctx, pid, &refund("19.00", Some("re_1")))
        .await
        .unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(
        (after.status, after.balance, after.amount_paid),
        (InvoiceStatus::Partial, d("19.00"), d("100.00"))
    );
    assert_eq!(
        f.crm
            .refund_payment(&ctx, pid, &refund("19.00", Some("re_1")))
            .await
            .unwrap(),
        RefundOutcome::AlreadyRecorded
    );
    let err = f
        .crm
        .refund_payment(&ctx, pid, &refund("100.01", None))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RefundExceedsPayment { .. }), "{err:?}");
    let RefundOutcome::Recorded(_, after) = f
        .crm
        .refund_payment(&ctx, pid, &refund("100.00", None))
        .await
        .unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(
        (after.status, after.balance),
        (InvoiceStatus::Sent, d("119.00"))
    );
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!((m.total_paid, m.outstanding), (d("0"), d("119.00")));
    // Now it can be cancelled.
    f.crm.cancel_invoice(&ctx, inv.id).await.unwrap();
    f.assert_metrics_consistent(&ctx, client.id).await;
}

pub async fn concurrent_payments_never_overpay(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await; // 119.00 due
    let mut tasks = Vec::new();
    for i in 0..20 {
        let crm = f.crm.clone();
        let ctx = ctx.clone();
        tasks.push(tokio::spawn(async move {
            let mut p = pay("7.00");
            p.reference = Some(format!("ref-{}", i % 15)); // 5 duplicates
            crm.record_payment(&ctx, inv.id, &p).await
        }));
    }
    let mut recorded = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(PaymentOutcome::Recorded(..)) => recorded += 1,
            Ok(PaymentOutcome::AlreadyRecorded(_))
            | Err(Error::Invoice(InvoiceError::Overpayment { .. })) => {}
            Err(e) => panic!("unexpected error: {e:?}"),
        }
    }
    assert_eq!(recorded, 15, "one payment per distinct reference");
    let after = f.crm.invoice(&ctx, inv.id).await.unwrap();
    assert_eq!(after.balance, d("119.00") - d("7.00") * Decimal::from(15));
    assert_eq!(after.amount_paid, d("105.00"));
    f.assert_metrics_consistent(&ctx, client.id).await;
}

pub async fn references_are_unique_per_company(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, a) = f.company("A GmbH").await;
    let (_, b) = f.company("B GmbH").await;
    let ca = f.client(&a, "Alpha").await;
    let cb = f.client(&b, "Bravo").await;
    let ia = f.issued_invoice(&a, &ca, "100").await;
    let ib = f.issued_invoice(&b, &cb, "100").await;
    let mut p = pay("50");
    p.reference = Some("pi_same".into());
    let pa = f.crm.record_payment(&a, ia.id, &p).await.unwrap();
    let pb = f.crm.record_payment(&b, ib.id, &p).await.unwrap();
    assert!(
        matches!(pa, PaymentOutcome::Recorded(..)) && matches!(pb, PaymentOutcome::Recorded(..))
    );
    let refund = |amount: &str| RefundInput {
        amount: d(amount),
        date: None,
        reason: None,
        reference: Some("re_same".into()),
    };
    assert!(matches!(
        f.crm
            .refund_payment(&a, pa.payment().id, &refund("10"))
            .await
            .unwrap(),
        RefundOutcome::Recorded(..)
    ));
    assert!(matches!(
        f.crm
            .refund_payment(&b, pb.payment().id, &refund("10"))
            .await
            .unwrap(),
        RefundOutcome::Recorded(..)
    ));
    assert_eq!(
        f.crm
            .refund_payment(&a, pa.payment().id, &refund("10"))
            .await
            .unwrap(),
        RefundOutcome::AlreadyRecorded
    );
    // The same refund reference for a different amount is an error, not a silent no-op.
    let err = f
        .crm
        .refund_payment(&a, pa.payment().id, &refund("5"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ReferenceReused(_)), "{err:?}");
    let refunds = f.store().refunds_of_client(a.company, ca.id).await.unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].amount, d("10.00"));
    f.assert_metrics_consistent(&a, ca.id).await;
    f.assert_metrics_consistent(&b, cb.id).await;
}

pub async fn payment_events_are_idempotent_and_never_downgrade(store: Arc<dyn Store>) {
    use crate::domain::CompanyId;
    use crate::ports::PaymentEvent;
    use crate::service::EventOutcome;

    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let paid = |event: &str, invoice: &Invoice, amount: &str, reference: &str| PaymentEvent::Paid {
        event_id: Some(event.into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
        amount: d(amount),
        currency: invoice.currency,
        reference: reference.into(),
        checkout: session(&format!("cs_{reference}"), invoice),
    };
    let apply = |e: PaymentEvent| {
        let crm = f.crm.clone();
        async move { crm.apply_payment_event("stripe", &e, false).await.unwrap() }
    };

    // Paid, then the same event again, then another event for the same payment.
    let a = f.issued_invoice(&ctx, &client, "100").await;
    assert!(
        matches!(apply(paid("evt_1", &a, "119.00", "pi_a")).await, EventOutcome::Paid(ref i) if i.status == InvoiceStatus::Paid)
    );
    assert_eq!(
        apply(paid("evt_1", &a, "119.00", "pi_a")).await,
        EventOutcome::Duplicate
    );
    assert_eq!(
        apply(paid("evt_2", &a, "119.00", "pi_a")).await,
        EventOutcome::AlreadyRecorded
    );
    assert_eq!(
        f.store()
            .payments_of_invoice(ctx.company, a.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let receipts = f.store().outbox(ctx.company, 10).await.unwrap();
    assert_eq!(
        receipts
            .iter()
            .filter(|m| m.kind == TemplateKind::PaymentReceipt)
            .count(),
        1
    );

    // The same event delivered twice at once records one payment.
    let b = f.issued_invoice(&ctx, &client, "50").await;
    let (x, y) = tokio::join!(
        apply(paid("evt_3", &b, "59.50", "pi_b")),
        apply(paid("evt_3", &b, "59.50", "pi_b"))
    );
    let outcomes = [x, y];
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, EventOutcome::Paid(_)))
            .count(),
        1,
        "{outcomes:?}"
    );
    assert!(outcomes.contains(&EventOutcome::Duplicate));
    assert_eq!(
        f.store()
            .payments_of_invoice(ctx.company, b.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // Delayed method: processing, then paid; a late processing or failure never downgrades.
    let c = f.issued_invoice(&ctx, &client, "10").await;
    let processing = |event: &str, invoice: &Invoice| PaymentEvent::Processing {
        event_id: Some(event.into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
        checkout: session("cs_delayed", invoice),
    };
    let failed = |event: &str, invoice: &Invoice| PaymentEvent::Failed {
        event_id: event.into(),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
        checkout: session("cs_delayed", invoice),
    };
    assert!(
        matches!(apply(processing("evt_4", &c)).await, EventOutcome::Processing(ref i) if i.status == InvoiceStatus::Processing)
    );
    assert!(
        !f.crm
            .invoice(&ctx, c.id)
            .await
            .unwrap()
            .is_overdue(f.clock.today() + Duration::days(60))
    );
    assert!(
        matches!(apply(paid("evt_5", &c, "11.90", "pi_c")).await, EventOutcome::Paid(ref i) if i.status == InvoiceStatus::Paid)
    );
    assert_eq!(apply(processing("evt_6", &c)).await, EventOutcome::Ignored);
    assert_eq!(apply(failed("evt_7", &c)).await, EventOutcome::Ignored);
    assert_eq!(
        f.crm.invoice(&ctx, c.id).await.unwrap().status,
        InvoiceStatus::Paid
    );
    // A failed delayed payment reopens the invoice.
    let e = f.issued_invoice(&ctx, &client, "10").await;
    let processing = |event: &str, invoice: &Invoice| PaymentEvent::Processing {
        event_id: Some(event.into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
        checkout: session("cs_delayed_e", invoice),
    };
    let failed = |event: &str, invoice: &Invoice| PaymentEvent::Failed {
        event_id: event.into(),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
        checkout: session("cs_delayed_e", invoice),
    };
    apply(processing("evt_8", &e)).await;
    assert!(
        matches!(apply(failed("evt_9", &e)).await, EventOutcome::Reopened(ref i) if i.status == InvoiceStatus::Sent)
    );

    // Refunds carry the cumulative total: repeats and reorderings refund only what is new.
    let refunded = |event: &str, total: &str| PaymentEvent::Refunded {
        event_id: event.into(),
        livemode: false,
        company_id: None,
        payment_reference: "pi_a".into(),
        refunded_total: d(total),
        currency: a.currency,
    };
    assert!(
        matches!(apply(refunded("evt_10", "50.00")).await, EventOutcome::Refunded(ref i) if i.balance == d("50.00"))
    );
    assert_eq!(
        apply(refunded("evt_10", "50.00")).await,
        EventOutcome::Duplicate
    );
    assert_eq!(
        apply(refunded("evt_11", "50.00")).await,
        EventOutcome::Ignored
    );
    assert!(
        matches!(apply(refunded("evt_12", "119.00")).await, EventOutcome::Refunded(ref i) if i.status == InvoiceStatus::Sent)
    );
    assert_eq!(
        apply(refunded("evt_13", "70.00")).await,
        EventOutcome::Ignored,
        "out of order: already refunded more"
    );

    // Mismatches are held for review and change nothing.
    let g = f.issued_invoice(&ctx, &client, "10").await;
    let too_much = apply(paid("evt_20", &g, "50.00", "pi_g1")).await;
    assert!(matches!(too_much, EventOutcome::Review(_)), "{too_much:?}");
    let mut wrong_currency = paid("evt_21", &g, "11.90", "pi_g2");
    if let PaymentEvent::Paid { currency, .. } = &mut wrong_currency {
        *currency = crate::domain::Currency::USD;
    }
    assert!(matches!(
        apply(wrong_currency).await,
        EventOutcome::Review(_)
    ));
    let mut live = paid("evt_22", &g, "11.90", "pi_g3");
    if let PaymentEvent::Paid { livemode, .. } = &mut live {
        *livemode = true;
    }
    assert!(matches!(apply(live).await, EventOutcome::Review(_)));
    let mut stranger = paid("evt_23", &g, "11.90", "pi_g4");
    if let PaymentEvent::Paid { company_id, .. } = &mut stranger {
        *company_id = CompanyId::new();
    }
    assert!(matches!(apply(stranger).await, EventOutcome::Review(_)));
    // After the full refund the invoice is open again, and a new payment intent pays it.
    assert!(matches!(
        apply(paid("evt_24", &a, "69.00", "pi_a2")).await,
        EventOutcome::Paid(_)
    ));
    let reviews = f.store().payment_reviews(ctx.company, 10).await.unwrap();
    assert_eq!(reviews.len(), 3, "{reviews:?}");
    assert!(reviews.iter().all(|r| r.invoice_id == Some(g.id)));
    assert_eq!(f.crm.invoice(&ctx, g.id).await.unwrap().balance, d("11.90"));
    f.assert_metrics_consistent(&ctx, client.id).await;
}

/// Sessions are remembered: a failure that arrives before its "processing" wins, only a
/// session that set `processing` (or, for invoices of earlier versions, any) reopens it on
/// failure or expiry, another pending session keeps it processing, staff can reopen it, the
/// client a session names must be the invoice's, and every event kind in the wrong mode is
/// held for review.
pub async fn checkout_sessions_decide_what_processing_means(store: Arc<dyn Store>) {
    use crate::domain::CheckoutState;
    use crate::ports::PaymentEvent;
    use crate::service::EventOutcome;

    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let other = f.client(&ctx, "Beta").await;
    let apply = |e: PaymentEvent| {
        let crm = f.crm.clone();
        async move { crm.apply_payment_event("stripe", &e, false).await.unwrap() }
    };
    let processing = |event: &str, invoice: &Invoice, cs: &str| PaymentEvent::Processing {
        event_id: Some(event.into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
        checkout: session(cs, invoice),
    };
    let failed = |event: &str, invoice: &Invoice, cs: &str| PaymentEvent::Failed {
        event_id: event.into(),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
        checkout: session(cs, invoice),
    };
    let expired = |event: &str, invoice: &Invoice, cs: &str| PaymentEvent::Expired {
        event_id: Some(event.into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: invoice.id,
        checkout: session(cs, invoice),
    };
    let status = |id| {
        let crm = f.crm.clone();
        let ctx = ctx.clone();
        async move { crm.invoice(&ctx, id).await.unwrap().status }
    };

    // The failure arrives first: the late "processing" of the same session changes nothing.
    let a = f.issued_invoice(&ctx, &client, "10").await;
    assert_eq!(
        apply(failed("evt_a1", &a, "cs_a")).await,
        EventOutcome::Ignored
    );
    assert_eq!(
        apply(processing("evt_a2", &a, "cs_a")).await,
        EventOutcome::Ignored
    );
    assert_eq!(status(a.id).await, InvoiceStatus::Sent);

    // Two sessions pending: the first one's failure leaves it processing, the second's reopens.
    let b = f.issued_invoice(&ctx, &client, "10").await;
    assert!(matches!(
        apply(processing("evt_b1", &b, "cs_b1")).await,
        EventOutcome::Processing(_)
    ));
    assert_eq!(
        apply(processing("evt_b2", &b, "cs_b2")).await,
        EventOutcome::Ignored
    );
    assert_eq!(
        apply(failed("evt_b3", &b, "cs_b1")).await,
        EventOutcome::Ignored
    );
    assert_eq!(status(b.id).await, InvoiceStatus::Processing);
    // An expired session that never set anything does not reopen either.
    assert_eq!(
        apply(expired("evt_b4", &b, "cs_b9")).await,
        EventOutcome::Ignored
    );
    assert!(matches!(
        apply(expired("evt_b5", &b, "cs_b2")).await,
        EventOutcome::Reopened(ref i) if i.status == InvoiceStatus::Sent
    ));

    // An invoice put into `processing` by an earlier version (no session remembered): the
    // expiry of any of its sessions reopens it.
    let c = f.issued_invoice(&ctx, &client, "10").await;
    let mut tx = f.store().begin().await.unwrap();
    let mut legacy = tx
        .invoice_for_update(ctx.company, c.id)
        .await
        .unwrap()
        .unwrap();
    legacy.mark_processing().unwrap();
    tx.update_invoice(&legacy).await.unwrap();
    tx.commit().await.unwrap();
    assert!(matches!(
        apply(expired("evt_c1", &c, "cs_c")).await,
        EventOutcome::Reopened(_)
    ));

    // Staff reopen a stuck invoice; its session no longer counts, a late payment still does.
    let e = f.issued_invoice(&ctx, &client, "10").await;
    apply(processing("evt_e1", &e, "cs_e")).await;
    let err = f.crm.reopen_invoice(&ctx, a.id).await.unwrap_err();
    assert!(matches!(err, Error::Invoice(_)), "{err:?}");
    let reopened = f.crm.reopen_invoice(&ctx, e.id).await.unwrap();
    assert_eq!(reopened.status, InvoiceStatus::Sent);
    let (_, other_ctx) = f.company("Andere GmbH").await;
    let mut tx = f.store().begin().await.unwrap();
    let attempts = tx
        .checkout_attempts_of_invoice(ctx.company, e.id)
        .await
        .unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].state, CheckoutState::Reopened);
    assert!(
        tx.checkout_attempt(other_ctx.company, "stripe", "cs_e")
            .await
            .unwrap()
            .is_none(),
        "scoped to the company"
    );
    drop(tx);
    assert_eq!(
        apply(failed("evt_e2", &e, "cs_e")).await,
        EventOutcome::Ignored
    );
    assert_eq!(status(e.id).await, InvoiceStatus::Sent);
    let activity = f
        .store()
        .activities(ctx.company, client.id, 50)
        .await
        .unwrap();
    assert!(
        activity
            .iter()
            .any(|a| a.kind == crate::domain::ActivityKind::InvoiceReopened)
    );

    // The session names another client (metadata or client reference): held for review.
    let g = f.issued_invoice(&ctx, &client, "10").await;
    let mut foreign = session("cs_g1", &g);
    foreign.client_id = Some(other.id.to_string());
    let wrong_meta = PaymentEvent::Paid {
        event_id: Some("evt_g1".into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: g.id,
        amount: d("11.90"),
        currency: g.currency,
        reference: "pi_g1".into(),
        checkout: foreign,
    };
    assert!(matches!(apply(wrong_meta).await, EventOutcome::Review(_)));
    let mut foreign = session("cs_g2", &g);
    foreign.client_reference = Some(other.id.to_string());
    let wrong_reference = PaymentEvent::Processing {
        event_id: Some("evt_g2".into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: g.id,
        checkout: foreign,
    };
    assert!(matches!(
        apply(wrong_reference).await,
        EventOutcome::Review(_)
    ));
    let mut nameless = session("cs_g3", &g);
    nameless.client_id = None;
    let no_client = PaymentEvent::Processing {
        event_id: Some("evt_g3".into()),
        livemode: false,
        company_id: ctx.company,
        invoice_id: g.id,
        checkout: nameless,
    };
    assert!(matches!(apply(no_client).await, EventOutcome::Review(_)));
    assert_eq!(status(g.id).await, InvoiceStatus::Sent);

    // Every kind of event in the wrong mode is held for review and changes nothing.
    let h = f.issued_invoice(&ctx, &client, "10").await;
    apply(processing("evt_h0", &h, "cs_h")).await;
    let live = |e: PaymentEvent| match e {
        PaymentEvent::Processing {
            event_id,
            company_id,
            invoice_id,
            checkout,
            ..
        } => PaymentEvent::Processing {
            event_id,
            livemode: true,
            company_id,
            invoice_id,
            checkout,
        },
        PaymentEvent::Failed {
            event_id,
            company_id,
            invoice_id,
            checkout,
            ..
        } => PaymentEvent::Failed {
            event_id,
            livemode: true,
            company_id,
            invoice_id,
            checkout,
        },
        PaymentEvent::Expired {
            event_id,
            company_id,
            invoice_id,
            checkout,
            ..
        } => PaymentEvent::Expired {
            event_id,
            livemode: true,
            company_id,
            invoice_id,
            checkout,
        },
        other => other,
    };
    let reviews_before = f
        .store()
        .payment_reviews(ctx.company, 50)
        .await
        .unwrap()
        .len();
    for e in [
        live(failed("evt_h1", &h, "cs_h")),
        live(expired("evt_h2", &h, "cs_h")),
        live(processing("evt_h3", &g, "cs_h3")),
        PaymentEvent::Refunded {
            event_id: "evt_h4".into(),
            livemode: true,
            company_id: Some(ctx.company),
            payment_reference: "pi_none".into(),
            refunded_total: d("1.00"),
            currency: h.currency,
        },
    ] {
        let outcome = apply(e.clone()).await;
        assert!(
            matches!(outcome, EventOutcome::Review(_)),
            "{e:?}: {outcome:?}"
        );
    }
    assert_eq!(
        f.store()
            .payment_reviews(ctx.company, 50)
            .await
            .unwrap()
            .len(),
        reviews_before + 4
    );
    assert_eq!(status(h.id).await, InvoiceStatus::Processing);
    assert_eq!(status(g.id).await, InvoiceStatus::Sent);
    f.assert_metrics_consistent(&ctx, client.id).await;
}

/// A refund event that names its company refunds that company's payment only, even when
/// another company holds a payment with the same reference.
pub async fn refunds_stay_in_the_events_company(store: Arc<dyn Store>) {
    use crate::ports::PaymentEvent;
    use crate::service::EventOutcome;

    let f = Fixture::new(store);
    let (_, a) = f.company("Muster GmbH").await;
    let (_, b) = f.company("Andere GmbH").await;
    let ca = f.client(&a, "Alpha").await;
    let cb = f.client(&b, "Beta").await;
    let ia = f.issued_invoice(&a, &ca, "100").await;
    let ib = f.issued_invoice(&b, &cb, "100").await;
    for (ctx, inv) in [(&a, &ia), (&b, &ib)] {
        let mut p = pay("119.00");
        p.reference = Some("pi_shared".into());
        f.crm.record_payment(ctx, inv.id, &p).await.unwrap();
    }
    let refund = |event: &str, company| PaymentEvent::Refunded {
        event_id: event.into(),
        livemode: false,
        company_id: company,
        payment_reference: "pi_shared".into(),
        refunded_total: d("19.00"),
        currency: ia.currency,
    };
    assert!(matches!(
        f.crm
            .apply_payment_event("stripe", &refund("evt_1", Some(b.company)), false)
            .await
            .unwrap(),
        EventOutcome::Refunded(ref i) if i.id == ib.id
    ));
    assert_eq!(f.crm.invoice(&a, ia.id).await.unwrap().balance, d("0.00"));
    assert_eq!(f.crm.invoice(&b, ib.id).await.unwrap().balance, d("19.00"));
    // Naming no company with the reference in two: nothing is guessed.
    assert_eq!(
        f.crm
            .apply_payment_event("stripe", &refund("evt_2", None), false)
            .await
            .unwrap(),
        EventOutcome::Ignored
    );
    assert_eq!(f.crm.invoice(&a, ia.id).await.unwrap().balance, d("0.00"));
    f.assert_metrics_consistent(&a, ca.id).await;
    f.assert_metrics_consistent(&b, cb.id).await;
}
