//! A ZIP of 1,000 invoices, each rendered just before it is added and streamed to a
//! byte-counting sink: peak memory (VmHWM) and total time against the sum of the renders.
//! Each invoice is what an e-invoice client gets: its EN 16931 XML written, the ZUGFeRD
//! hybrid PDF rendered with it, and both added (`RE-….pdf` + `RE-….xml`).
//!
//! `cargo run --release -p crm-core --example zip_bundle [-- COUNT]`
//!
//! Run as its own process so its RSS means something. Part 1 uses the renderer and
//! [`ZipStream`] directly; part 2 goes through `Crm::portal_invoice_bundle_capped` on the
//! in-memory store (store reads included).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crm_core::domain::EInvoiceFormat;
use crm_core::domain::Invoice;
use crm_core::ports::DocumentRenderer;
use crm_core::render::PdfRenderer;
use crm_core::render::einvoice::{self, Options};
use crm_core::render::zip::{ZipStream, invoice_entry_name, invoice_xml_entry_name};
use crm_core::service::{InvoiceInput, PortalCtx};
use crm_core::testing::conformance::{client_input, d};
use crm_core::testing::{Fixture, MemoryStore};

/// Counts what would go over the wire.
#[derive(Default)]
struct Counting(u64);

impl Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    // Ten one-page invoices of 1–10 lines; invoice i is variant i % 10 with its own number.
    let (company, client, variants) = common::invoices(&(1..=10).collect::<Vec<_>>());
    let renderer = PdfRenderer::new().expect("renderer");
    let invoice_at = |i: usize| -> Invoice {
        let mut invoice = variants[i % variants.len()].clone();
        invoice.number = Some(format!("2026-{:04}", i + 1));
        invoice
    };
    // The XML and the hybrid PDF carrying it.
    let render = |invoice: &Invoice| -> (Vec<u8>, Vec<u8>) {
        let xml = einvoice::invoice_xml(invoice, EInvoiceFormat::Zugferd, &Options::default())
            .expect("xml");
        let pdf = renderer
            .invoice_hybrid(&company, &client, invoice, None, &xml)
            .expect("render");
        (pdf, xml)
    };
    for i in 0..50 {
        render(&invoice_at(i));
    }

    println!(
        "== Part 1: XML + hybrid PDF + ZipStream, {count} invoices (2 entries each), to a counting sink"
    );
    let rss_start = common::proc_status_kib("VmRSS");
    let reset = common::reset_peak_rss();
    let (mut ratios, mut separate_ratios) = (Vec::new(), Vec::new());
    for round in 1..=3 {
        // The same renders alone, for comparison with a separate pass.
        let mut renders_alone = Duration::ZERO;
        for i in 0..count {
            let invoice = invoice_at(i);
            let start = Instant::now();
            let files = render(&invoice);
            renders_alone += start.elapsed();
            std::hint::black_box(files);
        }

        // The bundle: each invoice rendered just before it is added.
        let start = Instant::now();
        let (mut renders, mut adding) = (Duration::ZERO, Duration::ZERO);
        let mut pdf_bytes = 0;
        let mut zip = ZipStream::new(Counting::default()).with_max_entries(2 * count);
        for i in 0..count {
            let invoice = invoice_at(i);
            let rendering = Instant::now();
            let (pdf, xml) = render(&invoice);
            let added = Instant::now();
            renders += added - rendering;
            zip.add(&invoice_entry_name(&invoice, client.locale), &pdf)
                .expect("add");
            zip.add(&invoice_xml_entry_name(&invoice, client.locale), &xml)
                .expect("add");
            adding += added.elapsed();
            pdf_bytes += pdf.len() + xml.len();
        }
        let out = zip.finish().expect("finish");
        let total = start.elapsed();
        let ratio = total.as_secs_f64() / renders.as_secs_f64();
        ratios.push(ratio);
        separate_ratios.push(total.as_secs_f64() / renders_alone.as_secs_f64());
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "round {round}: bundle {:.1} ms = renders {:.1} ms ({:.3} ms each) \
             + ZipStream::add {:.1} ms ({:.3} ms each) + rest {:.1} ms -> {ratio:.3}x the \
             renders in it ({:.3}x a separate render-only pass of {:.1} ms); \
             {pdf_bytes} PDF and XML bytes, {} ZIP bytes",
            ms(total),
            ms(renders),
            ms(renders) / count as f64,
            ms(adding),
            ms(adding) / count as f64,
            ms(total) - ms(renders) - ms(adding),
            total.as_secs_f64() / renders_alone.as_secs_f64(),
            ms(renders_alone),
            out.0
        );
    }
    println!(
        "median ratio bundle / its renders: {:.3}x (bundle / separate render pass: {:.3}x)",
        common::median(&mut ratios),
        common::median(&mut separate_ratios)
    );
    println!(
        "RSS at start {}, peak during the bundles {} (VmHWM{})",
        mib(rss_start),
        mib(common::proc_status_kib("VmHWM")),
        if reset {
            ", reset before"
        } else {
            " since process start"
        }
    );

    println!("== Part 2: Crm::portal_invoice_bundle_capped, {count} invoices in a MemoryStore");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let f = Fixture::new(Arc::new(MemoryStore::new()));
        let (mut company, ctx) = f.company("Muster GmbH").await;
        company.settings.bank_details = Some("IBAN DE89 3704 0044 0532 0130 00".into());
        let client = f
            .crm
            .create_client(&ctx, &client_input("Müller & Söhne GmbH"))
            .await
            .expect("client");
        let mut ids = Vec::with_capacity(count);
        for i in 0..count {
            let draft = f
                .crm
                .create_invoice(
                    &ctx,
                    &InvoiceInput {
                        client_id: client.id,
                        items: variants[i % variants.len()]
                            .lines
                            .iter()
                            .map(|l| crm_core::domain::LineItemInput {
                                description: l.description().to_owned(),
                                quantity: l.quantity(),
                                unit_price: l.unit_price(),
                                tax_rate: l.tax_rate().percent(),
                                discount: d("0"),
                                ..Default::default()
                            })
                            .collect(),
                        due_date: None,
                        notes: Some("Vielen Dank für Ihren Auftrag!".into()),
                        terms: None,
                        ..Default::default()
                    },
                )
                .await
                .expect("draft");
            ids.push(f.crm.issue_invoice(&ctx, draft.id).await.expect("issue").id);
        }
        let portal = PortalCtx {
            company: ctx.company,
            client: client.id,
            contact: client.primary_contact().expect("contact").id,
            confirmed: true,
        };
        let rss_start = common::proc_status_kib("VmRSS");
        let reset = common::reset_peak_rss();
        let start = Instant::now();
        let out = f
            .crm
            .portal_invoice_bundle_capped(&portal, &ids, count, Counting::default())
            .await
            .expect("bundle");
        let total = start.elapsed();
        println!(
            "bundle of {count}: {:.1} ms ({:.3} ms per invoice, store reads included), {} ZIP bytes",
            total.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3 / count as f64,
            out.0
        );
        println!(
            "RSS at start {} (store with {count} invoices), peak during the bundle {} (VmHWM{})",
            mib(rss_start),
            mib(common::proc_status_kib("VmHWM")),
            if reset { ", reset before" } else { " since process start" }
        );
    });
}
