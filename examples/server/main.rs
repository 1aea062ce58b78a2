//! `cargo run --release --example server` — the whole CRM and client portal on the embedded
//! default (SQLite under `crm-data/`), or on PostgreSQL with `CRM_DATABASE_URL=postgres://…`
//! for any number of instances behind a load balancer.
//!
//! Configuration: environment variables (`CRM_*`), optionally a TOML file (`CRM_CONFIG`); see
//! the README's configuration table. The first run creates the company, the first admin and an
//! API token and prints the generated credentials once. `CRM_DEMO=1` seeds a demo company.
//!
//! Routes: `/admin` (staff UI), `/api/v1` (JSON API), `/portal` (clients), `/webhooks/stripe`,
//! `/healthz`, `/readyz`. Ctrl-C or SIGTERM: stop accepting, finish in-flight requests, let the
//! outbox worker finish its pass, exit.
//!
//! The wiring is the `crm-server` crate ([`crm_server::App::build`]); this binary reads the
//! configuration, sets up logging and the allocator, and serves.

use crm_server::{App, Config};
use tracing::{error, info};

// The async workers free what SQLite's connection threads allocate (rows); glibc's allocator
// serialises that on its arena locks, mimalloc does not (statement page: +15 % throughput,
// see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    init_tracing(config.log_json);
    let app = match App::build(config).await {
        Ok(app) => app,
        Err(e) => {
            error!(error = %e, "the server could not start");
            std::process::exit(1);
        }
    };
    let (local, base) = (app.local_addr(), app.base_url().to_owned());
    info!(
        admin = %format!("{base}/admin"),
        portal = %format!("{base}/portal"),
        api = %format!("{base}/api/v1"),
        listen = %local,
        "crm is running"
    );
    println!("crm listening on http://{local}");
    println!("  admin UI:  {base}/admin");
    println!("  portal:    {base}/portal");
    println!("  JSON API:  {base}/api/v1 (OpenAPI: /api/v1/openapi.json)");
    if let Err(e) = app.run_until(crm_server::shutdown_signal()).await {
        error!(error = %e, "the server stopped with an error");
        std::process::exit(1);
    }
    info!("stopped cleanly");
}

fn init_tracing(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
