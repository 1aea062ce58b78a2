//! The corrections forms on the invoice page: a credit note with a field error re-renders with
//! what was typed (422, nothing written), a good one is listed with its PDF; the cancellation
//! invoice marks the invoice "cancelled by" it and shows the money to refund.

use axum::http::StatusCode;
use crm_core::service::PaymentInput;
use rust_decimal::Decimal;

use super::support::TestApp;

#[tokio::test]
async fn credit_note_and_cancellation_from_the_invoice_page() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let client = app.client("Alpha GmbH").await;
    let draft = app.invoice(&client, "100").await;
    // A draft offers only the plain cancel, no correction forms.
    let page = b.get(&format!("/admin/invoices/{}", draft.id)).await;
    page.assert_ok();
    assert!(!page.body.contains("id=\"credit-form\""));
    let inv = app.crm.issue_invoice(&app.staff, draft.id).await.unwrap();
    app.crm
        .record_payment(
            &app.staff,
            inv.id,
            &PaymentInput {
                amount: Decimal::new(5_000, 2),
                currency: None,
                date: None,
                method: crm_core::domain::PaymentMethod::BankTransfer,
                reference: None,
                send_receipt: false,
            },
        )
        .await
        .unwrap();
    let url = format!("/admin/invoices/{}", inv.id);
    let page = b.get(&url).await;
    page.assert_ok();
    assert!(page.body.contains("id=\"credit-form\""), "{}", page.body);
    assert!(page.body.contains("id=\"cancel-form\""));

    // A price that is not a number: its field says so, the typed text stays.
    let credit = |price: &'static str| {
        vec![
            ("description", "Nachlass"),
            ("quantity", "1"),
            ("unit_price", price),
            ("tax_rate", "19"),
            ("reason", "Lieferverzug"),
        ]
    };
    let r = b.post(&format!("{url}/credit"), &credit("zehn")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"credit-errors\""), "{}", r.body);
    assert!(r.body.contains("value=\"zehn\""));
    // More than the invoice's net at that rate: the core's rule, at the form.
    let r = b.post(&format!("{url}/credit"), &credit("500")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        app.crm
            .corrections_of_invoice(&app.staff, inv.id)
            .await
            .unwrap()
            .is_empty()
    );
    let r = b.post(&format!("{url}/credit"), &credit("10")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().ends_with("?done=credited"), "{}", r.location());
    let page = b.get(&url).await;
    assert!(page.body.contains("id=\"corrections\""), "{}", page.body);
    assert!(page.body.contains("RK-00001"));
    assert!(page.body.contains("id=\"doc-credited\""));
    let c = &app
        .crm
        .corrections_of_invoice(&app.staff, inv.id)
        .await
        .unwrap()[0];
    let pdf = b.get(&format!("/admin/corrections/{}/pdf", c.id)).await;
    assert_eq!(pdf.status, StatusCode::OK);

    // The cancellation invoice: the original is marked, the 50 paid is to be refunded.
    let r = b
        .post(
            &format!("{url}/cancel"),
            &[("reason", "Falscher Kunde"), ("send", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = b.get(&url).await;
    assert!(page.body.contains("id=\"cancelled-by\""), "{}", page.body);
    assert!(page.body.contains("ST-00001"));
    assert!(page.body.contains("id=\"doc-refund-due\""));
    assert!(
        !page.body.contains("id=\"credit-form\""),
        "nothing more to correct"
    );
}

#[tokio::test]
async fn a_draft_quote_is_edited_in_the_admin_and_a_sent_one_is_not() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let client = app.client("Alpha GmbH").await;
    let q = app
        .crm
        .create_quote(
            &app.staff,
            &crm_core::service::QuoteInput {
                client_id: client.id,
                items: app
                    .invoice(&client, "100")
                    .await
                    .lines
                    .iter()
                    .map(|l| l.to_input())
                    .collect(),
                valid_until: None,
                notes: None,
            },
        )
        .await
        .unwrap();
    let url = format!("/admin/quotes/{}", q.id);
    let page = b.get(&url).await;
    assert!(page.body.contains("id=\"edit\""), "{}", page.body);
    let form = b.get(&format!("{url}/edit")).await;
    form.assert_ok();
    assert!(
        form.body.contains(&format!("action=\"{url}/edit\"")),
        "{}",
        form.body
    );
    let r = b
        .post(
            &format!("{url}/edit"),
            &[
                ("items[0].description", "Workshop"),
                ("items[0].quantity", "2"),
                ("items[0].unit_price", "150"),
                ("items[0].tax_rate", "19"),
                ("valid_until", ""),
                ("notes", "Zwei Tage"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let q2 = app.crm.quote(&app.staff, q.id).await.unwrap();
    assert_eq!(q2.totals.total, Decimal::new(35_700, 2));
    assert_eq!(q2.notes.as_deref(), Some("Zwei Tage"));
    app.crm.send_quote(&app.staff, q.id).await.unwrap();
    assert_eq!(
        b.get(&format!("{url}/edit")).await.status,
        StatusCode::CONFLICT
    );
}
