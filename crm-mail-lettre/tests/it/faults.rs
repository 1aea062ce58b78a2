//! Faults: the server down for a while, a 451 then 250, a 550, two workers on PostgreSQL, and
//! a worker that dies after the server accepted a message.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Duration;
use crm_core::domain::{OutboxStatus, TemplateKind};
use crm_core::ports::Clock;
use crm_core::testing::Fixture;
use crm_core::testing::conformance::{client_input, invoice_input};
use crm_mail_lettre::{SmtpConfig, SmtpMailer};
use mail_parser::MessageParser;

use crate::support::{self, Sink};

/// Queues `n` invoice emails to a client whose primary contact has `email`.
async fn queue(f: &Fixture, email: &str, n: usize) -> crm_core::Ctx {
    let (_, ctx) = f.company("Muster GmbH").await;
    let mut input = client_input("Alpha");
    input.contacts[0].email = email.into();
    let client = f.crm.create_client(&ctx, &input).await.expect("client");
    for _ in 0..n {
        let inv = f
            .crm
            .create_invoice(&ctx, &invoice_input(client.id, "10"))
            .await
            .expect("invoice");
        f.crm.send_invoice(&ctx, inv.id).await.expect("send");
    }
    ctx
}

fn message_ids(raw: &[Vec<u8>]) -> Vec<String> {
    raw.iter()
        .map(|r| {
            MessageParser::default()
                .parse(r)
                .and_then(|m| m.message_id().map(str::to_owned))
                .expect("message id")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_down_then_up_delivers_every_email_exactly_once() {
    if !support::smtp_available() {
        return;
    }
    let f = Fixture::new(support::sqlite().await);
    let ctx = queue(&f, "kunde@alpha.example.com", 5).await;
    let port = support::free_port();
    let url = format!("smtp://127.0.0.1:{port}?tls=none");
    let worker = support::worker(f.store().clone(), &url, f.clock.clone());
    // Nobody listens: every email is retried later, none lost.
    let pass = worker.run_once().await.expect("pass");
    assert_eq!((pass.claimed, pass.retried, pass.sent), (5, 5, 0));
    let rows = f.store().outbox(ctx.company, 10).await.expect("outbox");
    assert!(
        rows.iter().all(|e| e.status == OutboxStatus::Pending
            && e.last_error.is_some()
            && e.attempts == 1)
    );
    assert_eq!(
        worker.run_once().await.expect("pass").claimed,
        0,
        "not due before the backoff"
    );
    // The server comes up; after the backoff everything goes out once.
    let sink = Sink::start_on(port, support::temp_dir(), false);
    f.clock.advance(Duration::seconds(20));
    let pass = worker.drain().await.expect("drain");
    assert_eq!(pass.sent, 5);
    let raw = sink.wait_for(5);
    let ids: HashSet<_> = message_ids(&raw).into_iter().collect();
    assert_eq!((raw.len(), ids.len()), (5, 5), "each email exactly once");
    f.clock.advance(Duration::hours(2));
    assert_eq!(worker.drain().await.expect("drain").claimed, 0);
    assert_eq!(sink.messages().len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_451_is_retried_and_then_delivered() {
    if !support::smtp_available() {
        return;
    }
    let sink = Sink::start();
    let f = Fixture::new(support::sqlite().await);
    let ctx = queue(&f, "tempfail@alpha.example.com", 1).await;
    let worker = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    let first = worker.run_once().await.expect("pass");
    assert_eq!((first.retried, first.sent), (1, 0));
    let row = &f.store().outbox(ctx.company, 1).await.expect("outbox")[0];
    assert!(
        row.last_error.as_deref().is_some_and(|e| e.contains("451")),
        "{:?}",
        row.last_error
    );
    f.clock.advance(Duration::seconds(20));
    assert_eq!(worker.drain().await.expect("drain").sent, 1);
    assert_eq!(sink.wait_for(1).len(), 1);
    let row = &f.store().outbox(ctx.company, 1).await.expect("outbox")[0];
    assert_eq!((row.status, row.attempts), (OutboxStatus::Sent, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_550_fails_is_shown_and_is_not_retried() {
    if !support::smtp_available() {
        return;
    }
    let sink = Sink::start();
    let f = Fixture::new(support::sqlite().await);
    let ctx = queue(&f, "reject@alpha.example.com", 1).await;
    let worker = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    let pass = worker.run_once().await.expect("pass");
    assert_eq!((pass.failed, pass.retried), (1, 0));
    let row = &f.store().outbox(ctx.company, 1).await.expect("outbox")[0];
    assert_eq!(row.status, OutboxStatus::Failed);
    assert!(
        row.last_error.as_deref().is_some_and(|e| e.contains("550")),
        "{:?}",
        row.last_error
    );
    f.clock.advance(Duration::days(3));
    assert_eq!(
        worker.drain().await.expect("drain").claimed,
        0,
        "never retried"
    );
    assert!(sink.messages().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_on_postgres_never_send_an_email_twice() {
    if !support::smtp_available() {
        return;
    }
    let Some(store) = support::postgres().await else {
        return;
    };
    let sink = Sink::start();
    let f = Fixture::new(store);
    queue(&f, "kunde@alpha.example.com", 40).await;
    let a = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    let b = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    let (ra, rb) = tokio::join!(a.drain(), b.drain());
    let (ra, rb) = (ra.expect("a"), rb.expect("b"));
    assert_eq!(ra.sent + rb.sent, 40);
    let raw = sink.wait_for(40);
    let ids: HashSet<_> = message_ids(&raw).into_iter().collect();
    assert_eq!(
        (raw.len(), ids.len()),
        (40, 40),
        "no duplicates across workers"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_after_acceptance_resends_once_with_the_same_message_id() {
    if !support::smtp_available() {
        return;
    }
    let sink = Sink::start();
    let f = Fixture::new(support::sqlite().await);
    let ctx = queue(&f, "kunde@alpha.example.com", 1).await;
    // A worker claims the row and the server accepts the message — then the worker dies
    // before recording it (simulated: send directly, never mark).
    let now = f.clock.now();
    let claimed = f
        .store()
        .claim_due_emails(now, now + Duration::minutes(5), 10)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    let mailer = SmtpMailer::new(&SmtpConfig::from_url(&sink.url()).expect("url")).expect("mailer");
    let company = f
        .store()
        .company(ctx.company)
        .await
        .expect("company")
        .expect("exists");
    let outgoing = crm_core::ports::OutgoingEmail {
        company_id: Some(ctx.company),
        message_id: claimed[0].message_id("muster.example.com"),
        from_email: company.email.to_string(),
        from_name: company.name.clone(),
        reply_to: None,
        to_email: claimed[0].to_email.clone(),
        to_name: claimed[0].to_name.clone(),
        also_to: Vec::new(),
        cc: Vec::new(),
        bcc: Vec::new(),
        subject: claimed[0].subject.clone(),
        html_body: claimed[0].html_body.clone(),
        text_body: claimed[0].text_body.clone(),
        attachments: vec![],
    };
    crm_core::ports::Mailer::send(&mailer, &outgoing)
        .await
        .expect("accepted");
    // While the lease runs nobody else sends it; after it ends a worker does, once.
    let worker = support::worker(f.store().clone(), &sink.url(), f.clock.clone());
    assert_eq!(worker.drain().await.expect("drain").claimed, 0);
    f.clock.advance(Duration::minutes(6));
    assert_eq!(worker.drain().await.expect("drain").sent, 1);
    let raw = sink.wait_for(2);
    let ids = message_ids(&raw);
    assert_eq!(ids.len(), 2, "at most one duplicate");
    assert_eq!(ids[0], ids[1], "the duplicate has the same Message-ID");
    let row = &f.store().outbox(ctx.company, 1).await.expect("outbox")[0];
    assert_eq!(row.status, OutboxStatus::Sent);
    assert_eq!(row.kind, TemplateKind::Invoice);
    let _ = Arc::strong_count(f.store());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_resumes_within_seconds_after_the_server_returns() {
    // With the backoff alone (30 s, then 60 s, …) delivery resumed ~34 s after a short outage.
    if !support::smtp_available() {
        return;
    }
    let f = Fixture::new(support::sqlite().await);
    let ctx = queue(&f, "kunde@alpha.example.com", 3).await;
    let port = support::free_port();
    let url = format!("smtp://127.0.0.1:{port}?tls=none");
    let mailer = SmtpMailer::new(&SmtpConfig::from_url(&url).expect("url")).expect("mailer");
    // The production settings and the real clock: nothing here is shortened for the test.
    let worker = crm_mail_lettre::OutboxWorker::new(
        f.store().clone(),
        Arc::new(mailer),
        support::renderer(),
        crm_mail_lettre::WorkerConfig::default(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = worker.clone();
    let task = tokio::spawn(async move {
        running
            .run_until(async {
                let _ = stopped.await;
            })
            .await;
    });
    // The attempts fail against the missing server.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let rows = f.store().outbox(ctx.company, 10).await.expect("outbox");
        if rows.iter().all(|e| e.last_error.is_some()) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no attempt made");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Down for a few seconds: the worker probes, it does not send.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let sink = Sink::start_on(port, support::temp_dir(), false);
    let up = std::time::Instant::now();
    while sink.messages().len() < 3 {
        assert!(
            up.elapsed() < std::time::Duration::from_secs(10),
            "delivery did not resume within 10 s of the server's return"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    task.await.expect("worker");
    let raw = sink.messages();
    let ids: HashSet<_> = message_ids(&raw).into_iter().collect();
    assert_eq!((raw.len(), ids.len()), (3, 3), "each email exactly once");
    let rows = f.store().outbox(ctx.company, 10).await.expect("outbox");
    assert!(rows.iter().all(|e| e.status == OutboxStatus::Sent));
}
