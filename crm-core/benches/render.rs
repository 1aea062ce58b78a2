//! Cost of rendering PDFs and bundling them: `cargo bench -p crm-core --bench render`.
//!
//! Prints the size of each document once, then times layout alone (`*_document`), the two
//! serialisation steps, the full render to bytes, printpdf's serialiser the renderer used
//! before (for comparison), and a streamed ZIP of 100 invoices against 100 renders.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use crm_core::domain::Invoice;
use crm_core::ports::DocumentRenderer;
use crm_core::render::PdfRenderer;
use crm_core::render::zip::{ZipStream, invoice_entry_name};

fn bench(c: &mut Criterion) {
    let start = Instant::now();
    let renderer = PdfRenderer::new().expect("renderer");
    eprintln!(
        "first PdfRenderer::new (parses both fonts): {:?}",
        start.elapsed()
    );

    let (company, client, invoices) = common::invoices(&[5, 120]);
    let (small, large) = (&invoices[0], &invoices[1]);
    for (name, inv) in [("5 lines", small), ("120 lines", large)] {
        let pages = renderer
            .invoice_document(&company, &client, inv)
            .pages
            .len();
        let bytes = renderer.invoice(&company, &client, inv).unwrap();
        eprintln!(
            "invoice with {name}: {pages} page(s), {} bytes ({} bytes/page)",
            bytes.len(),
            bytes.len() / pages
        );
    }

    let locale = client.locale;
    c.bench_function("invoice 1 page: layout only", |b| {
        b.iter(|| black_box(renderer.invoice_document(&company, &client, small)))
    });
    let document = renderer.invoice_document(&company, &client, small);
    c.bench_function("invoice 1 page: step 2, to_lopdf", |b| {
        b.iter(|| black_box(PdfRenderer::to_lopdf(&document, locale).unwrap()))
    });
    c.bench_function("invoice 1 page: step 3, save_lopdf", |b| {
        b.iter_batched(
            || PdfRenderer::to_lopdf(&document, locale).unwrap(),
            |pdf| black_box(PdfRenderer::save_lopdf(pdf).unwrap()),
            criterion::BatchSize::SmallInput,
        )
    });
    c.bench_function("invoice 1 page: render to bytes", |b| {
        b.iter(|| black_box(renderer.invoice(&company, &client, small).unwrap()))
    });
    // What `invoice` did before the renderer had its own writer: printpdf's serialiser and
    // lopdf's level-9 compression.
    c.bench_function(
        "invoice 1 page: render to bytes via printpdf (before)",
        |b| {
            b.iter(|| {
                let document = renderer.invoice_document(&company, &client, small);
                let mut pdf = PdfRenderer::to_lopdf_with_printpdf(&document, locale).unwrap();
                pdf.compress();
                let mut bytes = Vec::new();
                pdf.save_to(&mut bytes).unwrap();
                black_box(bytes)
            })
        },
    );
    c.bench_function("invoice 120 lines: render to bytes", |b| {
        b.iter(|| black_box(renderer.invoice(&company, &client, large).unwrap()))
    });

    // 100 distinct invoices (numbers differ), each rendered just before it is added.
    let numbered: Vec<Invoice> = (0..100)
        .map(|i| {
            let mut inv = small.clone();
            inv.number = Some(format!("2026-{:04}", i + 1));
            inv
        })
        .collect();
    let mut group = c.benchmark_group("100 invoices");
    group.sample_size(10);
    group.bench_function("renders only", |b| {
        b.iter(|| {
            for inv in &numbered {
                black_box(renderer.invoice(&company, &client, inv).unwrap());
            }
        })
    });
    group.bench_function("rendered into a streamed ZIP", |b| {
        b.iter(|| {
            let mut zip = ZipStream::new(std::io::sink());
            for inv in &numbered {
                let pdf = renderer.invoice(&company, &client, inv).unwrap();
                zip.add(&invoice_entry_name(inv, locale), &pdf).unwrap();
            }
            zip.finish().unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
