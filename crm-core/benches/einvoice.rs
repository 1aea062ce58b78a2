//! Cost of the e-invoice XML: `cargo bench -p crm-core --bench einvoice`.
//!
//! Times the EN 16931 mapping plus writing for the issued one-page invoice (5 lines) and the
//! 120-line one, in each syntax: Factur-X EN 16931 CII (the XML inside a ZUGFeRD PDF), and
//! XRechnung CII and UBL; then the PDF and its XML side by side, so the share of the XML in a
//! hybrid document is visible in the same run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crm_core::domain::{
    BankAccount, DocumentContact, EInvoiceFormat, EmailAddress, Iban, PhoneNumber,
};
use crm_core::ports::DocumentRenderer;
use crm_core::render::PdfRenderer;
use crm_core::render::einvoice::{self, Options};

fn bench(c: &mut Criterion) {
    let renderer = PdfRenderer::new().expect("renderer");
    let (company, client, invoices) = common::invoices(&[5, 120]);
    let (small, large) = (&invoices[0], &invoices[1]);
    let xrechnung = Options {
        buyer_reference: Some("04011000-12345-34".into()),
        ..Options::default()
    };
    for (name, inv) in [("5 lines", small), ("120 lines", large)] {
        let xml =
            einvoice::invoice_xml(inv, EInvoiceFormat::Zugferd, &Options::default()).expect("xml");
        eprintln!(
            "Factur-X XML of the invoice with {name}: {} bytes",
            xml.len()
        );
    }

    c.bench_function("xml 5 lines: Factur-X EN 16931 (CII)", |b| {
        b.iter(|| {
            black_box(
                einvoice::invoice_xml(small, EInvoiceFormat::Zugferd, &Options::default()).unwrap(),
            )
        })
    });
    // XRechnung asks more of the seller than the bench company has: its snapshot gets the
    // contact and the account the German rules require.
    let mut xr = small.clone();
    if let Some(seller) = xr.seller.as_mut() {
        seller.legal.contact = Some(DocumentContact {
            name: "Buchhaltung".into(),
            phone: Some(PhoneNumber::parse("+49 30 1234567").unwrap()),
            email: Some(EmailAddress::parse("buchhaltung@muster.example.com").unwrap()),
        });
        seller.bank_account = Some(BankAccount {
            holder: None,
            iban: Iban::parse("DE89 3704 0044 0532 0130 00").unwrap(),
            bic: None,
            bank_name: None,
        });
    }
    for format in [EInvoiceFormat::XrechnungCii, EInvoiceFormat::XrechnungUbl] {
        c.bench_function(&format!("xml 5 lines: {}", format.as_str()), |b| {
            b.iter(|| black_box(einvoice::invoice_xml(&xr, format, &xrechnung).unwrap()))
        });
    }
    c.bench_function("xml 120 lines: Factur-X EN 16931 (CII)", |b| {
        b.iter(|| {
            black_box(
                einvoice::invoice_xml(large, EInvoiceFormat::Zugferd, &Options::default()).unwrap(),
            )
        })
    });
    c.bench_function("pdf 5 lines: render to bytes (reference)", |b| {
        b.iter(|| black_box(renderer.invoice(&company, &client, small).unwrap()))
    });
    let hybrid = || {
        let xml =
            einvoice::invoice_xml(small, EInvoiceFormat::Zugferd, &Options::default()).unwrap();
        renderer
            .invoice_hybrid(&company, &client, small, None, &xml)
            .unwrap()
    };
    c.bench_function("hybrid 5 lines: XML + PDF/A-3 with factur-x.xml", |b| {
        b.iter(|| black_box(hybrid()))
    });
    python_reference(hybrid);
}

/// The Python reference stack (`scripts/bench_python_einvoice.py`: reportlab, drafthorse,
/// factur-x) against our whole hybrid document, both as warm loops in this run. Skipped with
/// a note when the Python packages are missing (the benches are not part of CI).
fn python_reference(ours: impl Fn() -> Vec<u8>) {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../scripts/bench_python_einvoice.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg("100")
        .output();
    let Some(reference) = out
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
    else {
        eprintln!(
            "Python reference skipped: pip install reportlab==4.4.10 drafthorse==2025.2.0 \
             factur-x==7.8"
        );
        return;
    };
    // Ours: the median of 9 rounds of 200 warm documents.
    let mut rounds: Vec<f64> = (0..9)
        .map(|_| {
            let start = std::time::Instant::now();
            for _ in 0..200 {
                black_box(ours());
            }
            start.elapsed().as_secs_f64() * 1e3 / 200.0
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    let ours_ms = rounds[4];
    let theirs = reference["hybrid_ms"].as_f64().unwrap_or(f64::NAN);
    eprintln!(
        "hybrid document, warm: Python reference {theirs:.3} ms (PDF {} + XML {} + embed {} ms), \
         ours {ours_ms:.3} ms -> {:.1}x faster",
        reference["pdf_ms"],
        reference["xml_ms"],
        reference["embed_ms"],
        theirs / ours_ms
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
