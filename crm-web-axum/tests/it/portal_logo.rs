//! The company logo in the portal header: the signed-in pages show it from
//! `/portal/logo/{sha256}`, which serves the session's company's current logo only (cached
//! for a year, as the URL changes with the logo), and nothing without a session.

use axum::http::StatusCode;
use crm_core::domain::logo::samples;
use crm_core::testing::conformance::invoice_input;

use crate::support::*;

#[tokio::test]
async fn the_header_shows_the_companys_logo_from_a_route_keyed_by_its_hash() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let cookie = sign_in(&app, &alpha).await;
    let page = get(&app.router, "/portal", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("brand-logo"), "no logo yet");
    assert!(page.text().contains("brand-mark"));

    let png = samples::png(200, 60);
    let company = app.f.crm.set_logo(&app.ctx, png.clone()).await.unwrap();
    let sha = company.settings.logo.unwrap().sha256;
    let src = format!("/portal/logo/{sha}");
    let page = get(&app.router, "/portal", Some(&cookie)).await;
    let html = page.text();
    assert!(
        html.contains(&format!("<img class=\"brand-logo\" src=\"{src}\"")),
        "{html}"
    );
    let img = get(&app.router, &src, Some(&cookie)).await;
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(img.headers["content-type"], "image/png");
    assert_eq!(
        img.headers["cache-control"],
        "private, max-age=31536000, immutable"
    );
    assert_eq!(img.headers["x-content-type-options"], "nosniff");
    assert_eq!(img.body, png);
    // Without a session: not the image.
    let anon = get(&app.router, &src, None).await;
    assert_ne!(anon.status, StatusCode::OK);
    assert_ne!(anon.body, png);
    // Another company's logo is not reachable through this session.
    let (_, other) = app.f.company("Andere GmbH").await;
    let theirs = app
        .f
        .crm
        .set_logo(&other, samples::png(30, 30))
        .await
        .unwrap();
    let theirs = theirs.settings.logo.unwrap().sha256;
    let r = get(
        &app.router,
        &format!("/portal/logo/{theirs}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A new logo: a new URL; the old one is gone.
    let next = app
        .f
        .crm
        .set_logo(&app.ctx, samples::png(90, 90))
        .await
        .unwrap();
    let next = next.settings.logo.unwrap().sha256;
    assert_eq!(
        get(&app.router, &src, Some(&cookie)).await.status,
        StatusCode::NOT_FOUND
    );
    let page = get(&app.router, "/portal/invoices", Some(&cookie)).await;
    assert!(page.text().contains(&format!("/portal/logo/{next}")));
    for bad in ["nothex", "00"] {
        let r = get(&app.router, &format!("/portal/logo/{bad}"), Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn portal_pdfs_carry_the_logo() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let inv = app
        .f
        .crm
        .create_invoice(&app.ctx, &invoice_input(alpha.id, "100"))
        .await
        .unwrap();
    let cookie = sign_in(&app, &alpha).await;
    let plain = get(&app.router, "/portal/statement.pdf", Some(&cookie)).await;
    assert_eq!(plain.status, StatusCode::OK);
    app.f
        .crm
        .set_logo(&app.ctx, samples::png(40, 40))
        .await
        .unwrap();
    app.f.crm.send_invoice(&app.ctx, inv.id).await.unwrap();
    let with = get(&app.router, "/portal/statement.pdf", Some(&cookie)).await;
    let has_image = |b: &[u8]| b.windows(6).any(|w| w == b"/Image");
    assert!(!has_image(&plain.body));
    assert!(has_image(&with.body), "the statement has the logo");
    let pdf = get(
        &app.router,
        &format!("/portal/invoices/{}/pdf", inv.id),
        Some(&cookie),
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(
        has_image(&pdf.body),
        "the invoice issued with the logo shows it"
    );
}

#[tokio::test]
async fn emails_show_the_logo_from_a_public_address_that_serves_nothing_else() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let png = samples::png(120, 40);
    let company = app.f.crm.set_logo(&app.ctx, png.clone()).await.unwrap();
    let sha = company.settings.logo.unwrap().sha256;
    // An invoice email's HTML part carries the logo by its public address.
    let inv = app
        .f
        .crm
        .create_invoice(&app.ctx, &invoice_input(alpha.id, "100"))
        .await
        .unwrap();
    app.f.crm.send_invoice(&app.ctx, inv.id).await.unwrap();
    let outbox = app.f.store().outbox(app.ctx.company, 5).await.unwrap();
    let src = format!("/portal/brand/{}/{sha}", company.id);
    assert!(
        outbox[0]
            .html_body
            .contains(&format!("https://crm.example{src}")),
        "{}",
        outbox[0].html_body
    );
    // No session needed; cached publicly, as the address changes with the logo.
    let img = get(&app.router, &src, None).await;
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(img.headers["content-type"], "image/png");
    assert_eq!(
        img.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(img.body, png);
    // Any other archived file (an invoice PDF) or another company's id: nothing.
    let pdf = app.f.crm.invoice_pdf(&app.ctx, inv.id).await.unwrap();
    let pdf_sha = pdf.sha256.unwrap();
    let (other, _) = app.f.company("Andere GmbH").await;
    for uri in [
        format!("/portal/brand/{}/{pdf_sha}", company.id),
        format!("/portal/brand/{}/{sha}", other.id),
        format!("/portal/brand/not-an-id/{sha}"),
    ] {
        assert_eq!(
            get(&app.router, &uri, None).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
}
