//! The company logo's cases of the archive area: a refused upload writes nothing, and issued
//! invoices keep the PDF (bytes and SHA-256) they were issued with whatever the logo does.

use super::*;
use crate::domain::logo::samples;
use crate::domain::{BankAccountInput, MAX_LOGO_BYTES};

fn field_code(e: &Error) -> Option<&'static str> {
    match e {
        Error::Invalid(v) => v.field("logo").map(|e| e.code()),
        _ => None,
    }
}

pub async fn a_refused_logo_writes_nothing(store: Arc<dyn Store>) {
    let f = Fixture::new(store.clone());
    let (_, ctx) = f.company("Muster GmbH").await;
    let good = samples::png(90, 30);
    let before = f.crm.set_logo(&ctx, good.clone()).await.unwrap();
    let mut truncated = samples::png(90, 30);
    truncated.truncate(truncated.len() - 12);
    let mut too_big = samples::png(10, 10);
    too_big.resize(MAX_LOGO_BYTES + 1, 0);
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("text", b"Muster GmbH logo\n".to_vec(), "logo.not_an_image"),
        ("truncated PNG", truncated, "logo.corrupt"),
        (
            "GIF",
            b"GIF89a\x10\0\x10\0\x80\0\0".to_vec(),
            "logo.unsupported_format",
        ),
        ("too big", too_big, "logo.too_large"),
        (
            "too many pixels",
            samples::png(2100, 20),
            "logo.too_many_pixels",
        ),
        (
            "CMYK JPEG",
            samples::jpeg_header_only(40, 20, 4, 0xC0),
            "logo.unsupported_jpeg",
        ),
    ];
    for (what, bytes, code) in cases {
        let err = f.crm.set_logo(&ctx, bytes.clone()).await.unwrap_err();
        assert_eq!(field_code(&err), Some(code), "{what}: {err:?}");
        assert_eq!(
            store
                .document_file(&DocumentHash::of(&bytes))
                .await
                .unwrap(),
            None,
            "{what}: no file"
        );
        let now = f.crm.company(&ctx).await.unwrap();
        assert_eq!(now.settings.logo, before.settings.logo, "{what}: logo kept");
    }
    let logo = f.crm.logo(&ctx).await.unwrap().expect("the good one");
    assert_eq!(logo.bytes(), &good[..]);
    // Replacing the settings leaves the logo alone: only `set_logo` stores its file.
    let mut settings = before.settings.clone();
    settings.logo = None;
    let after = f.crm.update_company_settings(&ctx, settings).await.unwrap();
    assert_eq!(after.settings.logo, before.settings.logo);
}

pub async fn issued_pdfs_keep_the_logo_they_were_issued_with(store: Arc<dyn Store>) {
    let f = Fixture::new(store.clone());
    let (_, ctx) = f.company("Muster GmbH").await;
    let first = f.crm.set_logo(&ctx, samples::png(120, 40)).await.unwrap();
    let first_ref = first.settings.logo.expect("set");
    let client = f.client(&ctx, "Alpha").await;
    let issued = f.issued_invoice(&ctx, &client, "100").await;
    assert_eq!(
        issued.seller.as_ref().and_then(|s| s.logo),
        Some(first_ref),
        "frozen into the seller snapshot"
    );
    let frozen = f.crm.invoice_pdf(&ctx, issued.id).await.unwrap();
    let link = f
        .crm
        .invoice_file(&ctx, issued.id)
        .await
        .unwrap()
        .expect("frozen");
    assert_eq!(frozen.sha256, Some(link.sha256));

    // Another logo, another address, a bank account, then no logo at all.
    let second = f.crm.set_logo(&ctx, samples::png(64, 64)).await.unwrap();
    assert_ne!(second.settings.logo, Some(first_ref));
    f.crm
        .update_company(
            &ctx,
            &CompanyInput {
                name: "Muster GmbH".into(),
                email: "buchhaltung@muster.example.com".into(),
                address: AddressInput {
                    street: "Neue Allee 99".into(),
                    city: "München".into(),
                    state: None,
                    postal_code: "80331".into(),
                    country: "DE".into(),
                },
                tax_id: Some("DE136695976".into()),
                currency: "EUR".into(),
                locale: "de-DE".into(),
            },
        )
        .await
        .unwrap();
    f.crm
        .set_bank_account(
            &ctx,
            Some(&BankAccountInput {
                iban: "DE02120300000000202051".into(),
                bic: Some("BYLADEM1001".into()),
                holder: Some("Muster GmbH".into()),
                bank_name: None,
            }),
        )
        .await
        .unwrap();
    let again = f.crm.invoice_pdf(&ctx, issued.id).await.unwrap();
    assert_eq!(
        again.bytes, frozen.bytes,
        "byte-identical after the changes"
    );
    assert_eq!(DocumentHash::of(&again.bytes), link.sha256);
    let removed = f.crm.remove_logo(&ctx).await.unwrap();
    assert_eq!(removed.settings.logo, None);
    assert!(f.crm.logo(&ctx).await.unwrap().is_none());
    let last = f.crm.invoice_pdf(&ctx, issued.id).await.unwrap();
    assert_eq!(last.bytes, frozen.bytes, "byte-identical after the removal");
    assert_eq!(last.sha256, Some(link.sha256));
    // The files stay: the issued invoice still names the first logo.
    assert!(
        store
            .document_file(&first_ref.sha256)
            .await
            .unwrap()
            .is_some()
    );
    // A new invoice has no logo now; its seller snapshot says so.
    let later = f.issued_invoice(&ctx, &client, "50").await;
    assert_eq!(later.seller.as_ref().and_then(|s| s.logo), None);
}
