//! Shared by the portal test binaries: a portal over a fresh SQLite file, sign-in helpers and
//! a one-shot request helper.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use crm_core::domain::{Client, Company, OutboxEmail};
use crm_core::ports::PaymentGateway;
use crm_core::service::{Ctx, PortalCtx};
use crm_core::testing::Fixture;
use crm_storage_sqlx::{OpenOptions, SqliteStore};
use crm_web_axum::{WebConfig, WebState, portal_router};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let p = std::env::temp_dir().join(format!("crm-web-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&p).expect("temp dir");
        Self(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct App {
    pub f: Fixture,
    pub company: Company,
    pub ctx: Ctx,
    pub state: WebState,
    pub router: Router,
    pub _dir: TempDir,
}

pub const BASE: &str = "https://crm.example";

/// A portal at `https://crm.example/portal` over a fresh SQLite file, company "Muster GmbH".
pub async fn app(gateway: Option<Arc<dyn PaymentGateway>>) -> App {
    app_with(gateway, |_| {}).await
}

pub async fn app_with(
    gateway: Option<Arc<dyn PaymentGateway>>,
    tune: impl FnOnce(&mut WebConfig),
) -> App {
    let dir = TempDir::new();
    let url = format!("sqlite://{}/crm.db", dir.0.display());
    let store = SqliteStore::open(&url, &OpenOptions::default())
        .await
        .expect("sqlite");
    let f = Fixture::new(Arc::new(store));
    let (company, ctx) = f.company("Muster GmbH").await;
    let mut config = WebConfig::new(BASE);
    config.portal_company = Some(company.id);
    tune(&mut config);
    let mut state = WebState::new(f.crm.clone(), config).expect("state");
    if let Some(g) = gateway {
        state = state.with_gateway(g);
    }
    let router = Router::new().nest("/portal", portal_router(state.clone()));
    App {
        f,
        company,
        ctx,
        state,
        router,
        _dir: dir,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().expect("ascii").to_owned())
            .unwrap_or_default()
    }
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().expect("ascii").to_owned())
            .collect()
    }
    /// `name=value` of a set cookie (for a Cookie header).
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies()
            .into_iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(|c| c.split(';').next().expect("pair").to_owned())
            .filter(|c| !c.ends_with('='))
    }
}

/// One request through the router (in process).
pub async fn send(
    router: &Router,
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    form: Option<&str>,
    origin: Option<&str>,
) -> Reply {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    if let Some(o) = origin {
        b = b.header(header::ORIGIN, o);
    }
    let body = match form {
        Some(f) => {
            b = b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(f.to_owned())
        }
        None => Body::empty(),
    };
    let response = router
        .clone()
        .oneshot(b.body(body).expect("request"))
        .await
        .expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn get(router: &Router, uri: &str, cookie: Option<&str>) -> Reply {
    send(router, "GET", uri, cookie, None, None).await
}

pub async fn post(router: &Router, uri: &str, cookie: Option<&str>, form: &str) -> Reply {
    send(router, "POST", uri, cookie, Some(form), Some(BASE)).await
}

/// The path part of a portal URL from an email (`https://crm.example/portal/login/…`).
pub fn path_of(url: &str) -> String {
    url.strip_prefix(BASE).unwrap_or(url).to_owned()
}

/// Signs the primary contact of `client` in through a fresh document link; the session
/// cookie (`name=value`).
pub async fn sign_in(app: &App, client: &Client) -> String {
    let cookie = sign_in_by_document_link(app, client).await;
    let csrf = csrf(app, &cookie).await;
    let r = post(
        &app.router,
        "/portal/session/confirm",
        Some(&cookie),
        &format!("csrf={csrf}&next=/portal"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    cookie
}

/// A session opened by a bare GET of a document link (read and pay only until confirmed).
pub async fn sign_in_by_document_link(app: &App, client: &Client) -> String {
    let url = app
        .f
        .crm
        .issue_portal_link(&app.ctx, client.id, None, false)
        .await
        .expect("link");
    let r = get(&app.router, &path_of(&url), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.cookie("__Host-crm_portal").expect("session cookie")
}

/// The CSRF token in a page's forms.
pub fn csrf_in(html: &str) -> String {
    let i = html.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    html[i..i + 64].to_owned()
}

/// The CSRF token of a signed-in session (read from the statement page).
pub async fn csrf(app: &App, cookie: &str) -> String {
    let r = get(&app.router, "/portal", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    csrf_in(&r.text())
}

pub fn portal_ctx(client: &Client) -> PortalCtx {
    PortalCtx {
        company: client.company_id,
        client: client.id,
        contact: client.primary_contact().expect("primary").id,
        confirmed: true,
    }
}

/// Queued emails of the company, newest first.
pub async fn outbox(app: &App) -> Vec<OutboxEmail> {
    app.f
        .store()
        .outbox(app.company.id, 100)
        .await
        .expect("outbox")
}

/// The first portal link in a queued email's text as it is sent (the link is minted then).
pub async fn link_in(app: &App, email: &OutboxEmail) -> String {
    let email = app.f.deliver(email).await;
    let i = email
        .text_body
        .find("https://crm.example/portal/login/")
        .expect("link");
    email.text_body[i..]
        .split(|c: char| c.is_whitespace() || c == '>' || c == '"')
        .next()
        .expect("url")
        .to_owned()
}
