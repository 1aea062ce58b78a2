//! The example server's wiring in process: `crm_server::App::build` on port 0 over a fresh
//! SQLite directory reports the port it bound, serves health checks, the admin UI and the
//! JSON API, and stops gracefully (the port is free again); `CRM_DEMO` seeds the demo company.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crm_server::{App, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const API_TOKEN: &str = "in-process-test-token-0123456789abcdef";

/// A directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let p = std::env::temp_dir().join(format!("crm-server-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&p).expect("temp dir");
        Self(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn config(dir: &TempDir, extra: &[(&str, &str)]) -> Config {
    let mut env: BTreeMap<String, String> = [
        ("CRM_BIND", "127.0.0.1:0"),
        ("CRM_DATA_DIR", dir.0.to_str().expect("utf-8 temp dir")),
        ("CRM_ADMIN_EMAIL", "ops@inprocess.example.com"),
        ("CRM_ADMIN_PASSWORD", "a long enough password 42"),
        ("CRM_API_TOKEN", API_TOKEN),
    ]
    .iter()
    .chain(extra)
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    env.insert(
        "CRM_DATABASE_URL".into(),
        format!("sqlite://{}", dir.0.join("crm.db").display()),
    );
    Config::from_sources(&env).expect("a valid configuration")
}

/// One HTTP/1.1 request over a fresh connection: (status, whole response).
async fn get(addr: std::net::SocketAddr, path: &str, auth: Option<&str>) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let auth = auth.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    (status, response)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_binds_a_free_port_serves_and_stops_gracefully() {
    let dir = TempDir::new();
    let app = App::build(config(&dir, &[])).await.expect("the app builds");
    let addr = app.local_addr();
    assert_ne!(addr.port(), 0);
    assert_eq!(app.base_url(), format!("http://{addr}"));
    assert_eq!(app.setup().company.name, "My Company");
    assert_eq!(
        app.setup().admin.email.as_str(),
        "ops@inprocess.example.com"
    );
    assert_eq!(app.crm().companies().await.expect("companies").len(), 1);

    let running = app.spawn();
    assert_eq!(get(addr, "/healthz", None).await.0, 200);
    assert_eq!(get(addr, "/readyz", None).await.0, 200);
    let (status, root) = get(addr, "/", None).await;
    assert_eq!(status, 303);
    assert!(root.to_lowercase().contains("location: /admin"), "{root}");
    assert_eq!(get(addr, "/admin/login", None).await.0, 200);
    // A newcomer who types the slash gets what the bare prefix answers, not a blank 404.
    for (bare, slash) in [("/admin", "/admin/"), ("/portal", "/portal/")] {
        let (a, b) = (get(addr, bare, None).await, get(addr, slash, None).await);
        assert_eq!(a.0, b.0, "{slash} answers like {bare}");
        assert_ne!(b.0, 404, "{slash}");
    }
    assert_eq!(get(addr, "/api/v1/clients", None).await.0, 401);
    assert_eq!(get(addr, "/api/v1/clients", Some(API_TOKEN)).await.0, 200);

    running.shutdown().await.expect("a clean stop");
    std::net::TcpListener::bind(addr).expect("the port is free again after shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_seeds_the_demo_company_once() {
    let dir = TempDir::new();
    let app = App::build(config(
        &dir,
        &[("CRM_DEMO", "1"), ("CRM_OUTBOX_WORKER", "0")],
    ))
    .await
    .expect("the demo app builds");
    assert_eq!(app.setup().company.name, crm_server::demo::DEMO_COMPANY);
    drop(app);
    // A second start on the same database keeps what is there.
    let again = App::build(config(
        &dir,
        &[("CRM_DEMO", "1"), ("CRM_OUTBOX_WORKER", "0")],
    ))
    .await
    .expect("the app builds again");
    assert_eq!(again.setup().company.name, crm_server::demo::DEMO_COMPANY);
    assert_eq!(again.crm().companies().await.expect("companies").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_request_head_is_disconnected() {
    // Under axum::serve a connection that sent half a header waited forever: a few hundred of
    // them held every connection slot and file descriptor.
    let dir = TempDir::new();
    let app = App::build(config(&dir, &[("CRM_HEADER_TIMEOUT_SECS", "1")]))
        .await
        .expect("the app builds");
    let addr = app.local_addr();
    let running = app.spawn();
    let mut slow = tokio::net::TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        slow.read_to_end(&mut rest),
    )
    .await;
    assert!(closed.is_ok(), "the half-open request was not cut off");
    // Everyone else is served meanwhile and after.
    assert_eq!(get(addr, "/healthz", None).await.0, 200);
    running.shutdown().await.expect("a clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_periodic_dunning_run_reminds_the_demos_overdue_clients_once() {
    let dir = TempDir::new();
    let app = App::build(config(
        &dir,
        &[("CRM_DEMO", "1"), ("CRM_OUTBOX_WORKER", "0")],
    ))
    .await
    .expect("the demo app builds");
    let crm = app.crm().clone();
    let company = app.setup().company.id;
    let ctx = crm_core::Ctx::new(company, crm_core::domain::Actor::System);
    let due = crm
        .dunning_due(&ctx, crm.clock().today())
        .await
        .expect("dry run");
    assert!(!due.is_empty(), "the demo has overdue invoices");
    let running = app.spawn();
    // The first run starts with the server; wait for its letters.
    let mut issued = 0;
    for _ in 0..100 {
        issued = crm
            .dunning_due(&ctx, crm.clock().today())
            .await
            .expect("dry run")
            .len();
        if issued == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(issued, 0, "every due level was issued by the run at start");
    let clients: std::collections::BTreeSet<_> = due.iter().map(|d| d.client_id).collect();
    for client in clients {
        let letters = crm
            .reminders_of_client(&ctx, client)
            .await
            .expect("reminders");
        assert_eq!(letters.len(), 1, "one letter per client and run");
    }
    running.shutdown().await.expect("a clean stop");
}
