//! Cost of rendering PDFs and bundling them: `cargo bench -p crm-core --bench render`.
//!
//! Prints the size of each document once, then times layout alone (`*_document`), the
//! serialisation steps, the full render to bytes — a plain PDF (without the PDF/A step), the
//! PDF/A-3b every document is now and the Factur-X hybrid, in one run so they can be
//! compared —, printpdf's serialiser the renderer used before (for comparison), and a
//! streamed ZIP of 100 invoices against 100 renders.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use crm_core::domain::EInvoiceFormat;
use crm_core::domain::Invoice;
use crm_core::ports::DocumentRenderer;
use crm_core::render::PdfRenderer;
use crm_core::render::einvoice::{self, Options};
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
    let xml = einvoice::invoice_xml(small, EInvoiceFormat::Zugferd, &Options::default()).unwrap();
    let plain = PdfRenderer::save_lopdf(
        PdfRenderer::to_lopdf(
            &renderer.invoice_document(&company, &client, small),
            client.locale,
        )
        .unwrap(),
    )
    .unwrap();
    let hybrid = renderer
        .invoice_facturx(&company, &client, small, None, &xml)
        .unwrap();
    eprintln!(
        "invoice with 5 lines: plain {} bytes, PDF/A-3b {} bytes, hybrid {} bytes (XML {} bytes)",
        plain.len(),
        renderer.invoice(&company, &client, small).unwrap().len(),
        hybrid.len(),
        xml.len()
    );

    let locale = client.locale;
    interleaved(&renderer, &company, &client, small, &xml);
    c.bench_function("invoice 1 page: layout only", |b| {
        b.iter(|| black_box(renderer.invoice_document(&company, &client, small)))
    });
    let document = renderer.invoice_document(&company, &client, small);
    c.bench_function("invoice 1 page: step 2, to_lopdf", |b| {
        b.iter(|| black_box(PdfRenderer::to_lopdf(&document, locale).unwrap()))
    });
    c.bench_function("invoice 1 page: step 3, to_pdfa", |b| {
        b.iter_batched(
            || PdfRenderer::to_lopdf(&document, locale).unwrap(),
            |mut pdf| {
                PdfRenderer::to_pdfa(&mut pdf, None).unwrap();
                black_box(pdf)
            },
            criterion::BatchSize::SmallInput,
        )
    });
    c.bench_function("invoice 1 page: step 4, save_lopdf", |b| {
        b.iter_batched(
            || PdfRenderer::to_lopdf(&document, locale).unwrap(),
            |pdf| black_box(PdfRenderer::save_lopdf(pdf).unwrap()),
            criterion::BatchSize::SmallInput,
        )
    });
    // The same invoice three ways: the plain PDF (steps 1, 2, 4: what `invoice` wrote before
    // PDF/A), the PDF/A-3b `invoice` writes now, and the Factur-X hybrid with its XML.
    c.bench_function("invoice 1 page: plain PDF, no PDF/A step", |b| {
        b.iter(|| {
            let document = renderer.invoice_document(&company, &client, small);
            let pdf = PdfRenderer::to_lopdf(&document, locale).unwrap();
            black_box(PdfRenderer::save_lopdf(pdf).unwrap())
        })
    });
    c.bench_function("invoice 1 page: render to bytes", |b| {
        b.iter(|| black_box(renderer.invoice(&company, &client, small).unwrap()))
    });
    c.bench_function("invoice 1 page: Factur-X hybrid, XML given", |b| {
        b.iter(|| {
            black_box(
                renderer
                    .invoice_facturx(&company, &client, small, None, &xml)
                    .unwrap(),
            )
        })
    });
    c.bench_function(
        "invoice 1 page: Factur-X hybrid with the XML written",
        |b| {
            b.iter(|| {
                let xml =
                    einvoice::invoice_xml(small, EInvoiceFormat::Zugferd, &Options::default())
                        .unwrap();
                black_box(
                    renderer
                        .invoice_facturx(&company, &client, small, None, &xml)
                        .unwrap(),
                )
            })
        },
    );
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

/// Plain, PDF/A-3b and hybrid renders of one invoice taken in turn, 400 rounds, medians:
/// on a machine shared with other builds the criterion figures, taken one after the other,
/// drift by more than the difference; interleaved, the drift hits all three alike.
fn interleaved(
    renderer: &PdfRenderer,
    company: &crm_core::domain::Company,
    client: &crm_core::domain::Client,
    invoice: &Invoice,
    xml: &[u8],
) {
    let mut times: [Vec<std::time::Duration>; 3] = Default::default();
    for _ in 0..400 {
        let t = Instant::now();
        let document = renderer.invoice_document(company, client, invoice);
        let pdf = PdfRenderer::to_lopdf(&document, client.locale).unwrap();
        black_box(PdfRenderer::save_lopdf(pdf).unwrap());
        times[0].push(t.elapsed());
        let t = Instant::now();
        black_box(renderer.invoice(company, client, invoice).unwrap());
        times[1].push(t.elapsed());
        let t = Instant::now();
        black_box(
            renderer
                .invoice_facturx(company, client, invoice, None, xml)
                .unwrap(),
        );
        times[2].push(t.elapsed());
    }
    let [plain, pdfa, hybrid] = times.map(|mut t| {
        t.sort();
        t[t.len() / 2].as_secs_f64() * 1e6
    });
    eprintln!(
        "interleaved medians of 400 rounds: plain {plain:.0} µs, PDF/A-3b {pdfa:.0} µs \
         ({:.2}×), hybrid {hybrid:.0} µs ({:.2}×)",
        pdfa / plain,
        hybrid / plain
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
