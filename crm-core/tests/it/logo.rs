//! The company logo in the PDF letterhead, checked with `pdfimages -list` and `qpdf --check`:
//! a PNG as a Flate image with its soft mask, a JPEG embedded as it is, at the size the
//! letterhead's 45 × 18 mm box allows; issued invoices keep the logo they were issued with.

use std::sync::Arc;

use crm_core::domain::logo::samples;
use crm_core::testing::conformance::invoice_input;
use crm_core::testing::{Fixture, MemoryStore};

use crate::pdf::{PdfFile, have, have_all};

const JPEG: &[u8] = include_bytes!("../fixtures/logo.jpg");
const GREY_PROGRESSIVE_JPEG: &[u8] = include_bytes!("../fixtures/logo-grey-progressive.jpg");

/// `pdfimages -list` rows: (type, width, height, color, enc, x-ppi).
fn images(pdf: &PdfFile) -> Vec<(String, u32, u32, String, String, u32)> {
    let (ok, out) = pdf.run("pdfimages", &["-list"]);
    assert!(ok, "pdfimages failed: {out}");
    out.lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            let n = |i: usize| c[i].parse::<u32>().unwrap_or_else(|_| panic!("{l}"));
            (
                c[2].to_owned(),
                n(3),
                n(4),
                c[5].to_owned(),
                c[8].to_owned(),
                n(12),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_logo_is_drawn_in_the_letterhead_and_frozen_with_the_invoice() {
    // Evaluate both, so every missing tool is reported.
    let tools = [have_all(), have("pdfimages")];
    if !tools.iter().all(|t| *t) {
        return;
    }
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    f.crm.set_logo(&ctx, samples::png(240, 80)).await.unwrap();
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "100"))
        .await
        .unwrap();
    let live = PdfFile::new(&f.crm.invoice_pdf(&ctx, draft.id).await.unwrap().bytes);
    live.assert_valid();
    // 240 × 80 px fitted into 45 × 18 mm: 45 mm wide (width-bound), so 240 px / 45 mm.
    let ppi = (240.0 / (45.0 / 25.4)) as u32;
    let png_rows = vec![
        ("image".into(), 240, 80, "rgb".into(), "image".into(), ppi),
        ("smask".into(), 240, 80, "gray".into(), "image".into(), ppi),
    ];
    let got = images(&live);
    assert_eq!(got.len(), 2, "{got:?}");
    for (g, want) in got.iter().zip(&png_rows) {
        assert_eq!(
            (&g.0, g.1, g.2, &g.3, &g.4),
            (&want.0, want.1, want.2, &want.3, &want.4)
        );
        assert!(g.5.abs_diff(want.5) <= 1, "x-ppi {} vs {}", g.5, want.5);
    }
    assert!(
        live.text().contains("Muster GmbH"),
        "the name is still there"
    );

    let issued = f.crm.send_invoice(&ctx, draft.id).await.unwrap();
    let frozen = f.crm.invoice_pdf(&ctx, issued.id).await.unwrap();
    let frozen_file = PdfFile::new(&frozen.bytes);
    frozen_file.assert_valid();
    assert_eq!(images(&frozen_file).len(), 2);

    // A JPEG now: embedded as it is (DCT), in new documents only.
    f.crm.set_logo(&ctx, JPEG.to_vec()).await.unwrap();
    let next = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "50"))
        .await
        .unwrap();
    let jpeg_pdf = f.crm.invoice_pdf(&ctx, next.id).await.unwrap().bytes;
    assert!(
        jpeg_pdf.windows(JPEG.len()).any(|w| w == JPEG),
        "the JPEG's bytes as they are"
    );
    let jpeg_file = PdfFile::new(&jpeg_pdf);
    jpeg_file.assert_valid();
    let got = images(&jpeg_file);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (
            &got[0].0[..],
            got[0].1,
            got[0].2,
            &got[0].3[..],
            &got[0].4[..]
        ),
        ("image", 160, 48, "rgb", "jpeg")
    );
    f.crm
        .set_logo(&ctx, GREY_PROGRESSIVE_JPEG.to_vec())
        .await
        .unwrap();
    let grey = PdfFile::new(&f.crm.invoice_pdf(&ctx, next.id).await.unwrap().bytes);
    grey.assert_valid();
    let got = images(&grey);
    assert_eq!((&got[0].3[..], &got[0].4[..]), ("gray", "jpeg"), "{got:?}");

    // The issued invoice still shows the PNG it was issued with, byte for byte.
    let again = f.crm.invoice_pdf(&ctx, issued.id).await.unwrap();
    assert_eq!(again.bytes, frozen.bytes);
    assert_eq!(again.sha256, frozen.sha256);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_logo_the_pdf_is_what_it_was_before_logos() {
    use crm_core::ports::DocumentRenderer;
    use crm_core::render::PdfRenderer;
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (company, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let invoice = f.issued_invoice(&ctx, &client, "100").await;
    let r = PdfRenderer::new().unwrap();
    let plain = r.invoice(&company, &client, &invoice).unwrap();
    let steps = PdfRenderer::to_bytes(
        &r.invoice_document(&company, &client, &invoice),
        client.locale,
    )
    .unwrap();
    assert_eq!(plain, steps, "the three public steps give the same bytes");
    assert_eq!(
        r.invoice_with_logo(&company, &client, &invoice, None)
            .unwrap(),
        plain
    );
    let logo = crm_core::domain::Logo::parse(samples::png(30, 30)).unwrap();
    let with = r
        .invoice_with_logo(&company, &client, &invoice, Some(&logo))
        .unwrap();
    assert_ne!(with, plain);
}
