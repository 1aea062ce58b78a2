//! Documents area: invoices and quotes, their metrics, the history and the statement reads.

use super::*;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    invoice_lifecycle_keeps_metrics_exact(make().await).await;
    bill_to_is_a_snapshot(make().await).await;
    eur_rate_is_kept_with_the_invoice_and_its_corrections(make().await).await;
    quotes_send_approve_reject_convert(make().await).await;
    document_history_filters_and_pages(make().await).await;
    invoice_list_spans_clients_within_the_company(make().await).await;
    open_invoices_overview_matches_recomputation(make().await).await;
    statement_view_is_its_parts(make().await).await;
    line_units_are_kept(make().await).await;
    super::corrections::corrections_credit_cancel_and_refund_exactly(make().await).await;
    super::corrections::correction_numbers_are_unique_and_rows_append_only(make().await).await;
}

/// A line's unit of measure survives the store (lines are kept as the store likes, e.g. JSON;
/// no column of their own): on a draft, an issued invoice, a quote and the invoice converted
/// from it. A line without one reads back as `C62`.
pub async fn line_units_are_kept(store: Arc<dyn Store>) {
    use crate::domain::Unit;
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut input = invoice_input(client.id, "95");
    input.items[0].unit = Some(Unit::Hour);
    let mut count = input.items[0].clone();
    count.unit = None;
    input.items.push(count);
    let units =
        |lines: &[crate::domain::LineItem]| lines.iter().map(|l| l.unit()).collect::<Vec<_>>();
    let draft = f.crm.create_invoice(&ctx, &input).await.unwrap();
    let read = f.crm.invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(units(&read.lines), [Unit::Hour, Unit::One]);
    let issued = f.crm.issue_invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(units(&issued.lines), [Unit::Hour, Unit::One]);
    let read = f.crm.invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(units(&read.lines), [Unit::Hour, Unit::One]);
    let mut quote = QuoteInput {
        client_id: client.id,
        items: input.items.clone(),
        valid_until: None,
        notes: None,
    };
    quote.items[0].unit = Some(Unit::Day);
    let q = f.crm.create_quote(&ctx, &quote).await.unwrap();
    f.crm.send_quote(&ctx, q.id).await.unwrap();
    f.crm.approve_quote(&ctx, q.id).await.unwrap();
    assert_eq!(
        units(&f.crm.quote(&ctx, q.id).await.unwrap().lines),
        [Unit::Day, Unit::One]
    );
    let converted = f.crm.convert_quote(&ctx, q.id).await.unwrap();
    let read = f.crm.invoice(&ctx, converted.id).await.unwrap();
    assert_eq!(units(&read.lines), [Unit::Day, Unit::One]);
}

pub async fn invoice_list_spans_clients_within_the_company(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let (_, other) = f.company("Andere GmbH").await;
    let alpha = f.client(&ctx, "Alpha").await;
    let beta = f.client(&ctx, "Beta").await;
    let stranger = f.client(&other, "Fremd").await;
    let a = f.issued_invoice(&ctx, &alpha, "100").await;
    let b = f.issued_invoice(&ctx, &beta, "200").await;
    f.issued_invoice(&other, &stranger, "300").await;
    f.crm
        .create_invoice(&ctx, &invoice_input(beta.id, "50"))
        .await
        .unwrap();
    f.crm
        .create_quote(
            &ctx,
            &QuoteInput {
                client_id: alpha.id,
                items: invoice_input(alpha.id, "10").items,
                valid_until: None,
                notes: None,
            },
        )
        .await
        .unwrap();
    let all = f
        .crm
        .list_invoices(&ctx, None, &HistoryFilter::default(), None, 50)
        .await
        .unwrap();
    assert_eq!(
        all.items.len(),
        3,
        "both clients' invoices, no quote, not the other company's"
    );
    assert!(all.items.iter().all(|d| d.kind == DocumentKind::Invoice));
    let sent = f
        .crm
        .list_invoices(
            &ctx,
            None,
            &HistoryFilter {
                status: Some("sent".into()),
                ..Default::default()
            },
            None,
            50,
        )
        .await
        .unwrap();
    let mut ids: Vec<_> = sent.items.iter().map(|d| (d.id, d.client_id)).collect();
    ids.sort();
    let mut want = vec![(a.id.as_uuid(), alpha.id), (b.id.as_uuid(), beta.id)];
    want.sort();
    assert_eq!(ids, want);
    let of_beta = f
        .crm
        .list_invoices(&ctx, Some(beta.id), &HistoryFilter::default(), None, 1)
        .await
        .unwrap();
    assert_eq!(of_beta.items.len(), 1);
    assert!(of_beta.next.is_some(), "a second page");
    // Another company's client is not found.
    assert!(matches!(
        f.crm
            .list_invoices(&ctx, Some(stranger.id), &HistoryFilter::default(), None, 10)
            .await,
        Err(Error::NotFound(_))
    ));
}

pub async fn invoice_lifecycle_keeps_metrics_exact(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut input = invoice_input(client.id, "0");
    input.items = vec![
        LineItemInput {
            description: "Stunden".into(),
            quantity: d("2.5"),
            unit_price: d("80"),
            tax_rate: d("19"),
            discount: d("0"),
            ..Default::default()
        },
        LineItemInput {
            description: "Buch".into(),
            quantity: d("3"),
            unit_price: d("9.99"),
            tax_rate: d("7"),
            discount: d("1.50"),
            ..Default::default()
        },
    ];
    let draft = f.crm.create_invoice(&ctx, &input).await.unwrap();
    assert_eq!(draft.status, InvoiceStatus::Draft);
    assert_eq!(draft.totals.net, d("228.47"));
    assert_eq!(draft.totals.tax, d("38.00") + d("1.99"));
    assert_eq!(draft.totals.total, d("268.46"));
    assert_eq!(f.crm.invoice(&ctx, draft.id).await.unwrap(), draft);
    assert_eq!(
        f.assert_metrics_consistent(&ctx, client.id).await,
        ClientMetrics::default()
    );

    let issued = f.crm.issue_invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(issued.number.as_deref(), Some("RE-00001"));
    assert_eq!(issued.status, InvoiceStatus::Sent);
    assert_eq!(issued.issue_date, Some(f.clock.today()));
    assert_eq!(issued.due_date, Some(f.clock.today() + Duration::days(14)));
    assert_eq!(issued.balance, d("268.46"));
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(
        (m.total_invoiced, m.total_paid, m.outstanding),
        (d("268.46"), d("0"), d("268.46"))
    );

    let PaymentOutcome::Recorded(_, partial) = f
        .crm
        .record_payment(&ctx, issued.id, &pay("100.00"))
        .await
        .unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(partial.status, InvoiceStatus::Partial);
    assert_eq!(partial.balance, d("168.46"));
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!((m.total_paid, m.outstanding), (d("100.00"), d("168.46")));

    let PaymentOutcome::Recorded(_, paid) = f
        .crm
        .record_payment(&ctx, issued.id, &pay("168.46"))
        .await
        .unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(paid.status, InvoiceStatus::Paid);
    assert_eq!(paid.balance, Decimal::ZERO);
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(
        (m.total_invoiced, m.total_paid, m.outstanding),
        (d("268.46"), d("268.46"), d("0"))
    );
    assert_eq!(
        f.store()
            .payments_of_invoice(ctx.company, issued.id)
            .await
            .unwrap()
            .len(),
        2
    );

    // A second invoice, cancelled: counts nowhere. Numbers continue without gaps.
    let second = f.issued_invoice(&ctx, &client, "50").await;
    assert_eq!(second.number.as_deref(), Some("RE-00002"));
    let cancelled = f.crm.cancel_invoice(&ctx, second.id).await.unwrap();
    assert_eq!(cancelled.status, InvoiceStatus::Cancelled);
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.total_invoiced, d("268.46"));
    // Overdue is derived from the clock.
    let third = f.issued_invoice(&ctx, &client, "10").await;
    assert!(!third.is_overdue(f.clock.today()));
    f.clock.advance(Duration::days(15));
    assert!(
        f.crm
            .invoice(&ctx, third.id)
            .await
            .unwrap()
            .is_overdue(f.clock.today())
    );
}

pub async fn bill_to_is_a_snapshot(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let bill_to = inv.bill_to.clone().unwrap();
    assert_eq!(bill_to.name, "Alpha");
    assert_eq!(bill_to.tax_id.as_ref().unwrap().as_str(), "DE136695976");
    let mut input = crate::service::client_to_input(&client);
    input.name = "Alpha Neu".into();
    input.address = address("AT", "1010");
    input.tax_id = Some("ATU13585627".into());
    f.crm.update_client(&ctx, client.id, &input).await.unwrap();
    let again = f.crm.invoice(&ctx, inv.id).await.unwrap();
    assert_eq!(
        again.bill_to.unwrap(),
        bill_to,
        "editing the client must not rewrite issued invoices"
    );
}

/// The euro rate of a foreign-currency draft is stored, changed and cleared with it, frozen at
/// issue, and carried by the cancellation that corrects it.
pub async fn eur_rate_is_kept_with_the_invoice_and_its_corrections(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let mut input = client_input("Dollar Kunde");
    input.currency = Some("USD".into());
    let client = f.crm.create_client(&ctx, &input).await.unwrap();
    let mut draft_input = invoice_input(client.id, "100");
    draft_input.eur_rate = Some(d("0.923400"));
    let draft = f.crm.create_invoice(&ctx, &draft_input).await.unwrap();
    let stored = f.crm.invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(stored.eur_rate.map(|r| r.rate()), Some(d("0.9234")));
    assert_eq!(stored, draft);

    draft_input.eur_rate = None;
    f.crm
        .update_invoice(&ctx, draft.id, &draft_input)
        .await
        .unwrap();
    assert_eq!(f.crm.invoice(&ctx, draft.id).await.unwrap().eur_rate, None);
    draft_input.eur_rate = Some(d("0.91"));
    f.crm
        .update_invoice(&ctx, draft.id, &draft_input)
        .await
        .unwrap();

    let issued = f.crm.issue_invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(issued.eur_rate.map(|r| r.rate()), Some(d("0.91")));
    assert_eq!(f.crm.invoice(&ctx, issued.id).await.unwrap(), issued);
    let (_, cancellation) = f
        .crm
        .cancel_invoice_with(&ctx, issued.id, &crate::service::CancelInput::default())
        .await
        .unwrap();
    let cancellation = cancellation.expect("an issued invoice is cancelled by a document");
    assert_eq!(cancellation.eur_rate, issued.eur_rate);
    assert_eq!(
        f.crm.correction(&ctx, cancellation.id).await.unwrap(),
        cancellation
    );
}

pub async fn quotes_send_approve_reject_convert(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let qi = QuoteInput {
        client_id: client.id,
        items: invoice_input(client.id, "1000").items,
        valid_until: None,
        notes: Some("Angebot".into()),
    };
    let q = f.crm.create_quote(&ctx, &qi).await.unwrap();
    assert!(matches!(
        f.crm.approve_quote(&ctx, q.id).await,
        Err(Error::Quote(_))
    ));
    let sent = f.crm.send_quote(&ctx, q.id).await.unwrap();
    assert_eq!(sent.number.as_deref(), Some("AN-00001"));
    assert_eq!(sent.valid_until, Some(f.clock.today() + Duration::days(30)));
    assert_eq!(f.store().outbox(ctx.company, 10).await.unwrap().len(), 1);
    // The client approves in the portal.
    let portal = PortalCtx {
        company: ctx.company,
        client: client.id,
        contact: client.primary_contact().unwrap().id,
        confirmed: true,
    };
    let viewed = f.crm.portal_view_quote(&portal, q.id).await.unwrap();
    assert!(viewed.viewed_at.is_some());
    let approved = f.crm.portal_approve_quote(&portal, q.id).await.unwrap();
    assert_eq!(approved.status, QuoteStatus::Approved);
    let inv = f.crm.convert_quote(&ctx, q.id).await.unwrap();
    assert_eq!(inv.status, InvoiceStatus::Draft);
    assert_eq!(inv.quote_id, Some(q.id));
    assert_eq!(inv.totals, sent.totals);
    assert_eq!(
        f.crm.quote(&ctx, q.id).await.unwrap().invoice_id,
        Some(inv.id)
    );
    assert!(matches!(
        f.crm.convert_quote(&ctx, q.id).await,
        Err(Error::Quote(_))
    ));
    // Reject with a reason; expired quotes cannot be answered.
    let q2 = f.crm.create_quote(&ctx, &qi).await.unwrap();
    f.crm.send_quote(&ctx, q2.id).await.unwrap();
    let rejected = f
        .crm
        .reject_quote(&ctx, q2.id, Some("Zu teuer"))
        .await
        .unwrap();
    assert_eq!(rejected.rejection_reason.as_deref(), Some("Zu teuer"));
    let q3 = f.crm.create_quote(&ctx, &qi).await.unwrap();
    f.crm.send_quote(&ctx, q3.id).await.unwrap();
    f.clock.advance(Duration::days(31));
    assert!(matches!(
        f.crm.approve_quote(&ctx, q3.id).await,
        Err(Error::Quote(crate::domain::QuoteError::Expired(_)))
    ));
    // Another client cannot answer this client's quote.
    let other = f.client(&ctx, "Beta").await;
    let intruder = PortalCtx {
        company: ctx.company,
        client: other.id,
        contact: other.primary_contact().unwrap().id,
        confirmed: true,
    };
    assert!(matches!(
        f.crm.portal_reject_quote(&intruder, q3.id, None).await,
        Err(Error::NotFound(_))
    ));
}

pub async fn document_history_filters_and_pages(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut ids = Vec::new();
    for i in 0..7 {
        let inv = f
            .issued_invoice(&ctx, &client, &format!("{}", 10 + i))
            .await;
        ids.push(inv.id.as_uuid());
        f.clock.advance(Duration::days(1));
    }
    f.crm
        .record_payment(&ctx, InvoiceId::from_uuid(ids[0]), &pay("11.90"))
        .await
        .unwrap();
    let q = f
        .crm
        .create_quote(
            &ctx,
            &QuoteInput {
                client_id: client.id,
                items: invoice_input(client.id, "5").items,
                valid_until: None,
                notes: None,
            },
        )
        .await
        .unwrap();
    f.crm
        .create_invoice(&ctx, &invoice_input(client.id, "1"))
        .await
        .unwrap();
    // All, newest first, in pages of 3.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = f
            .crm
            .document_history(
                &ctx,
                client.id,
                &HistoryFilter::default(),
                cursor.as_deref(),
                3,
            )
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|d| (d.created_at, d.id)));
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), 9);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, no duplicates"
    );
    let only = |filter: HistoryFilter| {
        let crm = f.crm.clone();
        let ctx = ctx.clone();
        async move {
            crm.document_history(&ctx, client.id, &filter, None, 50)
                .await
                .unwrap()
                .items
        }
    };
    assert_eq!(
        only(HistoryFilter {
            kind: Some(DocumentKind::Quote),
            ..Default::default()
        })
        .await
        .len(),
        1
    );
    assert_eq!(
        only(HistoryFilter {
            kind: Some(DocumentKind::Quote),
            ..Default::default()
        })
        .await[0]
            .id,
        q.id.as_uuid()
    );
    assert_eq!(
        only(HistoryFilter {
            kind: Some(DocumentKind::Invoice),
            ..Default::default()
        })
        .await
        .len(),
        8
    );
    assert_eq!(
        only(HistoryFilter {
            status: Some("paid".into()),
            ..Default::default()
        })
        .await
        .len(),
        1
    );
    assert_eq!(
        only(HistoryFilter {
            status: Some("draft".into()),
            ..Default::default()
        })
        .await
        .len(),
        2
    );
    // Issued on days 0..6 relative to the start; due 14 days later. Today is start + 7.
    let start = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let range = HistoryFilter {
        from: Some(start + Duration::days(2)),
        to: Some(start + Duration::days(4)),
        ..Default::default()
    };
    assert_eq!(only(range).await.len(), 3);
    assert_eq!(
        only(HistoryFilter {
            status: Some("overdue".into()),
            ..Default::default()
        })
        .await
        .len(),
        0
    );
    f.clock.advance(Duration::days(10)); // start + 17: invoices issued on days 0..2 are overdue (day 0 is paid).
    assert_eq!(
        only(HistoryFilter {
            status: Some("overdue".into()),
            ..Default::default()
        })
        .await
        .len(),
        2
    );
    assert!(matches!(
        f.crm
            .document_history(
                &ctx,
                client.id,
                &HistoryFilter::default(),
                Some("garbage"),
                3
            )
            .await,
        Err(Error::Invalid(_))
    ));
    let dash = f.crm.dashboard(&ctx, client.id).await.unwrap();
    assert_eq!(dash.recent.len(), 9);
    assert_eq!(
        dash.metrics,
        f.assert_metrics_consistent(&ctx, client.id).await
    );
}

/// [`crate::ports::DocumentStore::open_invoices_overview`] equals a recomputation from `invoices_of_client` with the
/// domain's rules (open statuses, `Invoice::is_overdue`, `aging`), its first page is ordered
/// oldest due first, and another client's or company's invoices never count.
pub async fn open_invoices_overview_matches_recomputation(store: Arc<dyn Store>) {
    use crate::ports::PaymentEvent;
    use crate::service::EventOutcome;

    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let (_, other_ctx) = f.company("Andere GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let beta = f.client(&ctx, "Beta").await;
    let foreign = f.client(&other_ctx, "Gamma").await;
    let start = f.clock.today();
    let empty = f
        .store()
        .open_invoices_overview(ctx.company, client.id, start, client.currency, 10)
        .await
        .unwrap();
    assert_eq!(empty, crate::ports::OpenInvoicesOverview::default());

    // Invoices issued over ~200 days, with explicit due dates spread across every bucket
    // (some in the future), in every status.
    let mut issued = Vec::new();
    for (i, net) in [
        "100", "200", "50", "75", "300", "20", "40", "60", "80", "10",
    ]
    .iter()
    .enumerate()
    {
        let mut input = invoice_input(client.id, net);
        if i % 3 == 2 {
            // Due far later than the default terms: still current at the end.
            input.due_date = Some(f.clock.today() + Duration::days(250));
        }
        let inv = f.crm.create_invoice(&ctx, &input).await.unwrap();
        issued.push(f.crm.issue_invoice(&ctx, inv.id).await.unwrap());
        f.clock.advance(Duration::days(17));
    }
    // Partly paid, fully paid, cancelled, processing; a draft; another client's and company's.
    f.crm
        .record_payment(&ctx, issued[0].id, &pay("19.00"))
        .await
        .unwrap();
    f.crm
        .record_payment(&ctx, issued[9].id, &pay("11.90"))
        .await
        .unwrap();
    f.crm.cancel_invoice(&ctx, issued[5].id).await.unwrap();
    let processing = f
        .crm
        .apply_payment_event(
            "stripe",
            &PaymentEvent::Processing {
                event_id: Some("evt_overview".into()),
                livemode: false,
                company_id: ctx.company,
                invoice_id: issued[4].id,
                checkout: crate::ports::CheckoutRef {
                    session_id: "cs_overview".into(),
                    client_id: Some(client.id.to_string()),
                    client_reference: None,
                },
            },
            false,
        )
        .await
        .unwrap();
    assert!(matches!(processing, EventOutcome::Processing(_)));
    f.crm
        .create_invoice(&ctx, &invoice_input(client.id, "999"))
        .await
        .unwrap();
    f.issued_invoice(&ctx, &beta, "999").await;
    f.issued_invoice(&other_ctx, &foreign, "999").await;

    let all = f
        .store()
        .invoices_of_client(ctx.company, client.id)
        .await
        .unwrap();
    // Check at several days: before, at and after bucket edges.
    for offset in [0, 1, 13, 30, 31, 61, 90, 91, 121, 400] {
        let today = f.clock.today() + Duration::days(offset);
        let mut open: Vec<&Invoice> = all.iter().filter(|i| i.status.is_open()).collect();
        open.sort_by_key(|i| (i.due_date.or(i.issue_date), i.created_at, i.id.as_uuid()));
        let overdue: Vec<&&Invoice> = open.iter().filter(|i| i.is_overdue(today)).collect();
        for limit in [0_u32, 3, 100] {
            let got = f
                .store()
                .open_invoices_overview(ctx.company, client.id, today, client.currency, limit)
                .await
                .unwrap();
            assert_eq!(got.open_count, open.len(), "day +{offset}");
            assert_eq!(got.overdue_count, overdue.len(), "day +{offset}");
            assert_eq!(
                got.overdue_total,
                overdue.iter().map(|i| i.balance).sum::<Decimal>(),
                "day +{offset}"
            );
            assert_eq!(
                got.aging,
                crate::domain::aging(open.iter().copied(), today),
                "day +{offset}"
            );
            let first: Vec<_> = got
                .first_open
                .iter()
                .map(|s| (s.id, s.status.clone(), s.balance, s.due_date, s.kind))
                .collect();
            let want: Vec<_> = open
                .iter()
                .take(limit as usize)
                .map(|i| {
                    (
                        i.id.as_uuid(),
                        i.status.as_str().to_owned(),
                        i.balance,
                        i.due_date,
                        DocumentKind::Invoice,
                    )
                })
                .collect();
            assert_eq!(first, want, "day +{offset}, limit {limit}");
        }
    }
    // The scenario covers what it claims to.
    let today = f.clock.today();
    let probe = f
        .store()
        .open_invoices_overview(ctx.company, client.id, today, client.currency, 100)
        .await
        .unwrap();
    assert_eq!(probe.open_count, 8, "sent, partial and processing");
    assert!(probe.overdue_count > 0 && probe.overdue_count < probe.open_count);
    assert!(probe.first_open.iter().any(|s| s.status == "partial"));
    assert!(probe.first_open.iter().any(|s| s.status == "processing"));
    let buckets = [
        probe.aging.days_0_30,
        probe.aging.days_31_60,
        probe.aging.days_61_90,
        probe.aging.days_91_120,
        probe.aging.over_120,
    ];
    assert!(buckets.iter().all(|b| *b > Decimal::ZERO), "{buckets:?}");
    // Another company's id sees nothing.
    let isolated = f
        .store()
        .open_invoices_overview(other_ctx.company, client.id, today, client.currency, 100)
        .await
        .unwrap();
    assert_eq!(isolated, crate::ports::OpenInvoicesOverview::default());
}

/// [`crate::ports::DocumentStore::statement_view`] returns exactly what its parts return (company, client summary,
/// open-invoice overview, last paid invoices), and nothing for another company's id.
pub async fn statement_view_is_its_parts(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let (_, other_ctx) = f.company("Andere GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut invoices = Vec::new();
    for net in ["100", "250", "80", "40", "60", "75", "90"] {
        invoices.push(f.issued_invoice(&ctx, &client, net).await);
        f.clock.advance(Duration::days(20));
    }
    for inv in &invoices[..4] {
        f.crm
            .record_payment(&ctx, inv.id, &pay(&inv.balance.to_string()))
            .await
            .unwrap();
    }
    f.crm
        .record_payment(&ctx, invoices[5].id, &pay("10.00"))
        .await
        .unwrap();
    let store = f.store();
    let today = f.clock.today();
    for (open_limit, paid_limit) in [(0, 0), (2, 3), (10, 10)] {
        let view = store
            .statement_view(ctx.company, client.id, today, open_limit, paid_limit)
            .await
            .unwrap()
            .expect("view");
        let company = store.company(ctx.company).await.unwrap().unwrap();
        let summary = store
            .client_summary(ctx.company, client.id)
            .await
            .unwrap()
            .unwrap();
        let open = store
            .open_invoices_overview(ctx.company, client.id, today, client.currency, open_limit)
            .await
            .unwrap();
        let paid = store
            .document_history(
                ctx.company,
                Some(client.id),
                &HistoryFilter::paid_invoices(),
                today,
                None,
                paid_limit,
            )
            .await
            .unwrap();
        assert_eq!(view.company, company);
        assert_eq!(view.client, summary);
        assert_eq!(view.open, open);
        assert_eq!(view.paid, paid);
        // And what they should be, from the invoices themselves: paid newest first, open
        // oldest due date first.
        let paid_ids: Vec<_> = view.paid.iter().map(|s| s.id).collect();
        let want_paid: Vec<_> = invoices[..4]
            .iter()
            .rev()
            .take(paid_limit as usize)
            .map(|i| i.id.as_uuid())
            .collect();
        assert_eq!(paid_ids, want_paid);
        let open_ids: Vec<_> = view.open.first_open.iter().map(|s| s.id).collect();
        let want_open: Vec<_> = invoices[4..]
            .iter()
            .take(open_limit as usize)
            .map(|i| i.id.as_uuid())
            .collect();
        assert_eq!(open_ids, want_open);
        assert_eq!(view.open.open_count, 3);
        assert!(view.open.overdue_count > 0, "some invoices are past due");
    }
    assert!(
        store
            .statement_view(other_ctx.company, client.id, today, 10, 10)
            .await
            .unwrap()
            .is_none()
    );
}
