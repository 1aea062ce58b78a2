//! The legal parts of the admin UI: the company's legal details on the settings page, the
//! tax treatment and dates of an invoice draft, editing a draft, and the checks before issue
//! shown on the invoice page.

use axum::http::StatusCode;
use crm_core::domain::{ClientInput, InvoiceStatus, TaxTreatment};

use super::support::TestApp;

#[tokio::test]
async fn legal_details_are_saved_and_half_entries_refused() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/settings").await;
    page.assert_ok();
    assert!(page.body.contains("id=\"legal-form\""));
    // A court without a number: an error in place, nothing saved.
    let r = b
        .post(
            "/admin/settings/legal",
            &[
                ("register_court", "Amtsgericht München"),
                ("legal_form", "GmbH"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"e-register_number\""), "{}", r.body);
    assert!(
        app.crm
            .company(&app.staff)
            .await
            .unwrap()
            .legal
            .legal_form
            .is_none()
    );
    let r = b
        .post(
            "/admin/settings/legal",
            &[
                ("tax_number", "181/815/08155"),
                ("tax_number_state", "BY"),
                ("legal_form", "GmbH"),
                ("registered_seat", "München"),
                ("register_court", "Amtsgericht München"),
                ("register_number", "HRB 123456"),
                ("managing_directors", "Erika Muster\r\nMax Beispiel"),
                ("contact_name", "Buchhaltung"),
                ("small_business", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let legal = app.crm.company(&app.staff).await.unwrap().legal;
    assert_eq!(
        legal.managing_directors,
        vec!["Erika Muster", "Max Beispiel"]
    );
    assert!(legal.small_business);
    let page = b.get("/admin/settings").await;
    assert!(page.body.contains("value=\"HRB 123456\""));
    assert!(page.body.contains("Erika Muster\nMax Beispiel"));
}

#[tokio::test]
async fn a_draft_gets_its_treatment_is_edited_and_issue_errors_say_what_to_fix() {
    let app = TestApp::new().await;
    let mut input: ClientInput = super::support::client_input("Dublin Tech Ltd", "IE6388047V");
    input.address.country = "IE".into();
    input.address.postal_code = "D02 X285".into();
    input.address.city = "Dublin".into();
    let client = app.crm.create_client(&app.staff, &input).await.unwrap();
    let c = client.id.as_uuid().to_string();
    let mut b = app.signed_in().await;
    let form = b.get(&format!("/admin/invoices/new?client={c}")).await;
    form.assert_ok();
    assert!(form.body.contains("id=\"f-treatment\""));
    assert!(form.body.contains("name=\"items[0].kind\""));
    let r = b
        .post(
            "/admin/invoices/new",
            &[
                ("client", c.as_str()),
                ("items[0].kind", "service"),
                ("items[0].description", "Beratung"),
                ("items[0].quantity", "1"),
                ("items[0].unit_price", "1000"),
                ("items[0].tax_rate", "19"),
                ("service_from", "2026-11-01"),
                ("service_to", "2026-11-30"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let url = r.location().split('?').next().unwrap().to_owned();
    let id =
        crm_core::domain::InvoiceId::from_uuid(url.rsplit('/').next().unwrap().parse().unwrap());
    let draft = app.crm.invoice(&app.staff, id).await.unwrap();
    assert_eq!(draft.treatment, TaxTreatment::ReverseCharge, "proposed");
    // Issuing with 19 % under reverse charge: the page says what to fix.
    let r = b.post(&format!("{url}/issue"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("carries no VAT"), "{}", r.body);
    // A service period that ends before it starts is refused in the edit form.
    let edit = b.get(&format!("{url}/edit")).await;
    edit.assert_ok();
    assert!(edit.body.contains("value=\"2026-11-30\""), "{}", edit.body);
    let row = |rate: &'static str, to: &'static str| {
        vec![
            ("items[0].kind", "service"),
            ("items[0].description", "Beratung"),
            ("items[0].quantity", "1"),
            ("items[0].unit_price", "1000"),
            ("items[0].tax_rate", rate),
            ("service_from", "2026-11-01"),
            ("service_to", to),
            ("treatment", "reverse_charge"),
        ]
    };
    let r = b
        .post(&format!("{url}/edit"), &row("0", "2026-10-01"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"e-service_to\""), "{}", r.body);
    let r = b
        .post(&format!("{url}/edit"), &row("0", "2026-11-30"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = b.post(&format!("{url}/issue"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let issued = app.crm.invoice(&app.staff, id).await.unwrap();
    assert_eq!(issued.status, InvoiceStatus::Sent);
    assert!(issued.totals.tax.is_zero());
    // Issued invoices are not edited.
    let r = b.get(&format!("{url}/edit")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn staff_record_a_refund_on_the_invoice_page() {
    let app = TestApp::new().await;
    let client = app.client("Beispiel AG").await;
    let draft = app.invoice(&client, "100").await;
    let invoice = app.crm.issue_invoice(&app.staff, draft.id).await.unwrap();
    let paid = app
        .crm
        .record_payment(
            &app.staff,
            invoice.id,
            &crm_core::service::PaymentInput {
                amount: invoice.balance,
                currency: None,
                date: None,
                method: crm_core::domain::PaymentMethod::BankTransfer,
                reference: None,
                send_receipt: false,
            },
        )
        .await
        .unwrap();
    let payment = paid.payment().id.as_uuid();
    let mut b = app.signed_in().await;
    let url = format!("/admin/invoices/{}", invoice.id.as_uuid());
    let page = b.get(&url).await;
    assert!(
        page.body.contains("class=\"inline refund-form\""),
        "{}",
        page.body
    );
    let action = format!("/admin/payments/{payment}/refund");
    let r = b.post(&action, &[("amount", "zehn")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = b
        .post(&action, &[("amount", "10.00"), ("reason", "Kulanz")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.crm.invoice(&app.staff, invoice.id).await.unwrap();
    assert_eq!(after.status, InvoiceStatus::Partial);
    assert_eq!(after.balance, rust_decimal::Decimal::new(1000, 2));
}

#[tokio::test]
async fn the_invoice_list_shows_every_clients_invoices_and_filters_them() {
    let app = TestApp::new().await;
    let alpha = app.client("Alpha AG").await;
    let beta = app.client("Beta GmbH").await;
    let a = app.invoice(&alpha, "100").await;
    app.crm.issue_invoice(&app.staff, a.id).await.unwrap();
    app.invoice(&beta, "200").await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/invoices").await;
    page.assert_ok();
    assert!(
        page.body.contains("Alpha AG") && page.body.contains("Beta GmbH"),
        "{}",
        page.body
    );
    let sent = b.get("/admin/invoices?status=sent").await;
    assert!(sent.body.contains("Alpha AG"));
    assert!(
        !sent.body.contains("Beta GmbH"),
        "the draft is filtered out"
    );
    let none = b.get("/admin/invoices?status=paid").await;
    assert!(none.body.contains("No invoices for this selection."));
}
