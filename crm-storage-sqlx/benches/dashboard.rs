//! `cargo bench -p crm-storage-sqlx --bench dashboard --all-features`
//!
//! The client dashboard on a seeded data set (1,000,000 invoices over 10,000 clients; clients
//! with 100,000, 10,000 and 1,000 invoices), on SQLite and PostgreSQL in one run:
//! - the maintained metrics (one row) per client size, beside a raw `SUM` over the invoices;
//! - the first page (50) of the heavy client's document history;
//! - the cost of issuing an invoice and recording a payment, and of the metrics update alone.
//!
//! The seeded databases are kept (`/var/tmp/crm-bench/bench-<schema>.db`, PostgreSQL schema
//! `crm_bench_<schema>`, named after a hash of the migrations so a schema change seeds afresh)
//! and reused by later runs. `CRM_BENCH_POSTGRES_URL` overrides the server.

use std::sync::Arc;
use std::time::Duration;

use criterion::Criterion;
use crm_core::domain::{Actor, ClientId, ClientMetrics, CompanyId, HistoryFilter, PaymentMethod};
use crm_core::ports::Store;
use crm_core::service::{InvoiceInput, PaymentInput};
use crm_core::testing::conformance::{d, invoice_input};
use crm_core::{Crm, CrmConfig, Ctx};
use crm_storage_sqlx::seed::SeedSpec;
use crm_storage_sqlx::{OpenOptions, PgStore, SqliteStore};
use tokio::runtime::Runtime;

const SIZES: [u64; 3] = [100_000, 10_000, 1_000];

struct Seeded {
    company: CompanyId,
    clients: Vec<ClientId>,
}

/// A short hash of the migrations: data seeded under another schema is never reused.
fn schema_tag() -> String {
    let text = concat!(
        include_str!("../migrations/sqlite/0001_init.sql"),
        include_str!("../migrations/postgres/0001_init.sql")
    );
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h as u32)
}

fn meta_table_sql() -> &'static str {
    "CREATE TABLE IF NOT EXISTS bench_meta (company TEXT NOT NULL, clients TEXT NOT NULL)"
}

macro_rules! seeded {
    ($store:expr, $db:ty) => {{
        let store = $store;
        sqlx::query(meta_table_sql())
            .execute(store.pool())
            .await
            .expect("meta table");
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT company, clients FROM bench_meta")
                .fetch_optional(store.pool())
                .await
                .expect("meta");
        match row {
            Some((company, clients)) => Seeded {
                company: company.parse().expect("company id"),
                clients: clients
                    .split(',')
                    .map(|c| c.parse().expect("client id"))
                    .collect(),
            },
            None => {
                let report = store.seed(&SeedSpec::benchmark()).await.expect("seed");
                println!(
                    "seeded {} rows in {:.1} s: {:.0} rows/s",
                    report.rows,
                    report.elapsed.as_secs_f64(),
                    report.rows_per_second()
                );
                let ids: Vec<String> = report
                    .sized_clients
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                sqlx::query("INSERT INTO bench_meta (company, clients) VALUES ($1, $2)")
                    .bind(report.company.to_string())
                    .bind(ids.join(","))
                    .execute(store.pool())
                    .await
                    .expect("meta insert");
                Seeded {
                    company: report.company,
                    clients: report.sized_clients,
                }
            }
        }
    }};
}

fn bench_backend(
    c: &mut Criterion,
    rt: &Runtime,
    name: &str,
    store: Arc<dyn Store>,
    seeded: &Seeded,
    raw_sum: impl Fn(ClientId) -> Option<i64>,
) {
    let crm = Crm::new(store.clone(), CrmConfig::default());
    let ctx = Ctx::new(seeded.company, Actor::System);
    let mut g = c.benchmark_group(format!("dashboard/{name}"));
    g.sample_size(200)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));
    for (client, size) in seeded.clients.iter().zip(SIZES) {
        g.bench_function(format!("metrics/{size}"), |b| {
            b.iter(|| {
                rt.block_on(store.client_metrics(seeded.company, *client))
                    .expect("metrics")
            })
        });
    }
    for (client, size) in seeded.clients.iter().zip(SIZES) {
        g.bench_function(format!("raw_sum/{size}"), |b| b.iter(|| raw_sum(*client)));
    }
    let heavy = seeded.clients[0];
    g.bench_function("history_first_page/100000", |b| {
        b.iter(|| {
            rt.block_on(crm.document_history(&ctx, heavy, &HistoryFilter::default(), None, 50))
                .expect("history")
        })
    });
    // Writes: on the smallest sized client, so the data set barely grows.
    let small = seeded.clients[2];
    let input: InvoiceInput = invoice_input(small, "100");
    g.sample_size(50);
    g.bench_function("write/create_and_issue_invoice", |b| {
        b.iter(|| {
            rt.block_on(async {
                let inv = crm.create_invoice(&ctx, &input).await.expect("create");
                crm.issue_invoice(&ctx, inv.id).await.expect("issue")
            })
        })
    });
    let open = rt.block_on(async {
        let inv = crm
            .create_invoice(&ctx, &invoice_input(small, "1000000"))
            .await
            .expect("create");
        crm.issue_invoice(&ctx, inv.id).await.expect("issue")
    });
    let pay = PaymentInput {
        amount: d("0.01"),
        currency: None,
        date: None,
        method: PaymentMethod::Cash,
        reference: None,
        send_receipt: false,
    };
    g.bench_function("write/record_payment", |b| {
        b.iter(|| {
            rt.block_on(crm.record_payment(&ctx, open.id, &pay))
                .expect("pay")
        })
    });
    let zero = ClientMetrics::default();
    let delta = ClientMetrics {
        total_invoiced: d("0.00"),
        total_paid: d("0.01"),
        outstanding: d("0.00"),
        costs_outstanding: d("0.00"),
    };
    g.bench_function("write/empty_transaction", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut tx = store.begin().await.expect("begin");
                tx.add_client_metrics(seeded.company, small, &zero)
                    .await
                    .expect("no-op");
                tx.commit().await.expect("commit")
            })
        })
    });
    g.bench_function("write/transaction_with_metrics_update", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut tx = store.begin().await.expect("begin");
                tx.add_client_metrics(seeded.company, small, &delta)
                    .await
                    .expect("update");
                tx.commit().await.expect("commit")
            })
        })
    });
    g.finish();
    // Undo the metric drift of the last bench so the data set stays consistent.
    rt.block_on(async {
        let recomputed = crm.recompute_metrics(&ctx, small).await.expect("recompute");
        let kept = store
            .client_metrics(seeded.company, small)
            .await
            .expect("metrics")
            .expect("client");
        let mut tx = store.begin().await.expect("begin");
        tx.add_client_metrics(seeded.company, small, &(recomputed - kept))
            .await
            .expect("repair");
        tx.commit().await.expect("commit");
    });
}

fn main() {
    let rt = Runtime::new().expect("runtime");
    let mut c = Criterion::default().configure_from_args();

    // SQLite
    let reseed = std::env::var("CRM_BENCH_RESEED").is_ok_and(|v| v == "1");
    let tag = schema_tag();
    std::fs::create_dir_all("/var/tmp/crm-bench").expect("bench dir");
    if reseed {
        for f in ["", "-wal", "-shm"].map(|x| format!("bench-{tag}.db{x}")) {
            let _ = std::fs::remove_file(format!("/var/tmp/crm-bench/{f}"));
        }
    }
    let sqlite = rt
        .block_on(SqliteStore::open(
            &format!("sqlite:///var/tmp/crm-bench/bench-{tag}.db"),
            &OpenOptions::default(),
        ))
        .expect("sqlite");
    let seeded = rt.block_on(async { seeded!(&sqlite, sqlx::Sqlite) });
    let pool = sqlite.pool().clone();
    let company = seeded.company;
    bench_backend(
        &mut c,
        &rt,
        "sqlite",
        Arc::new(sqlite.clone()),
        &seeded,
        |client| {
            rt.block_on(
            sqlx::query_scalar::<_, Option<i64>>(
                "SELECT SUM(total) + SUM(balance) FROM invoices WHERE company_id = $1 AND client_id = $2 AND status IN ('sent', 'partial', 'paid')",
            )
            .bind(company.as_uuid())
            .bind(client.as_uuid())
            .fetch_one(&pool),
        )
        .expect("sum")
        },
    );

    // PostgreSQL
    let url = std::env::var("CRM_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let options = OpenOptions {
        schema: Some(format!("crm_bench_{tag}")),
        max_connections: Some(4),
        ..OpenOptions::default()
    };
    if reseed
        && let Ok(admin) = rt.block_on(PgStore::open(
            &url,
            &OpenOptions {
                migrate: false,
                ..OpenOptions::default()
            },
        ))
    {
        let _ = rt.block_on(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS crm_bench_{tag} CASCADE"
            )))
            .execute(admin.pool()),
        );
    }
    match rt.block_on(PgStore::open(&url, &options)) {
        Ok(pg) => {
            let seeded = rt.block_on(async { seeded!(&pg, sqlx::Postgres) });
            let pool = pg.pool().clone();
            let company = seeded.company;
            bench_backend(
                &mut c,
                &rt,
                "postgres",
                Arc::new(pg.clone()),
                &seeded,
                |client| {
                    rt.block_on(
                    sqlx::query_scalar::<_, Option<i64>>(
                        "SELECT (SUM(total) + SUM(balance))::bigint FROM invoices WHERE company_id = $1 AND client_id = $2 AND status IN ('sent', 'partial', 'paid')",
                    )
                    .bind(company.as_uuid())
                    .bind(client.as_uuid())
                    .fetch_one(&pool),
                )
                .expect("sum")
                },
            );
        }
        Err(e) => eprintln!("*** PostgreSQL not reachable at {url} ({e}); its benches are skipped"),
    }
    c.final_summary();
}
