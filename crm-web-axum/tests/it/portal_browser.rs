//! The portal in a real browser: headless Chromium driven over WebDriver (Debian's
//! `chromedriver`), the router served on a random loopback port over a SQLite file.
//!
//! Scenarios of issue 7: the magic link of an invoice email signs in and the statement shows
//! the right figures; "email me a new link" → the emailed single-use link → "Continue" →
//! signed in; three invoices selected → a ZIP of exactly those three valid PDFs; pay now →
//! Stripe stand-in → signed webhook → statement shows paid; a ticket → staff reply → email
//! queued → reply in the portal. Screenshots of every page land in
//! `$CARGO_TARGET_DIR/screenshots/portal-*.png`.

use crate::{standin, support};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use chrono::{TimeZone, Utc};
use crm_core::domain::{Actor, TemplateKind};
use crm_core::ports::{Clock, ManualClock};
use crm_core::service::{CompanyInput, Ctx};
use crm_core::testing::conformance::{address, client_input, invoice_input};
use crm_core::{Crm, CrmConfig};
use crm_pay_stripe::{Secret, StripeConfig, StripeGateway, handle_webhook, signature};
use crm_storage_sqlx::{OpenOptions, SqliteStore};
use crm_web_axum::{WebConfig, WebState, portal_router};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

fn required() -> bool {
    std::env::var("CRM_REQUIRE_ALL").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// chromedriver on a free port; killed on drop.
struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn driver() -> Option<Driver> {
    let (bin, browser) = ("/usr/bin/chromedriver", "/usr/bin/chromium");
    if !std::path::Path::new(bin).exists() || !std::path::Path::new(browser).exists() {
        assert!(
            !required(),
            "CRM_REQUIRE_ALL=1 but {bin} or {browser} is missing"
        );
        eprintln!(
            "\n*** SKIPPING browser tests: {bin} or {browser} missing (apt install chromium chromium-driver)\n"
        );
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    // `Driver`'s Drop kills and reaps the process; the panic path below exits the test anyway.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Some(Driver(child, port));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

async fn browser(d: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1100", "--lang=de-DE"],
            "prefs": { "intl.accept_languages": "de-DE,de" }
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", d.1))
        .await
        .expect("WebDriver session")
}

fn shots_dir() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

async fn shot(c: &Client, name: &str) -> PathBuf {
    let png = c.screenshot().await.expect("screenshot");
    let path = shots_dir().join(format!("portal-{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
    path
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("text")
}

async fn body(c: &Client) -> String {
    match c.find(Locator::Css("body")).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits (up to 10 s) until the page's text contains `needle` — clicks return before the
/// next page has loaded.
async fn wait_text(c: &Client, needle: &str) {
    for _ in 0..200 {
        if body(c).await.contains(needle) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "page never showed {needle:?} at {}: {}",
        c.current_url().await.expect("url"),
        body(c).await
    );
}

/// Waits until the address satisfies `ok`.
async fn wait_url(c: &Client, ok: impl Fn(&str) -> bool) -> String {
    for _ in 0..200 {
        let u = c.current_url().await.expect("url").to_string();
        if ok(&u) {
            return u;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "address never matched: {}",
        c.current_url().await.expect("url")
    );
}

struct World {
    crm: Crm,
    clock: Arc<ManualClock>,
    ctx: Ctx,
    base: String,
    gateway: Arc<StripeGateway>,
    standin: standin::StandIn,
    _dir: support::TempDir,
}

async fn world() -> World {
    let dir = support::TempDir::new();
    let store = SqliteStore::open(
        &format!("sqlite://{}/crm.db", dir.0.display()),
        &OpenOptions::default(),
    )
    .await
    .expect("sqlite");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}");
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap(),
    ));
    let crm = Crm::new(
        Arc::new(store),
        CrmConfig {
            base_url: base.clone(),
            ..CrmConfig::default()
        },
    )
    .with_clock(clock.clone());
    let company = crm
        .create_company(&CompanyInput {
            name: "Muster GmbH".into(),
            email: "info@muster.example.com".into(),
            address: address("DE", "10115"),
            tax_id: Some("DE136695976".into()),
            currency: "EUR".into(),
            locale: "de-DE".into(),
        })
        .await
        .expect("company");
    let ctx = Ctx::new(company.id, Actor::staff("Erika Muster"));
    let standin = standin::StandIn::start().await;
    let gateway = Arc::new(
        StripeGateway::new(
            StripeConfig {
                secret_key: Secret::new("sk_test_51Standin"),
                webhook_secrets: vec![Secret::new("whsec_current")],
                api_base: Some(standin.base.clone()),
                tolerance: Duration::from_secs(300),
            },
            clock.clone(),
        )
        .expect("gateway"),
    );
    let mut config = WebConfig::new(&base);
    config.portal_company = Some(company.id);
    config.checkout_origins = vec![standin.base.trim_end_matches('/').to_owned()];
    let state = WebState::new(crm.clone(), config)
        .expect("state")
        .with_gateway(gateway.clone());
    let app = Router::new().nest("/portal", portal_router(state));
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    World {
        crm,
        clock,
        ctx,
        base,
        gateway,
        standin,
        _dir: dir,
    }
}

/// The newest queued email of `kind` and the portal link in it.
async fn latest_link(w: &World, kind: TemplateKind) -> String {
    let mails = w
        .crm
        .store()
        .outbox(w.ctx.company, 100)
        .await
        .expect("outbox");
    let mail = mails
        .iter()
        .find(|m| m.kind == kind)
        .expect("email of kind");
    // The link is minted when the email is sent.
    let mail =
        &crm_core::testing::conformance::outbox::deliver_now(w.crm.store(), mail, w.clock.now())
            .await;
    let start = mail
        .text_body
        .find(&format!("{}/portal/login/", w.base))
        .expect("link in email");
    mail.text_body[start..]
        .split(|c: char| c.is_whitespace() || c == '>' || c == '"')
        .next()
        .expect("url")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_in_a_real_browser() {
    let Some(driver) = driver().await else { return };
    let w = world().await;
    // The company's logo shows in the portal header (loaded under the page's CSP).
    w.crm
        .set_logo(&w.ctx, crm_core::domain::logo::samples::png(240, 80))
        .await
        .expect("logo");
    let alpha = w
        .crm
        .create_client(&w.ctx, &client_input("Alpha"))
        .await
        .expect("client");
    let mut invoices = Vec::new();
    for net in ["100", "200", "300", "400", "500"] {
        let inv = w
            .crm
            .create_invoice(&w.ctx, &invoice_input(alpha.id, net))
            .await
            .expect("invoice");
        invoices.push(w.crm.send_invoice(&w.ctx, inv.id).await.expect("send"));
    }
    // 20 days later all five are 6 days overdue.
    w.clock.advance(chrono::Duration::days(20));
    let c = browser(&driver).await;

    // 1. The link in an invoice email: signed in, on that invoice; the statement is right.
    let link = latest_link(&w, TemplateKind::Invoice).await;
    c.goto(&link).await.expect("open link");
    let url = c.current_url().await.expect("url");
    assert!(url.path().starts_with("/portal/invoices/"), "{url}");
    assert!(
        !url.as_str().contains("/login/"),
        "the token is gone from the address bar"
    );
    shot(&c, "invoice").await;
    c.goto(&format!("{}/portal", w.base))
        .await
        .expect("statement");
    assert_eq!(text_of(&c, "#outstanding").await, "1.785,00 €");
    assert_eq!(text_of(&c, "#overdue").await, "1.785,00 €");
    assert!(body(&c).await.contains("Guten Tag, Kontakt Alpha"));
    let mut logo_width = serde_json::Value::Null;
    for _ in 0..50 {
        logo_width = c
            .execute(
                "const i = document.querySelector('img.brand-logo'); \
                 return i && i.complete ? i.naturalWidth : null;",
                vec![],
            )
            .await
            .expect("script");
        if !logo_width.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        logo_width,
        serde_json::json!(240),
        "the header's logo loaded"
    );
    let statement = shot(&c, "statement").await;
    // The README's screenshot is refreshed on request only, so test runs leave the tree clean.
    if std::env::var_os("CRM_UPDATE_SCREENSHOTS").is_some() {
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
        std::fs::create_dir_all(&docs).expect("docs dir");
        std::fs::copy(&statement, docs.join("portal.png")).expect("copy screenshot");
    }

    // Signed in by a bare GET of a document link: acting for the client needs a POST first.
    c.goto(&format!("{}/portal/tickets/new", w.base))
        .await
        .expect("new ticket");
    assert!(body(&c).await.contains("Ja, weiter als Alpha"));
    assert!(c.find(Locator::Id("subject")).await.is_err());
    shot(&c, "confirm-session").await;
    c.find(Locator::Id("confirm-session"))
        .await
        .expect("confirm")
        .click()
        .await
        .expect("click");
    c.wait()
        .for_element(Locator::Id("subject"))
        .await
        .expect("the form after confirming");

    // 2. Signed out; "email me a new link"; the single-use link; "Continue".
    c.find(Locator::Css("form.logout button"))
        .await
        .expect("logout")
        .click()
        .await
        .expect("click");
    wait_url(&c, |u| u.contains("/portal/login")).await;
    c.find(Locator::Id("email"))
        .await
        .expect("email")
        .send_keys("kontakt@alpha.example.com")
        .await
        .expect("type");
    shot(&c, "signin").await;
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    wait_text(&c, "Bitte prüfen Sie Ihr Postfach").await;
    shot(&c, "link-sent").await;
    let link = latest_link(&w, TemplateKind::PortalLogin).await;
    c.goto(&link).await.expect("single-use link");
    wait_text(&c, "Anmeldung bestätigen").await;
    shot(&c, "continue").await;
    c.find(Locator::Id("continue"))
        .await
        .expect("continue")
        .click()
        .await
        .expect("click");
    wait_url(&c, |u| u.ends_with("/portal")).await;
    wait_text(&c, "1.785,00 €").await;

    // 3. Three invoices selected → exactly those three PDFs in one ZIP.
    c.goto(&format!("{}/portal/invoices", w.base))
        .await
        .expect("invoices");
    let pick = [&invoices[0], &invoices[2], &invoices[4]];
    for inv in pick {
        c.find(Locator::Id(&format!("sel-{}", inv.id)))
            .await
            .expect("checkbox")
            .click()
            .await
            .expect("tick");
    }
    shot(&c, "invoices").await;
    let session = c
        .get_named_cookie("crm_portal")
        .await
        .expect("session cookie");
    let csrf = c
        .find(Locator::Css("#bundle input[name=csrf]"))
        .await
        .expect("csrf")
        .attr("value")
        .await
        .expect("attr")
        .expect("value");
    let mut form = format!("csrf={csrf}");
    for el in c
        .find_all(Locator::Css("#bundle input[name=ids]"))
        .await
        .expect("boxes")
    {
        if el.prop("checked").await.expect("prop").as_deref() == Some("true") {
            form.push_str(&format!(
                "&ids={}",
                el.attr("value").await.expect("attr").expect("value")
            ));
        }
    }
    let zip = fetch_zip(&w.base, &format!("crm_portal={}", session.value()), &form).await;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("zip");
    assert_eq!(archive.len(), 3);
    let dir = support::TempDir::new();
    let mut names = Vec::new();
    for i in 0..archive.len() {
        use std::io::Read;
        let mut f = archive.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut pdf = Vec::new();
        f.read_to_end(&mut pdf).expect("read");
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
        let path = dir.0.join(&name);
        std::fs::write(&path, &pdf).expect("write");
        check_pdf(&path);
        names.push(name);
    }
    names.sort();
    let want: Vec<String> = pick
        .iter()
        .map(|i| format!("Rechnung-{}.pdf", i.number.clone().expect("number")))
        .collect();
    assert_eq!(names, want);

    // 4. Pay now → the Stripe stand-in → a signed webhook → paid.
    let inv = &invoices[1];
    c.goto(&format!("{}/portal/invoices/{}", w.base, inv.id))
        .await
        .expect("invoice");
    wait_text(&c, "Jetzt bezahlen").await;
    c.find(Locator::Id("pay-now"))
        .await
        .expect("pay now")
        .click()
        .await
        .expect("click");
    wait_url(&c, |u| u.starts_with(&w.standin.base)).await;
    wait_text(&c, "stand-in").await;
    shot(&c, "checkout-standin").await;
    let event = json!({
        "id": "evt_browser_1", "object": "event", "api_version": "2025-10-29.clover",
        "created": w.clock.now().timestamp(), "livemode": false, "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null }, "type": "checkout.session.completed",
        "data": { "object": {
            "id": "cs_test_a1b2c3", "object": "checkout.session", "amount_subtotal": 23_800,
            "amount_total": 23_800, "client_reference_id": inv.id.to_string(), "currency": "eur",
            "livemode": false, "mode": "payment", "payment_intent": "pi_3Standin",
            "payment_status": "paid", "status": "complete",
            "metadata": { "company_id": w.ctx.company.to_string(), "client_id": alpha.id.to_string(), "invoice_id": inv.id.to_string() }
        }}
    })
    .to_string()
    .into_bytes();
    let header = signature::sign(&event, "whsec_current", w.clock.now().timestamp());
    let delivered = handle_webhook(&w.crm, w.gateway.as_ref(), false, &event, Some(&header)).await;
    assert_eq!(delivered.status, 200, "{}", delivered.message);
    c.find(Locator::Id("pay"))
        .await
        .expect("stand-in pay link")
        .click()
        .await
        .expect("click");
    wait_url(&c, |u| u.contains("/paid?")).await;
    wait_text(&c, "Vielen Dank").await;
    assert_eq!(text_of(&c, "#invoice-status").await, "Bezahlt");
    assert!(
        body(&c)
            .await
            .contains("Vielen Dank! Ihre Zahlung ist eingegangen.")
    );
    shot(&c, "paid").await;
    c.goto(&format!("{}/portal", w.base))
        .await
        .expect("statement");
    assert_eq!(text_of(&c, "#outstanding").await, "1.547,00 €");
    assert!(
        body(&c)
            .await
            .contains(inv.number.as_deref().expect("number"))
    );

    // 5. A ticket; staff reply → email queued; the reply in the portal; answer back.
    c.goto(&format!("{}/portal/tickets", w.base))
        .await
        .expect("tickets");
    c.find(Locator::Id("new-ticket"))
        .await
        .expect("new")
        .click()
        .await
        .expect("click");
    wait_url(&c, |u| u.ends_with("/tickets/new")).await;
    c.find(Locator::Id("subject"))
        .await
        .expect("subject")
        .send_keys("Frage zur Rechnung <RE-1>")
        .await
        .expect("type");
    c.find(Locator::Id("body"))
        .await
        .expect("body")
        .send_keys("Können Sie mir eine Kopie schicken?")
        .await
        .expect("type");
    shot(&c, "ticket-new").await;
    c.find(Locator::Id("send"))
        .await
        .expect("send")
        .click()
        .await
        .expect("click");
    wait_text(&c, "Ihre Antwort").await;
    let ticket_url = c.current_url().await.expect("url");
    let ticket_id: crm_core::domain::TicketId = ticket_url
        .path()
        .rsplit('/')
        .next()
        .expect("id")
        .parse()
        .expect("ticket id");
    w.crm
        .staff_reply_ticket(
            &w.ctx,
            ticket_id,
            "Erika Muster",
            "Gern, die Kopie ist unterwegs.",
        )
        .await
        .expect("staff reply");
    let reply_link = latest_link(&w, TemplateKind::TicketReply).await;
    assert!(reply_link.starts_with(&format!("{}/portal/login/", w.base)));
    c.goto(&reply_link)
        .await
        .expect("link from the reply email");
    wait_text(&c, "Gern, die Kopie").await;
    assert_eq!(
        c.current_url().await.expect("url").path(),
        ticket_url.path()
    );
    assert!(body(&c).await.contains("Gern, die Kopie ist unterwegs."));
    c.find(Locator::Id("reply"))
        .await
        .expect("reply")
        .send_keys("Danke!")
        .await
        .expect("type");
    c.find(Locator::Id("send-reply"))
        .await
        .expect("send")
        .click()
        .await
        .expect("click");
    wait_text(&c, "Danke!").await;
    assert!(
        body(&c).await.contains("Frage zur Rechnung <RE-1>"),
        "shown as text"
    );
    shot(&c, "ticket").await;
    c.goto(&format!("{}/portal/quotes", w.base))
        .await
        .expect("quotes");
    shot(&c, "quotes").await;
    c.close().await.expect("close browser");
}

/// POSTs the download form with the browser's session cookie; the ZIP's bytes.
async fn fetch_zip(base: &str, cookie: &str, form: &str) -> Vec<u8> {
    use http_body_util::BodyExt;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<axum::body::Body>();
    let request = axum::http::Request::post(format!("{base}/portal/invoices/download"))
        .header("cookie", cookie)
        .header("origin", base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(form.to_owned()))
        .expect("request");
    let response = client.request(request).await.expect("download");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}

/// `qpdf --check` when qpdf is installed (a loud skip otherwise, a failure with
/// `CRM_REQUIRE_ALL=1`).
fn check_pdf(path: &std::path::Path) {
    match Command::new("qpdf").arg("--check").arg(path).output() {
        Ok(out) => assert!(
            out.status.success(),
            "qpdf --check {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(e) => {
            assert!(!required(), "qpdf required: {e}");
            eprintln!("*** qpdf missing ({e}): PDFs checked by their header only");
        }
    }
}
