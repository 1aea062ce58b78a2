//! The conformance suite on SQLite, plus SQLite specifics.

use crm_storage_sqlx::{OpenOptions, SqliteStore};

use crate::support::{self, sqlite_dyn};

crm_core::storage_conformance_tests!(sqlite_dyn);

#[tokio::test]
async fn creates_the_file_and_its_directory_and_migrates_idempotently() {
    let dir = support::tempdir::Dir::new();
    let url = format!("sqlite://{}/nested/data/crm.db", dir.path.display());
    let store = SqliteStore::open(&url, &OpenOptions::default())
        .await
        .expect("first open");
    store.close().await;
    assert!(dir.path.join("nested/data/crm.db").exists());
    let again = SqliteStore::open(&url, &OpenOptions::default())
        .await
        .expect("second open");
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(again.pool())
        .await
        .expect("pragma");
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(again.pool())
        .await
        .expect("pragma");
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn schema_rejects_what_the_domain_forbids() {
    let (store, _dir) = support::sqlite().await;
    // A negative balance, an unknown status and floating-point money cannot be stored.
    let company = uuid::Uuid::now_v7();
    let err = sqlx::query("INSERT INTO client_metrics (client_id, company_id, total_invoiced, total_paid, outstanding) VALUES ($1, $2, 0, 0, -1)")
        .bind(uuid::Uuid::now_v7())
        .bind(company)
        .execute(store.pool())
        .await;
    assert!(err.is_err());
    let err =
        sqlx::query("INSERT INTO sequences (company_id, name, last_value) VALUES ($1, 'bogus', 1)")
            .bind(company)
            .execute(store.pool())
            .await;
    assert!(err.is_err());
}

/// Two store handles (two pools, as two app processes would have) on one SQLite file share
/// one rate limit, counted exactly under concurrency.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttle_is_shared_by_two_pools_on_one_file() {
    use std::sync::Arc;

    use crm_core::service::{Crm, CrmConfig, Error};

    let dir = support::tempdir::Dir::new();
    let url = format!("sqlite://{}/crm.db", dir.path.display());
    let first = SqliteStore::open(&url, &OpenOptions::default())
        .await
        .expect("first pool");
    let second = SqliteStore::open(&url, &OpenOptions::default())
        .await
        .expect("second pool");
    let crms = [
        Crm::new(Arc::new(first), CrmConfig::default()),
        Crm::new(Arc::new(second), CrmConfig::default()),
    ];
    let mut handles = Vec::new();
    for i in 0..20 {
        let crm = crms[i % 2].clone();
        handles.push(tokio::spawn(async move {
            crm.throttle("ip:198.51.100.1", 7, chrono::Duration::hours(1))
                .await
        }));
    }
    let mut ok = 0;
    for h in handles {
        match h.await.expect("join") {
            Ok(()) => ok += 1,
            Err(Error::RateLimited { .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 7);
}
