//! Refunds started by staff at Stripe: the request Stripe receives (payment intent, amount,
//! metadata, idempotency key), the refund recorded once with Stripe's id — also when Stripe's
//! own `charge.refunded` event arrives after it — and the refusals that send nothing.

use crm_core::domain::PaymentMethod;
use crm_core::ports::{PaymentGateway, RefundRequest};
use crm_core::service::{Error, PaymentInput, RefundInput, RefundOutcome};
use serde_json::json;

use crate::checkout::gateway;
use crate::standin::StandIn;
use crate::webhooks::{deliver, event, session, world};

fn refund(amount: &str) -> RefundInput {
    RefundInput {
        amount: amount.parse().expect("ok"),
        date: None,
        reason: Some("Teilerstattung".into()),
        reference: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_through_stripe_is_sent_once_and_recorded_once() {
    let standin = StandIn::start().await;
    standin
        .state
        .lock()
        .expect("ok")
        .captured
        .insert("pi_r".into(), 11_900);
    let w = world().await;
    let gw = gateway(&standin.base, w.f.clock.clone());
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
    let payments =
        w.f.store()
            .payments_of_invoice(w.ctx.company, inv.id)
            .await
            .expect("ok");
    let card = payments[0].clone();
    assert_eq!(card.reference.as_deref(), Some("pi_r"));

    // More than was paid: refused before anything is sent.
    let err =
        w.f.crm
            .refund_through_gateway(&w.ctx, &gw, card.id, &refund("119.01"))
            .await
            .expect_err("refused");
    assert!(matches!(err, Error::RefundExceedsPayment { .. }), "{err:?}");
    assert!(standin.state.lock().expect("ok").requests.is_empty());

    let outcome =
        w.f.crm
            .refund_through_gateway(&w.ctx, &gw, card.id, &refund("40.00"))
            .await
            .expect("ok");
    let RefundOutcome::Recorded(recorded, invoice) = outcome else {
        panic!("recorded")
    };
    assert_eq!(recorded.reference.as_deref(), Some("re_3Standin0001"));
    assert_eq!(invoice.balance, "40.00".parse().expect("ok"));
    let sent = standin.state.lock().expect("ok").requests[0].clone();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/v1/refunds")
    );
    let form = |k: &str| sent.form.get(k).cloned();
    assert_eq!(form("payment_intent").as_deref(), Some("pi_r"));
    assert_eq!(form("amount").as_deref(), Some("4000"));
    assert_eq!(
        form("metadata[company_id]"),
        Some(w.ctx.company.to_string())
    );
    let key = sent
        .headers
        .get("idempotency-key")
        .cloned()
        .expect("idempotency key");
    assert!(
        key.contains(&card.id.as_uuid().simple().to_string()),
        "{key}"
    );

    // Stripe's own event with the cumulative 40.00 finds it recorded.
    let charge = json!({
        "id": "ch_3Standin", "object": "charge", "amount": 11_900, "amount_captured": 11_900,
        "amount_refunded": 4_000, "currency": "eur", "livemode": false, "metadata": {},
        "paid": true, "payment_intent": "pi_r", "refunded": false, "status": "succeeded"
    });
    deliver(
        &w,
        &event("evt_r", "charge.refunded", charge, false),
        "whsec_current",
    )
    .await;
    let after =
        w.f.store()
            .payments_of_invoice(w.ctx.company, inv.id)
            .await
            .expect("ok");
    assert_eq!(after[0].refunded, "40.00".parse().expect("ok"));
    w.f.assert_metrics_consistent(&w.ctx, w.client.id).await;

    // The same idempotency key at Stripe answers the same refund, not a second one.
    let again = RefundRequest {
        company_id: w.ctx.company,
        payment_reference: "pi_r".into(),
        amount: "40.00".parse().expect("ok"),
        currency: inv.currency,
        idempotency_key: key,
    };
    assert_eq!(gw.refund(&again).await.expect("ok").id, "re_3Standin0001");
    assert_eq!(standin.state.lock().expect("ok").refunded["pi_r"], 4_000);

    // A manual payment is not Stripe's to refund: a field error, nothing sent.
    let cash = w.f.issued_invoice(&w.ctx, &w.client, "10").await;
    w.f.crm
        .record_payment(
            &w.ctx,
            cash.id,
            &PaymentInput {
                amount: "11.90".parse().expect("ok"),
                currency: None,
                date: None,
                method: PaymentMethod::Cash,
                reference: None,
                send_receipt: false,
            },
        )
        .await
        .expect("ok");
    let cash_payment =
        w.f.store()
            .payments_of_invoice(w.ctx.company, cash.id)
            .await
            .expect("ok")[0]
            .clone();
    let before = standin.state.lock().expect("ok").requests.len();
    let err =
        w.f.crm
            .refund_through_gateway(&w.ctx, &gw, cash_payment.id, &refund("1.00"))
            .await
            .expect_err("refused");
    assert!(
        format!("{err:?}").contains("refund.not_through_provider"),
        "{err:?}"
    );
    assert_eq!(standin.state.lock().expect("ok").requests.len(), before);
}
