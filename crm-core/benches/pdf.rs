//! Cost of rendering PDFs: `cargo bench -p crm-core --bench pdf`.
//!
//! Prints the size of each document once, then times layout alone (`*_document`) and the
//! full render to bytes (layout, font subsetting, compression, serialisation).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use crm_core::domain::{Client, Company, Invoice, LineItemInput};
use crm_core::ports::DocumentRenderer;
use crm_core::render::PdfRenderer;
use crm_core::service::InvoiceInput;
use crm_core::testing::conformance::{client_input, d};
use crm_core::testing::{Fixture, MemoryStore};

/// An issued invoice with `lines` line items, created through the use cases.
fn invoice(lines: usize) -> (Company, Client, Invoice) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let f = Fixture::new(Arc::new(MemoryStore::new()));
        let (mut company, ctx) = f.company("Muster GmbH").await;
        company.settings.bank_details =
            Some("Commerzbank Köln\nIBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX".into());
        let mut input = client_input("Müller & Söhne GmbH");
        input.address.street = "Große Straße 5".into();
        let client = f.crm.create_client(&ctx, &input).await.unwrap();
        let items = (1..=lines)
            .map(|i| LineItemInput {
                description: format!("Position {i}: Beratung und Umsetzung laut Angebot"),
                quantity: d("2.5"),
                unit_price: d("95"),
                tax_rate: if i % 3 == 0 { d("7") } else { d("19") },
                discount: d("0"),
            })
            .collect();
        let draft = f
            .crm
            .create_invoice(
                &ctx,
                &InvoiceInput {
                    client_id: client.id,
                    items,
                    due_date: None,
                    notes: Some("Vielen Dank für Ihren Auftrag!".into()),
                    terms: None,
                },
            )
            .await
            .unwrap();
        let issued = f.crm.issue_invoice(&ctx, draft.id).await.unwrap();
        (company, client, issued)
    })
}

fn bench(c: &mut Criterion) {
    let start = Instant::now();
    let renderer = PdfRenderer::new().expect("renderer");
    eprintln!(
        "first PdfRenderer::new (parses both fonts): {:?}",
        start.elapsed()
    );

    let small = invoice(5);
    let large = invoice(120);
    for (name, (company, client, inv)) in [("5 lines", &small), ("120 lines", &large)] {
        let pages = renderer.invoice_document(company, client, inv).pages.len();
        let bytes = renderer.invoice(company, client, inv).unwrap();
        eprintln!(
            "invoice with {name}: {pages} page(s), {} bytes ({} bytes/page)",
            bytes.len(),
            bytes.len() / pages
        );
    }

    let (company, client, inv) = &small;
    c.bench_function("invoice 1 page: layout only", |b| {
        b.iter(|| black_box(renderer.invoice_document(company, client, inv)))
    });
    c.bench_function("invoice 1 page: render to bytes", |b| {
        b.iter(|| black_box(renderer.invoice(company, client, inv).unwrap()))
    });
    let (company, client, inv) = &large;
    c.bench_function("invoice 120 lines: render to bytes", |b| {
        b.iter(|| black_box(renderer.invoice(company, client, inv).unwrap()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
