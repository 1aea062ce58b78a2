//! Two example-server processes on one PostgreSQL schema serve the same company:
//! a portal session opened on one works on the other, a Stripe webhook received by one is seen
//! by the other, and their two outbox workers deliver every email exactly once (to a real SMTP
//! server, `crm-mail-lettre/tests/smtp_sink.py`).
//!
//! Needs PostgreSQL (`CRM_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`)
//! and Python's `aiosmtpd`; without them it skips loudly, unless `CRM_REQUIRE_ALL` is set.
//! The server binary is the `server` example, which `cargo test` builds beside this test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: panics are its failures

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes_body::{Body, body};
use crm_core::domain::{AddressInput, ClientInput, ContactInput, LineItemInput};
use crm_core::ports::Store;
use crm_core::service::InvoiceInput;
use crm_core::{Crm, CrmConfig, Ctx};
use crm_storage_sqlx::OpenOptions;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rust_decimal::Decimal;

const API_TOKEN: &str = "scale-out-test-token-0123456789abcdef";
const WEBHOOK_SECRET: &str = "whsec_scale_out_test";
const EMAILS: usize = 30;

mod bytes_body {
    //! A minimal request body type for the hyper client.
    pub type Body = http_body_util::Full<hyper::body::Bytes>;

    pub fn body(b: impl Into<hyper::body::Bytes>) -> Body {
        http_body_util::Full::new(b.into())
    }
}

fn required() -> bool {
    std::env::var("CRM_REQUIRE_ALL").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn skip(why: &str) {
    assert!(
        !required(),
        "the scale-out test is required (CRM_REQUIRE_ALL=1) but {why}"
    );
    eprintln!(
        "\n*** SKIPPING the two-instance scale-out test: {why}; CRM_REQUIRE_ALL=1 makes this a failure.\n"
    );
}

/// The `server` example next to this test binary (`target/<profile>/examples/server`).
fn server_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    profile_dir.join("examples").join("server")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Proc {
    /// SIGTERM, then wait for a clean exit.
    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.0.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.0.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn start_sink(dir: &Path) -> Option<(Proc, u16)> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crm-mail-lettre/tests/smtp_sink.py"
    );
    let port = free_port();
    let mut child = Command::new("python3")
        .args([script, "--port", &port.to_string(), "--out"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    let stdout = child.stdout.take()?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).ok()?;
    if !line.contains("READY") {
        let _ = child.kill();
        return None;
    }
    Some((Proc(child), port))
}

fn start_server(name: &str, dir: &Path, port: u16, env: &[(&str, String)]) -> Proc {
    let data = dir.join(name);
    std::fs::create_dir_all(&data).unwrap();
    let log = std::fs::File::create(dir.join(format!("{name}.log"))).unwrap();
    let mut cmd = Command::new(server_binary());
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "info")
        .env("CRM_BIND", format!("127.0.0.1:{port}"))
        .env("CRM_DATA_DIR", &data)
        .current_dir(&data)
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Proc(cmd.spawn().expect("start the server example"))
}

type Http = Client<HttpConnector, Body>;

struct Resp {
    status: u16,
    headers: hyper::HeaderMap,
    body: String,
}

async fn send(
    http: &Http,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    payload: Vec<u8>,
) -> Resp {
    let mut req = hyper::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = http
        .request(req.body(body(payload)).unwrap())
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn wait_ready(http: &Http, port: u16, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let req = hyper::Request::get(format!("http://127.0.0.1:{port}/readyz"))
            .body(body(Vec::new()))
            .unwrap();
        if let Ok(r) = http.request(req).await
            && r.status() == 200
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "server on port {port} did not become ready; log:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn line(description: &str, cents: i64) -> LineItemInput {
    LineItemInput {
        description: description.into(),
        quantity: Decimal::ONE,
        unit_price: Decimal::new(cents, 2),
        tax_rate: Decimal::from(19),
        discount: Decimal::ZERO,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_sessions_webhooks_and_the_outbox() {
    let pg = std::env::var("CRM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // `crm_t_<unix>_…`: the storage tests drop such schemas after an hour.
    let schema = format!("crm_t_{now}_{}", uuid::Uuid::new_v4().simple());
    let store: Arc<dyn Store> = match crm_storage_sqlx::open(
        &pg,
        &OpenOptions {
            schema: Some(schema.clone()),
            ..Default::default()
        },
    )
    .await
    {
        Ok(s) => s,
        Err(e) => return skip(&format!("PostgreSQL at {pg} is not available ({e})")),
    };
    let binary = server_binary();
    assert!(
        binary.exists(),
        "{} is missing: `cargo test` builds the server example beside the tests",
        binary.display()
    );

    let dir = std::env::temp_dir().join(format!("crm-scale-{}", uuid::Uuid::new_v4().simple()));
    let mail_dir = dir.join("mail");
    std::fs::create_dir_all(&mail_dir).unwrap();
    let Some((sink, smtp_port)) = start_sink(&mail_dir) else {
        return skip("python3 with aiosmtpd is not available (pip install aiosmtpd)");
    };

    let (port_a, port_b) = (free_port(), free_port());
    let env = vec![
        ("CRM_DATABASE_URL", pg.clone()),
        ("CRM_DATABASE_SCHEMA", schema.clone()),
        ("CRM_BASE_URL", format!("http://127.0.0.1:{port_a}")),
        ("CRM_ADMIN_EMAIL", "ops@scale.example.com".to_string()),
        (
            "CRM_ADMIN_PASSWORD",
            "correct horse battery staple".to_string(),
        ),
        ("CRM_API_TOKEN", API_TOKEN.to_string()),
        ("CRM_COMPANY_NAME", "Scale-out GmbH".to_string()),
        (
            "CRM_SMTP_URL",
            format!("smtp://127.0.0.1:{smtp_port}?tls=none"),
        ),
        ("CRM_MAIL_FROM", "billing@scale.example.com".to_string()),
        ("CRM_STRIPE_SECRET_KEY", "sk_test_scale_out".to_string()),
        ("CRM_STRIPE_WEBHOOK_SECRETS", WEBHOOK_SECRET.to_string()),
        // Never called here: checkout is not started in this test.
        ("CRM_STRIPE_API_BASE", "http://127.0.0.1:9/".to_string()),
    ];
    let http: Http = Client::builder(TokioExecutor::new()).build_http();
    // The first instance creates the company, admin and token; the second finds them.
    let a = start_server("a", &dir, port_a, &env);
    wait_ready(&http, port_a, &dir.join("a.log")).await;
    let b = start_server("b", &dir, port_b, &env);
    wait_ready(&http, port_b, &dir.join("b.log")).await;

    // Data is made through the library on the same schema, as another app instance would.
    let crm = Crm::new(
        store.clone(),
        CrmConfig {
            base_url: format!("http://127.0.0.1:{port_a}"),
            ..CrmConfig::default()
        },
    );
    let company = crm.companies().await.unwrap().remove(0);
    assert_eq!(company.name, "Scale-out GmbH");
    let staff = Ctx::new(company.id, crm_core::domain::Actor::staff("Test"));
    // The bootstrapped company has no tax number yet; invoices need one (§14 Abs. 4 UStG).
    crm.update_company_legal(
        &staff,
        &crm_core::domain::LegalDetailsInput {
            tax_number: Some("181/815/08155".into()),
            tax_number_state: Some("BY".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let client = crm
        .create_client(
            &staff,
            &ClientInput {
                name: "Zweifach AG".into(),
                contacts: vec![ContactInput {
                    name: "Zoe Zweifach".into(),
                    email: "zoe@zweifach.example.com".into(),
                    primary: true,
                    ..Default::default()
                }],
                address: AddressInput {
                    street: "Hauptstraße 1".into(),
                    city: "Köln".into(),
                    state: None,
                    postal_code: "50667".into(),
                    country: "DE".into(),
                },
                tax_id: Some("DE136695976".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    // 1. Outbox: EMAILS invoices sent at once; both workers drain, each email exactly once.
    let mut invoices = Vec::new();
    for i in 0..EMAILS {
        let inv = crm
            .create_invoice(
                &staff,
                &InvoiceInput {
                    client_id: client.id,
                    items: vec![line(&format!("Leistung {i}"), 10_000 + i as i64)],
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        invoices.push(crm.send_invoice(&staff, inv.id).await.unwrap());
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let pending = store
            .outbox(company.id, 500)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.status != crm_core::domain::OutboxStatus::Sent)
            .count();
        if pending == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{pending} emails still pending");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Give a duplicate, if there were one, time to arrive.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut subjects = Vec::new();
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(&mail_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            let text = std::fs::read_to_string(&path).unwrap();
            for l in text.lines() {
                if let Some(v) = l.strip_prefix("Message-ID: ") {
                    ids.insert(v.trim().to_string());
                }
                if let Some(v) = l.strip_prefix("Subject: ") {
                    subjects.push(v.trim().to_string());
                }
            }
        }
    }
    assert_eq!(subjects.len(), EMAILS, "every email delivered exactly once");
    assert_eq!(
        ids.len(),
        EMAILS,
        "distinct Message-IDs: no duplicate delivery"
    );

    // 2. A portal session opened on A works on B.
    let link = crm
        .issue_portal_link(&staff, client.id, None, false)
        .await
        .unwrap();
    let path = link
        .strip_prefix(&format!("http://127.0.0.1:{port_a}"))
        .expect("link under the base URL");
    let r = send(
        &http,
        "GET",
        &format!("http://127.0.0.1:{port_a}{path}"),
        &[],
        Vec::new(),
    )
    .await;
    assert!(
        (300..400).contains(&r.status),
        "the document link signs in and redirects: {} {}",
        r.status,
        r.body
    );
    let cookie = r
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").to_string())
        .find(|c| c.contains("portal") && !c.ends_with('='))
        .expect("a portal session cookie");
    let statement = send(
        &http,
        "GET",
        &format!("http://127.0.0.1:{port_b}/portal"),
        &[("cookie", &cookie)],
        Vec::new(),
    )
    .await;
    assert_eq!(statement.status, 200, "{}", statement.body);
    assert!(statement.body.contains("Zweifach AG") || statement.body.contains("Zoe"));
    let anonymous = send(
        &http,
        "GET",
        &format!("http://127.0.0.1:{port_b}/portal"),
        &[],
        Vec::new(),
    )
    .await;
    assert_ne!(anonymous.status, 200, "no cookie, no statement");

    // 3. A webhook received by A is seen by B.
    let paid = &invoices[0];
    let minor = (paid.totals.total * Decimal::from(100))
        .trunc()
        .to_string()
        .parse::<i64>()
        .unwrap();
    let event = serde_json::json!({
        "id": "evt_scale_out_1",
        "object": "event",
        "api_version": "2025-10-29.clover",
        "created": now,
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": "checkout.session.completed",
        "data": { "object": {
            "id": "cs_test_scale_out",
            "object": "checkout.session",
            "amount_subtotal": minor,
            "amount_total": minor,
            "client_reference_id": paid.id.to_string(),
            "currency": "eur",
            "livemode": false,
            "metadata": {
                "company_id": company.id.to_string(),
                "client_id": client.id.to_string(),
                "invoice_id": paid.id.to_string()
            },
            "mode": "payment",
            "payment_intent": "pi_scale_out",
            "payment_status": "paid",
            "status": "complete"
        }}
    })
    .to_string()
    .into_bytes();
    let signature = crm_pay_stripe::signature::sign(&event, WEBHOOK_SECRET, now as i64);
    let r = send(
        &http,
        "POST",
        &format!("http://127.0.0.1:{port_a}/webhooks/stripe"),
        &[
            ("stripe-signature", &signature),
            ("content-type", "application/json"),
        ],
        event,
    )
    .await;
    assert_eq!(r.status, 200, "webhook on A: {}", r.body);
    let r = send(
        &http,
        "GET",
        &format!("http://127.0.0.1:{port_b}/api/v1/invoices/{}", paid.id),
        &[("authorization", &format!("Bearer {API_TOKEN}"))],
        Vec::new(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(json["status"], "paid", "B sees A's webhook: {json}");

    // Both stop cleanly on SIGTERM.
    assert!(a.terminate().success(), "A exits cleanly");
    assert!(b.terminate().success(), "B exits cleanly");
    drop(sink);
    let _ = std::fs::remove_dir_all(&dir);
}
