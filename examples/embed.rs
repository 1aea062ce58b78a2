//! `cargo run --example embed` — the library as a host application embeds it.
//!
//! A host axum app ("Acme Shop") that already has its own database pool, its own login and
//! its own URL layout:
//! - it hands its **own sqlx pool** to the store (`SqliteStore::from_pool`), so the CRM's
//!   tables live beside the host's in one database and one pool;
//! - it mounts the **client portal under its own prefix** (`/kunden/portal`) and tells the
//!   CRM that prefix, so every link and redirect points there;
//! - it mounts the **admin UI under `/backoffice/crm`** with **its own authentication**: the
//!   host's middleware decides who the staff member is and puts a `Ctx` into the request;
//!   the CRM's password login is switched off (`AdminAuth::Host`);
//! - it keeps its own routes (`/`, `/shop`) next to the CRM's.
//!
//! Try: `curl -i http://127.0.0.1:8090/backoffice/crm/clients -H 'x-acme-user: erika'` (the
//! host's stand-in for its session check), and the portal at `/kunden/portal/login`.

use std::str::FromStr;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use crm_core::domain::{Actor, AddressInput, CompanyId};
use crm_core::service::CompanyInput;
use crm_core::{Crm, CrmConfig, Ctx};
use crm_storage_sqlx::SqliteStore;
use crm_web_axum::admin::{AdminAuth, AdminOptions, admin_router_with};
use crm_web_axum::{WebConfig, WebState, portal_router};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const BASE_URL: &str = "http://127.0.0.1:8090";

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // The host's own pool (its settings, its file); the CRM's tables are added to it.
    std::fs::create_dir_all("crm-data")?;
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(
            SqliteConnectOptions::from_str("sqlite://crm-data/acme-shop.db")?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(std::time::Duration::from_secs(10)),
        )
        .await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS shop_orders (id INTEGER PRIMARY KEY, item TEXT)")
        .execute(&pool)
        .await?;
    let store = SqliteStore::from_pool(pool);
    store.migrate().await?;

    let crm = Crm::new(
        Arc::new(store),
        CrmConfig {
            base_url: BASE_URL.into(),
            // Links in emails lead to the portal where the host mounts it.
            portal_path: "/kunden/portal".into(),
            ..CrmConfig::default()
        },
    );
    let company = match crm.companies().await?.into_iter().next() {
        Some(c) => c,
        None => {
            crm.create_company(&CompanyInput {
                name: "Acme Shop GmbH".into(),
                email: "billing@acme-shop.example.com".into(),
                address: AddressInput {
                    street: "Marktplatz 1".into(),
                    city: "Leipzig".into(),
                    state: None,
                    postal_code: "04109".into(),
                    country: "DE".into(),
                },
                tax_id: None,
                currency: "EUR".into(),
                locale: "de-DE".into(),
            })
            .await?
        }
    };

    let mut web = WebConfig::new(BASE_URL);
    web.portal_prefix = "/kunden/portal".into();
    web.admin_prefix = "/backoffice/crm".into();
    web.portal_company = Some(company.id);
    // Several instances of the host app share the CSRF key through the database.
    web.secret = crm_web_axum::WebSecret::shared(&crm).await?;
    web.bank_details = Some("IBAN DE02 1203 0000 0000 2020 51 · BIC BYLADEM1001".into());
    let state = WebState::new(crm, web)?;

    let admin = admin_router_with(
        state.clone(),
        AdminOptions {
            auth: AdminAuth::Host,
            ..AdminOptions::default()
        },
    )
    .layer(middleware::from_fn_with_state(company.id, host_auth));

    let app = Router::new()
        .route(
            "/",
            get(|| async { "Acme Shop — /shop, /kunden/portal, /backoffice/crm" }),
        )
        .route("/shop", get(|| async { "the host's own page" }));
    // `mount` rather than `nest`, so `/kunden/portal/` answers like `/kunden/portal`.
    let app = crm_web_axum::mount(app, "/kunden/portal", portal_router(state.clone()));
    let app = crm_web_axum::mount(app, "/backoffice/crm", admin);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:8090").await?;
    println!("Acme Shop on {BASE_URL} — portal /kunden/portal, CRM admin /backoffice/crm");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await?;
    Ok(())
}

/// The host's authentication, standing in for its real session check: a trusted header set
/// by the host's own login. Whoever it names acts as staff of the host's company.
async fn host_auth(
    axum::extract::State(company): axum::extract::State<CompanyId>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(user) = req
        .headers()
        .get("x-acme-user")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return (StatusCode::UNAUTHORIZED, "sign in to Acme Shop first").into_response();
    };
    req.extensions_mut()
        .insert(Ctx::new(company, Actor::staff(user)));
    next.run(req).await
}
