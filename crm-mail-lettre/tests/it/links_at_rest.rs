//! A database dump never contains a usable sign-in link: mail queued (and retried) while the
//! SMTP server is down holds a placeholder, the link is minted when the worker sends and
//! revoked when that attempt fails; once the server is up, the delivered mail's link works.

use chrono::Duration;
use crm_core::domain::{LINK_TOKEN_PLACEHOLDER, LinkPurpose, OutboxStatus, SecretToken};
use crm_core::ports::Store;
use crm_core::testing::Fixture;
use crm_core::testing::conformance::{client_input, invoice_input};
use mail_parser::MessageParser;
use sqlx::Connection;
use std::sync::Arc;

use crate::support::{self, Sink};

/// Where to read the tables raw, as a dump would.
enum Raw {
    Sqlite(String),
    Postgres { url: String, schema: String },
}

/// What a dump of the outbox and magic-link tables shows.
struct Dump {
    /// Every text column of every outbox row.
    texts: Vec<String>,
    /// Magic links, and those not revoked.
    links: i64,
    live_links: i64,
}

const TEXTS: &str = "SELECT subject || ' ' || html_body || ' ' || text_body || ' ' || to_email || ' ' || \
     to_name || ' ' || COALESCE(last_error, '') || ' ' || COALESCE(link_target, '') FROM outbox";
const LINKS: &str = "SELECT COUNT(*) FROM magic_links";
const LIVE: &str = "SELECT COUNT(*) FROM magic_links WHERE revoked_at IS NULL";

/// The same three reads on either backend's connection.
macro_rules! read_dump {
    ($c:expr) => {{
        let texts: Vec<(String,)> = sqlx::query_as(TEXTS)
            .fetch_all(&mut $c)
            .await
            .expect("outbox texts");
        let (links,): (i64,) = sqlx::query_as(LINKS)
            .fetch_one(&mut $c)
            .await
            .expect("links");
        let (live_links,): (i64,) = sqlx::query_as(LIVE)
            .fetch_one(&mut $c)
            .await
            .expect("live links");
        Dump {
            texts: texts.into_iter().map(|t| t.0).collect(),
            links,
            live_links,
        }
    }};
}

async fn dump(raw: &Raw) -> Dump {
    match raw {
        Raw::Sqlite(url) => {
            let mut c = sqlx::SqliteConnection::connect(url).await.expect("sqlite");
            read_dump!(c)
        }
        Raw::Postgres { url, schema } => {
            let mut c = sqlx::PgConnection::connect(url).await.expect("postgres");
            sqlx::query("SELECT set_config('search_path', $1, false)")
                .bind(schema)
                .execute(&mut c)
                .await
                .expect("search path");
            read_dump!(c)
        }
    }
}

/// Every string in `text` shaped like a link token (43 base64url characters).
fn token_candidates(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| SecretToken::decode(w).is_some())
        .map(str::to_owned)
        .collect()
}

/// The token of the portal link in a delivered message's text.
fn delivered_token(text: &str) -> String {
    let at = text.find("/portal/login/").expect("a portal link") + "/portal/login/".len();
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn no_usable_link_at_rest(store: Arc<dyn Store>, raw: Raw) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f
        .crm
        .create_client(&ctx, &client_input("Alpha"))
        .await
        .expect("client");
    for _ in 0..2 {
        let inv = f
            .crm
            .create_invoice(&ctx, &invoice_input(client.id, "10"))
            .await
            .expect("invoice");
        f.crm.send_invoice(&ctx, inv.id).await.expect("send");
    }
    f.crm
        .request_login_link(&ctx, "kontakt@alpha.example.com")
        .await
        .expect("login link");

    // SMTP is down: every attempt fails and is retried later.
    let port = support::free_port();
    let down = format!("smtp://127.0.0.1:{port}?tls=none");
    let worker = support::worker(f.store().clone(), &down, f.clock.clone());
    let pass = worker.run_once().await.expect("pass");
    assert_eq!((pass.claimed, pass.retried, pass.sent), (3, 3, 0));

    let at_rest = dump(&raw).await;
    assert_eq!(at_rest.texts.len(), 3);
    for text in &at_rest.texts {
        assert!(text.contains(LINK_TOKEN_PLACEHOLDER), "{text}");
        for candidate in token_candidates(text) {
            assert!(
                f.crm.inspect_link(&candidate).await.is_err(),
                "a usable link in the outbox: {candidate}"
            );
        }
    }
    assert!(at_rest.links >= 3, "the failed attempts minted links");
    assert_eq!(at_rest.live_links, 0, "and they were revoked");

    // The server comes up: the mail goes out with links that work.
    let sink = Sink::start_on(port, support::temp_dir(), false);
    f.clock.advance(Duration::seconds(20));
    assert_eq!(worker.drain().await.expect("drain").sent, 3);
    let raw_mail = sink.wait_for(3);
    assert_eq!(raw_mail.len(), 3);
    let mut purposes = Vec::new();
    for m in &raw_mail {
        let parsed = MessageParser::default().parse(m).expect("parse");
        let token = delivered_token(&parsed.body_text(0).expect("text"));
        assert!(
            parsed.body_html(0).expect("html").contains(&token),
            "the HTML part carries the same link"
        );
        let info = f.crm.inspect_link(&token).await.expect("a working link");
        let sign_in = f
            .crm
            .redeem_link(&token, info.purpose == LinkPurpose::Login)
            .await
            .expect("redeemable");
        assert_eq!(sign_in.session.client_id, client.id);
        purposes.push(info.purpose);
    }
    purposes.sort_by_key(|p| p.as_str());
    assert_eq!(
        purposes,
        [
            LinkPurpose::Document,
            LinkPurpose::Document,
            LinkPurpose::Login
        ]
    );
    let after = dump(&raw).await;
    for text in &after.texts {
        assert!(token_candidates(text).is_empty(), "{text}");
    }
    let rows = f.store().outbox(ctx.company, 10).await.expect("outbox");
    assert!(rows.iter().all(|r| r.status == OutboxStatus::Sent));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_dump_holds_no_usable_link_while_smtp_is_down() {
    if !support::smtp_available() {
        return;
    }
    let (store, url) = support::sqlite_at().await;
    no_usable_link_at_rest(store, Raw::Sqlite(url)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_dump_holds_no_usable_link_while_smtp_is_down() {
    if !support::smtp_available() {
        return;
    }
    let Some((store, url, schema)) = support::postgres_at().await else {
        return;
    };
    no_usable_link_at_rest(store, Raw::Postgres { url, schema }).await;
}
