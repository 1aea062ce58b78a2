//! The unit of measure per line in the draft editor of invoices and quotes: a `<select>` of
//! the catalogue's units in the staff's language, kept through saving and editing, shown
//! after the quantity on the document page; a code outside the list is a field error.

use axum::http::StatusCode;
use crm_core::domain::{InvoiceId, QuoteId, Unit};
use crm_web_axum::AdminOptions;

use super::support::TestApp;

fn id_of(url: &str) -> uuid::Uuid {
    url.rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn invoice_lines_get_their_unit_in_the_editor_and_keep_it() {
    let app = TestApp::with(AdminOptions::default(), "de").await;
    let client = app.client("Beispiel AG").await;
    let c = client.id.as_uuid().to_string();
    let mut b = app.signed_in().await;
    let form = b.get(&format!("/admin/invoices/new?client={c}")).await;
    form.assert_ok();
    assert!(
        form.body.contains("name=\"items[0].unit\""),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains("<option value=\"HUR\">Stunde (HUR)</option>"),
        "{}",
        form.body
    );
    // A fresh row is a count.
    assert!(form.body.contains("<option value=\"C62\" selected>"));
    let rows = [
        ("client", c.as_str()),
        ("items[0].description", "Beratung"),
        ("items[0].quantity", "10"),
        ("items[0].unit", "HUR"),
        ("items[0].unit_price", "95"),
        ("items[0].tax_rate", "19"),
        ("items[1].description", "Workshop"),
        ("items[1].quantity", "3"),
        ("items[1].unit", "DAY"),
        ("items[1].unit_price", "800"),
        ("items[1].tax_rate", "19"),
        ("items[2].description", "Handbuch"),
        ("items[2].quantity", "2"),
        ("items[2].unit", "C62"),
        ("items[2].unit_price", "25"),
        ("items[2].tax_rate", "19"),
    ];
    let r = b.post("/admin/invoices/new", &rows).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let url = r.location().split('?').next().unwrap().to_owned();
    let id = InvoiceId::from_uuid(id_of(&url));
    let draft = app.crm.invoice(&app.staff, id).await.unwrap();
    let units: Vec<Unit> = draft.lines.iter().map(|l| l.unit()).collect();
    assert_eq!(units, [Unit::Hour, Unit::Day, Unit::One]);
    // The page shows the abbreviation after the quantity; a count stays a number.
    let page = b.get(&url).await;
    page.assert_ok();
    for shown in ["10\u{a0}Std.", "3\u{a0}Tage"] {
        assert!(
            page.body.contains(shown),
            "{shown} missing in {}",
            page.body
        );
    }
    assert!(!page.body.contains("Einh."), "{}", page.body);
    // Editing shows each row's unit chosen, and a code outside the list is refused in place.
    let edit = b.get(&format!("{url}/edit")).await;
    edit.assert_ok();
    assert!(
        edit.body.contains("<option value=\"HUR\" selected>"),
        "{}",
        edit.body
    );
    assert!(
        edit.body.contains("<option value=\"DAY\" selected>"),
        "{}",
        edit.body
    );
    // The form without the (fixed) client, each row as typed.
    let mut bad = rows[1..].to_vec();
    bad.retain(|(k, _)| *k != "items[0].unit");
    bad.push(("items[0].unit", "XYZ"));
    let r = b.post(&format!("{url}/edit"), &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("unbekannte Mengeneinheit &#x27;XYZ&#x27;"),
        "{}",
        r.body
    );
    let unchanged = app.crm.invoice(&app.staff, id).await.unwrap();
    assert_eq!(unchanged.lines.len(), 3);
    // Saved with another unit on the first line.
    let mut good = rows[1..].to_vec();
    good.retain(|(k, _)| *k != "items[0].unit");
    good.push(("items[0].unit", "WEE"));
    let r = b.post(&format!("{url}/edit"), &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let saved = app.crm.invoice(&app.staff, id).await.unwrap();
    let units: Vec<Unit> = saved.lines.iter().map(|l| l.unit()).collect();
    assert_eq!(units, [Unit::Week, Unit::Day, Unit::One]);
}

#[tokio::test]
async fn quote_lines_get_their_unit_in_english_too() {
    let app = TestApp::new().await;
    let client = app.client("Beispiel AG").await;
    let c = client.id.as_uuid().to_string();
    let mut b = app.signed_in().await;
    let form = b.get(&format!("/admin/quotes/new?client={c}")).await;
    form.assert_ok();
    assert!(
        form.body
            .contains("<option value=\"MON\">Month (MON)</option>"),
        "{}",
        form.body
    );
    let r = b
        .post(
            "/admin/quotes/new",
            &[
                ("client", c.as_str()),
                ("items[0].description", "Wartung"),
                ("items[0].quantity", "12"),
                ("items[0].unit", "MON"),
                ("items[0].unit_price", "50"),
                ("items[0].tax_rate", "19"),
                ("valid_until", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let url = r.location().split('?').next().unwrap().to_owned();
    let quote = app
        .crm
        .quote(&app.staff, QuoteId::from_uuid(id_of(&url)))
        .await
        .unwrap();
    assert_eq!(quote.lines[0].unit(), Unit::Month);
    let page = b.get(&url).await;
    assert!(page.body.contains("12\u{a0}months"), "{}", page.body);
    let edit = b.get(&format!("{url}/edit")).await;
    assert!(
        edit.body.contains("<option value=\"MON\" selected>"),
        "{}",
        edit.body
    );
}

#[tokio::test]
async fn a_credit_from_the_invoice_page_carries_its_unit() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let client = app.client("Alpha GmbH").await;
    let draft = app.invoice(&client, "100").await;
    let inv = app.crm.issue_invoice(&app.staff, draft.id).await.unwrap();
    let url = format!("/admin/invoices/{}", inv.id);
    let page = b.get(&url).await;
    page.assert_ok();
    assert!(page.body.contains("id=\"c-unit\""), "{}", page.body);
    let credit = |unit: &'static str| {
        vec![
            ("description", "Zwei Stunden zu viel"),
            ("quantity", "2"),
            ("unit", unit),
            ("unit_price", "10"),
            ("tax_rate", "19"),
        ]
    };
    let r = b.post(&format!("{url}/credit"), &credit("XYZ")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("unknown unit of measure"), "{}", r.body);
    let none = app.crm.corrections_of_invoice(&app.staff, inv.id).await;
    assert!(none.unwrap().is_empty());
    let r = b.post(&format!("{url}/credit"), &credit("HUR")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let corrections = app
        .crm
        .corrections_of_invoice(&app.staff, inv.id)
        .await
        .unwrap();
    assert_eq!(corrections[0].lines[0].unit(), Unit::Hour);
}
