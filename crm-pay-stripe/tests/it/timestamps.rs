//! The signature's boundaries through `handle_webhook` on SQLite: a `t=` exactly at the
//! tolerance (300 s) either side of the gateway's clock is accepted, one second beyond is
//! refused, and headers without a `v1=` or with a repeated `t=` are refused with nothing changed.

use crm_core::domain::{Invoice, InvoiceStatus};
use crm_core::ports::Clock;
use crm_core::service::EventOutcome;
use crm_pay_stripe::handle_webhook;
use crm_pay_stripe::signature::{self, SignatureError};

use crate::webhooks::{World, event, session, world};

/// What the test gateway is configured with (`checkout::gateway`).
const TOLERANCE: i64 = 300;
const SECRET: &str = "whsec_current";

/// A fresh issued invoice and a signed-able `checkout.session.completed` paying it in full.
async fn paid_event(w: &World, id: &str) -> (Invoice, Vec<u8>) {
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "100").await; // 119.00
    let body = event(
        id,
        "checkout.session.completed",
        session(w, &inv, "paid", 11_900, "eur", &format!("pi_{id}")),
        false,
    );
    (inv, body)
}

async fn status_of(w: &World, inv: &Invoice) -> InvoiceStatus {
    w.f.crm
        .invoice(&w.ctx, inv.id)
        .await
        .expect("invoice")
        .status
}

async fn payments_of(w: &World, inv: &Invoice) -> usize {
    w.f.store()
        .payments_of_invoice(w.ctx.company, inv.id)
        .await
        .expect("payments")
        .len()
}

/// Delivers `body` signed at the gateway clock's second plus `offset`.
async fn deliver_at(w: &World, body: &[u8], offset: i64) -> crm_pay_stripe::WebhookResponse {
    let header = signature::sign(body, SECRET, w.f.clock.now().timestamp() + offset);
    handle_webhook(&w.f.crm, &w.gw, false, body, Some(&header)).await
}

#[test]
fn verify_accepts_exactly_the_tolerance_either_side_and_refuses_one_second_more() {
    let body = br#"{"id":"evt_boundary"}"#;
    let now = 1_764_237_600;
    for (offset, expected) in [
        (-TOLERANCE, Ok(())),
        (TOLERANCE, Ok(())),
        (-TOLERANCE - 1, Err(SignatureError::Stale)),
        (TOLERANCE + 1, Err(SignatureError::Stale)),
    ] {
        let header = signature::sign(body, SECRET, now + offset);
        assert_eq!(
            signature::verify(body, &header, &[SECRET], now, TOLERANCE),
            expected,
            "t = now {offset:+}"
        );
    }
}

#[test]
fn verify_refuses_headers_without_v1_or_with_two_timestamps() {
    let body = br#"{"id":"evt_boundary"}"#;
    let now = 1_764_237_600;
    let good = signature::sign(body, SECRET, now);
    let hex = good.split_once(",v1=").map(|(_, h)| h).expect("v1");
    // The right HMAC, but under `v0=`: not a scheme we accept.
    let v0_only = format!("t={now},v0={hex}");
    let t_only = format!("t={now}");
    // A second `t=` (whichever the MAC was made with) is malformed, not "last one wins".
    let dup_same = format!("t={now},{good}");
    let dup_other = format!("t={},{good}", now - 10_000);
    let dup_after = format!("{good},t={}", now - 10_000);
    for header in [&v0_only, &t_only, &dup_same, &dup_other, &dup_after] {
        assert_eq!(
            signature::verify(body, header, &[SECRET], now, TOLERANCE),
            Err(SignatureError::Malformed),
            "{header}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_at_exactly_the_tolerance_is_applied_in_the_past_and_the_future() {
    let w = world().await;
    for (id, offset) in [("evt_past300", -TOLERANCE), ("evt_future300", TOLERANCE)] {
        let (inv, body) = paid_event(&w, id).await;
        let r = deliver_at(&w, &body, offset).await;
        assert_eq!(r.status, 200, "{id}: {r:?}");
        assert!(
            matches!(r.outcome, Some(EventOutcome::Paid(_))),
            "{id}: {r:?}"
        );
        assert_eq!(status_of(&w, &inv).await, InvoiceStatus::Paid, "{id}");
        assert_eq!(payments_of(&w, &inv).await, 1, "{id}");
    }
    w.f.assert_metrics_consistent(&w.ctx, w.client.id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_one_second_beyond_the_tolerance_is_refused_in_the_past_and_the_future() {
    let w = world().await;
    for (id, offset) in [
        ("evt_past301", -TOLERANCE - 1),
        ("evt_future301", TOLERANCE + 1),
    ] {
        let (inv, body) = paid_event(&w, id).await;
        let r = deliver_at(&w, &body, offset).await;
        assert_eq!(r.status, 400, "{id}: {r:?}");
        assert!(r.outcome.is_none(), "{id}: {r:?}");
        assert_eq!(status_of(&w, &inv).await, InvoiceStatus::Sent, "{id}");
        assert_eq!(payments_of(&w, &inv).await, 0, "{id}");
        // The refusal recorded nothing: the same event signed now is new, not a duplicate.
        let again = deliver_at(&w, &body, 0).await;
        assert!(
            matches!(again.outcome, Some(EventOutcome::Paid(_))),
            "{id}: {again:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_headers_with_only_v0_only_t_or_two_t_are_refused_and_change_nothing() {
    let w = world().await;
    let (inv, body) = paid_event(&w, "evt_headers").await;
    let now = w.f.clock.now().timestamp();
    let good = signature::sign(&body, SECRET, now);
    let hex = good.split_once(",v1=").map(|(_, h)| h).expect("v1");
    let headers = [
        format!("t={now},v0={hex}"),
        format!("t={now},v0={hex},v0={}", "ab".repeat(32)),
        format!("t={now}"),
        format!("t={now},{good}"),
        format!("t={},{good}", now - 10_000),
        format!("{good},t={now}"),
    ];
    for header in &headers {
        let r = handle_webhook(&w.f.crm, &w.gw, false, &body, Some(header)).await;
        assert_eq!(r.status, 400, "{header}: {r:?}");
        assert!(r.outcome.is_none(), "{header}: {r:?}");
    }
    assert_eq!(status_of(&w, &inv).await, InvoiceStatus::Sent);
    assert_eq!(payments_of(&w, &inv).await, 0);
    // Nothing was recorded under the event's id: the proper delivery still applies.
    let ok = deliver_at(&w, &body, 0).await;
    assert!(matches!(ok.outcome, Some(EventOutcome::Paid(_))), "{ok:?}");
    assert_eq!(payments_of(&w, &inv).await, 1);
}
