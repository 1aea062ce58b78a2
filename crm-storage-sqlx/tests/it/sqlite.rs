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
