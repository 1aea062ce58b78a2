//! The logo form on the settings page: a multipart upload (CSRF token in the query), refused
//! files shown at the field with nothing written, the preview and the removal.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use crm_core::domain::logo::samples;
use crm_core::domain::{DocumentHash, MAX_LOGO_BYTES};

use super::support::{BASE, Browser, Page, TestApp};

const BOUNDARY: &str = "----crmlogotest";

fn multipart(file: &[u8], name: &str) -> Vec<u8> {
    let mut b = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    b.extend_from_slice(file);
    b.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    b
}

async fn upload(b: &mut Browser, csrf: &str, file: &[u8], name: &str) -> Page {
    let req = Request::post(format!("/admin/settings/logo?csrf={csrf}"))
        .header(header::COOKIE, b.cookie_header())
        .header(header::ORIGIN, BASE)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart(file, name)))
        .unwrap();
    b.send(req).await
}

#[tokio::test]
async fn a_logo_is_uploaded_previewed_and_removed_and_bad_files_write_nothing() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/settings").await;
    page.assert_ok();
    assert!(page.body.contains("id=\"logo-form\""), "{}", page.body);
    assert!(page.body.contains("id=\"logo-none\""));
    let csrf = b.csrf.clone();

    // Without the token: refused.
    let r = upload(&mut b, "nope", &samples::png(50, 20), "logo.png").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A text file named like a PNG, a GIF, a truncated PNG: the error at the field.
    let mut cut = samples::png(50, 20);
    cut.truncate(cut.len() - 20);
    for (file, name, words) in [
        (b"not a picture".to_vec(), "logo.png", "not an image"),
        (b"GIF89a\x01\0\x01\0\0\0\0".to_vec(), "logo.gif", "GIF"),
        (cut, "logo.png", "damaged"),
    ] {
        let r = upload(&mut b, &csrf, &file, name).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            r.body
        );
        assert!(r.body.contains("id=\"e-logo\""), "{}", r.body);
        assert!(r.body.contains(words), "{words}: {}", r.body);
        assert!(
            app.crm
                .store()
                .document_file(&DocumentHash::of(&file))
                .await
                .unwrap()
                .is_none()
        );
    }
    // Too large: 413, read no further than the limit.
    let mut big = samples::png(10, 10);
    big.resize(MAX_LOGO_BYTES + 100, 0);
    let r = upload(&mut b, &csrf, &big, "big.png").await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert!(r.body.contains("512 KiB"), "{}", r.body);
    assert!(
        app.crm
            .company(&app.staff)
            .await
            .unwrap()
            .settings
            .logo
            .is_none()
    );

    let png = samples::png(120, 40);
    let r = upload(&mut b, &csrf, &png, "logo.png").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().ends_with("done=logo_saved#logo"));
    let logo = app.crm.company(&app.staff).await.unwrap().settings.logo;
    let logo = logo.expect("saved");
    assert_eq!((logo.width, logo.height), (120, 40));
    let page = b.get("/admin/settings").await;
    let src = format!("/admin/settings/logo/{}", logo.sha256);
    assert!(page.body.contains(&src), "{}", page.body);
    let img = b.get(&src).await;
    img.assert_ok();
    assert_eq!(img.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(img.bytes, png);
    let other = b
        .get(&format!("/admin/settings/logo/{}", DocumentHash::of(b"x")))
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    let r = b.post("/admin/settings/logo/remove", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        app.crm
            .company(&app.staff)
            .await
            .unwrap()
            .settings
            .logo
            .is_none()
    );
    assert_eq!(b.get(&src).await.status, StatusCode::NOT_FOUND);
}
