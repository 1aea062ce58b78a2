//! `cargo run --release -p crm-web-axum --example portal_load` — seeds one client with 1,000
//! invoices over two years (850 paid; the 150 open ones in every aging bucket) into a fresh
//! SQLite file, opens a portal session and serves the portal
//! at `/portal` plus a hello-world route at `/hello` for `scripts/portal-load.sh`.
//!
//! Also serves `/probe/{part}`, the statement's reads one by one without HTML (`session`,
//! `company`, `client`, `summary`, `overview`, `aggregate`, `paid`, `data` = session plus
//! the whole `portal_statement`), so the load script can show where a request's time goes.
//!
//! Prints one line `READY <port> <session-cookie> <csrf> <ids-of-100-invoices>` when ready.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::get;
use crm_core::domain::{Actor, ClientId, CompanyId, Currency, HistoryFilter, PaymentMethod};
use crm_core::ports::{ClientStore, Clock, CompanyStore, DocumentStore, ManualClock, Store};
use crm_core::service::{CompanyInput, Ctx, PaymentInput};
use crm_core::testing::conformance::{address, client_input, invoice_input};
use crm_core::{Crm, CrmConfig};
use crm_storage_sqlx::{OpenOptions, SqliteStore};
use crm_web_axum::security::csrf_token;
use crm_web_axum::{WebConfig, WebSecret, WebState, portal_router};

// As in the example server: rows are built on SQLite's connection threads and freed on the
// async workers, which glibc's allocator serialises on its arena locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("crm-portal-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    // `CRM_LOAD_POOL`: SQLite pool size (each connection has its own worker thread).
    let pool = std::env::var("CRM_LOAD_POOL")
        .ok()
        .and_then(|v| v.parse().ok());
    let store = SqliteStore::open(
        &format!("sqlite://{}/crm.db", dir.display()),
        &OpenOptions {
            max_connections: pool,
            ..OpenOptions::default()
        },
    )
    .await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let probe_store = store.clone();
    let store: Arc<dyn Store> = Arc::new(store);
    let config = CrmConfig {
        base_url: base.clone(),
        ..CrmConfig::default()
    };
    // Seeded through the use cases over two years with a walking clock, so the statement has
    // what a long-standing client's has: open invoices in every aging bucket, most overdue.
    let start = chrono::Utc::now() - chrono::Duration::days(730);
    let clock = Arc::new(ManualClock::new(start));
    let seeder =
        Crm::new(store.clone(), config.clone()).with_clock(clock.clone() as Arc<dyn Clock>);
    let company = seeder
        .create_company(&CompanyInput {
            name: "Muster GmbH".into(),
            email: "info@muster.example.com".into(),
            address: address("DE", "10115"),
            tax_id: Some("DE136695976".into()),
            currency: "EUR".into(),
            locale: "de-DE".into(),
        })
        .await?;
    let ctx = Ctx::new(company.id, Actor::staff("Load"));
    let client = seeder.create_client(&ctx, &client_input("Alpha")).await?;
    let mut ids = Vec::new();
    for i in 0..1000u32 {
        let inv = seeder
            .create_invoice(&ctx, &invoice_input(client.id, &format!("{}", 100 + i)))
            .await?;
        let inv = seeder.issue_invoice(&ctx, inv.id).await?;
        // 850 paid, the 150 open ones spread over the whole period.
        if i % 20 < 17 {
            seeder
                .record_payment(
                    &ctx,
                    inv.id,
                    &PaymentInput {
                        amount: inv.balance,
                        currency: None,
                        date: None,
                        method: PaymentMethod::BankTransfer,
                        reference: Some(format!("T-{i}")),
                        send_receipt: false,
                    },
                )
                .await?;
        }
        if ids.len() < 100 {
            ids.push(inv.id.to_string());
        }
        clock.advance(chrono::Duration::minutes(730 * 24 * 60 / 1000));
    }
    // Served on the system clock, as in production.
    let crm = Crm::new(store, config);
    let url = crm.issue_portal_link(&ctx, client.id, None, false).await?;
    let token = url.rsplit('/').next().unwrap_or_default().to_owned();
    let session = crm.redeem_link(&token, false).await?.token.encode();
    let secret = WebSecret::from_bytes([7; 32]);
    let csrf = csrf_token(&secret, "portal", &session);
    let mut config = WebConfig::new(&base);
    config.secret = secret;
    let state = WebState::new(crm.clone(), config)?;
    let probe = Probe {
        crm,
        store: probe_store,
        session: session.clone(),
        company: company.id,
        client: client.id,
    };
    let app = Router::new()
        .route("/hello", get(|| async { "Hello, World!" }))
        .route(
            "/probe/{part}",
            get(move |Path(part): Path<String>| {
                let probe = probe.clone();
                async move { probe.run(&part).await }
            }),
        )
        .nest("/portal", portal_router(state));
    println!("READY {port} crm_portal={session} {csrf} {}", ids.join(","));
    // The load script stops the server with SIGTERM; the seeded database goes with it.
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    })
    .await?;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// The statement's reads one at a time (see the module docs).
#[derive(Clone)]
struct Probe {
    crm: Crm,
    store: SqliteStore,
    session: String,
    company: CompanyId,
    client: ClientId,
}

impl Probe {
    async fn run(&self, part: &str) -> Result<&'static str, (StatusCode, String)> {
        let today = self.crm.clock().today();
        let (co, cl) = (self.company, self.client);
        let s = &self.store;
        let done = match part {
            "session" => self.crm.portal_session(&self.session).await.map(drop),
            "company" => s.company(co).await.map(drop).map_err(Into::into),
            "client" => s.client(co, cl).await.map(drop).map_err(Into::into),
            "summary" => s.client_summary(co, cl).await.map(drop).map_err(Into::into),
            "overview" => s
                .open_invoices_overview(co, cl, today, Currency::EUR, 10)
                .await
                .map(drop)
                .map_err(Into::into),
            "aggregate" => s
                .open_invoices_overview(co, cl, today, Currency::EUR, 0)
                .await
                .map(drop)
                .map_err(Into::into),
            "paid" => s
                .document_history(
                    co,
                    Some(cl),
                    &HistoryFilter::paid_invoices(),
                    today,
                    None,
                    5,
                )
                .await
                .map(drop)
                .map_err(Into::into),
            "data" => match self.crm.portal_session(&self.session).await {
                Ok(ctx) => self.crm.portal_statement(&ctx, 10, 5).await.map(drop),
                Err(e) => Err(e),
            },
            _ => return Err((StatusCode::NOT_FOUND, "unknown part".into())),
        };
        done.map(|()| "ok")
            .map_err(|e: crm_core::Error| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
    }
}
