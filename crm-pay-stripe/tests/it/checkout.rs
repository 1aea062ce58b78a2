//! "Pay now": the Checkout Session request Stripe would receive, and the return page that
//! confirms the payment at once.

use std::sync::Arc;
use std::time::Duration;

use crm_core::domain::InvoiceStatus;
use crm_core::service::{EventOutcome, PortalCtx};
use crm_core::testing::conformance::invoice_input;
use crm_core::testing::{Fixture, MemoryStore};
use crm_pay_stripe::{Secret, StripeConfig, StripeGateway};

use crate::standin::StandIn;

pub fn gateway(base: &str, clock: Arc<crm_core::ports::ManualClock>) -> StripeGateway {
    StripeGateway::new(
        StripeConfig {
            secret_key: Secret::new("sk_test_51Standin"),
            webhook_secrets: vec![Secret::new("whsec_current"), Secret::new("whsec_previous")],
            api_base: Some(base.to_owned()),
            tolerance: Duration::from_secs(300),
        },
        clock,
    )
    .expect("gateway")
}

#[tokio::test]
async fn pay_now_creates_the_session_stripe_expects_and_the_return_page_confirms() {
    let standin = StandIn::start().await;
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "1000").await; // 1,190.00 EUR
    let portal = PortalCtx {
        company: ctx.company,
        client: client.id,
        contact: client.primary_contact().expect("primary").id,
        confirmed: true,
    };
    let gw = gateway(&standin.base, f.clock.clone());

    let session = f
        .crm
        .portal_checkout(&portal, inv.id, &gw)
        .await
        .expect("checkout");
    assert_eq!(
        session.url,
        format!("{}checkout/cs_test_a1b2c3", standin.base)
    );
    let first = {
        let s = standin.state.lock().expect("state");
        assert_eq!(s.requests.len(), 1);
        s.requests[0].clone()
    };
    assert_eq!(
        (first.method.as_str(), first.path.as_str()),
        ("POST", "/v1/checkout/sessions")
    );
    assert_eq!(
        first.headers.get("authorization").map(String::as_str),
        Some("Bearer sk_test_51Standin")
    );
    let key = first
        .headers
        .get("idempotency-key")
        .cloned()
        .expect("idempotency key");
    assert!(key.contains(&inv.id.to_string()));
    let form = &first.form;
    let expect =
        |k: &str, v: &str| assert_eq!(form.get(k).map(String::as_str), Some(v), "{k} in {form:?}");
    expect("mode", "payment");
    expect("line_items[0][quantity]", "1");
    expect("line_items[0][price_data][currency]", "eur");
    expect("line_items[0][price_data][unit_amount]", "119000");
    expect(
        "line_items[0][price_data][product_data][name]",
        "Rechnung / Invoice RE-00001",
    );
    expect("client_reference_id", &client.id.to_string());
    expect("customer_email", "kontakt@alpha.example.com");
    expect("metadata[company_id]", &ctx.company.to_string());
    expect("metadata[client_id]", &client.id.to_string());
    expect("metadata[invoice_id]", &inv.id.to_string());
    expect(
        "payment_intent_data[metadata][invoice_id]",
        &inv.id.to_string(),
    );
    expect(
        "success_url",
        &format!(
            "https://crm.example/portal/invoices/{}/paid?session_id={{CHECKOUT_SESSION_ID}}",
            inv.id
        ),
    );
    expect(
        "cancel_url",
        &format!("https://crm.example/portal/invoices/{}", inv.id),
    );
    // A second click for the same invoice state reuses the idempotency key.
    f.crm
        .portal_checkout(&portal, inv.id, &gw)
        .await
        .expect("checkout");
    assert_eq!(
        standin.state.lock().expect("state").requests[1]
            .headers
            .get("idempotency-key"),
        Some(&key)
    );

    // The return page asks Stripe and records the payment at once.
    let outcome = f
        .crm
        .confirm_checkout(&portal, "cs_test_a1b2c3", &gw, false)
        .await
        .expect("confirm");
    assert!(
        matches!(outcome, EventOutcome::Paid(ref i) if i.status == InvoiceStatus::Paid),
        "{outcome:?}"
    );
    assert_eq!(
        standin.state.lock().expect("state").requests[2]
            .path
            .trim_end_matches('?'),
        "/v1/checkout/sessions/cs_test_a1b2c3"
    );
    // Confirming again changes nothing.
    let again = f
        .crm
        .confirm_checkout(&portal, "cs_test_a1b2c3", &gw, false)
        .await
        .expect("confirm");
    assert_eq!(again, EventOutcome::AlreadyRecorded);
    // Another client's portal cannot confirm this session.
    let other = f.client(&ctx, "Beta").await;
    let intruder = PortalCtx {
        company: ctx.company,
        client: other.id,
        contact: other.primary_contact().expect("primary").id,
        confirmed: true,
    };
    assert_eq!(
        f.crm
            .confirm_checkout(&intruder, "cs_test_a1b2c3", &gw, false)
            .await
            .expect("confirm"),
        EventOutcome::Ignored
    );
    // A paid invoice offers no "pay now".
    assert!(f.crm.portal_checkout(&portal, inv.id, &gw).await.is_err());
    let _ = invoice_input;
}

/// A client billed in `currency` with one issued invoice of `net` at 0 % tax, and its portal.
async fn foreign_invoice(
    f: &Fixture,
    currency: &str,
    net: &str,
) -> (PortalCtx, crm_core::domain::Invoice) {
    let (_, ctx) = f.company("Muster GmbH").await;
    let mut input = crm_core::testing::conformance::client_input("Reykjavik ehf");
    input.currency = Some(currency.into());
    let client = f.crm.create_client(&ctx, &input).await.expect("client");
    let mut inv = invoice_input(client.id, net);
    inv.items[0].tax_rate = rust_decimal::Decimal::ZERO;
    let draft = f.crm.create_invoice(&ctx, &inv).await.expect("invoice");
    let issued = f.crm.issue_invoice(&ctx, draft.id).await.expect("issue");
    let portal = PortalCtx {
        company: ctx.company,
        client: client.id,
        contact: client.primary_contact().expect("primary").id,
        confirmed: true,
    };
    (portal, issued)
}

#[tokio::test]
async fn isk_is_charged_in_stripes_two_decimal_unit_and_paid_in_full() {
    // ISO 4217 gives ISK no minor unit; Stripe keeps it two-decimal (whole krónur × 100).
    // Converting with ISO's exponent charged 5,000 ISK as 50 ISK and then marked it paid.
    let standin = StandIn::start().await;
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (portal, inv) = foreign_invoice(&f, "ISK", "5000").await;
    let gw = gateway(&standin.base, f.clock.clone());
    f.crm
        .portal_checkout(&portal, inv.id, &gw)
        .await
        .expect("checkout");
    {
        let s = standin.state.lock().expect("state");
        let form = &s.requests[0].form;
        assert_eq!(
            form.get("line_items[0][price_data][currency]")
                .map(String::as_str),
            Some("isk")
        );
        assert_eq!(
            form.get("line_items[0][price_data][unit_amount]")
                .map(String::as_str),
            Some("500000")
        );
    }
    let outcome = f
        .crm
        .confirm_checkout(&portal, "cs_test_a1b2c3", &gw, false)
        .await
        .expect("confirm");
    let EventOutcome::Paid(paid) = outcome else {
        panic!("not paid: {outcome:?}");
    };
    assert_eq!(paid.status, InvoiceStatus::Paid);
    assert_eq!(paid.balance, rust_decimal::Decimal::ZERO);
}

#[tokio::test]
async fn an_amount_finer_than_stripes_unit_is_refused_before_stripe_is_asked() {
    // MGA has two ISO minor units but is zero-decimal at Stripe: 1,500.50 MGA cannot be charged.
    let standin = StandIn::start().await;
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (portal, inv) = foreign_invoice(&f, "MGA", "1500.50").await;
    let gw = gateway(&standin.base, f.clock.clone());
    let err = f
        .crm
        .portal_checkout(&portal, inv.id, &gw)
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            crm_core::Error::Payment(crm_core::ports::GatewayError::Unsupported(_))
        ),
        "{err:?}"
    );
    assert!(standin.state.lock().expect("state").requests.is_empty());
}

#[tokio::test]
async fn an_abandoned_checkout_records_nothing_and_a_completed_unpaid_one_is_processing() {
    // The return page called for a session that is still open (not paid, not completed) put
    // the invoice into `processing`: it left the overdue figures and "Pay now" for good.
    let standin = StandIn::start().await;
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "1000").await;
    let portal = PortalCtx {
        company: ctx.company,
        client: client.id,
        contact: client.primary_contact().expect("primary").id,
        confirmed: true,
    };
    let gw = gateway(&standin.base, f.clock.clone());
    f.crm
        .portal_checkout(&portal, inv.id, &gw)
        .await
        .expect("checkout");
    standin.state.lock().expect("state").retrieve_status = "unpaid".into();
    let outcome = f
        .crm
        .confirm_checkout(&portal, "cs_test_a1b2c3", &gw, false)
        .await
        .expect("confirm");
    assert_eq!(outcome, EventOutcome::Ignored);
    let again = f.crm.invoice(&ctx, inv.id).await.expect("invoice");
    assert_eq!(again.status, InvoiceStatus::Sent);
    // Still payable.
    f.crm
        .portal_checkout(&portal, inv.id, &gw)
        .await
        .expect("checkout again");

    // A completed session whose payment is still on its way (e.g. SEPA) is `processing`.
    standin.state.lock().expect("state").retrieve_session_status = Some("complete".into());
    let outcome = f
        .crm
        .confirm_checkout(&portal, "cs_test_a1b2c3", &gw, false)
        .await
        .expect("confirm");
    assert!(
        matches!(outcome, EventOutcome::Processing(ref i) if i.status == InvoiceStatus::Processing),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn each_contact_of_a_client_gets_its_own_checkout_idempotency_key() {
    // With the key per invoice state only, a second contact's "Pay now" (other email) reused
    // the first contact's key, which Stripe refuses with a different body for 24 h.
    let standin = StandIn::start().await;
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let mut input = crm_core::testing::conformance::client_input("Alpha");
    input.contacts.push(crm_core::domain::ContactInput {
        id: None,
        name: "Buchhaltung".into(),
        email: "buchhaltung@alpha.example.com".into(),
        phone: None,
        primary: false,
        mail_role: None,
    });
    let client = f.crm.create_client(&ctx, &input).await.expect("client");
    let inv = f.issued_invoice(&ctx, &client, "1000").await;
    let gw = gateway(&standin.base, f.clock.clone());
    for contact in &client.contacts {
        let portal = PortalCtx {
            company: ctx.company,
            client: client.id,
            contact: contact.id,
            confirmed: true,
        };
        f.crm
            .portal_checkout(&portal, inv.id, &gw)
            .await
            .expect("checkout");
    }
    let s = standin.state.lock().expect("state");
    let keys: Vec<_> = s
        .requests
        .iter()
        .map(|r| r.headers.get("idempotency-key").cloned().expect("key"))
        .collect();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1], "{keys:?}");
    assert!(keys.iter().all(|k| k.contains(&inv.id.to_string())));
}
