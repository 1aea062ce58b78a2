//! Numbering and terms on the settings page.

use axum::http::StatusCode;
use crm_core::domain::PaperSize;

use super::support::TestApp;

#[tokio::test]
async fn company_terms_and_bank_details() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/settings").await;
    page.assert_ok();
    assert!(page.body.contains("id=\"terms-form\""));
    assert!(page.body.contains("value=\"RE-\""));
    let good = [
        ("invoice_prefix", "INV-"),
        ("quote_prefix", "Q-"),
        ("client_prefix", "C-"),
        ("payment_terms_days", "30"),
        ("quote_validity_days", "60"),
        ("paper_size", "letter"),
        (
            "bank_details",
            "IBAN DE02 1203 0000 0000 2020 51\r\nBIC BYLADEM1001",
        ),
    ];
    // Bad input: each field reports, nothing is saved.
    let with = |k: &'static str, v: &'static str| {
        let mut f: Vec<(&'static str, &'static str)> =
            good.iter().copied().filter(|(n, _)| *n != k).collect();
        f.push((k, v));
        f
    };
    let long_bank: &'static str = Box::leak("x".repeat(501).into_boxed_str());
    for (field, value) in [
        ("payment_terms_days", "vierzehn"),
        ("payment_terms_days", "-1"),
        ("payment_terms_days", "400"),
        ("quote_validity_days", "1000"),
        ("paper_size", "a3"),
        ("invoice_prefix", "A-VERY-LONG-PREFIX-THAT-IS-TOO-LONG"),
        ("bank_details", long_bank),
    ] {
        let r = b.post("/admin/settings/terms", &with(field, value)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value}"
        );
        assert!(
            r.body.contains(&format!("id=\"e-{field}\"")),
            "{field}={value}"
        );
    }
    let company = app.crm.company(&app.staff).await.unwrap();
    assert_eq!(company.settings.invoice_prefix, "RE-");
    // Without CSRF: refused.
    let mut forged = good.to_vec();
    forged.push(("csrf", "forged"));
    let r = b.post("/admin/settings/terms", &forged).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    b.get("/admin/settings").await.assert_ok();
    let r = b.post("/admin/settings/terms", &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = app.crm.company(&app.staff).await.unwrap().settings;
    assert_eq!(s.invoice_prefix, "INV-");
    assert_eq!(s.quote_prefix, "Q-");
    assert_eq!(s.client_prefix, "C-");
    assert_eq!(s.payment_terms_days, 30);
    assert_eq!(s.quote_validity_days, 60);
    assert_eq!(s.paper_size, PaperSize::Letter);
    assert_eq!(
        s.bank_details.as_deref(),
        Some("IBAN DE02 1203 0000 0000 2020 51\nBIC BYLADEM1001")
    );
    // The page shows what was saved; new clients get the new prefix.
    let page = b.get("/admin/settings?done=saved").await;
    assert!(page.body.contains("value=\"INV-\""));
    assert!(page.body.contains("<option value=\"letter\" selected>"));
    assert!(page.body.contains("BIC BYLADEM1001"));
    let client = app.client("Neu AG").await;
    assert!(client.number.starts_with("C-"), "{}", client.number);
    // Empty bank details clear them.
    b.get("/admin/settings").await.assert_ok();
    let r = b
        .post("/admin/settings/terms", &with("bank_details", "  "))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let s = app.crm.company(&app.staff).await.unwrap().settings;
    assert_eq!(s.bank_details, None);
}
