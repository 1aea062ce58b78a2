//! The sample invoices of the examples and the `render` bench, made through the use cases.
#![allow(clippy::expect_used, dead_code)]

use std::sync::Arc;

use crm_core::domain::{Client, Company, Invoice, LineItemInput};
use crm_core::service::InvoiceInput;
use crm_core::testing::conformance::{client_input, d};
use crm_core::testing::{Fixture, MemoryStore};

/// A company, a German client and issued invoices with the given numbers of line items.
pub fn invoices(line_counts: &[usize]) -> (Company, Client, Vec<Invoice>) {
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
        let client = f.crm.create_client(&ctx, &input).await.expect("client");
        let mut out = Vec::new();
        for &lines in line_counts {
            let items = (1..=lines)
                .map(|i| LineItemInput {
                    description: format!("Position {i}: Beratung und Umsetzung laut Angebot"),
                    quantity: d("2.5"),
                    unit_price: d("95"),
                    tax_rate: if i % 3 == 0 { d("7") } else { d("19") },
                    discount: d("0"),
                    ..Default::default()
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
                        ..Default::default()
                    },
                )
                .await
                .expect("draft");
            out.push(f.crm.issue_invoice(&ctx, draft.id).await.expect("issue"));
        }
        (company, client, out)
    })
}

/// The one-page invoice of the benchmarks: five line items.
pub fn one_page_invoice() -> (Company, Client, Invoice) {
    let (company, client, mut invoices) = invoices(&[5]);
    let invoice = invoices.pop().expect("one invoice");
    (company, client, invoice)
}

/// Median of `samples` (sorted in place).
pub fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// A value of `/proc/self/status` in KiB (`VmRSS`, `VmHWM`), if readable (Linux).
pub fn proc_status_kib(key: &str) -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Resets `VmHWM` to the current RSS (Linux ≥ 4.0), so the next reading is the peak of
/// what follows. `false` if the kernel refused.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
