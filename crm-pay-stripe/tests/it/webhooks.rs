//! Webhooks end to end on SQLite: payloads shaped like Stripe's event objects, signed as
//! Stripe signs them, through `handle_webhook`.

use std::sync::Arc;

use crm_core::domain::{Client, Invoice, InvoiceStatus, TemplateKind};
use crm_core::ports::{Clock, Store};
use crm_core::service::EventOutcome;
use crm_core::testing::Fixture;
use crm_core::testing::conformance::d;
use crm_pay_stripe::{StripeGateway, handle_webhook, signature};
use serde_json::{Value, json};

use crate::checkout::gateway;

pub(crate) struct World {
    pub(crate) f: Fixture,
    pub(crate) gw: StripeGateway,
    pub(crate) ctx: crm_core::Ctx,
    pub(crate) client: Client,
    _dir: std::path::PathBuf,
}

pub(crate) async fn world() -> World {
    let dir = std::env::temp_dir().join(format!("crm-stripe-{}", uuid::Uuid::new_v4().simple()));
    let store: Arc<dyn Store> = crm_storage_sqlx::open(
        &format!("sqlite://{}/crm.db", dir.display()),
        &Default::default(),
    )
    .await
    .expect("sqlite");
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let gw = gateway("http://127.0.0.1:9/", f.clock.clone());
    World {
        f,
        gw,
        ctx,
        client,
        _dir: dir,
    }
}

pub(crate) fn session(
    w: &World,
    invoice: &Invoice,
    status: &str,
    amount_minor: i64,
    currency: &str,
    intent: &str,
) -> Value {
    json!({
        "id": format!("cs_test_{intent}"),
        "object": "checkout.session",
        "amount_subtotal": amount_minor,
        "amount_total": amount_minor,
        "client_reference_id": w.client.id.to_string(),
        "currency": currency,
        "customer_email": "kontakt@alpha.example.com",
        "livemode": false,
        "metadata": {
            "company_id": w.ctx.company.to_string(),
            "client_id": w.client.id.to_string(),
            "invoice_id": invoice.id.to_string()
        },
        "mode": "payment",
        "payment_intent": intent,
        "payment_status": status,
        "status": "complete"
    })
}

pub(crate) fn event(id: &str, kind: &str, object: Value, livemode: bool) -> Vec<u8> {
    json!({
        "id": id,
        "object": "event",
        "api_version": "2025-10-29.clover",
        "created": 1_764_237_600,
        "data": { "object": object },
        "livemode": livemode,
        "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": kind
    })
    .to_string()
    .into_bytes()
}

pub(crate) async fn deliver(
    w: &World,
    body: &[u8],
    secret: &str,
) -> crm_pay_stripe::WebhookResponse {
    let header = signature::sign(body, secret, w.f.clock.now().timestamp());
    handle_webhook(&w.f.crm, &w.gw, false, body, Some(&header)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_checkout_pays_the_invoice_once_with_one_receipt() {
    let w = world().await;
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "100").await; // 119.00
    let body = event(
        "evt_1Paid",
        "checkout.session.completed",
        session(&w, &inv, "paid", 11_900, "eur", "pi_1"),
        false,
    );

    // Forged, unsigned, stale and wrong-secret deliveries change nothing.
    let forged = handle_webhook(&w.f.crm, &w.gw, false, &body, Some("t=1,v1=00")).await;
    assert_eq!(forged.status, 400);
    assert_eq!(
        handle_webhook(&w.f.crm, &w.gw, false, &body, None)
            .await
            .status,
        400
    );
    let stale = signature::sign(&body, "whsec_current", w.f.clock.now().timestamp() - 301);
    assert_eq!(
        handle_webhook(&w.f.crm, &w.gw, false, &body, Some(&stale))
            .await
            .status,
        400
    );
    assert_eq!(deliver(&w, &body, "whsec_wrong").await.status, 400);
    let mut tampered = body.clone();
    let pos = tampered
        .windows(5)
        .position(|x| x == b"11900")
        .expect("amount in body");
    tampered[pos] = b'2';
    let header = signature::sign(&body, "whsec_current", w.f.clock.now().timestamp());
    assert_eq!(
        handle_webhook(&w.f.crm, &w.gw, false, &tampered, Some(&header))
            .await
            .status,
        400
    );
    assert_eq!(
        w.f.crm
            .invoice(&w.ctx, inv.id)
            .await
            .expect("invoice")
            .status,
        InvoiceStatus::Sent
    );

    // The real one (signed with the previous secret during a rotation) pays it.
    let ok = deliver(&w, &body, "whsec_previous").await;
    assert_eq!(ok.status, 200);
    assert!(
        matches!(ok.outcome, Some(EventOutcome::Paid(ref i)) if i.status == InvoiceStatus::Paid),
        "{ok:?}"
    );
    // Again, and twice at once: still one payment and one receipt.
    assert_eq!(
        deliver(&w, &body, "whsec_current").await.outcome,
        Some(EventOutcome::Duplicate)
    );
    let inv2 = w.f.issued_invoice(&w.ctx, &w.client, "50").await;
    let body2 = event(
        "evt_2Paid",
        "checkout.session.completed",
        session(&w, &inv2, "paid", 5_950, "eur", "pi_2"),
        false,
    );
    let (a, b) = tokio::join!(
        deliver(&w, &body2, "whsec_current"),
        deliver(&w, &body2, "whsec_current")
    );
    assert_eq!((a.status, b.status), (200, 200));
    let paid = [a.outcome, b.outcome]
        .iter()
        .filter(|o| matches!(o, Some(EventOutcome::Paid(_))))
        .count();
    assert_eq!(paid, 1);
    for i in [&inv, &inv2] {
        assert_eq!(
            w.f.store()
                .payments_of_invoice(w.ctx.company, i.id)
                .await
                .expect("payments")
                .len(),
            1
        );
    }
    let receipts = w.f.store().outbox(w.ctx.company, 20).await.expect("outbox");
    assert_eq!(
        receipts
            .iter()
            .filter(|m| m.kind == TemplateKind::PaymentReceipt)
            .count(),
        2
    );
    w.f.assert_metrics_consistent(&w.ctx, w.client.id).await;
}

#[tokio::test]
async fn delayed_payments_process_then_succeed_or_fail_and_never_downgrade() {
    let w = world().await;
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "100").await;
    let unpaid = session(&w, &inv, "unpaid", 11_900, "eur", "pi_sepa");
    let r = deliver(
        &w,
        &event("evt_c", "checkout.session.completed", unpaid.clone(), false),
        "whsec_current",
    )
    .await;
    assert!(
        matches!(r.outcome, Some(EventOutcome::Processing(_))),
        "{r:?}"
    );
    let r = deliver(
        &w,
        &event(
            "evt_s",
            "checkout.session.async_payment_succeeded",
            unpaid.clone(),
            false,
        ),
        "whsec_current",
    )
    .await;
    assert!(
        matches!(r.outcome, Some(EventOutcome::Paid(ref i)) if i.status == InvoiceStatus::Paid),
        "{r:?}"
    );
    // A late "completed/unpaid" (out of order) leaves it paid.
    let r = deliver(
        &w,
        &event("evt_late", "checkout.session.completed", unpaid, false),
        "whsec_current",
    )
    .await;
    assert_eq!(r.outcome, Some(EventOutcome::Ignored));
    assert_eq!(
        w.f.crm
            .invoice(&w.ctx, inv.id)
            .await
            .expect("invoice")
            .status,
        InvoiceStatus::Paid
    );

    let inv2 = w.f.issued_invoice(&w.ctx, &w.client, "10").await;
    let unpaid2 = session(&w, &inv2, "unpaid", 1_190, "eur", "pi_sepa2");
    deliver(
        &w,
        &event(
            "evt_c2",
            "checkout.session.completed",
            unpaid2.clone(),
            false,
        ),
        "whsec_current",
    )
    .await;
    let r = deliver(
        &w,
        &event(
            "evt_f2",
            "checkout.session.async_payment_failed",
            unpaid2,
            false,
        ),
        "whsec_current",
    )
    .await;
    assert!(
        matches!(r.outcome, Some(EventOutcome::Reopened(ref i)) if i.status == InvoiceStatus::Sent),
        "{r:?}"
    );
    w.f.assert_metrics_consistent(&w.ctx, w.client.id).await;
}

#[tokio::test]
async fn refunds_restore_the_balance_once() {
    let w = world().await;
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "100").await;
    deliver(
        &w,
        &event(
            "evt_p",
            "checkout.session.completed",
            session(&w, &inv, "paid", 11_900, "eur", "pi_r"),
            false,
        ),
        "whsec_current",
    )
    .await;
    let charge = |refunded: i64| {
        json!({
            "id": "ch_3R", "object": "charge", "amount": 11_900, "amount_captured": 11_900,
            "amount_refunded": refunded, "currency": "eur", "livemode": false, "metadata": {},
            "paid": true, "payment_intent": "pi_r", "refunded": refunded == 11_900, "status": "succeeded"
        })
    };
    let r = deliver(
        &w,
        &event("evt_r1", "charge.refunded", charge(4_000), false),
        "whsec_current",
    )
    .await;
    assert!(
        matches!(r.outcome, Some(EventOutcome::Refunded(ref i)) if i.balance == d("40.00") && i.status == InvoiceStatus::Partial),
        "{r:?}"
    );
    assert_eq!(
        deliver(
            &w,
            &event("evt_r1", "charge.refunded", charge(4_000), false),
            "whsec_current"
        )
        .await
        .outcome,
        Some(EventOutcome::Duplicate)
    );
    let r = deliver(
        &w,
        &event("evt_r2", "charge.refunded", charge(11_900), false),
        "whsec_current",
    )
    .await;
    assert!(
        matches!(r.outcome, Some(EventOutcome::Refunded(ref i)) if i.status == InvoiceStatus::Sent),
        "{r:?}"
    );
    // An older event arriving last refunds nothing more.
    assert_eq!(
        deliver(
            &w,
            &event("evt_r0", "charge.refunded", charge(4_000), false),
            "whsec_current"
        )
        .await
        .outcome,
        Some(EventOutcome::Ignored)
    );
    let m = w.f.assert_metrics_consistent(&w.ctx, w.client.id).await;
    assert_eq!(m.total_paid, d("0"));
}

#[tokio::test]
async fn mismatches_are_not_paid_but_held_for_review() {
    let w = world().await;
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "100").await;
    for (id, object, live) in [
        (
            "evt_amount",
            session(&w, &inv, "paid", 20_000, "eur", "pi_x1"),
            false,
        ),
        (
            "evt_currency",
            session(&w, &inv, "paid", 11_900, "usd", "pi_x2"),
            false,
        ),
        (
            "evt_live",
            session(&w, &inv, "paid", 11_900, "eur", "pi_x3"),
            true,
        ),
    ] {
        let r = deliver(
            &w,
            &event(id, "checkout.session.completed", object, live),
            "whsec_current",
        )
        .await;
        assert_eq!(r.status, 200, "answered, so Stripe stops retrying");
        assert!(
            matches!(r.outcome, Some(EventOutcome::Review(_))),
            "{id}: {r:?}"
        );
    }
    // Another company's metadata: not applied (and no review row in a company that does not exist).
    let mut foreign = session(&w, &inv, "paid", 11_900, "eur", "pi_x4");
    foreign["metadata"]["company_id"] = json!(uuid::Uuid::now_v7().to_string());
    let r = deliver(
        &w,
        &event("evt_foreign", "checkout.session.completed", foreign, false),
        "whsec_current",
    )
    .await;
    assert!(matches!(r.outcome, Some(EventOutcome::Review(_))), "{r:?}");
    // Not ours at all: ignored.
    let mut alien = session(&w, &inv, "paid", 11_900, "eur", "pi_x5");
    alien["metadata"] = json!({});
    assert_eq!(
        deliver(
            &w,
            &event("evt_alien", "checkout.session.completed", alien, false),
            "whsec_current"
        )
        .await
        .outcome,
        Some(EventOutcome::Ignored)
    );
    let after = w.f.crm.invoice(&w.ctx, inv.id).await.expect("invoice");
    assert_eq!(
        (after.status, after.balance),
        (InvoiceStatus::Sent, d("119.00"))
    );
    assert_eq!(
        w.f.store()
            .payment_reviews(w.ctx.company, 10)
            .await
            .expect("reviews")
            .len(),
        3
    );
}

#[tokio::test]
async fn a_storage_failure_answers_500_so_stripe_retries() {
    let dir = std::env::temp_dir().join(format!("crm-stripe-{}", uuid::Uuid::new_v4().simple()));
    let sqlite = crm_storage_sqlx::SqliteStore::open(
        &format!("sqlite://{}/crm.db", dir.display()),
        &Default::default(),
    )
    .await
    .expect("sqlite");
    let f = Fixture::new(Arc::new(sqlite.clone()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let gw = gateway("http://127.0.0.1:9/", f.clock.clone());
    let w = World {
        f,
        gw,
        ctx,
        client,
        _dir: dir,
    };
    let body = event(
        "evt_down",
        "checkout.session.completed",
        session(&w, &inv, "paid", 11_900, "eur", "pi_down"),
        false,
    );
    sqlite.close().await;
    let r = deliver(&w, &body, "whsec_current").await;
    assert_eq!(r.status, 500, "{r:?}");
}
