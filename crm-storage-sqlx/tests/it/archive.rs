//! Frozen issued documents in SQL: the database itself refuses to change or delete them.

use std::sync::Arc;

use crm_core::ports::Store;
use crm_core::testing::Fixture;
use crm_core::testing::conformance::invoice_input;

/// Issues one invoice through the service; returns its company id and the file's hash.
async fn issue_one(store: Arc<dyn Store>) -> (uuid::Uuid, Vec<u8>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let file = f
        .crm
        .invoice_file(&ctx, inv.id)
        .await
        .expect("store")
        .expect("frozen");
    (ctx.company.as_uuid(), file.sha256.0.to_vec())
}

/// Every statement that would change a frozen document, each of which must fail.
fn tampering() -> [&'static str; 5] {
    [
        "UPDATE document_files SET bytes = $1 WHERE sha256 = $2",
        "DELETE FROM document_files WHERE sha256 = $2 AND $1 IS NOT NULL",
        "UPDATE issued_documents SET sha256 = $1 WHERE sha256 = $2",
        "UPDATE issued_documents SET created_at = created_at WHERE sha256 = $2 AND $1 IS NOT NULL",
        "DELETE FROM issued_documents WHERE sha256 = $2 AND $1 IS NOT NULL",
    ]
}

#[tokio::test]
async fn sqlite_refuses_to_update_or_delete_frozen_documents() {
    let (store, _dir) = crate::support::sqlite().await;
    let (_, sha) = issue_one(store.clone()).await;
    for sql in tampering() {
        let r = sqlx::query(sql)
            .bind(vec![0u8; 32])
            .bind(&sha)
            .execute(store.pool())
            .await;
        let err = r.expect_err(sql).to_string();
        assert!(
            err.contains("append-only") || err.contains("retained"),
            "{sql}: {err}"
        );
    }
    let (files, links): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM document_files), (SELECT COUNT(*) FROM issued_documents)",
    )
    .fetch_one(store.pool())
    .await
    .expect("count");
    // The PDF and the e-invoice XML frozen with it, each linked.
    assert_eq!((files, links), (2, 2));
}

#[tokio::test]
async fn postgres_refuses_to_update_delete_or_truncate_frozen_documents() {
    let Some(store) = crate::support::postgres().await else {
        return;
    };
    let (_, sha) = issue_one(store.clone()).await;
    for sql in tampering() {
        let r = sqlx::query(sql)
            .bind(vec![0u8; 32])
            .bind(&sha)
            .execute(store.pool())
            .await;
        let err = r.expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    for sql in ["TRUNCATE issued_documents", "TRUNCATE document_files"] {
        let err = sqlx::query(sql)
            .execute(store.pool())
            .await
            .expect_err(sql)
            .to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    let (files, links): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM document_files), (SELECT COUNT(*) FROM issued_documents)",
    )
    .fetch_one(store.pool())
    .await
    .expect("count");
    // The PDF and the e-invoice XML frozen with it, each linked.
    assert_eq!((files, links), (2, 2));
}

/// The storage a frozen invoice costs: prints the database size per 100,000 archived
/// one-page invoices (BENCHMARKS.md). `CRM_ARCHIVE_SIZE_N` invoices (default 2,000) are
/// issued through the service on SQLite, then the file's growth is scaled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: cargo test -p crm-storage-sqlx --release -- --ignored archive_size --nocapture"]
async fn archive_size() {
    let n: usize = std::env::var("CRM_ARCHIVE_SIZE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let (store, dir) = crate::support::sqlite().await;
    let f = Fixture::new(store.clone());
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let size = |store: &crm_storage_sqlx::SqliteStore| {
        let pool = store.pool().clone();
        async move {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&pool)
                .await
                .expect("checkpoint");
            let (pages, page_size): (i64, i64) = sqlx::query_as(
                "SELECT page_count, page_size FROM pragma_page_count, pragma_page_size",
            )
            .fetch_one(&pool)
            .await
            .expect("pages");
            pages * page_size
        }
    };
    let mut drafts = Vec::with_capacity(n);
    for i in 0..n {
        let input = invoice_input(client.id, &format!("{}.50", 100 + i));
        drafts.push(f.crm.create_invoice(&ctx, &input).await.expect("draft").id);
    }
    let before = size(&store).await;
    let start = std::time::Instant::now();
    for id in &drafts {
        f.crm.issue_invoice(&ctx, *id).await.expect("issue");
    }
    let issue = start.elapsed() / n as u32;
    let after = size(&store).await;
    let start = std::time::Instant::now();
    for id in &drafts {
        std::hint::black_box(f.crm.invoice_pdf(&ctx, *id).await.expect("pdf"));
    }
    println!(
        "SQLite: issue + render + freeze {issue:?} per invoice, serving a frozen PDF {:?} (means of {n})",
        start.elapsed() / n as u32
    );
    let (files, bytes, links): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM document_files), (SELECT SUM(size) FROM document_files), \
         (SELECT COUNT(*) FROM issued_documents)",
    )
    .fetch_one(store.pool())
    .await
    .expect("sums");
    assert_eq!((files, links), (n as i64, n as i64));
    let per = (after - before) as f64 / n as f64;
    println!(
        "SQLite: {n} invoices frozen: {:.1} KB of PDF each on average, database +{:.1} KB per \
         invoice (issue incl.) → {:.2} GB per 100,000 invoices (PDF bytes alone {:.2} GB); file {}",
        bytes as f64 / n as f64 / 1024.0,
        per / 1024.0,
        per * 100_000.0 / 1e9,
        bytes as f64 / n as f64 * 100_000.0 / 1e9,
        dir.path.display()
    );
}

/// [`archive_size`] on PostgreSQL: the size of the two archive tables (with their indexes and
/// TOAST) per 100,000 invoices.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: cargo test -p crm-storage-sqlx --release -- --ignored archive_size --nocapture"]
async fn archive_size_postgres() {
    let n: usize = std::env::var("CRM_ARCHIVE_SIZE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let Some(store) = crate::support::postgres().await else {
        return;
    };
    let f = Fixture::new(store.clone());
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    for i in 0..n {
        let input = invoice_input(client.id, &format!("{}.50", 100 + i));
        let draft = f.crm.create_invoice(&ctx, &input).await.expect("draft");
        f.crm.issue_invoice(&ctx, draft.id).await.expect("issue");
    }
    sqlx::query("VACUUM ANALYZE document_files")
        .execute(store.pool())
        .await
        .expect("vacuum");
    let (tables, bytes): (i64, i64) = sqlx::query_as(
        "SELECT pg_total_relation_size('document_files') + pg_total_relation_size('issued_documents'), \
         (SELECT SUM(size)::BIGINT FROM document_files)",
    )
    .fetch_one(store.pool())
    .await
    .expect("sizes");
    println!(
        "PostgreSQL: {n} invoices frozen: archive tables {:.1} KB per invoice → {:.2} GB per \
         100,000 invoices (PDF bytes alone {:.2} GB)",
        tables as f64 / n as f64 / 1024.0,
        tables as f64 / n as f64 * 100_000.0 / 1e9,
        bytes as f64 / n as f64 * 100_000.0 / 1e9,
    );
}
