//! A seeded API over a real SQLite temp file: companies A and B, each with a staff user and a
//! token; A has a client with an issued invoice, a draft quote and a ticket.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use crm_core::domain::{Client, Invoice, Quote, Ticket};
use crm_core::ports::Store;
use crm_core::service::{Crm, Ctx, PortalCtx};
use crm_core::testing::Fixture;
use crm_core::testing::conformance::invoice_input;
use crm_web_axum::api::{ApiState, api_router};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub crm: Crm,
    pub store: Arc<dyn Store>,
    pub a: Ctx,
    pub b: Ctx,
    pub token_a: String,
    pub token_b: String,
    pub client: Client,
    pub invoice: Invoice,
    pub quote: Quote,
    pub ticket: Ticket,
    pub dir: std::path::PathBuf,
    /// The service's clock (2026-11-27 10:00 UTC until moved).
    pub clock: Arc<crm_core::ports::ManualClock>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn app() -> TestApp {
    let dir = std::env::temp_dir().join(format!("crm-api-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/crm.db", dir.display());
    let store = crm_storage_sqlx::open(&url, &Default::default())
        .await
        .unwrap();
    let f = Fixture::new(store.clone());
    let (_, a) = f.company("A GmbH").await;
    let (_, b) = f.company("B GmbH").await;
    let crm = f.crm.clone();
    let ua = crm
        .create_staff(&a, "alice@a.example.com", "Alice", "alice's password")
        .await
        .unwrap();
    let ub = crm
        .create_staff(&b, "bob@b.example.com", "Bob", "bob's long password")
        .await
        .unwrap();
    let token_a = crm
        .create_api_token(&a, ua.id, "tests", None)
        .await
        .unwrap();
    let token_b = crm
        .create_api_token(&b, ub.id, "tests", None)
        .await
        .unwrap();
    let client = f.client(&a, "Beispiel AG").await;
    let invoice = f.issued_invoice(&a, &client, "100.00").await;
    let quote = crm
        .create_quote(
            &a,
            &crm_core::service::QuoteInput {
                client_id: client.id,
                items: invoice_input(client.id, "50.00").items,
                valid_until: None,
                notes: None,
            },
        )
        .await
        .unwrap();
    let contact = client.primary_contact().unwrap().id;
    let ticket = crm
        .open_ticket(
            &PortalCtx {
                company: a.company,
                client: client.id,
                contact,
                confirmed: true,
            },
            "Frage zur Rechnung",
            "Wann ist sie fällig?",
        )
        .await
        .unwrap();
    let router = api_router(ApiState::new(crm.clone()).unwrap());
    TestApp {
        router,
        crm,
        store,
        a,
        b,
        token_a,
        token_b,
        client,
        invoice,
        quote,
        ticket,
        dir,
        clock: f.clock.clone(),
    }
}

pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The field names of a problem's `errors`.
    pub fn fields(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl TestApp {
    pub async fn raw(&self, req: Request<Body>) -> Res {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Res {
            status,
            headers,
            bytes,
        }
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Res {
        let mut req = Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(format!("/api/v1{path}"));
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                req = req.header("content-type", "application/json");
                Body::from(serde_json::to_vec(&v).unwrap())
            }
            None => Body::empty(),
        };
        self.raw(req.body(body).unwrap()).await
    }

    pub async fn a(&self, method: &str, path: &str, body: Option<Value>) -> Res {
        self.call(method, path, Some(&self.token_a.clone()), body)
            .await
    }

    /// A request body that is valid for the route.
    pub fn valid_body(&self, method: &str, path: &str) -> Option<Value> {
        let client = self.client.id.to_string();
        match (method, path) {
            ("post", "/clients") => Some(new_client("Neu GmbH", "neu@example.com")),
            ("patch", _) => Some(serde_json::json!({ "name": "Geändert AG" })),
            ("post", "/invoices") | ("post", "/quotes") => Some(serde_json::json!({
                "client_id": client,
                "items": [{ "description": "Beratung", "quantity": "2", "unit_price": "100.00", "tax_rate": "19" }]
            })),
            ("post", p) if p.ends_with("/refunds") => Some(serde_json::json!({ "amount": "1.00" })),
            ("post", p) if p.ends_with("/credits") => Some(serde_json::json!({
                "items": [{ "description": "Nachlass", "quantity": "1", "unit_price": "10.00", "tax_rate": "19" }]
            })),
            ("post", p) if p.ends_with("/payments") => {
                Some(serde_json::json!({ "amount": "10.00", "method": "bank_transfer" }))
            }
            ("post", p) if p.ends_with("/messages") => {
                Some(serde_json::json!({ "body": "Danke!" }))
            }
            ("post", p) if p.ends_with("/portal-link") => Some(serde_json::json!({})),
            ("put", "/invoices/{id}") => Some(serde_json::json!({
                "client_id": client,
                "items": [{ "description": "Beratung", "quantity": "2", "unit_price": "100.00", "tax_rate": "19" }]
            })),
            ("put", "/quotes/{id}") => Some(serde_json::json!({
                "client_id": client,
                "items": [{ "description": "Beratung", "quantity": "3", "unit_price": "100.00", "tax_rate": "19" }]
            })),
            ("put", "/company/legal") => Some(serde_json::json!({ "legal_form": "GmbH" })),
            ("put", "/clients/{id}/dunning-block") => Some(serde_json::json!({
                "reason": "Reklamation", "until": null
            })),
            ("put", "/clients/{id}/dunning-schedule") => Some(serde_json::json!({
                "levels": [
                    { "level": "reminder", "days": 3, "fee": "0", "charges_interest": false },
                    { "level": "final", "days": 10, "fee": "40.00", "charges_interest": true }
                ]
            })),
            ("put", "/company/dunning") => Some(serde_json::json!({
                "enabled": true,
                "levels": [
                    { "level": "reminder", "days": 7, "fee": "0", "charges_interest": false },
                    { "level": "first", "days": 14, "fee": "40.00", "charges_interest": true }
                ],
                "base_rates": null,
                "reminder_prefix": "MA-",
                "payment_days": 7
            })),
            ("put", "/company/mail-settings") => Some(serde_json::json!({
                "accounting_bcc": "belege@steuerbuero.example.com"
            })),
            ("put", "/company/bank-account") => {
                Some(serde_json::json!({ "iban": "DE89 3704 0044 0532 0130 00" }))
            }
            ("put", _) => Some(
                serde_json::json!({ "subject": "Rechnung {{invoice.number}}", "body": "Hallo {{contact.name}} {{portal_url}}" }),
            ),
            _ => None,
        }
    }

    /// The route's path with A's ids filled in.
    pub fn path_of(&self, path: &str) -> String {
        let id = if path.starts_with("/clients") {
            self.client.id.to_string()
        } else if path.starts_with("/invoices") {
            self.invoice.id.to_string()
        } else if path.starts_with("/quotes") {
            self.quote.id.to_string()
        } else {
            self.ticket.id.to_string()
        };
        path.replace("{id}", &id).replace("{kind}", "invoice")
    }
}

pub fn new_client(name: &str, email: &str) -> Value {
    serde_json::json!({
        "name": name,
        "contacts": [{ "name": "Erika Muster", "email": email, "primary": true }],
        "address": { "street": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115", "country": "DE" }
    })
}
