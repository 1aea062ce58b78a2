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
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
