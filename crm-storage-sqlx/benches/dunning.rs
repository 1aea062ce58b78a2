//! `cargo bench -p crm-storage-sqlx --bench dunning --all-features`
//!
//! The dunning run against the issue's targets, on SQLite and PostgreSQL in one run:
//! 1. **Selection.** One company with 1,000,000 invoices over 50,000 clients (20 each), seeded
//!    in bulk by [`SqliteStore::seed`] / [`PgStore::seed`] and then reshaped by two `UPDATE`s:
//!    100,000 invoices are open (`sent`, balance > 0) and overdue (their seeded due dates in
//!    2023), 30,000 of them already carrying a dunning mark (a reminder on 2026-11-10, so the
//!    1st Mahnung is due); every other open invoice (`sent` or `partial`) is due after
//!    [`TODAY`]; the rest is paid, draft or cancelled. Timed over [`RUNS`] runs each (median,
//!    max): `DocumentStore::dunning_candidates` (the storage selection), `Crm::dunning_due`
//!    (the dry run: company read + selection + the level decision), and, to see where the
//!    time goes, the same query fetching rows without decoding, and a `COUNT(*)`. The query
//!    plans are printed. Target: ≤ 200 ms.
//! 2. **Issuing.** A fresh SQLite database with 10,000 clients (one primary contact, German
//!    address and VAT id) each with one issued invoice, made through the `Crm` API (the
//!    `Fixture` of the conformance suite, so bill-to and seller snapshots are real); one
//!    `Crm::run_dunning` 31 days after the due dates issues 10,000 reminders — rows, invoice
//!    marks, the frozen PDF of each and its email in the outbox, one transaction per client.
//!    Target: ≤ 20 s.
//!
//! The 1,000,000-invoice data set is kept (`/var/tmp/crm-bench/dunning-<schema>.db`,
//! PostgreSQL schema `crm_bench_dunning_<schema>`, named after a hash of the migrations) and
//! reused by later runs; `CRM_BENCH_RESEED=1` seeds afresh. The issuing database is seeded once
//! into a template file and copied for each run. PostgreSQL: `CRM_BENCH_POSTGRES_URL`, else
//! `CRM_TEST_POSTGRES_URL`, else `postgres://postgres@127.0.0.1:5432/test`.
//! `CRM_BENCH_DUNNING_CLEANUP=1` removes all of it at the end.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use crm_core::domain::{Actor, CompanyId, DunningLevel, DunningMark, ReminderId};
use crm_core::ports::Store;
use crm_core::testing::Fixture;
use crm_core::{Crm, CrmConfig, Ctx};
use crm_storage_sqlx::seed::SeedSpec;
use crm_storage_sqlx::{OpenOptions, PgStore, SqliteStore};
use tokio::runtime::Runtime;

/// The day the selection is measured on.
const TODAY: (i32, u32, u32) = (2026, 12, 1);
/// Invoices open and overdue in the large data set.
const OVERDUE: i64 = 100_000;
/// Of those, invoices already dunned once.
const MARKED: i64 = 30_000;
/// Timed runs per measurement of the selection.
const RUNS: usize = 15;
/// Clients (one overdue invoice each) of the issuing run.
const ISSUE_CLIENTS: usize = 10_000;
const BENCH_DIR: &str = "/var/tmp/crm-bench";

/// The selection as `crm-storage-sqlx/src/store/reminders.rs` runs it (for the plans and the
/// raw timings; the store's own call is timed as well).
const SELECTION: &str = "SELECT id, client_id, due_date, dunning FROM invoices \
     WHERE company_id = $1 AND status IN ('sent', 'partial') AND balance > 0 \
     AND due_date < $2 ORDER BY due_date, id";
const SELECTION_NO_JSON: &str = "SELECT id, client_id, due_date FROM invoices \
     WHERE company_id = $1 AND status IN ('sent', 'partial') AND balance > 0 \
     AND due_date < $2 ORDER BY due_date, id";
const SELECTION_COUNT: &str = "SELECT COUNT(*) FROM invoices \
     WHERE company_id = $1 AND status IN ('sent', 'partial') AND balance > 0 \
     AND due_date < $2";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).expect("date")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// A short hash of the migrations: data seeded under another schema is never reused.
fn schema_tag() -> String {
    let text = concat!(
        include_str!("../migrations/sqlite/0001_init.sql"),
        include_str!("../migrations/postgres/0001_init.sql"),
        include_str!("../migrations/sqlite/0015_reminders.sql"),
        include_str!("../migrations/postgres/0015_reminders.sql"),
        "dunning-bench-1"
    );
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h as u32)
}

/// Median and max of `runs` timings of `f`.
fn timed(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut rows = f(); // warm-up (page cache, prepared statement)
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            rows = f();
            t.elapsed()
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[times.len() - 1], rows)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn report(backend: &str, what: &str, (median, max, rows): (Duration, Duration, usize)) {
    println!(
        "dunning/{backend}/{what}: median {} max {} ({rows} rows, {RUNS} runs)",
        ms(median),
        ms(max)
    );
}

fn meta_table_sql() -> &'static str {
    "CREATE TABLE IF NOT EXISTS bench_dunning_meta (company TEXT NOT NULL)"
}

/// Seeds (once) the 1,000,000-invoice company on `$store` and returns its id; `$jsonb` is the
/// cast the dunning column's bound text needs.
macro_rules! seeded {
    ($store:expr, $jsonb:expr) => {{
        let store = $store;
        let pool = store.pool();
        sqlx::query(meta_table_sql())
            .execute(pool)
            .await
            .expect("meta table");
        let row: Option<(String,)> = sqlx::query_as("SELECT company FROM bench_dunning_meta")
            .fetch_optional(pool)
            .await
            .expect("meta");
        match row {
            Some((company,)) => company.parse::<CompanyId>().expect("company id"),
            None => {
                let spec = SeedSpec {
                    sized_clients: vec![],
                    other_clients: 50_000,
                    other_invoices: 1_000_000,
                    batch: 1_000,
                };
                let report = store.seed(&spec).await.expect("seed");
                println!(
                    "seeded {} rows in {:.1} s: {:.0} rows/s",
                    report.rows,
                    report.elapsed.as_secs_f64(),
                    report.rows_per_second()
                );
                let t = Instant::now();
                // Every open invoice but the first 100,000 `sent` ones falls due after today.
                let later = sqlx::query(
                    "UPDATE invoices SET due_date = $1 WHERE status IN ('sent', 'partial') \
                     AND id NOT IN (SELECT id FROM invoices WHERE status = 'sent' ORDER BY id LIMIT $2)",
                )
                .bind(date(2026, 12, 20))
                .bind(OVERDUE)
                .execute(pool)
                .await
                .expect("not yet due");
                let mark = serde_json::to_string(&DunningMark {
                    level: DunningLevel::Reminder,
                    on: date(2026, 11, 10),
                    reminder: Some(ReminderId::new()),
                    waived: false,
                    costs: Default::default(),
                })
                .expect("mark");
                let marked = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE invoices SET dunning = $1{} WHERE id IN (SELECT id FROM invoices \
                     WHERE status = 'sent' AND due_date < $2 ORDER BY id LIMIT $3)",
                    $jsonb
                )))
                .bind(mark)
                .bind(today())
                .bind(MARKED)
                .execute(pool)
                .await
                .expect("marks");
                sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
                println!(
                    "reshaped in {:.1} s: {} open invoices due 2026-12-20, {} marked",
                    t.elapsed().as_secs_f64(),
                    later.rows_affected(),
                    marked.rows_affected()
                );
                sqlx::query("INSERT INTO bench_dunning_meta (company) VALUES ($1)")
                    .bind(report.company.to_string())
                    .execute(pool)
                    .await
                    .expect("meta insert");
                report.company
            }
        }
    }};
}

/// Times the selection on one backend; `raw` runs a statement of the selection's shape and
/// returns its row count.
fn bench_selection(
    rt: &Runtime,
    backend: &str,
    store: Arc<dyn Store>,
    company: CompanyId,
    raw: impl Fn(&'static str) -> usize,
) {
    let crm = Crm::new(store.clone(), CrmConfig::default());
    let ctx = Ctx::new(company, Actor::System);
    let day = today();
    report(
        backend,
        "count(*) of the selection",
        timed(RUNS, || raw(SELECTION_COUNT)),
    );
    report(
        backend,
        "selection rows fetched, not decoded (no dunning column)",
        timed(RUNS, || raw(SELECTION_NO_JSON)),
    );
    report(
        backend,
        "selection rows fetched, not decoded",
        timed(RUNS, || raw(SELECTION)),
    );
    report(
        backend,
        "dunning_candidates",
        timed(RUNS, || {
            rt.block_on(store.dunning_candidates(company, day))
                .expect("candidates")
                .len()
        }),
    );
    let due = timed(RUNS, || {
        rt.block_on(crm.dunning_due(&ctx, day))
            .expect("dry run")
            .len()
    });
    report(backend, "Crm::dunning_due (dry run)", due);
    let levels = rt.block_on(crm.dunning_due(&ctx, day)).expect("dry run");
    let first = levels
        .iter()
        .filter(|l| l.level == DunningLevel::First)
        .count();
    println!(
        "dunning/{backend}: {} levels due ({} reminder, {first} 1st Mahnung)",
        levels.len(),
        levels.len() - first
    );
}

fn selection_sqlite(rt: &Runtime, reseed: bool, tag: &str) {
    let path = format!("{BENCH_DIR}/dunning-{tag}.db");
    if reseed {
        for x in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{x}"));
        }
    }
    let sqlite = rt
        .block_on(SqliteStore::open(
            &format!("sqlite://{path}"),
            &OpenOptions::default(),
        ))
        .expect("sqlite");
    let company = rt.block_on(async { seeded!(&sqlite, "") });
    let pool = sqlite.pool().clone();
    let plan: Vec<(i64, i64, i64, String)> = rt
        .block_on(
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "EXPLAIN QUERY PLAN {SELECTION}"
            )))
            .bind(company.as_uuid())
            .bind(today())
            .fetch_all(&pool),
        )
        .expect("plan");
    println!("dunning/sqlite: EXPLAIN QUERY PLAN of the selection:");
    for (_, _, _, detail) in plan {
        println!("    {detail}");
    }
    bench_selection(rt, "sqlite", Arc::new(sqlite.clone()), company, |sql| {
        rt.block_on(
            sqlx::query(sql)
                .bind(company.as_uuid())
                .bind(today())
                .fetch_all(&pool),
        )
        .expect("raw")
        .len()
    });
    rt.block_on(sqlite.close());
}

fn pg_url() -> String {
    std::env::var("CRM_BENCH_POSTGRES_URL")
        .or_else(|_| std::env::var("CRM_TEST_POSTGRES_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn drop_pg_schema(rt: &Runtime, url: &str, schema: &str) {
    if let Ok(admin) = rt.block_on(PgStore::open(
        url,
        &OpenOptions {
            migrate: false,
            ..OpenOptions::default()
        },
    )) {
        let _ = rt.block_on(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE"
            )))
            .execute(admin.pool()),
        );
        rt.block_on(admin.close());
    }
}

fn selection_postgres(rt: &Runtime, reseed: bool, tag: &str) {
    let url = pg_url();
    let schema = format!("crm_bench_dunning_{tag}");
    if reseed {
        drop_pg_schema(rt, &url, &schema);
    }
    let options = OpenOptions {
        schema: Some(schema),
        max_connections: Some(4),
        ..OpenOptions::default()
    };
    let pg = match rt.block_on(PgStore::open(&url, &options)) {
        Ok(pg) => pg,
        Err(e) => {
            eprintln!("*** PostgreSQL not reachable at {url} ({e}); its benches are skipped");
            return;
        }
    };
    let company = rt.block_on(async { seeded!(&pg, "::jsonb") });
    let pool = pg.pool().clone();
    // A table of a million invoices is mostly old rows autovacuum has marked all-visible; the
    // freshly seeded one is not yet (index-only scans would visit every heap page).
    rt.block_on(sqlx::query("VACUUM (ANALYZE) invoices").execute(&pool))
        .expect("vacuum");
    let visible: (i32, i32) = rt
        .block_on(
            sqlx::query_as(
                "SELECT relpages, relallvisible FROM pg_class \
                 WHERE oid = 'invoices'::regclass",
            )
            .fetch_one(&pool),
        )
        .expect("visibility");
    println!(
        "dunning/postgres: after VACUUM (ANALYZE): {} of {} heap pages all-visible",
        visible.1, visible.0
    );
    // Literal values, so the plan is the one for this company and day (not a generic plan).
    let literal = SELECTION
        .replace("$1", &format!("'{}'::uuid", company.as_uuid()))
        .replace("$2", &format!("'{}'::date", today()));
    let plan: Vec<(String,)> = rt
        .block_on(
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "EXPLAIN (ANALYZE, BUFFERS) {literal}"
            )))
            .fetch_all(&pool),
        )
        .expect("plan");
    println!("dunning/postgres: EXPLAIN (ANALYZE, BUFFERS) of the selection:");
    for (line,) in plan {
        println!("    {line}");
    }
    bench_selection(rt, "postgres", Arc::new(pg.clone()), company, |sql| {
        rt.block_on(
            sqlx::query(sql)
                .bind(company.as_uuid())
                .bind(today())
                .fetch_all(&pool),
        )
        .expect("raw")
        .len()
    });
    rt.block_on(pg.close());
}

/// Seeds the issuing template: a company and `ISSUE_CLIENTS` clients with one issued invoice
/// each (2026-11-27, due 14 days later), through the use cases.
fn seed_issue_template(rt: &Runtime, path: &str) {
    for x in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{x}"));
    }
    let t = Instant::now();
    rt.block_on(async {
        let store = SqliteStore::open(&format!("sqlite://{path}"), &OpenOptions::default())
            .await
            .expect("sqlite");
        let fx = Fixture::new(Arc::new(store.clone()));
        let (_, ctx) = fx.company("Muster Mahnwesen GmbH").await;
        for i in 0..ISSUE_CLIENTS {
            let client = fx.client(&ctx, &format!("Kunde {i:05}")).await;
            fx.issued_invoice(&ctx, &client, "250").await;
        }
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(store.pool())
            .await
            .expect("checkpoint");
        store.close().await;
    });
    println!(
        "dunning/sqlite/issue: seeded {ISSUE_CLIENTS} clients with one issued invoice each \
         through the use cases in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

fn issue_sqlite(rt: &Runtime, reseed: bool, tag: &str) {
    let template = format!("{BENCH_DIR}/dunning-issue-{tag}.db");
    if reseed || !std::path::Path::new(&template).exists() {
        seed_issue_template(rt, &template);
    }
    let run = format!("{BENCH_DIR}/dunning-issue-run.db");
    for x in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{run}{x}"));
    }
    std::fs::copy(&template, &run).expect("copy template");
    rt.block_on(async {
        let store = SqliteStore::open(&format!("sqlite://{run}"), &OpenOptions::default())
            .await
            .expect("sqlite");
        let size_before = std::fs::metadata(&run).map(|m| m.len()).unwrap_or(0);
        let fx = Fixture::new(Arc::new(store.clone()));
        // Issued 2026-11-27, due 2026-12-11: the reminder is due from 2026-12-18.
        let now = Utc
            .with_ymd_and_hms(2027, 1, 11, 6, 0, 0)
            .single()
            .expect("now");
        fx.clock.set(now);
        let t = Instant::now();
        let report = fx.crm.run_dunning(now).await.expect("run");
        let elapsed = t.elapsed();
        let n = report.issued.len();
        let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(store.pool())
            .await
            .expect("outbox");
        let files: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM issued_documents WHERE kind = 'reminder'")
                .fetch_one(store.pool())
                .await
                .expect("files");
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(store.pool())
            .await
            .expect("checkpoint");
        let size_after = std::fs::metadata(&run).map(|m| m.len()).unwrap_or(0);
        println!(
            "dunning/sqlite/issue: run_dunning issued {n} reminders ({} skipped) in {:.2} s: \
             {:.0} reminders/s, {:.2} ms each; {outbox} emails queued, {files} reminder PDFs \
             frozen; database grew by {:.1} MB",
            report.skipped,
            elapsed.as_secs_f64(),
            n as f64 / elapsed.as_secs_f64(),
            elapsed.as_secs_f64() * 1e3 / n.max(1) as f64,
            (size_after.saturating_sub(size_before)) as f64 / 1e6
        );
        assert_eq!(n, ISSUE_CLIENTS, "every client gets its reminder");
        store.close().await;
    });
    for x in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{run}{x}"));
    }
}

fn main() {
    let rt = Runtime::new().expect("runtime");
    let reseed = std::env::var("CRM_BENCH_RESEED").is_ok_and(|v| v == "1");
    let only = std::env::var("CRM_BENCH_DUNNING_ONLY").unwrap_or_default();
    let tag = schema_tag();
    std::fs::create_dir_all(BENCH_DIR).expect("bench dir");
    if only.is_empty() || only == "sqlite" {
        selection_sqlite(&rt, reseed, &tag);
    }
    if only.is_empty() || only == "postgres" {
        selection_postgres(&rt, reseed, &tag);
    }
    if only.is_empty() || only == "issue" {
        issue_sqlite(&rt, reseed, &tag);
    }
    if std::env::var("CRM_BENCH_DUNNING_CLEANUP").is_ok_and(|v| v == "1") {
        for f in [
            format!("dunning-{tag}.db"),
            format!("dunning-issue-{tag}.db"),
        ] {
            for x in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{BENCH_DIR}/{f}{x}"));
            }
        }
        drop_pg_schema(&rt, &pg_url(), &format!("crm_bench_dunning_{tag}"));
        println!("dunning: removed the seeded databases and the PostgreSQL schema");
    }
}
