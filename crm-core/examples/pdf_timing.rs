//! Renders the one-page invoice of the `render` bench 200 times and prints the median time:
//! `cargo run --release -p crm-core --example pdf_timing` (used by
//! `scripts/chromium-compare.sh`, which parses the `median_ms=` line).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use crm_core::ports::DocumentRenderer;
use crm_core::render::PdfRenderer;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let (company, client, invoice) = common::one_page_invoice();
    let renderer = PdfRenderer::new().expect("renderer");
    let mut size = 0;
    for _ in 0..20 {
        size = renderer
            .invoice(&company, &client, &invoice)
            .expect("render")
            .len();
    }
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let pdf = renderer
                .invoice(&company, &client, &invoice)
                .expect("render");
            let elapsed = start.elapsed().as_secs_f64() * 1000.0;
            std::hint::black_box(pdf);
            elapsed
        })
        .collect();
    let median = common::median(&mut ms);
    let p10 = ms[ms.len() / 10];
    let p90 = ms[ms.len() * 9 / 10];
    if let Some(path) = std::env::args().nth(2) {
        std::fs::write(
            path,
            renderer
                .invoice(&company, &client, &invoice)
                .expect("render"),
        )
        .expect("write PDF");
    }
    println!("one-page invoice, {runs} renders, {size} bytes");
    println!("p10_ms={p10:.3} median_ms={median:.3} p90_ms={p90:.3}");
}
