//! Checkout sessions through signed webhooks and the return page: events in any order, expiry,
//! the client a session names, the live/test mode of every event kind, and staff's reopen.

use crm_core::domain::{Invoice, InvoiceStatus};
use crm_core::service::{EventOutcome, PortalCtx};
use serde_json::json;

use crate::checkout::gateway;
use crate::standin::StandIn;
use crate::webhooks::{World, deliver, event, session, world};

async fn status(w: &World, inv: &Invoice) -> InvoiceStatus {
    w.f.crm
        .invoice(&w.ctx, inv.id)
        .await
        .expect("invoice")
        .status
}

/// Puts an invoice into `processing` the way earlier versions did for an abandoned checkout:
/// with no session remembered.
async fn stuck_in_processing(w: &World, inv: &Invoice) {
    let mut tx = w.f.store().begin().await.expect("begin");
    let mut stuck = tx
        .invoice_for_update(w.ctx.company, inv.id)
        .await
        .expect("read")
        .expect("invoice");
    stuck.mark_processing().expect("processing");
    tx.update_invoice(&stuck).await.expect("update");
    tx.commit().await.expect("commit");
}

#[tokio::test]
async fn a_failure_that_arrives_before_its_processing_does_not_freeze_the_invoice() {
    let w = world().await;
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "100").await;
    let unpaid = session(&w, &inv, "unpaid", 11_900, "eur", "pi_sepa");
    let r = deliver(
        &w,
        &event(
            "evt_f",
            "checkout.session.async_payment_failed",
            unpaid.clone(),
            false,
        ),
        "whsec_current",
    )
    .await;
    assert_eq!(r.outcome, Some(EventOutcome::Ignored), "{r:?}");
    let r = deliver(
        &w,
        &event("evt_c", "checkout.session.completed", unpaid, false),
        "whsec_current",
    )
    .await;
    assert_eq!(r.outcome, Some(EventOutcome::Ignored), "{r:?}");
    assert_eq!(status(&w, &inv).await, InvoiceStatus::Sent);
}

#[tokio::test]
async fn an_expired_session_reopens_an_invoice_it_left_processing_and_staff_can_reopen_too() {
    let w = world().await;
    // Left in `processing` by an abandoned checkout (earlier versions): its expiry reopens it.
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "100").await;
    stuck_in_processing(&w, &inv).await;
    let mut expired = session(&w, &inv, "unpaid", 11_900, "eur", "pi_gone");
    expired["status"] = json!("expired");
    expired["payment_intent"] = json!(null);
    let r = deliver(
        &w,
        &event("evt_x", "checkout.session.expired", expired.clone(), false),
        "whsec_current",
    )
    .await;
    assert!(
        matches!(r.outcome, Some(EventOutcome::Reopened(ref i)) if i.status == InvoiceStatus::Sent),
        "{r:?}"
    );
    // An expiry of a session that set nothing leaves a pending delayed payment alone.
    let sepa = w.f.issued_invoice(&w.ctx, &w.client, "10").await;
    deliver(
        &w,
        &event(
            "evt_p",
            "checkout.session.completed",
            session(&w, &sepa, "unpaid", 1_190, "eur", "pi_sepa"),
            false,
        ),
        "whsec_current",
    )
    .await;
    let mut other = session(&w, &sepa, "unpaid", 1_190, "eur", "pi_other");
    other["status"] = json!("expired");
    let r = deliver(
        &w,
        &event("evt_x2", "checkout.session.expired", other, false),
        "whsec_current",
    )
    .await;
    assert_eq!(r.outcome, Some(EventOutcome::Ignored), "{r:?}");
    assert_eq!(status(&w, &sepa).await, InvoiceStatus::Processing);
    // Staff reopen it; a failure reported later changes nothing, a payment still counts.
    let reopened =
        w.f.crm
            .reopen_invoice(&w.ctx, sepa.id)
            .await
            .expect("reopen");
    assert_eq!(reopened.status, InvoiceStatus::Sent);
    let r = deliver(
        &w,
        &event(
            "evt_f",
            "checkout.session.async_payment_failed",
            session(&w, &sepa, "unpaid", 1_190, "eur", "pi_sepa"),
            false,
        ),
        "whsec_current",
    )
    .await;
    assert_eq!(r.outcome, Some(EventOutcome::Ignored), "{r:?}");
    let r = deliver(
        &w,
        &event(
            "evt_s",
            "checkout.session.async_payment_succeeded",
            session(&w, &sepa, "paid", 1_190, "eur", "pi_sepa"),
            false,
        ),
        "whsec_current",
    )
    .await;
    assert!(
        matches!(r.outcome, Some(EventOutcome::Paid(ref i)) if i.status == InvoiceStatus::Paid),
        "{r:?}"
    );
    w.f.assert_metrics_consistent(&w.ctx, w.client.id).await;
}

#[tokio::test]
async fn the_return_page_of_an_expired_session_reopens_what_it_left_processing() {
    let standin = StandIn::start().await;
    let w = world().await;
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "1000").await;
    let portal = PortalCtx {
        company: w.ctx.company,
        client: w.client.id,
        contact: w.client.primary_contact().expect("primary").id,
        confirmed: true,
    };
    let gw = gateway(&standin.base, w.f.clock.clone());
    w.f.crm
        .portal_checkout(&portal, inv.id, &gw)
        .await
        .expect("checkout");
    stuck_in_processing(&w, &inv).await;
    {
        let mut s = standin.state.lock().expect("state");
        s.retrieve_status = "unpaid".into();
        s.retrieve_session_status = Some("expired".into());
    }
    let outcome =
        w.f.crm
            .confirm_checkout(&portal, "cs_test_a1b2c3", &gw, false)
            .await
            .expect("confirm");
    assert!(
        matches!(outcome, EventOutcome::Reopened(ref i) if i.status == InvoiceStatus::Sent),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_session_naming_another_client_is_held_for_review() {
    let w = world().await;
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "100").await;
    let beta = w.f.client(&w.ctx, "Beta").await;
    let mut wrong_metadata = session(&w, &inv, "paid", 11_900, "eur", "pi_m");
    wrong_metadata["metadata"]["client_id"] = json!(beta.id.to_string());
    let mut wrong_reference = session(&w, &inv, "paid", 11_900, "eur", "pi_r");
    wrong_reference["client_reference_id"] = json!(beta.id.to_string());
    for (id, object) in [("evt_m", wrong_metadata), ("evt_r", wrong_reference)] {
        let r = deliver(
            &w,
            &event(id, "checkout.session.completed", object, false),
            "whsec_current",
        )
        .await;
        assert!(
            matches!(r.outcome, Some(EventOutcome::Review(_))),
            "{id}: {r:?}"
        );
    }
    assert_eq!(status(&w, &inv).await, InvoiceStatus::Sent);
    assert_eq!(
        w.f.store()
            .payment_reviews(w.ctx.company, 10)
            .await
            .expect("reviews")
            .len(),
        2
    );
}

#[tokio::test]
async fn every_event_kind_in_the_wrong_mode_is_held_for_review() {
    let w = world().await;
    let inv = w.f.issued_invoice(&w.ctx, &w.client, "100").await;
    let unpaid = session(&w, &inv, "unpaid", 11_900, "eur", "pi_l");
    let mut expired = unpaid.clone();
    expired["status"] = json!("expired");
    let charge = json!({
        "id": "ch_3L", "object": "charge", "amount": 11_900, "amount_captured": 11_900,
        "amount_refunded": 11_900, "currency": "eur", "livemode": true,
        "metadata": { "company_id": w.ctx.company.to_string() },
        "paid": true, "payment_intent": "pi_l", "refunded": true, "status": "succeeded"
    });
    for (id, kind, object) in [
        ("evt_l1", "checkout.session.completed", unpaid.clone()),
        ("evt_l2", "checkout.session.async_payment_failed", unpaid),
        ("evt_l3", "checkout.session.expired", expired),
        ("evt_l4", "charge.refunded", charge),
    ] {
        let r = deliver(&w, &event(id, kind, object, true), "whsec_current").await;
        assert_eq!(r.status, 200);
        assert!(
            matches!(r.outcome, Some(EventOutcome::Review(_))),
            "{kind}: {r:?}"
        );
    }
    assert_eq!(status(&w, &inv).await, InvoiceStatus::Sent);
    assert_eq!(
        w.f.store()
            .payment_reviews(w.ctx.company, 10)
            .await
            .expect("reviews")
            .len(),
        4
    );
}
