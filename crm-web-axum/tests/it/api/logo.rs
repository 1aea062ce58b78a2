//! `GET/PUT/DELETE /company/logo`: the raw image as the body, its format read from the bytes;
//! bad files 422 and too large ones 413 with the field `logo`, nothing written; read back;
//! per company; removed. An issued invoice's PDF stays byte-identical throughout.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use crm_core::domain::logo::samples;
use crm_core::domain::{DocumentHash, MAX_LOGO_BYTES};

use super::support::{Res, TestApp, app};

async fn put(t: &TestApp, token: &str, content_type: &str, body: Vec<u8>) -> Res {
    let req = Request::put("/api/v1/company/logo")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    t.raw(req).await
}

#[tokio::test]
async fn logo_upload_refusals_read_back_and_removal() {
    let t = app().await;
    let token = t.token_a.clone();
    let path = "/company/logo";
    let res = t.a("get", path, None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "none yet");
    let sent = t
        .a("post", &format!("/invoices/{}/send", t.invoice.id), None)
        .await;
    assert!(sent.status.is_success(), "{:?}", sent.json());
    let pdf_before = t
        .a("get", &format!("/invoices/{}/pdf", t.invoice.id), None)
        .await;
    assert_eq!(pdf_before.status, StatusCode::OK);

    let mut truncated = samples::png(64, 32);
    truncated.truncate(40);
    let mut big = samples::png(8, 8);
    big.resize(MAX_LOGO_BYTES + 1, 0);
    let cases = [
        (
            "image/png",
            b"hello".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not an image",
        ),
        (
            "image/png",
            truncated,
            StatusCode::UNPROCESSABLE_ENTITY,
            "damaged",
        ),
        (
            "image/png",
            b"GIF89a\x01\0\x01\0".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "GIF",
        ),
        (
            "image/png",
            samples::png(2001, 10),
            StatusCode::UNPROCESSABLE_ENTITY,
            "2001",
        ),
        ("image/jpeg", big, StatusCode::PAYLOAD_TOO_LARGE, "512 KiB"),
    ];
    for (ct, body, status, words) in cases {
        let hash = DocumentHash::of(&body);
        let res = put(&t, &token, ct, body).await;
        assert_eq!(res.status, status, "{words}: {:?}", res.json());
        assert_eq!(res.content_type(), "application/problem+json");
        assert_eq!(res.fields(), vec!["logo"], "{words}");
        let msg = res.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(msg.contains(words), "{words}: {msg}");
        assert!(t.store.document_file(&hash).await.unwrap().is_none());
        assert_eq!(t.a("get", path, None).await.status, StatusCode::NOT_FOUND);
    }
    // Not claimed to be an image at all: 415.
    let res = put(&t, &token, "text/plain", samples::png(4, 4)).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // A PNG sent as image/jpeg: the bytes decide.
    let png = samples::png(150, 50);
    let res = put(&t, &token, "image/jpeg", png.clone()).await;
    assert_eq!(res.status, StatusCode::OK, "{:?}", res.json());
    let body = res.json();
    assert_eq!(body["media_type"], "image/png");
    assert_eq!(
        (body["width"].as_u64(), body["height"].as_u64()),
        (Some(150), Some(50))
    );
    assert_eq!(body["sha256"], DocumentHash::of(&png).to_hex());
    let got = t.a("get", path, None).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.content_type(), "image/png");
    assert_eq!(got.bytes, png);
    // Company B has none.
    let b = t.call("get", path, Some(&t.token_b.clone()), None).await;
    assert_eq!(b.status, StatusCode::NOT_FOUND);

    let pdf_after = t
        .a("get", &format!("/invoices/{}/pdf", t.invoice.id), None)
        .await;
    assert_eq!(
        pdf_after.bytes, pdf_before.bytes,
        "the issued PDF is frozen"
    );
    let res = t.a("delete", path, None).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(t.a("get", path, None).await.status, StatusCode::NOT_FOUND);
    let pdf_last = t
        .a("get", &format!("/invoices/{}/pdf", t.invoice.id), None)
        .await;
    assert_eq!(pdf_last.bytes, pdf_before.bytes);
}
