//! A fresh admin app per test: a temporary SQLite file, a company with a staff user, the
//! router mounted at `/admin`, and a tiny browser (cookies, CSRF tokens, Origin header) over
//! `oneshot`.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use crm_core::domain::{Actor, AddressInput, ClientInput, CompanyId, ContactInput, LineItemInput};
use crm_core::service::{CompanyInput, Crm, CrmConfig, InvoiceInput};
use crm_core::{Ctx, domain::Client};
use crm_storage_sqlx::{OpenOptions, SqliteStore};
use crm_web_axum::{AdminOptions, WebConfig, WebState, admin_router_with};
use http_body_util::BodyExt;
use rust_decimal::Decimal;
use tower::ServiceExt;

pub const BASE: &str = "http://127.0.0.1:9";
pub const EMAIL: &str = "erika@muster.example";
pub const PASSWORD: &str = "correct horse battery";

/// A temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let p = std::env::temp_dir().join(format!("crm-admin-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct TestApp {
    pub crm: Crm,
    pub router: Router,
    pub staff: Ctx,
    pub company: CompanyId,
    pub dir: TempDir,
    pub state: WebState,
}

pub fn company_input(name: &str, locale: &str) -> CompanyInput {
    CompanyInput {
        name: name.into(),
        email: "info@muster.example".into(),
        address: AddressInput {
            street: "Hauptstraße 1".into(),
            city: "Berlin".into(),
            state: None,
            postal_code: "10115".into(),
            country: "DE".into(),
        },
        tax_id: Some("DE136695976".into()),
        currency: "EUR".into(),
        locale: locale.into(),
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with(AdminOptions::default(), "en").await
    }

    pub async fn with(options: AdminOptions, locale: &str) -> Self {
        Self::build(options, locale, None).await
    }

    /// An app whose service reads the time from `clock` (to have invoices fall due).
    pub async fn with_clock(
        options: AdminOptions,
        locale: &str,
        clock: Arc<crm_core::ports::ManualClock>,
    ) -> Self {
        Self::build(options, locale, Some(clock)).await
    }

    async fn build(
        options: AdminOptions,
        locale: &str,
        clock: Option<Arc<crm_core::ports::ManualClock>>,
    ) -> Self {
        let dir = TempDir::new();
        let url = format!("sqlite://{}/crm.db", dir.0.display());
        let store = SqliteStore::open(&url, &OpenOptions::default())
            .await
            .expect("open sqlite");
        let crm = Crm::new(
            Arc::new(store),
            CrmConfig {
                base_url: BASE.into(),
                ..CrmConfig::default()
            },
        );
        let crm = match clock {
            Some(clock) => crm.with_clock(clock),
            None => crm,
        };
        let company = crm
            .create_company(&company_input("Muster GmbH", locale))
            .await
            .unwrap();
        let staff = Ctx::new(company.id, Actor::staff("Setup"));
        crm.create_staff(&staff, EMAIL, "Erika Muster", PASSWORD)
            .await
            .unwrap();
        let mut config = WebConfig::new(BASE);
        config.secure_cookies = false;
        let state = WebState::new(crm.clone(), config).unwrap();
        let router = Router::new().nest("/admin", admin_router_with(state.clone(), options));
        Self {
            crm,
            router,
            staff,
            company: company.id,
            dir,
            state,
        }
    }

    pub fn browser(&self) -> Browser {
        Browser {
            router: self.router.clone(),
            cookies: HashMap::new(),
            csrf: String::new(),
        }
    }

    /// A signed-in browser.
    pub async fn signed_in(&self) -> Browser {
        let mut b = self.browser();
        let r = b.login(EMAIL, PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        b
    }

    pub async fn client(&self, name: &str) -> Client {
        self.crm
            .create_client(&self.staff, &client_input(name, "DE123456788"))
            .await
            .unwrap()
    }

    pub async fn invoice(&self, client: &Client, price: &str) -> crm_core::domain::Invoice {
        self.crm
            .create_invoice(
                &self.staff,
                &InvoiceInput {
                    client_id: client.id,
                    items: vec![LineItemInput {
                        description: "Beratung".into(),
                        quantity: Decimal::ONE,
                        unit_price: price.parse().unwrap(),
                        tax_rate: "19".parse().unwrap(),
                        discount: Decimal::ZERO,
                        ..Default::default()
                    }],
                    ..InvoiceInput::default()
                },
            )
            .await
            .unwrap()
    }
}

pub fn client_input(name: &str, vat: &str) -> ClientInput {
    ClientInput {
        name: name.into(),
        number: None,
        contacts: vec![ContactInput {
            id: None,
            name: "Max Kunde".into(),
            email: format!("max@{}.example", name.to_lowercase().replace(' ', "")),
            phone: None,
            primary: true,
            mail_role: None,
        }],
        address: AddressInput {
            street: "Marktplatz 5".into(),
            city: "München".into(),
            state: None,
            postal_code: "80331".into(),
            country: "DE".into(),
        },
        tax_id: (!vat.is_empty()).then(|| vat.into()),
        currency: Some("EUR".into()),
        locale: Some("de".into()),
        notes: None,
        ..Default::default()
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    pub fn assert_ok(&self) -> &Self {
        assert_eq!(self.status, StatusCode::OK, "{}", self.body);
        self
    }
}

/// Cookies, the last CSRF token seen, and requests with our Origin.
pub struct Browser {
    pub router: Router,
    pub cookies: HashMap<String, String>,
    pub csrf: String,
}

/// The value of `name="csrf" value="…"` in a page.
pub fn csrf_of(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let rest = &html[i..];
    Some(rest[..rest.find('"')?].to_owned())
}

impl Browser {
    pub async fn send(&mut self, req: Request<Body>) -> Page {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap();
            let pair = v.split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            if v.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
        }
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(t) = csrf_of(&body) {
            self.csrf = t;
        }
        Page {
            status,
            headers,
            body,
            bytes,
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let req = Request::get(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// A POST from our own origin with the current CSRF token (unless the form has one).
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let mut pairs: Vec<(String, String)> = form
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        if !form.iter().any(|(k, _)| *k == "csrf") {
            pairs.push(("csrf".into(), self.csrf.clone()));
        }
        self.post_raw(path, &pairs, Some(BASE)).await
    }

    pub async fn post_raw(
        &mut self,
        path: &str,
        pairs: &[(String, String)],
        origin: Option<&str>,
    ) -> Page {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let mut req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Page {
        self.get("/admin/login").await.assert_ok();
        self.post("/admin/login", &[("email", email), ("password", password)])
            .await
    }
}
