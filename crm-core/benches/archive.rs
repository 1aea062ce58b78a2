//! Cost of frozen issued documents in process (memory store): issuing an invoice, which
//! renders and freezes its PDF in the issuing transaction, cancelling it by a cancellation
//! invoice (rendered and frozen the same way), and serving the frozen PDF.
//! `cargo bench -p crm-core --bench archive`. The SQLite figures come from
//! `crm-storage-sqlx`'s ignored `archive_size` test (BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crm_core::domain::InvoiceId;
use crm_core::service::Ctx;
use crm_core::testing::conformance::invoice_input;
use crm_core::testing::{Fixture, MemoryStore};

/// A fresh company with one client; `drafts` drafts ready to issue.
async fn world(drafts: u64) -> (Fixture, Ctx, Vec<InvoiceId>) {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let mut ids = Vec::new();
    for i in 0..drafts {
        let input = invoice_input(client.id, &format!("{}.50", 100 + i));
        ids.push(f.crm.create_invoice(&ctx, &input).await.unwrap().id);
    }
    (f, ctx, ids)
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    // The memory store copies its state per transaction: a fresh world every BATCH issues
    // keeps that copy small, so the figure is the issue and the freeze, not the store.
    const BATCH: u64 = 50;
    c.bench_function("issue + render + freeze (memory store)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let n = left.min(BATCH);
                let (f, ctx, ids) = rt.block_on(world(n));
                for id in ids {
                    let start = Instant::now();
                    black_box(rt.block_on(f.crm.issue_invoice(&ctx, id)).unwrap());
                    total += start.elapsed();
                }
                left -= n;
            }
            total
        })
    });

    // A cancellation invoice: number, negated lines, render + freeze, the invoice and metrics.
    c.bench_function("cancel by cancellation invoice (memory store)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let n = left.min(BATCH);
                let (f, ctx, ids) = rt.block_on(world(n));
                for id in &ids {
                    rt.block_on(f.crm.issue_invoice(&ctx, *id)).unwrap();
                }
                for id in ids {
                    let start = Instant::now();
                    black_box(rt.block_on(f.crm.cancel_invoice(&ctx, id)).unwrap());
                    total += start.elapsed();
                }
                left -= n;
            }
            total
        })
    });

    let (f, ctx, ids) = rt.block_on(world(1));
    let issued = rt.block_on(f.crm.issue_invoice(&ctx, ids[0])).unwrap();
    c.bench_function("serve frozen PDF (memory store)", |b| {
        b.iter(|| black_box(rt.block_on(f.crm.invoice_pdf(&ctx, issued.id)).unwrap()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
