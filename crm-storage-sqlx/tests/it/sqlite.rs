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

/// Migration 0010 rebuilds `invoices` (referenced by payments, refunds, quotes, checkout
/// attempts), `outbox`, the template tables and `issued_documents` with foreign keys off. A
/// database written by the schema before it keeps every row, every reference and the
/// foreign-key enforcement after it.
#[tokio::test]
async fn the_corrections_migration_keeps_every_row_and_the_foreign_keys() {
    use crm_core::testing::{Fixture, MemoryStore};
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    use std::str::FromStr;

    // Domain values to write, made by the use cases (on the memory store).
    let f = Fixture::new(std::sync::Arc::new(MemoryStore::new()));
    let (company, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let inv = f.issued_invoice(&ctx, &client, "100").await;

    let dir = support::tempdir::Dir::new();
    let url = format!("sqlite://{}/old.db", dir.path.display());
    let options = SqliteConnectOptions::from_str(&url)
        .expect("url")
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("pool");
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = std::borrow::Cow::Owned(
        before
            .migrations
            .iter()
            .filter(|m| m.version <= 9)
            .cloned()
            .collect(),
    );
    before.run(&pool).await.expect("migrations 1–9");
    let json = |v: &dyn erased::Json| v.json();
    let now = chrono::Utc::now();
    let (cid, kid, iid) = (company.id.as_uuid(), client.id.as_uuid(), inv.id.as_uuid());
    sqlx::query("INSERT INTO companies (id, name, email, address, tax_id, currency, locale, settings, created_at) VALUES ($1, $2, $3, $4, NULL, 'EUR', 'de-DE', $5, $6)")
        .bind(cid).bind(&company.name).bind(company.email.as_str()).bind(json(&company.address)).bind(json(&company.settings)).bind(now)
        .execute(&pool).await.expect("company");
    sqlx::query("INSERT INTO clients (id, company_id, number, name, address, currency, locale, archived, search_text, created_at, updated_at) VALUES ($1, $2, 'K-00001', 'Alpha', $3, 'EUR', 'de-DE', 0, 'alpha', $4, $4)")
        .bind(kid).bind(cid).bind(json(&client.address)).bind(now)
        .execute(&pool).await.expect("client");
    sqlx::query("INSERT INTO invoices (id, company_id, client_id, number, status, currency, minor_units, lines, totals, total, amount_paid, balance, issue_date, due_date, bill_to, created_at, updated_at, seller) VALUES ($1, $2, $3, 'RE-00001', 'partial', 'EUR', 2, $4, $5, 11900, 5000, 6900, $6, $6, $7, $8, $8, $9)")
        .bind(iid).bind(cid).bind(kid).bind(json(&inv.lines)).bind(json(&inv.totals)).bind(inv.issue_date).bind(json(&inv.bill_to)).bind(now).bind(json(&inv.seller))
        .execute(&pool).await.expect("invoice");
    sqlx::query("INSERT INTO payments (id, company_id, client_id, invoice_id, amount, refunded, currency, minor_units, date, method, created_at) VALUES ($1, $2, $3, $4, 5000, 0, 'EUR', 2, $5, 'cash', $6)")
        .bind(uuid::Uuid::now_v7()).bind(cid).bind(kid).bind(iid).bind(inv.issue_date).bind(now)
        .execute(&pool).await.expect("payment");
    sqlx::query("INSERT INTO company_templates (company_id, kind, subject, body) VALUES ($1, 'invoice', 'Rechnung', 'Hallo {{portal_url}}')")
        .bind(cid).execute(&pool).await.expect("template");
    sqlx::query("INSERT INTO outbox (id, company_id, client_id, kind, to_email, to_name, subject, html_body, text_body, status, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, 'invoice', 'a@b.example', 'A', 'S', '<p>h</p>', 't', 'sent', 1, $4, $4)")
        .bind(uuid::Uuid::now_v7()).bind(cid).bind(kid).bind(now)
        .execute(&pool).await.expect("outbox");
    pool.close().await;

    let store = SqliteStore::open(&url, &OpenOptions::default())
        .await
        .expect("migrated");
    let p = store.pool();
    let count = |table: &'static str| {
        let p = p.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {table}"
            )))
            .fetch_one(&p)
            .await
            .expect("count")
        }
    };
    for table in ["invoices", "payments", "company_templates", "outbox"] {
        assert_eq!(count(table).await, 1, "{table}");
    }
    use crm_core::ports::{DocumentStore, PaymentStore};
    let read = store
        .invoice(company.id, inv.id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        (read.number.as_deref(), read.balance, read.credited),
        (
            Some("RE-00001"),
            "69.00".parse().unwrap(),
            rust_decimal::Decimal::ZERO
        )
    );
    assert_eq!(
        store
            .payments_of_invoice(company.id, inv.id)
            .await
            .expect("payments")
            .len(),
        1
    );
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(p)
        .await
        .expect("check");
    assert!(broken.is_empty(), "{broken:?}");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(p)
        .await
        .expect("pragma");
    assert_eq!(fk, 1);
    let orphan = sqlx::query("INSERT INTO payments (id, company_id, client_id, invoice_id, amount, refunded, currency, minor_units, date, method, created_at) VALUES ($1, $2, $3, $4, 1, 0, 'EUR', 2, '2026-01-01', 'cash', '2026-01-01T00:00:00Z')")
        .bind(uuid::Uuid::now_v7()).bind(cid).bind(kid).bind(uuid::Uuid::now_v7())
        .execute(p)
        .await;
    assert!(orphan.is_err(), "a payment of no invoice is still refused");
}

/// Serialising the domain values the old schema stores as JSON text.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).expect("json")
        }
    }
}
