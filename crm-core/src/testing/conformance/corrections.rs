//! Documents area, corrections: cancellation invoices and corrective credits — numbered from
//! their own ranges, append-only, in the history, frozen, and exact in the metrics.

use super::*;
use crate::domain::{CorrectionKind, DocumentHash, ValidationErrors};
use crate::service::{CancelInput, CreditInput};

fn credit(net: &str, rate: &str) -> CreditInput {
    CreditInput {
        items: vec![LineItemInput {
            description: "Nachlass".into(),
            quantity: Decimal::ONE,
            unit_price: d(net),
            tax_rate: d(rate),
            ..Default::default()
        }],
        reason: Some("Mangel an Position 1".into()),
    }
}

fn code(err: &Error, field: &str) -> String {
    match err {
        Error::Invalid(v) => field_code(v, field),
        other => panic!("not a validation error: {other:?}"),
    }
}

fn field_code(v: &ValidationErrors, field: &str) -> String {
    v.field(field)
        .map(|e| e.code().to_owned())
        .unwrap_or_else(|| panic!("no error at {field}: {v:?}"))
}

pub async fn corrections_credit_cancel_and_refund_exactly(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let (_, other) = f.company("Andere GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await; // 119.00
    f.crm
        .record_payment(&ctx, inv.id, &pay("50"))
        .await
        .unwrap();

    // A credit of 30 net at the invoice's 19 %: 35.70 off what it asks for.
    let (after, rk) = f
        .crm
        .credit_invoice(&ctx, inv.id, &credit("30", "19"))
        .await
        .unwrap();
    assert_eq!(rk.kind, CorrectionKind::Credit);
    assert_eq!(rk.number, "RK-00001");
    assert_eq!(rk.totals.total, d("-35.70"));
    assert_eq!(rk.corrects.number, inv.number.clone().unwrap());
    assert_eq!(rk.refund_due, d("0"));
    assert_eq!(
        (after.credited, after.balance, after.status),
        (d("35.70"), d("33.30"), InvoiceStatus::Partial)
    );
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(
        (m.total_invoiced, m.total_paid, m.outstanding),
        (d("83.30"), d("50"), d("33.30"))
    );

    // Bad credits are refused naming the field; nothing is written.
    let err = f
        .crm
        .credit_invoice(&ctx, inv.id, &credit("10", "7"))
        .await
        .unwrap_err();
    assert_eq!(
        code(&err, "items[0].tax_rate"),
        "credit.rate_not_on_invoice"
    );
    let err = f
        .crm
        .credit_invoice(&ctx, inv.id, &credit("80", "19"))
        .await
        .unwrap_err();
    assert_eq!(code(&err, "items"), "credit.exceeds_rate");
    let err = f
        .crm
        .credit_invoice(&ctx, inv.id, &CreditInput::default())
        .await
        .unwrap_err();
    assert_eq!(code(&err, "items"), "items.empty");
    assert_eq!(f.crm.invoice(&ctx, inv.id).await.unwrap(), after);
    assert_eq!(
        f.crm
            .corrections_of_invoice(&ctx, inv.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // A second credit that takes more than is open leaves money to refund.
    let (after, rk2) = f
        .crm
        .credit_invoice(&ctx, inv.id, &credit("50", "19"))
        .await
        .unwrap();
    assert_eq!(rk2.number, "RK-00002");
    assert_eq!(rk2.refund_due, d("26.20"), "50 paid, 23.80 still asked for");
    assert_eq!(
        (after.balance, after.status, after.refund_due()),
        (d("0"), InvoiceStatus::Paid, d("26.20"))
    );
    f.assert_metrics_consistent(&ctx, client.id).await;

    // The cancellation invoice negates the whole original, from its own range.
    let (cancelled, st) = f
        .crm
        .cancel_invoice_with(
            &ctx,
            inv.id,
            &CancelInput {
                reason: Some("Doppelt berechnet".into()),
            },
        )
        .await
        .unwrap();
    let st = st.unwrap();
    assert_eq!(st.number, "ST-00001");
    assert_eq!(st.totals.total, d("-119.00"));
    assert_eq!(st.lines[0].quantity(), d("-1"));
    assert_eq!(st.refund_due, d("50"));
    assert_eq!(cancelled.status, InvoiceStatus::Cancelled);
    assert_eq!(cancelled.cancelled_by.as_ref().map(|c| c.id), Some(st.id));
    assert_eq!(cancelled.lines, inv.lines, "the original stays as issued");
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(
        (m.total_invoiced, m.total_paid, m.outstanding),
        (d("0"), d("50"), d("0"))
    );
    // Nothing more to correct; the money is refunded from the cancelled invoice.
    assert!(matches!(
        f.crm.credit_invoice(&ctx, inv.id, &credit("1", "19")).await,
        Err(Error::Invoice(InvoiceError::Transition { .. }))
    ));
    let payment = f
        .store()
        .payments_of_invoice(ctx.company, inv.id)
        .await
        .unwrap()[0]
        .clone();
    let refund = RefundInput {
        amount: d("50"),
        date: None,
        reason: None,
        reference: None,
    };
    let RefundOutcome::Recorded(_, refunded) = f
        .crm
        .refund_payment(&ctx, payment.id, &refund)
        .await
        .unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(
        (refunded.status, refunded.refund_due()),
        (InvoiceStatus::Cancelled, d("0"))
    );
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.total_paid, d("0"));

    // In order, each frozen, each in the history; the other company sees none of them.
    let all = f.crm.corrections_of_invoice(&ctx, inv.id).await.unwrap();
    let numbers: Vec<&str> = all.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(numbers, ["RK-00001", "RK-00002", "ST-00001"]);
    for c in &all {
        let pdf = f.crm.correction_pdf(&ctx, c.id).await.unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert_eq!(pdf.sha256, Some(DocumentHash::of(&pdf.bytes)));
        assert!(matches!(
            f.crm.correction(&other, c.id).await,
            Err(Error::NotFound(_))
        ));
    }
    let history = |filter: HistoryFilter| {
        let crm = f.crm.clone();
        let ctx = ctx.clone();
        async move {
            crm.document_history(&ctx, client.id, &filter, None, 50)
                .await
                .unwrap()
                .items
        }
    };
    let rows = history(HistoryFilter::default()).await;
    let kinds: Vec<DocumentKind> = rows.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            DocumentKind::Cancellation,
            DocumentKind::Credit,
            DocumentKind::Credit,
            DocumentKind::Invoice
        ]
    );
    assert_eq!(rows[0].total, d("-119.00"));
    assert_eq!(
        (rows[0].status.as_str(), rows[0].balance),
        ("issued", d("0"))
    );
    let credits = history(HistoryFilter {
        kind: Some(DocumentKind::Credit),
        ..Default::default()
    })
    .await;
    assert_eq!(credits.len(), 2);
    let issued = history(HistoryFilter {
        status: Some("issued".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(issued.len(), 3);
    let invoices = history(HistoryFilter {
        kind: Some(DocumentKind::Invoice),
        ..Default::default()
    })
    .await;
    assert_eq!(invoices.len(), 1);
}

pub async fn correction_numbers_are_unique_and_rows_append_only(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let (_, c) = f
        .crm
        .credit_invoice(&ctx, inv.id, &credit("10", "19"))
        .await
        .unwrap();
    // The same number again (a second row, say from a broken sequence) is a conflict.
    let mut tx = f.store().begin().await.unwrap();
    let again = crate::domain::Correction {
        id: crate::domain::CorrectionId::new(),
        ..c.clone()
    };
    assert!(matches!(
        tx.insert_correction(&again).await,
        Err(crate::ports::StoreError::Conflict(_))
    ));
    drop(tx);
    assert_eq!(
        f.store().correction(ctx.company, c.id).await.unwrap(),
        Some(c)
    );
    // A draft is cancelled without a document: it never was one.
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "5"))
        .await
        .unwrap();
    let (cancelled, none) = f
        .crm
        .cancel_invoice_with(&ctx, draft.id, &CancelInput::default())
        .await
        .unwrap();
    assert_eq!((cancelled.status, none), (InvoiceStatus::Cancelled, None));
    assert!(
        f.crm
            .corrections_of_invoice(&ctx, draft.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        f.crm
            .credit_invoice(&ctx, draft.id, &credit("1", "19"))
            .await,
        Err(Error::Invoice(InvoiceError::Transition { .. }))
    ));
}
