//! The admin UI in a real browser: headless Chromium driven by chromedriver (fantoccini)
//! against the router served on a loopback port over a real SQLite file.
//!
//! Log in, create a client with a VAT ID, create and send an invoice, record a partial
//! payment, and see the 360° view's figures and chart change. Screenshots of each page go to
//! `$CARGO_TARGET_DIR/screenshots/admin-*.png` (the dashboard also to
//! `docs/screenshots/dashboard.png` when `CRM_UPDATE_SCREENSHOTS` is set).
//!
//! Without `/usr/bin/chromium` and `/usr/bin/chromedriver` (override with `CRM_CHROMIUM`,
//! `CRM_CHROMEDRIVER`) the test says so loudly and passes — unless `CRM_REQUIRE_ALL` is set,
//! which makes it fail.

// Test helpers unwrap freely: a failure is a failing test (clippy.toml allows it in
// #[test] functions only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::admin::support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use crm_core::Ctx;
use crm_core::domain::Actor;
use crm_core::service::{Crm, CrmConfig};
use crm_storage_sqlx::{OpenOptions, SqliteStore};
use crm_web_axum::{AdminOptions, WebConfig, WebState, admin_router_with};
use fantoccini::{Client, ClientBuilder, Locator};
use support::{EMAIL, PASSWORD, TempDir, company_input};

fn required() -> bool {
    std::env::var("CRM_REQUIRE_ALL").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn skip_or_fail(why: &str) {
    if required() {
        panic!("the browser test is required (CRM_REQUIRE_ALL) but {why}");
    }
    eprintln!(
        "\n*** SKIPPING the admin browser test: {why}\n*** Install Debian's `chromium` and `chromium-driver`; CRM_REQUIRE_ALL=1 makes this a failure.\n"
    );
}

/// chromedriver, ended when dropped.
pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) async fn start_driver(path: &str) -> Option<(Driver, u16)> {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let driver = Driver(child);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Some((driver, port));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

pub(crate) fn screenshots_dir() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(
        |_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, name: &str) -> PathBuf {
    let png = c.screenshot().await.unwrap();
    let path = screenshots_dir().join(format!("admin-{name}.png"));
    std::fs::write(&path, png).unwrap();
    path
}

async fn text(c: &Client, css: &str) -> String {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

async fn fill(c: &Client, css: &str, value: &str) {
    let e = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    e.clear().await.unwrap();
    e.send_keys(value).await.unwrap();
}

/// Clicks a link or submit button and waits until the next page has replaced this one (so
/// no later lookup finds an element of the old page).
async fn click(c: &Client, css: &str) {
    let old = c.find(Locator::Css("html")).await.unwrap();
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
    for _ in 0..200 {
        if old.tag_name().await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("clicking {css} did not lead to a new page");
}

/// Clicks a control that stays on the page (a checkbox).
async fn tick(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Heights of the chart's bars of one class.
async fn bar_heights(c: &Client, class: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for e in c
        .find_all(Locator::Css(&format!("#chart rect.{class}")))
        .await
        .unwrap()
    {
        out.push(e.attr("height").await.unwrap().unwrap().parse().unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_bill_a_client_and_see_the_dashboard_change() {
    let chromium = std::env::var("CRM_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let chromedriver =
        std::env::var("CRM_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    if !Path::new(&chromium).exists() || !Path::new(&chromedriver).exists() {
        return skip_or_fail(&format!("{chromium} or {chromedriver} is missing"));
    }

    // The app on a loopback port, its base URL the real origin (the POST origin check).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let dir = TempDir::new();
    let store = SqliteStore::open(
        &format!("sqlite://{}/crm.db", dir.0.display()),
        &OpenOptions::default(),
    )
    .await
    .unwrap();
    let crm = Crm::new(
        Arc::new(store),
        CrmConfig {
            base_url: base.clone(),
            ..CrmConfig::default()
        },
    );
    let company = crm
        .create_company(&company_input("Muster GmbH", "de"))
        .await
        .unwrap();
    crm.create_staff(
        &Ctx::new(company.id, Actor::staff("Setup")),
        EMAIL,
        "Erika Muster",
        PASSWORD,
    )
    .await
    .unwrap();
    let state = WebState::new(crm.clone(), WebConfig::new(&base)).unwrap();
    let app = Router::new().nest("/admin", admin_router_with(state, AdminOptions::default()));
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });

    let Some((_driver, port)) = start_driver(&chromedriver).await else {
        server.abort();
        return skip_or_fail(&format!("{chromedriver} did not start"));
    };
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400", "--lang=de-DE"],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let c = match ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
    {
        Ok(c) => c,
        Err(e) => {
            server.abort();
            return skip_or_fail(&format!("no browser session: {e}"));
        }
    };
    let result = run(&c, &base).await;
    let _ = c.close().await;
    server.abort();
    result.unwrap();
}

async fn run(c: &Client, base: &str) -> Result<(), String> {
    // Sign in (a signed-out page leads to the sign-in form).
    c.goto(&format!("{base}/admin/clients"))
        .await
        .map_err(|e| e.to_string())?;
    fill(c, "#email", EMAIL).await;
    fill(c, "#password", PASSWORD).await;
    shot(c, "login").await;
    click(c, "#login").await;
    text(c, "#new-client").await;
    shot(c, "clients-empty").await;

    // A client with a VAT ID; first a wrong one, to see the inline message.
    click(c, "#new-client").await;
    text(c, "#save").await;
    fill(c, "[name='name']", "Nordlicht GmbH").await;
    fill(c, "[name='address.street']", "Hafenstraße 3").await;
    fill(c, "[name='address.postal_code']", "20457").await;
    fill(c, "[name='address.city']", "Hamburg").await;
    fill(c, "[name='tax_id']", "DE123456789").await;
    fill(c, "[name='contacts[0].name']", "Jana Nord").await;
    fill(c, "[name='contacts[0].email']", "jana@nordlicht.example").await;
    click(c, "#save").await;
    let msg = text(c, "[id='e-tax_id']").await;
    assert!(!msg.is_empty());
    shot(c, "client-form-error").await;
    fill(c, "[name='tax_id']", "DE123456788").await;
    click(c, "#save").await;
    assert_eq!(text(c, "#client-vat").await, "DE123456788");
    let invoiced_before = text(c, "#total-invoiced").await;
    let paid_bars_before = bar_heights(c, "bar-paid").await;
    let invoiced_bars_before = bar_heights(c, "bar-invoiced").await;
    assert_eq!(invoiced_bars_before.len(), 12);
    assert!(invoiced_bars_before.iter().all(|h| *h == 0.0));
    shot(c, "client-new").await;

    // An invoice with two lines, sent by email.
    click(c, "#new-invoice").await;
    text(c, "#save").await;
    fill(c, "[name='items[0].description']", "Beratung").await;
    fill(c, "[name='items[0].quantity']", "8").await;
    fill(c, "[name='items[0].unit_price']", "120,00").await;
    fill(c, "[name='items[0].tax_rate']", "19").await;
    fill(c, "[name='items[1].description']", "Reisekosten").await;
    fill(c, "[name='items[1].unit_price']", "40").await;
    fill(c, "[name='items[1].tax_rate']", "19").await;
    shot(c, "invoice-new").await;
    click(c, "#save").await;
    let total = text(c, "#doc-total").await;
    assert!(total.contains("1.190,00"), "{total}");
    click(c, "#send").await;
    text(c, "#flash").await;
    let status = text(c, "#doc-status").await;
    assert_eq!(status, "Offen", "sent");
    shot(c, "invoice-sent").await;

    // A partial payment.
    fill(c, "#f-amount", "500,00").await;
    click(c, "#record-payment").await;
    text(c, "#flash").await;
    assert!(text(c, "#doc-balance").await.contains("690,00"));
    assert_eq!(text(c, "#doc-status").await, "Teilweise bezahlt");
    shot(c, "invoice-partial").await;

    // The 360° view changed: figures and chart.
    let back = c
        .find(Locator::Css(".crumb a"))
        .await
        .map_err(|e| e.to_string())?;
    back.click().await.map_err(|e| e.to_string())?;
    let invoiced = text(c, "#total-invoiced").await;
    assert_ne!(invoiced, invoiced_before);
    assert!(invoiced.contains("1.190,00"), "{invoiced}");
    assert!(text(c, "#total-paid").await.contains("500,00"));
    assert!(text(c, "#outstanding").await.contains("690,00"));
    let invoiced_bars = bar_heights(c, "bar-invoiced").await;
    let paid_bars = bar_heights(c, "bar-paid").await;
    assert!(
        invoiced_bars[11] > 0.0 && paid_bars[11] > 0.0,
        "{invoiced_bars:?} {paid_bars:?}"
    );
    assert!(invoiced_bars[11] > paid_bars[11]);
    assert_ne!(paid_bars, paid_bars_before);
    let title = text(c, "#standing-level").await;
    assert!(!title.is_empty());
    let dashboard = shot(c, "dashboard").await;
    // The README's screenshot is refreshed on request only, so test runs leave the tree clean.
    if std::env::var_os("CRM_UPDATE_SCREENSHOTS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
        std::fs::create_dir_all(&docs).map_err(|e| e.to_string())?;
        std::fs::copy(&dashboard, docs.join("dashboard.png")).map_err(|e| e.to_string())?;
    }

    // The dunning tab: stop reminders with a reason, see the block, lift it; then the
    // client's own levels, kept ticked.
    click(c, "#tab-dunning").await;
    text(c, "#set-block").await;
    shot(c, "client-dunning").await;
    click(c, "#set-block").await;
    assert!(
        !text(c, "#e-reason").await.is_empty(),
        "a reason is required"
    );
    fill(c, "[name='reason']", "Reklamation zur Lieferung").await;
    click(c, "#set-block").await;
    text(c, "#flash").await;
    assert!(
        text(c, "#block-active")
            .await
            .contains("Reklamation zur Lieferung")
    );
    shot(c, "client-dunning-blocked").await;
    click(c, "#lift-block").await;
    text(c, "#flash").await;
    assert!(c.find(Locator::Css("#block-active")).await.is_err());
    tick(c, "#f-own").await;
    fill(c, "[name='levels[0].days']", "3").await;
    click(c, "#save-levels").await;
    text(c, "#flash").await;
    let own = c
        .find(Locator::Css("#f-own"))
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(
        own.prop("checked").await.map_err(|e| e.to_string())?,
        Some("true".into())
    );
    let days = c
        .find(Locator::Css("[name='levels[0].days']"))
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(
        days.prop("value").await.map_err(|e| e.to_string())?,
        Some("3".into())
    );

    // The other screens, for the record.
    for (tab, name) in [
        ("invoices", "client-invoices"),
        ("activity", "client-activity"),
        ("templates", "client-templates"),
    ] {
        click(c, &format!("#tab-{tab}")).await;
        text(c, "h1").await;
        shot(c, name).await;
    }
    click(c, "#preview").await;
    text(c, "#preview-subject").await;
    shot(c, "client-template-preview").await;
    for (path, name) in [
        ("tickets", "tickets"),
        ("dunning", "dunning"),
        ("settings/dunning", "dunning-settings"),
        ("settings", "settings"),
        ("clients", "clients"),
    ] {
        c.goto(&format!("{base}/admin/{path}"))
            .await
            .map_err(|e| e.to_string())?;
        text(c, "h1").await;
        shot(c, name).await;
    }
    Ok(())
}
