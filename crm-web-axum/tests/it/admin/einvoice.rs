//! A client's e-invoice settings in the admin UI: the format select (with the default it
//! means) and the buyer reference on the client form, a Leitweg-ID with wrong check digits
//! shown at its field with nothing written, both shown on the client page and cleared again.

use axum::http::StatusCode;
use crm_core::domain::EInvoiceFormat;
use crm_core::ports::ClientQuery;

use super::support::TestApp;

#[tokio::test]
async fn the_client_form_sets_and_clears_the_einvoice_settings() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/clients/new").await;
    page.assert_ok();
    assert!(page.body.contains("name=\"einvoice_format\""));
    assert!(page.body.contains("name=\"buyer_reference\""));
    assert!(
        page.body
            .contains("<option value=\"\" selected>Default (ZUGFeRD"),
        "{}",
        page.body
    );
    for f in EInvoiceFormat::ALL {
        assert!(
            page.body
                .contains(&format!("<option value=\"{}\"", f.as_str()))
        );
    }
    let base = vec![
        ("name", "Stadt Musterhausen"),
        ("address.street", "Rathausplatz 1"),
        ("address.postal_code", "10115"),
        ("address.city", "Berlin"),
        ("address.country", "DE"),
        ("primary", "0"),
        ("contacts[0].name", "Kämmerei"),
        ("contacts[0].email", "kaemmerei@musterhausen.example"),
        ("einvoice_format", "xrechnung_cii"),
    ];
    let count = || async {
        app.crm
            .list_clients(
                &app.staff,
                ClientQuery {
                    limit: 10,
                    ..ClientQuery::default()
                },
            )
            .await
            .unwrap()
            .len()
    };

    // Wrong check digits: the error at the field, what was typed kept, nothing written.
    let mut form = base.clone();
    form.push(("buyer_reference", "04011000-1234512345-07"));
    let r = b.post("/admin/clients/new", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"e-buyer_reference\""), "{}", r.body);
    assert!(r.body.contains("expected 06, not 07"), "{}", r.body);
    assert!(r.body.contains("value=\"04011000-1234512345-07\""));
    assert!(r.body.contains("<option value=\"xrechnung_cii\" selected>"));
    assert_eq!(count().await, 0);

    // Valid: saved, shown on the client page.
    let mut form = base.clone();
    form.push(("buyer_reference", "04011000-1234512345-06"));
    let r = b.post("/admin/clients/new", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r
        .location()
        .split('/')
        .nth(3)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let list = app
        .crm
        .list_clients(
            &app.staff,
            ClientQuery {
                limit: 10,
                ..ClientQuery::default()
            },
        )
        .await
        .unwrap();
    let client = &list[0].client;
    assert_eq!(client.einvoice_format, Some(EInvoiceFormat::XrechnungCii));
    assert_eq!(
        client.buyer_reference.as_ref().map(|r| r.as_str()),
        Some("04011000-1234512345-06")
    );
    let page = b.get(&format!("/admin/clients/{id}")).await;
    page.assert_ok();
    assert!(
        page.body
            .contains("<span id=\"client-einvoice-format\">XRechnung (CII)</span>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<span id=\"client-buyer-reference\">04011000-1234512345-06</span>")
    );

    // The edit form shows them; emptied, both are cleared and the default applies.
    let edit = b.get(&format!("/admin/clients/{id}/edit")).await;
    edit.assert_ok();
    assert!(
        edit.body
            .contains("<option value=\"xrechnung_cii\" selected>")
    );
    assert!(edit.body.contains("value=\"04011000-1234512345-06\""));
    let contact = client.contacts[0].id.as_uuid().to_string();
    let mut form: Vec<(&str, &str)> = base
        .iter()
        .copied()
        .filter(|(k, _)| *k != "einvoice_format")
        .collect();
    form.extend([
        ("contacts[0].id", contact.as_str()),
        ("einvoice_format", ""),
        ("buyer_reference", ""),
    ]);
    let r = b.post(&format!("/admin/clients/{id}/edit"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.crm.client(&app.staff, client.id).await.unwrap();
    assert_eq!((after.einvoice_format, after.buyer_reference), (None, None));
    let page = b.get(&format!("/admin/clients/{id}")).await;
    assert!(
        page.body
            .contains("<span id=\"client-einvoice-format\">Default (ZUGFeRD)</span>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<span id=\"client-buyer-reference\">none</span>")
    );
}

#[tokio::test]
async fn the_invoice_page_names_the_format_issued_and_says_why_an_xml_is_missing() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    // A domestic business: ZUGFeRD, the XML inside the PDF.
    let client = app.client("Alpha GmbH").await;
    let draft = app.invoice(&client, "100").await;
    let page = b.get(&format!("/admin/invoices/{}", draft.id)).await;
    assert!(
        !page.body.contains("id=\"einvoice-format\""),
        "a draft has none yet"
    );
    let inv = app.crm.issue_invoice(&app.staff, draft.id).await.unwrap();
    let page = b.get(&format!("/admin/invoices/{}", inv.id)).await;
    page.assert_ok();
    assert!(
        page.body.contains("id=\"einvoice-format\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("ZUGFeRD"), "{}", page.body);
    assert!(
        !page.body.contains("id=\"einvoice-missing\""),
        "{}",
        page.body
    );
    let xml = b.get(&format!("/admin/invoices/{}/einvoice", inv.id)).await;
    xml.assert_ok();
    assert!(xml.body.starts_with("<?xml"), "{}", xml.body);

    // A client billed in dollars with German VAT: issuing asks for the euro rate first.
    let mut input = super::support::client_input("Beta GmbH", "DE811907980");
    input.currency = Some("USD".into());
    let beta = app.crm.create_client(&app.staff, &input).await.unwrap();
    let draft = app.invoice(&beta, "100").await;
    let url = format!("/admin/invoices/{}", draft.id);
    let r = b.post(&format!("{url}/issue"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("euro exchange rate"), "{}", r.body);
    // The edit form takes the rate (a bad one is named on its field), then it issues.
    let row = |rate: &'static str| {
        vec![
            ("items[0].kind", "service"),
            ("items[0].description", "Beratung"),
            ("items[0].quantity", "1"),
            ("items[0].unit_price", "100"),
            ("items[0].tax_rate", "19"),
            ("eur_rate", rate),
        ]
    };
    let r = b.post(&format!("{url}/edit"), &row("0")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"e-eur_rate\""), "{}", r.body);
    let r = b.post(&format!("{url}/edit"), &row("0.9234")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let edit = b.get(&format!("{url}/edit")).await;
    assert!(edit.body.contains("value=\"0.9234\""), "{}", edit.body);
    let r = b.post(&format!("{url}/issue"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // 19.00 USD × 0.9234 = 17.5446 → 17.54 EUR, beside the totals and in the XML.
    let page = b.get(&url).await;
    page.assert_ok();
    assert!(
        // Askama escapes the "=" of the label.
        page.body.contains("VAT in EUR (1 USD &#x3D; 0.9234 EUR)")
            && page.body.contains("id=\"doc-vat-eur\">€17.54<"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("id=\"einvoice-missing\""),
        "{}",
        page.body
    );
    let xml = b.get(&format!("{url}/einvoice")).await;
    xml.assert_ok();
    assert!(
        xml.body
            .contains(r#"<ram:TaxTotalAmount currencyID="EUR">17.54</ram:TaxTotalAmount>"#),
        "{}",
        xml.body
    );
}
