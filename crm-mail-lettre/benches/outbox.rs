//! `cargo bench -p crm-mail-lettre --bench outbox` — delivery throughput of the outbox worker.
//!
//! Queues 10,000 emails (rendered from the built-in invoice template, no attachment) in a
//! SQLite store, then drains them through the SMTP mailer (pooled connections) into a local
//! aiosmtpd sink that discards what it accepts, and reports emails per second. Set
//! `CRM_BENCH_EMAILS` to change the count and `CRM_BENCH_CONCURRENCY` the pool size.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crm_core::domain::{OutboxEmail, OutboxId, OutboxStatus, TemplateKind};
use crm_core::ports::{Clock, TemplateEngine};
use crm_core::render::HandlebarsEngine;
use crm_core::render::templates::sample_context;
use crm_core::testing::Fixture;
use crm_mail_lettre::{OutboxWorker, SmtpConfig, SmtpMailer, WorkerConfig};

fn main() {
    let count: usize = std::env::var("CRM_BENCH_EMAILS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let concurrency: u32 = std::env::var("CRM_BENCH_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let dir = std::env::temp_dir().join(format!("crm-mail-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut sink = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py"))
        .args(["--port", &port.to_string(), "--discard", "--out"])
        .arg(&dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd (pip install aiosmtpd)");
    let mut ready = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(sink.stdout.take().expect("stdout")),
        &mut ready,
    )
    .expect("ready");

    rt.block_on(async {
        let store = crm_storage_sqlx::open(&format!("sqlite://{}/bench.db", dir.display()), &Default::default())
            .await
            .expect("store");
        let f = Fixture::new(store.clone());
        let (company, _) = f.company("Muster GmbH").await;
        let engine = HandlebarsEngine::new();
        let rendered = engine
            .render(
                TemplateKind::Invoice,
                &engine.default_template(TemplateKind::Invoice, crm_core::domain::Locale::De),
                &sample_context(TemplateKind::Invoice),
            )
            .expect("render");
        let now = f.clock.now();
        let mut tx = store.begin().await.expect("begin");
        for i in 0..count {
            tx.enqueue_email(&OutboxEmail {
                id: OutboxId::new(),
                company_id: company.id,
                client_id: None,
                kind: TemplateKind::Invoice,
                contact_id: None,
                recipient: crm_core::domain::Recipient::Contact,
                to_email: format!("kunde{i}@example.com"),
                to_name: format!("Kunde {i}"),
                subject: rendered.subject.clone(),
                html_body: rendered.html.clone(),
                text_body: rendered.text.clone(),
                attachment: None,
                link: None,
                lease: None,
                minted_link: None,
                status: OutboxStatus::Pending,
                attempts: 0,
                next_attempt_at: now,
                last_error: None,
                created_at: now,
                sent_at: None,
            })
            .await
            .expect("enqueue");
        }
        tx.commit().await.expect("commit");

        let url = format!("smtp://127.0.0.1:{port}?tls=none&pool={concurrency}");
        let mailer = SmtpMailer::new(&SmtpConfig::from_url(&url).expect("url")).expect("mailer");
        let worker = OutboxWorker::new(
            store.clone(),
            Arc::new(mailer),
            Arc::new(crm_core::render::PdfRenderer::new().expect("renderer")),
            WorkerConfig { batch: 200, concurrency: concurrency as usize, lease: Duration::from_secs(600), ..WorkerConfig::default() },
        )
        .with_clock(f.clock.clone());
        let started = Instant::now();
        let pass = worker.drain().await.expect("drain");
        let elapsed = started.elapsed();
        assert_eq!(pass.sent as usize, count, "every email delivered: {pass:?}");
        println!(
            "outbox: delivered {count} emails in {:.2} s = {:.0} emails/s (pool {concurrency}, SQLite outbox, aiosmtpd sink)",
            elapsed.as_secs_f64(),
            count as f64 / elapsed.as_secs_f64()
        );
    });
    let _ = sink.kill();
    let _ = sink.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
