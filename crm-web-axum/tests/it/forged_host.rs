//! Links come only from the configured base URL, never from the request: every route that
//! builds a link or a redirect (portal sign-in, "email me a new link", Continue, pay now and
//! its return page, the admin's "send portal link", invoice, quote, receipt and ticket-reply
//! emails, the API's `portal-link` and sends) is called with a forged `Host`,
//! `X-Forwarded-Host`, `Forwarded` and an absolute request URI naming `evil.example` — also
//! with every peer a trusted proxy — and no response, no email (as the worker sends it) and no Stripe
//! Checkout request may name that host.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use crm_core::service::{PortalCtx, QuoteInput};
use crm_core::testing::conformance::invoice_input;
use crm_pay_stripe::{Secret, StripeConfig, StripeGateway};
use crm_web_axum::{AdminOptions, ApiState, admin_router_with, api_router, portal_router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::{standin, support};

const EVIL: &str = "evil.example";
const BASE: &str = support::BASE; // https://crm.example
const STAFF_EMAIL: &str = "erika@muster.example.com";
const STAFF_PASSWORD: &str = "correct horse battery";

/// A request as an attacker (or a proxy passing the client's headers on) would send it.
fn forged(method: &str, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(format!("https://{EVIL}{path}"))
        .header(header::HOST, EVIL)
        .header("x-forwarded-host", EVIL)
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-for", "203.0.113.7")
        .header("forwarded", format!("host={EVIL};proto=https"))
}

/// Cookies, the last CSRF token seen, and everything the server produced.
struct Browser {
    router: Router,
    cookies: HashMap<String, String>,
    csrf: String,
    /// `(what, text)`: every Location, Set-Cookie and (non-PDF) body received.
    seen: Vec<(String, String)>,
}

struct Got {
    status: StatusCode,
    location: String,
    body: String,
}

impl Browser {
    fn new(router: Router) -> Self {
        Self {
            router,
            cookies: HashMap::new(),
            csrf: String::new(),
            seen: Vec::new(),
        }
    }

    async fn send(&mut self, what: &str, req: Request<Body>) -> Got {
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().expect("ascii").to_owned();
            let pair = v.split(';').next().expect("pair");
            let (k, val) = pair.split_once('=').expect("cookie");
            if v.contains("Max-Age=0") || val.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
            self.seen.push((format!("{what}: Set-Cookie"), v));
        }
        let location = headers
            .get(header::LOCATION)
            .map(|v| v.to_str().expect("ascii").to_owned())
            .unwrap_or_default();
        self.seen
            .push((format!("{what}: Location"), location.clone()));
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(i) = body.find("name=\"csrf\" value=\"") {
            self.csrf = body[i + 19..i + 19 + 64].to_owned();
        }
        if !bytes.starts_with(b"%PDF") {
            self.seen.push((format!("{what}: body"), body.clone()));
        }
        Got {
            status,
            location,
            body,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn get(&mut self, path: &str) -> Got {
        let req = forged("GET", path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .expect("request");
        self.send(&format!("GET {path}"), req).await
    }

    /// A form POST with this browser's CSRF token, from `origin`.
    async fn post_from(&mut self, path: &str, form: &[(&str, &str)], origin: &str) -> Got {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.extend_pairs(form);
        if !form.iter().any(|(k, _)| *k == "csrf") {
            s.append_pair("csrf", &self.csrf);
        }
        let req = forged("POST", path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(s.finish()))
            .expect("request");
        self.send(&format!("POST {path}"), req).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Got {
        self.post_from(path, form, BASE).await
    }

    async fn api(&mut self, method: &str, path: &str, token: &str, body: Value) -> Got {
        let req = forged(method, &format!("/api/v1{path}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(&format!("{method} /api/v1{path}"), req).await
    }
}

fn assert_see_other(g: &Got, what: &str) {
    assert_eq!(g.status, StatusCode::SEE_OTHER, "{what}: {}", g.body);
}

/// Portal, admin and API over one SQLite file and one service (base `https://crm.example`),
/// with Stripe's stand-in behind the gateway; every route is driven with forged host headers.
async fn every_link_building_route_ignores_the_request_host(trust_proxy: bool) {
    let standin = standin::StandIn::start().await;
    let app = support::app(None).await;
    let gateway = Arc::new(
        StripeGateway::new(
            StripeConfig {
                secret_key: Secret::new("sk_test_51Standin"),
                webhook_secrets: vec![Secret::new("whsec_current")],
                api_base: Some(standin.base.clone()),
                tolerance: StdDuration::from_secs(300),
            },
            app.f.clock.clone(),
        )
        .expect("gateway"),
    );
    let mut config = (*app.state.config).clone();
    config.trusted_proxies = if trust_proxy {
        // Everything: the most trusting setup still takes no link from a request header.
        crm_web_axum::proxies::IpRange::parse_list("0.0.0.0/0,::/0").expect("ranges")
    } else {
        Vec::new()
    };
    config.checkout_origins = vec![standin.base.trim_end_matches('/').to_owned()];
    let state = crm_web_axum::WebState::new(app.f.crm.clone(), config)
        .expect("state")
        .with_gateway(gateway);
    let router = Router::new()
        .nest("/portal", portal_router(state.clone()))
        .nest(
            "/admin",
            admin_router_with(state.clone(), AdminOptions::default()),
        )
        .merge(api_router(ApiState::new(app.f.crm.clone()).expect("api")));
    let crm = &app.f.crm;
    let ctx = &app.ctx;
    let alpha = app.f.client(ctx, "Alpha").await;
    let contact = alpha.primary_contact().expect("primary").id;
    let staff = crm
        .create_staff(ctx, STAFF_EMAIL, "Erika Muster", STAFF_PASSWORD)
        .await
        .expect("staff");
    let token = crm
        .create_api_token(ctx, staff.id, "tests", None)
        .await
        .expect("token");
    let invoices: Vec<_> = {
        let mut v = Vec::new();
        for net in ["100", "200", "300", "400"] {
            v.push(app.f.issued_invoice(ctx, &alpha, net).await);
        }
        v
    };
    let draft_quote = || QuoteInput {
        client_id: alpha.id,
        items: invoice_input(alpha.id, "50").items,
        valid_until: None,
        notes: None,
    };
    let quote_admin = crm.create_quote(ctx, &draft_quote()).await.expect("quote");
    let quote_api = crm.create_quote(ctx, &draft_quote()).await.expect("quote");
    let portal_ctx = PortalCtx {
        company: ctx.company,
        client: alpha.id,
        contact,
        confirmed: true,
    };
    let ticket = crm
        .open_ticket(&portal_ctx, "Frage", "Wann ist sie fällig?")
        .await
        .expect("ticket");

    // ---- Portal ----
    let mut client = Browser::new(router.clone());
    let r = client.get("/portal").await;
    assert_see_other(&r, "statement without a session");
    let r = client.get("/portal/login").await;
    assert_eq!(r.status, StatusCode::OK);
    // The origin check follows the configured base, not the forged host.
    let r = client
        .post_from(
            "/portal/login",
            &[("email", "kontakt@alpha.example.com")],
            &format!("https://{EVIL}"),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a POST from the forged origin"
    );
    let r = client
        .post(
            "/portal/login",
            &[
                ("email", "kontakt@alpha.example.com"),
                ("next", "/portal/invoices"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "email me a new link: {}", r.body);
    let login = support::link_in(&app, &newest(&app).await).await;
    let login_path = support::path_of(&login);
    let r = client.get(&login_path).await;
    assert_eq!(r.status, StatusCode::OK, "Continue: {}", r.body);
    let tok = login_path.rsplit('/').next().expect("token").to_owned();
    let r = client
        .post_from("/portal/login/confirm", &[("token", &tok)], "null")
        .await;
    assert_see_other(&r, "confirm a single-use link");
    assert!(r.location.starts_with("/portal"), "{}", r.location);
    // A document link (GET signs in), then confirming that session.
    let doc = crm
        .issue_portal_link(ctx, alpha.id, None, false)
        .await
        .expect("link");
    let mut reader = Browser::new(router.clone());
    let r = reader.get(&support::path_of(&doc)).await;
    assert_see_other(&r, "document link");
    let r = reader.get("/portal").await;
    assert_eq!(r.status, StatusCode::OK);
    let r = reader
        .post("/portal/session/confirm", &[("next", "/portal/invoices")])
        .await;
    assert_see_other(&r, "confirm a document-link session");
    // Pay now: the Checkout Session's return URLs, then the return page.
    let inv = &invoices[0];
    let r = client.get(&format!("/portal/invoices/{}", inv.id)).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = client
        .post(&format!("/portal/invoices/{}/pay", inv.id), &[])
        .await;
    assert_see_other(&r, "pay now");
    assert!(r.location.starts_with(&standin.base), "{}", r.location);
    let r = client
        .get(&format!(
            "/portal/invoices/{}/paid?session_id=cs_test_a1b2c3",
            inv.id
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "return page: {}", r.body);
    let r = client
        .post(
            "/portal/tickets",
            &[("subject", "Noch eine Frage"), ("body", "Hallo")],
        )
        .await;
    assert_see_other(&r, "open a ticket");
    let r = client.post("/portal/logout", &[]).await;
    assert_see_other(&r, "logout");

    // ---- Admin ----
    let mut admin = Browser::new(router.clone());
    let r = admin.get("/admin/login").await;
    assert_eq!(r.status, StatusCode::OK);
    let r = admin
        .post(
            "/admin/login",
            &[("email", STAFF_EMAIL), ("password", STAFF_PASSWORD)],
        )
        .await;
    assert_see_other(&r, "admin sign-in");
    let r = admin.get(&format!("/admin/clients/{}", alpha.id)).await;
    assert_eq!(r.status, StatusCode::OK);
    let contact_s = contact.to_string();
    let r = admin
        .post(
            &format!("/admin/clients/{}/portal-link", alpha.id),
            &[("contact", contact_s.as_str())],
        )
        .await;
    assert_see_other(&r, "admin: send portal link");
    let r = admin
        .post(&format!("/admin/invoices/{}/send", invoices[1].id), &[])
        .await;
    assert_see_other(&r, "admin: send invoice");
    let r = admin
        .post(&format!("/admin/quotes/{}/send", quote_admin.id), &[])
        .await;
    assert_see_other(&r, "admin: send quote");
    let r = admin
        .post(
            &format!("/admin/invoices/{}/payments", invoices[1].id),
            &[
                ("amount", "10,00"),
                ("method", "bank_transfer"),
                ("send_receipt", "on"),
            ],
        )
        .await;
    assert_see_other(&r, "admin: payment with receipt");
    let r = admin
        .post(
            &format!("/admin/tickets/{}/reply", ticket.id),
            &[("body", "Wir kümmern uns.")],
        )
        .await;
    assert_see_other(&r, "admin: ticket reply");

    // ---- API ----
    let mut api = Browser::new(router.clone());
    let r = api
        .api(
            "POST",
            &format!("/clients/{}/portal-link", alpha.id),
            &token,
            json!({ "send": true }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "api portal-link: {}", r.body);
    let url: Value = serde_json::from_str(&r.body).expect("json");
    let url = url["url"].as_str().expect("url");
    assert!(url.starts_with(&format!("{BASE}/portal/login/")), "{url}");
    for (path, body) in [
        (format!("/invoices/{}/send", invoices[2].id), json!({})),
        (format!("/quotes/{}/send", quote_api.id), json!({})),
        (
            format!("/invoices/{}/payments", invoices[3].id),
            json!({ "amount": "10.00", "method": "bank_transfer", "send_receipt": true }),
        ),
        (
            format!("/tickets/{}/messages", ticket.id),
            json!({ "body": "Danke!" }),
        ),
    ] {
        let r = api.api("POST", &path, &token, body).await;
        assert!(r.status.is_success(), "api {path}: {} {}", r.status, r.body);
    }

    // ---- What left the server ----
    let mut seen: Vec<(String, String)> = [client.seen, reader.seen, admin.seen, api.seen]
        .into_iter()
        .flatten()
        .collect();
    let mails = support::outbox(&app).await;
    let kinds: std::collections::HashSet<_> = mails.iter().map(|m| m.kind).collect();
    assert!(
        kinds.len() >= 5,
        "login, invoice, quote, receipt and ticket-reply emails: {kinds:?}"
    );
    let mut links = 0;
    for m in &mails {
        let sent = app.f.deliver(m).await;
        for (part, text) in [
            ("subject", &sent.subject),
            ("text", &sent.text_body),
            ("html", &sent.html_body),
        ] {
            links += text.matches(&format!("{BASE}/portal/login/")).count();
            seen.push((format!("email {:?} {part}", m.kind), text.clone()));
        }
    }
    assert!(links >= mails.len(), "every email carries its link");
    let requests = standin.state.lock().expect("standin").requests.clone();
    let created = requests
        .iter()
        .find(|r| r.method == "POST" && r.path.starts_with("/v1/checkout/sessions"))
        .expect("a Checkout Session was created");
    for key in ["success_url", "cancel_url"] {
        let u = created.form.get(key).expect(key);
        assert!(
            u.starts_with(&format!("{BASE}/portal/invoices/{}", inv.id)),
            "{key}: {u}"
        );
    }
    for r in &requests {
        for (k, v) in r.form.iter().chain(r.headers.iter()) {
            seen.push((
                format!("Stripe request {} {}: {k}", r.method, r.path),
                v.clone(),
            ));
        }
        seen.push(("Stripe request path".to_owned(), r.path.clone()));
    }
    let leaks: Vec<_> = seen.iter().filter(|(_, t)| t.contains(EVIL)).collect();
    assert!(
        leaks.is_empty(),
        "the forged host reached (trust_proxy = {trust_proxy}): {:#?}",
        leaks
            .iter()
            .map(|(w, t)| (
                w,
                t.lines().filter(|l| l.contains(EVIL)).collect::<Vec<_>>()
            ))
            .collect::<Vec<_>>()
    );
}

async fn newest(app: &support::App) -> crm_core::domain::OutboxEmail {
    support::outbox(app)
        .await
        .into_iter()
        .max_by_key(|m| (m.created_at, m.id))
        .expect("a queued email")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_and_redirects_ignore_a_forged_host() {
    every_link_building_route_ignores_the_request_host(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_and_redirects_ignore_a_forged_host_behind_a_trusted_proxy() {
    every_link_building_route_ignores_the_request_host(true).await;
}
