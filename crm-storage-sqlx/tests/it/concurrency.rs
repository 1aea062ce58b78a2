//! Concurrency on both backends: partial payments racing on one invoice, one provider
//! reference delivered many times at once, and several outbox workers.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Duration;
use crm_core::Error;
use crm_core::domain::{InvoiceError, PaymentMethod};
use crm_core::ports::{Clock, Store};
use crm_core::service::{PaymentInput, PaymentOutcome};
use crm_core::testing::Fixture;
use crm_core::testing::conformance::{d, invoice_input};

use crate::support;

fn pay(amount: &str, reference: Option<String>) -> PaymentInput {
    PaymentInput {
        amount: d(amount),
        currency: None,
        date: None,
        method: PaymentMethod::Card,
        reference,
        send_receipt: false,
    }
}

async fn partial_payments_race(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "1000").await; // 1190.00 due
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (crm, ctx) = (f.crm.clone(), ctx.clone());
            tokio::spawn(async move { crm.record_payment(&ctx, inv.id, &pay("25.00", None)).await })
        })
        .collect();
    let (mut ok, mut over) = (0, 0);
    for t in tasks {
        match t.await.expect("task") {
            Ok(PaymentOutcome::Recorded(..)) => ok += 1,
            Err(Error::Invoice(InvoiceError::Overpayment { .. })) => over += 1,
            other => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!((ok, over), (47, 3));
    let after = f.crm.invoice(&ctx, inv.id).await.expect("invoice");
    assert_eq!(after.balance, d("15.00"));
    assert_eq!(after.amount_paid, d("1175.00"));
    let m = f.assert_metrics_consistent(&ctx, client.id).await;
    assert_eq!(m.outstanding, d("15.00"));
}

async fn one_reference_many_deliveries(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let (crm, ctx) = (f.crm.clone(), ctx.clone());
            tokio::spawn(async move {
                let mut p = pay("119.00", Some("pi_3PXYZ".into()));
                p.send_receipt = true;
                crm.record_payment(&ctx, inv.id, &p).await
            })
        })
        .collect();
    let mut recorded = 0;
    for t in tasks {
        match t.await.expect("task").expect("no error") {
            PaymentOutcome::Recorded(..) => recorded += 1,
            PaymentOutcome::AlreadyRecorded(_) => {}
        }
    }
    assert_eq!(recorded, 1);
    assert_eq!(
        f.store()
            .payments_of_invoice(ctx.company, inv.id)
            .await
            .expect("payments")
            .len(),
        1
    );
    assert_eq!(
        f.store()
            .outbox(ctx.company, 50)
            .await
            .expect("outbox")
            .len(),
        1,
        "one receipt"
    );
    f.assert_metrics_consistent(&ctx, client.id).await;
}

async fn workers_claim_each_email_once(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    for _ in 0..60 {
        let inv = f
            .crm
            .create_invoice(&ctx, &invoice_input(client.id, "10"))
            .await
            .expect("invoice");
        f.crm.send_invoice(&ctx, inv.id).await.expect("send");
    }
    let now = f.clock.now();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let store = f.store().clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = store
                        .claim_due_emails(now, now + Duration::minutes(5), 5)
                        .await
                        .expect("claim");
                    if batch.is_empty() {
                        break;
                    }
                    for e in batch {
                        let lease = e.lease.expect("lease token");
                        let mark = store.mark_email_sent(e.id, lease, now).await;
                        assert_eq!(
                            mark.expect("mark sent"),
                            crm_core::ports::OutboxMark::Applied
                        );
                        mine.push(e.id);
                    }
                }
                mine
            })
        })
        .collect();
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.expect("worker"));
    }
    let unique: HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), 60, "every email claimed");
    assert_eq!(unique.len(), 60, "no email claimed twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_fifty_partial_payments_leave_an_exact_balance() {
    if let Some(s) = support::postgres_with(10).await {
        partial_payments_race(s).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_identical_references_record_one_payment() {
    if let Some(s) = support::postgres_with(10).await {
        one_reference_many_deliveries(s).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_outbox_workers_never_share_a_row() {
    if let Some(s) = support::postgres_with(8).await {
        workers_claim_each_email_once(s).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_fifty_partial_payments_leave_an_exact_balance() {
    let (s, _dir) = support::sqlite().await;
    partial_payments_race(s).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_identical_references_record_one_payment() {
    let (s, _dir) = support::sqlite().await;
    one_reference_many_deliveries(s).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_outbox_workers_never_share_a_row() {
    let (s, _dir) = support::sqlite().await;
    workers_claim_each_email_once(s).await;
}
