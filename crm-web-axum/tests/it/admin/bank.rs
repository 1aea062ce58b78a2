//! The bank account form on the settings page: a wrong IBAN check digit is refused at its
//! field and nothing is written; a good account is stored and shown; empty removes it.

use axum::http::StatusCode;
use crm_web_axum::AdminOptions;

use super::support::TestApp;

const GOOD: [(&str, &str); 4] = [
    ("iban", "de89 3704 0044 0532 0130 00"),
    ("bic", "COBADEFFXXX"),
    ("holder", "Muster GmbH"),
    ("bank_name", "Commerzbank"),
];

fn with(k: &'static str, v: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut f: Vec<_> = GOOD.iter().copied().filter(|(n, _)| *n != k).collect();
    f.push((k, v));
    f
}

#[tokio::test]
async fn a_wrong_check_digit_is_refused_at_its_field_and_nothing_is_written() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/settings").await;
    page.assert_ok();
    assert!(page.body.contains("id=\"bank-form\""), "{}", page.body);
    assert!(page.body.contains("action=\"/admin/settings/bank\""));
    let before = app.crm.company(&app.staff).await.unwrap();

    let r = b
        .post(
            "/admin/settings/bank",
            &with("iban", "DE88 3704 0044 0532 0130 00"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"e-iban\""), "{}", r.body);
    assert!(
        r.body.contains("the check digits do not match"),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"bank-errors\""));
    // What was typed stays in the form.
    assert!(r.body.contains("value=\"DE88 3704 0044 0532 0130 00\""));
    assert_eq!(app.crm.company(&app.staff).await.unwrap(), before);

    // Every field reports its own error.
    for (field, value) in [
        ("iban", "DE89 3704 0044 0532 0130 0"),
        ("iban", "US12 3456 7890"),
        ("bic", "COBADEF"),
        ("bic", "COBAQQFFXXX"),
        (
            "holder",
            "A holder name that is far too long to fit into the seventy characters of a GiroCode",
        ),
    ] {
        let r = b.post("/admin/settings/bank", &with(field, value)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value}"
        );
        assert!(
            r.body.contains(&format!("id=\"e-{field}\"")),
            "{field}={value}: {}",
            r.body
        );
    }
    // Outside the EEA the BIC is required.
    let mut swiss = with("iban", "CH93 0076 2011 6238 5295 7");
    swiss.retain(|(k, _)| *k != "bic");
    let r = b.post("/admin/settings/bank", &swiss).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-bic\""), "{}", r.body);
    assert_eq!(app.crm.company(&app.staff).await.unwrap(), before);

    // Without CSRF: refused.
    let mut forged = GOOD.to_vec();
    forged.push(("csrf", "forged"));
    let r = b.post("/admin/settings/bank", &forged).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.crm.company(&app.staff).await.unwrap(), before);
}

#[tokio::test]
async fn a_good_account_is_stored_shown_kept_by_the_terms_form_and_removed_when_empty() {
    let app = TestApp::with(AdminOptions::default(), "de").await;
    let mut b = app.signed_in().await;
    b.get("/admin/settings").await.assert_ok();
    let r = b.post("/admin/settings/bank", &GOOD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().ends_with("#bank"), "{}", r.location());
    let account = app.crm.bank_account(&app.staff).await.unwrap().unwrap();
    assert_eq!(account.iban.as_str(), "DE89370400440532013000");
    assert_eq!(account.bic.unwrap().as_str(), "COBADEFFXXX");
    assert_eq!(account.holder.as_deref(), Some("Muster GmbH"));
    assert_eq!(account.bank_name.as_deref(), Some("Commerzbank"));
    let page = b.get("/admin/settings?done=saved").await;
    page.assert_ok();
    assert!(
        page.body.contains("value=\"DE89 3704 0044 0532 0130 00\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Bankkonto"), "German labels");
    // German messages for German staff.
    let r = b
        .post(
            "/admin/settings/bank",
            &with("iban", "DE89 3704 0044 0532 0130 01"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Prüfziffern"), "{}", r.body);

    // The numbering and terms form leaves the account alone.
    b.get("/admin/settings").await.assert_ok();
    let terms = [
        ("invoice_prefix", "RE-"),
        ("quote_prefix", "AN-"),
        ("client_prefix", "K-"),
        ("payment_terms_days", "14"),
        ("quote_validity_days", "30"),
        ("paper_size", "a4"),
        ("bank_details", "Zahlbar ohne Abzug."),
    ];
    let r = b.post("/admin/settings/terms", &terms).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let settings = app.crm.company(&app.staff).await.unwrap().settings;
    assert_eq!(
        settings.bank_details.as_deref(),
        Some("Zahlbar ohne Abzug.")
    );
    assert!(settings.bank_account.is_some());

    // Every field empty: the account is removed, the free text stays.
    b.get("/admin/settings").await.assert_ok();
    let empty = [
        ("iban", " "),
        ("bic", ""),
        ("holder", ""),
        ("bank_name", ""),
    ];
    let r = b.post("/admin/settings/bank", &empty).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let settings = app.crm.company(&app.staff).await.unwrap().settings;
    assert_eq!(settings.bank_account, None);
    assert_eq!(
        settings.bank_details.as_deref(),
        Some("Zahlbar ohne Abzug.")
    );
    // A BIC without an IBAN is no account: the IBAN is asked for.
    let r = b
        .post(
            "/admin/settings/bank",
            &[("iban", ""), ("bic", "COBADEFFXXX")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-iban\""), "{}", r.body);
}
