//! The admin router in process (`oneshot`) over a real SQLite file: sign-in, CSRF, rate
//! limits, every page, forms that write, bad input that writes nothing, tenancy.

// Test helpers unwrap freely: a failure is a failing test (clippy.toml allows it in
// #[test] functions only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bank;
mod client_dunning;
mod corrections;
mod dunning;
mod einvoice;
mod legal;
mod logo;
mod recipients;
pub(crate) mod support;
mod team;
mod terms;
mod units;

use axum::http::StatusCode;
use crm_core::Ctx;
use crm_core::domain::{Actor, ClientId, InvoiceStatus, TemplateKind};
use crm_core::ports::ClientQuery;
use crm_core::service::{Crm, PortalCtx, QuoteInput};
use crm_web_axum::{AdminAuth, AdminOptions, RateLimit};
use support::{BASE, EMAIL, PASSWORD, TestApp, csrf_of};

async fn count_clients(crm: &Crm, ctx: &Ctx) -> usize {
    crm.list_clients(
        ctx,
        ClientQuery {
            limit: 200,
            ..ClientQuery::default()
        },
    )
    .await
    .unwrap()
    .len()
}

#[tokio::test]
async fn sign_in_sessions_and_sign_out() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    // Signed out: pages lead to the sign-in page and back.
    let r = b.get("/admin/clients?q=x").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/admin/login?next=%2Fadmin%2Fclients%3Fq%3Dx");
    let page = b.get(r.location()).await;
    page.assert_ok();
    assert!(
        page.body
            .contains("name=\"next\" value=\"/admin/clients?q&#x3D;x\""),
        "{}",
        page.body
    );
    // Wrong password: the form again, nothing told apart.
    let r = b
        .post(
            "/admin/login",
            &[("email", EMAIL), ("password", "wrong password!")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Wrong email address or password"));
    let r = b
        .post(
            "/admin/login",
            &[("email", "nobody@x.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Right password: a session cookie, HttpOnly and SameSite=Lax, and back to `next`.
    let r = b
        .post(
            "/admin/login",
            &[
                ("email", EMAIL),
                ("password", PASSWORD),
                ("next", "/admin/clients?q=x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/admin/clients?q=x");
    let cookie = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("crm_admin="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let first = b.cookies["crm_admin"].clone();
    b.get("/admin/clients").await.assert_ok();
    // Signed in, the sign-in page leads on.
    let r = b.get("/admin/login").await;
    assert_eq!(r.location(), "/admin/clients");
    // Signing in again (e.g. from a second tab's stale form); an off-site `next` is ignored.
    let session = b.cookies.remove("crm_admin").unwrap();
    b.get("/admin/login").await.assert_ok();
    b.cookies.insert("crm_admin".into(), session);
    let r = b
        .post(
            "/admin/login",
            &[
                ("email", EMAIL),
                ("password", PASSWORD),
                ("next", "//evil.example/x"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/admin/clients");
    // A fresh session at each sign-in; the old one is over.
    let second = b.cookies["crm_admin"].clone();
    assert_ne!(first, second);
    assert!(app.crm.staff_session(&first).await.is_err());
    assert!(app.crm.staff_session(&second).await.is_ok());
    // Sign out: cookie cleared, session ended.
    let page = b.get("/admin/clients").await;
    page.assert_ok();
    let r = b.post("/admin/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!b.cookies.contains_key("crm_admin"));
    assert!(app.crm.staff_session(&second).await.is_err());
    assert_eq!(b.get("/admin/clients").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_post_needs_csrf_and_our_origin() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    b.get("/admin/clients/new").await.assert_ok();
    let form = |csrf: &str| -> Vec<(String, String)> {
        [
            ("csrf", csrf),
            ("name", "Beispiel AG"),
            ("address.street", "Marktplatz 5"),
            ("address.postal_code", "80331"),
            ("address.city", "München"),
            ("address.country", "DE"),
            ("contacts[0].name", "Max"),
            ("contacts[0].email", "max@beispiel.example"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    };
    let good = b.csrf.clone();
    // No token, a wrong token, a token of another session, a foreign origin, no origin.
    let r = b
        .post_raw("/admin/clients/new", &form(""), Some(BASE))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = b
        .post_raw("/admin/clients/new", &form("00ff"), Some(BASE))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let other = app.signed_in().await;
    let r = b
        .post_raw("/admin/clients/new", &form(&other.csrf), Some(BASE))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = b
        .post_raw(
            "/admin/clients/new",
            &form(&good),
            Some("https://evil.example"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = b.post_raw("/admin/clients/new", &form(&good), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(count_clients(&app.crm, &app.staff).await, 0);
    // The sign-in form has its own token, bound to a pre-session cookie.
    let mut fresh = app.browser();
    fresh.get("/admin/login").await.assert_ok();
    fresh.cookies.clear();
    let r = fresh
        .post("/admin/login", &[("email", EMAIL), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // With everything right it works.
    let r = b
        .post_raw("/admin/clients/new", &form(&good), Some(BASE))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(count_clients(&app.crm, &app.staff).await, 1);
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_email_and_per_ip() {
    let options = AdminOptions {
        login_per_email: RateLimit {
            limit: 3,
            window: chrono::Duration::minutes(15),
        },
        login_per_ip: RateLimit {
            limit: 5,
            window: chrono::Duration::minutes(15),
        },
        ..AdminOptions::default()
    };
    let app = TestApp::with(options, "en").await;
    let mut b = app.browser();
    b.get("/admin/login").await;
    for i in 0..3 {
        let r = b
            .post(
                "/admin/login",
                &[("email", EMAIL), ("password", "nope nope nope")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // Even the right password is refused now, for this address.
    let r = b
        .post("/admin/login", &[("email", EMAIL), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.headers.contains_key("retry-after"));
    assert!(r.body.contains("Too many sign-in attempts"));
    // Other addresses from the same IP: the fifth attempt is still answered, the sixth is
    // refused by the IP limit.
    let r = b
        .post(
            "/admin/login",
            &[("email", "a@x.example"), ("password", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = b
        .post(
            "/admin/login",
            &[("email", "b@x.example"), ("password", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn every_page_renders() {
    let app = TestApp::new().await;
    let client = app.client("Beispiel AG").await;
    let inv = app.invoice(&client, "1000").await;
    app.crm.send_invoice(&app.staff, inv.id).await.unwrap();
    let quote = app
        .crm
        .create_quote(
            &app.staff,
            &QuoteInput {
                client_id: client.id,
                items: inv
                    .lines
                    .iter()
                    .map(|l| crm_core::domain::LineItemInput {
                        description: l.description().into(),
                        quantity: l.quantity(),
                        unit_price: l.unit_price(),
                        tax_rate: l.tax_rate().percent(),
                        discount: l.discount(),
                        ..Default::default()
                    })
                    .collect(),
                ..QuoteInput::default()
            },
        )
        .await
        .unwrap();
    let contact = client.primary_contact().unwrap().id;
    let portal = PortalCtx {
        company: app.company,
        client: client.id,
        contact,
        confirmed: true,
    };
    let ticket = app
        .crm
        .open_ticket(&portal, "Frage zur Rechnung", "Wann ist die fällig?")
        .await
        .unwrap();
    let mut b = app.signed_in().await;
    let c = client.id.as_uuid();
    let pages = [
        "/admin/clients".to_owned(),
        "/admin/clients?archived=1".into(),
        "/admin/clients?q=beispiel".into(),
        "/admin/clients/new".into(),
        format!("/admin/clients/{c}"),
        format!("/admin/clients/{c}/edit"),
        format!("/admin/clients/{c}?tab=invoices"),
        format!("/admin/clients/{c}?tab=invoices&status=overdue"),
        format!("/admin/clients/{c}?tab=quotes&status=sent"),
        format!("/admin/clients/{c}?tab=activity"),
        format!("/admin/clients/{c}?tab=tickets"),
        format!("/admin/clients/{c}?tab=templates"),
        format!("/admin/clients/{c}?tab=templates&kind=portal_login"),
        format!("/admin/invoices/new?client={c}"),
        "/admin/invoices/new".into(),
        "/admin/invoices".into(),
        "/admin/invoices?status=overdue&from=2026-01-01&to=2026-12-31".into(),
        format!("/admin/invoices/{}", inv.id.as_uuid()),
        format!("/admin/quotes/new?client={c}"),
        format!("/admin/quotes/{}", quote.id.as_uuid()),
        "/admin/tickets".into(),
        "/admin/tickets?status=waiting_on_staff".into(),
        format!("/admin/tickets/{}", ticket.id.as_uuid()),
        "/admin/settings".into(),
        "/admin/settings?kind=payment_receipt".into(),
        "/admin/dunning".into(),
        "/admin/settings/dunning".into(),
    ];
    for p in &pages {
        let r = b.get(p).await;
        assert_eq!(r.status, StatusCode::OK, "{p}: {}", r.body);
        assert!(r.body.starts_with("<!doctype html>"), "{p}");
        // Template editors show `{{variables}}`; anywhere else braces mean a rendering slip.
        if !p.contains("templates") && !p.contains("settings") {
            assert!(!r.body.contains("{{"), "{p}");
        }
        assert!(
            r.headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("default-src 'none'")
        );
        assert_eq!(r.headers["cache-control"], "no-store");
    }
    // The 360° view: figures, standing, the chart with an accessible name.
    let r = b.get(&format!("/admin/clients/{c}")).await;
    assert!(
        r.body.contains("id=\"total-invoiced\">€1,190.00<"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<svg viewBox"));
    assert!(
        r.body
            .contains("aria-labelledby=\"chart-title chart-desc\"")
    );
    assert!(r.body.contains("Invoiced vs paid, last 12 months"));
    assert!(r.body.contains("DE123456788"));
    // PDFs.
    for p in [
        format!("/admin/invoices/{}/pdf", inv.id.as_uuid()),
        format!("/admin/quotes/{}/pdf", quote.id.as_uuid()),
    ] {
        let r = b.get(&p).await;
        assert_eq!(r.status, StatusCode::OK, "{p}");
        assert_eq!(r.headers["content-type"], "application/pdf");
        assert!(r.bytes.starts_with(b"%PDF"));
    }
    // The stylesheets.
    let r = b.get("/admin/clients").await;
    for css in r
        .body
        .match_indices("rel=\"stylesheet\" href=\"")
        .map(|(i, m)| {
            let rest = &r.body[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
    {
        let s = b.get(&css).await;
        assert_eq!(s.status, StatusCode::OK, "{css}");
        assert!(
            s.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/css")
        );
    }
    // Unknown ids and nonsense ids are 404 pages.
    for p in [
        format!("/admin/clients/{}", uuid::Uuid::now_v7()),
        "/admin/clients/not-a-uuid".into(),
        format!("/admin/invoices/{}", uuid::Uuid::now_v7()),
    ] {
        let r = b.get(&p).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{p}");
        assert!(r.body.contains("This page does not exist"));
    }
}

#[tokio::test]
async fn german_ui_follows_the_company() {
    let app = TestApp::with(AdminOptions::default(), "de").await;
    let client = app.client("Beispiel AG").await;
    app.invoice(&client, "1000").await;
    let mut b = app.signed_in().await;
    let r = b.get("/admin/clients").await;
    r.assert_ok();
    assert!(r.body.contains("<html lang=\"de\">"));
    assert!(r.body.contains("Neuer Kunde"));
    let r = b
        .get(&format!("/admin/clients/{}/edit", client.id.as_uuid()))
        .await;
    assert!(r.body.contains("Straße und Hausnummer"), "{}", r.body);
    let r = b
        .get(&format!("/admin/clients/{}", client.id.as_uuid()))
        .await;
    assert!(r.body.contains("Fakturiert und bezahlt"));
}

#[tokio::test]
async fn client_forms_write_and_bad_input_writes_nothing() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    let page = b.get("/admin/clients/new").await;
    page.assert_ok();
    // The names posted below are the ones the form renders.
    for name in [
        "name",
        "address.street",
        "address.postal_code",
        "address.city",
        "address.country",
        "tax_id",
        "currency",
        "locale",
        "contacts[0].name",
        "contacts[0].email",
        "primary",
    ] {
        assert!(page.body.contains(&format!("name=\"{name}\"")), "{name}");
    }
    let base = [
        ("name", "Nordlicht GmbH"),
        ("address.street", "Hafenstraße 3"),
        ("address.postal_code", "20457"),
        ("address.city", "Hamburg"),
        ("address.country", "DE"),
        ("tax_id", "DE123456788"),
        ("currency", "EUR"),
        ("locale", "de"),
        ("contacts[0].name", "Jana Nord"),
        ("contacts[0].email", "jana@nordlicht.example"),
        ("primary", "0"),
    ];
    // "Add another contact" re-renders with one more row and writes nothing.
    let mut form = base.to_vec();
    form.push(("action", "add_contact"));
    let r = b.post("/admin/clients/new", &form).await;
    r.assert_ok();
    assert!(r.body.contains("name=\"contacts[1].email\""));
    assert!(r.body.contains("value=\"jana@nordlicht.example\""));
    // A bad second contact, a bad VAT ID and a bad postal code: field errors, nothing written.
    let mut form = base.to_vec();
    form.extend([
        ("contacts[1].name", "Ole"),
        ("contacts[1].email", "not-an-email"),
        ("tax_id", "DE000"),
        ("address.postal_code", "2045"),
    ]);
    form.retain(|(k, v)| {
        !matches!(
            (*k, *v),
            ("tax_id", "DE123456788") | ("address.postal_code", "20457")
        )
    });
    let r = b.post("/admin/clients/new", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"e-contacts[1].email\""), "{}", r.body);
    assert!(r.body.contains("id=\"e-tax_id\""));
    assert!(r.body.contains("id=\"e-address.postal_code\""));
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(r.body.contains("value=\"not-an-email\""), "input is kept");
    assert_eq!(count_clients(&app.crm, &app.staff).await, 0);
    // Valid: created with both contacts and the VAT ID.
    let mut form = base.to_vec();
    form.extend([
        ("contacts[1].name", "Ole"),
        ("contacts[1].email", "ole@nordlicht.example"),
    ]);
    let r = b.post("/admin/clients/new", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r
        .location()
        .split('/')
        .nth(3)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let cid = ClientId::from_uuid(id.parse().unwrap());
    let client = app.crm.client(&app.staff, cid).await.unwrap();
    assert_eq!(client.contacts.len(), 2);
    assert_eq!(client.tax_id.as_ref().unwrap().as_str(), "DE123456788");
    let page = b.get(r.location()).await;
    assert!(page.body.contains("id=\"flash\""));
    // Edit: rename, keep contacts (ids are posted back).
    let edit = b.get(&format!("/admin/clients/{id}/edit")).await;
    edit.assert_ok();
    let c0 = client.contacts[0].id.as_uuid().to_string();
    let c1 = client.contacts[1].id.as_uuid().to_string();
    let mut form = base.to_vec();
    form.retain(|(k, _)| *k != "name");
    form.extend([
        ("name", "Nordlicht Hamburg GmbH"),
        ("contacts[0].id", c0.as_str()),
        ("contacts[1].id", c1.as_str()),
        ("contacts[1].name", "Ole"),
        ("contacts[1].email", "ole@nordlicht.example"),
    ]);
    let r = b.post(&format!("/admin/clients/{id}/edit"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.crm.client(&app.staff, cid).await.unwrap();
    assert_eq!(after.name, "Nordlicht Hamburg GmbH");
    assert_eq!(after.contacts[1].id, client.contacts[1].id);
    // Archive and restore.
    let r = b.post(&format!("/admin/clients/{id}/archive"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.crm.client(&app.staff, cid).await.unwrap().archived);
    let list = b.get("/admin/clients?archived=1").await;
    assert!(list.body.contains("Nordlicht Hamburg GmbH"));
    let r = b.post(&format!("/admin/clients/{id}/restore"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!app.crm.client(&app.staff, cid).await.unwrap().archived);
}

#[tokio::test]
async fn client_list_pages_with_a_cursor() {
    let app = TestApp::new().await;
    for i in 0..27 {
        let mut input = support::client_input(&format!("Client {i:02}"), "");
        input.contacts[0].email = format!("c{i}@x.example");
        app.crm.create_client(&app.staff, &input).await.unwrap();
    }
    let mut b = app.signed_in().await;
    let first = b.get("/admin/clients").await;
    assert!(first.body.contains("Client 00") && first.body.contains("Client 24"));
    assert!(!first.body.contains("Client 25"));
    let i = first.body.find("id=\"next-page\"").unwrap();
    let start = first.body[..i].rfind("href=\"").unwrap() + 6;
    let next = first.body[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
        .replace("&#x3D;", "=");
    let second = b.get(&next).await;
    second.assert_ok();
    assert!(second.body.contains("Client 25") && second.body.contains("Client 26"));
    assert!(!second.body.contains("Client 24"));
}

#[tokio::test]
async fn invoices_payments_and_quotes_through_forms() {
    let app = TestApp::new().await;
    let client = app.client("Beispiel AG").await;
    let c = client.id.as_uuid().to_string();
    let mut b = app.signed_in().await;
    b.get(&format!("/admin/invoices/new?client={c}"))
        .await
        .assert_ok();
    // A quantity that is no number: a field error on that row, nothing written.
    let rows = [
        ("client", c.as_str()),
        ("items[0].description", "Beratung"),
        ("items[0].quantity", "2"),
        ("items[0].unit_price", "500,00"),
        ("items[0].tax_rate", "19"),
        ("items[1].description", "Reisekosten"),
        ("items[1].quantity", "zwei"),
        ("items[1].unit_price", "100"),
        ("items[1].tax_rate", "19"),
        ("items[2].description", ""),
        ("items[2].quantity", "1"),
    ];
    let r = b.post("/admin/invoices/new", &rows).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Please enter a number"));
    assert!(r.body.contains("value=\"zwei\""));
    let history = app
        .crm
        .document_history(&app.staff, client.id, &Default::default(), None, 10)
        .await
        .unwrap();
    assert!(history.items.is_empty());
    // "Add a line" keeps the rows and adds one.
    let mut more = rows.to_vec();
    more.push(("action", "add_row"));
    let r = b.post("/admin/invoices/new", &more).await;
    r.assert_ok();
    assert!(r.body.contains("name=\"items[2].description\""));
    // Valid: two lines, 1,190.00 gross.
    let mut ok = rows.to_vec();
    ok.retain(|(k, _)| *k != "items[1].quantity");
    ok.push(("items[1].quantity", "1"));
    let r = b.post("/admin/invoices/new", &ok).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let url = r.location().split('?').next().unwrap().to_owned();
    let page = b.get(&url).await;
    assert!(
        page.body.contains("id=\"doc-total\">€1,309.00<"),
        "{}",
        page.body
    );
    // Send (issues it and queues the email).
    let r = b.post(&format!("{url}/send"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id =
        crm_core::domain::InvoiceId::from_uuid(url.rsplit('/').next().unwrap().parse().unwrap());
    assert_eq!(
        app.crm.invoice(&app.staff, id).await.unwrap().status,
        InvoiceStatus::Sent
    );
    // An overpayment is refused with a field error; nothing recorded.
    b.get(&url).await;
    let r = b
        .post(
            &format!("{url}/payments"),
            &[("amount", "5000"), ("method", "bank_transfer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"e-amount\""));
    assert!(!r.body.contains("id=\"payments\""));
    assert!(
        app.crm
            .invoice(&app.staff, id)
            .await
            .unwrap()
            .amount_paid
            .is_zero()
    );
    // A partial payment.
    let r = b
        .post(
            &format!("{url}/payments"),
            &[
                ("amount", "309,00"),
                ("method", "bank_transfer"),
                ("reference", "UE-1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let inv = app.crm.invoice(&app.staff, id).await.unwrap();
    assert_eq!(inv.status, InvoiceStatus::Partial);
    assert_eq!(inv.balance.to_string(), "1000.00");
    let dash = b.get(&format!("/admin/clients/{c}")).await;
    assert!(
        dash.body.contains("id=\"total-paid\">€309.00<"),
        "{}",
        dash.body
    );
    assert!(dash.body.contains("id=\"outstanding\">€1,000.00<"));
    // The invoice page lists the payment (none listed before it).
    let page = b.get(&url).await;
    page.assert_ok();
    let table = &page.body[page.body.find("id=\"payments\"").unwrap()..];
    assert!(table.contains("€309.00"), "{table}");
    assert!(table.contains("UE-1"));
    assert!(table.contains("Bank transfer"));
    let payments = app.crm.invoice_payments(&app.staff, id).await.unwrap();
    assert_eq!(payments.len(), 1);
    // Quotes: create, send, approve, convert.
    b.get(&format!("/admin/quotes/new?client={c}"))
        .await
        .assert_ok();
    let r = b
        .post(
            "/admin/quotes/new",
            &[
                ("client", c.as_str()),
                ("items[0].description", "Workshop"),
                ("items[0].quantity", "1"),
                ("items[0].unit_price", "800"),
                ("items[0].tax_rate", "19"),
                ("valid_until", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let qurl = r.location().split('?').next().unwrap().to_owned();
    b.get(&qurl).await.assert_ok();
    for step in ["send", "approve"] {
        let r = b.post(&format!("{qurl}/{step}"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{step}: {}", r.body);
    }
    let r = b.post(&format!("{qurl}/convert"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().starts_with("/admin/invoices/"));
    b.get(r.location()).await.assert_ok();
    // Converting twice is a conflict, shown as a page.
    let r = b.post(&format!("{qurl}/convert"), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Cancel a fresh draft.
    let draft = app.invoice(&client, "10").await;
    let durl = format!("/admin/invoices/{}", draft.id.as_uuid());
    let r = b.post(&format!("{durl}/cancel"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.crm.invoice(&app.staff, draft.id).await.unwrap().status,
        InvoiceStatus::Cancelled
    );
}

#[tokio::test]
async fn templates_preview_save_and_revert() {
    let app = TestApp::new().await;
    let client = app.client("Beispiel AG").await;
    let c = client.id.as_uuid().to_string();
    let mut b = app.signed_in().await;
    let url = format!("/admin/clients/{c}/templates/invoice");
    b.get(&format!("/admin/clients/{c}?tab=templates"))
        .await
        .assert_ok();
    // Preview renders with the client's data, saves nothing.
    let r = b
        .post(
            &url,
            &[
                ("subject", "Rechnung für {{client.name}}"),
                ("body", "Hallo {{contact.name}}, {{portal_url}}"),
                ("action", "preview"),
            ],
        )
        .await;
    r.assert_ok();
    assert!(
        r.body
            .contains("id=\"preview-subject\">Rechnung für Beispiel AG<"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Hallo Max Kunde"));
    let (_, source) = app
        .crm
        .effective_template(&app.staff, client.id, TemplateKind::Invoice)
        .await
        .unwrap();
    assert_eq!(source, crm_core::service::TemplateSource::Default);
    // An unknown variable: the error on its field, nothing saved.
    let r = b
        .post(
            &url,
            &[
                ("subject", "Hi"),
                ("body", "{{nope.nothing}} {{portal_url}}"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-body\""), "{}", r.body);
    assert!(r.body.contains("Unknown variable"));
    // Save, then revert to the company template.
    let r = b
        .post(
            &url,
            &[
                ("subject", "Ihre Rechnung"),
                ("body", "Hallo {{contact.name}} {{portal_url}}"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (t, source) = app
        .crm
        .effective_template(&app.staff, client.id, TemplateKind::Invoice)
        .await
        .unwrap();
    assert_eq!(
        (t.subject.as_str(), source),
        ("Ihre Rechnung", crm_core::service::TemplateSource::Client)
    );
    let page = b
        .get(&format!("/admin/clients/{c}?tab=templates&kind=invoice"))
        .await;
    assert!(page.body.contains("id=\"revert\""));
    let r = b.post(&url, &[("action", "revert")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (_, source) = app
        .crm
        .effective_template(&app.staff, client.id, TemplateKind::Invoice)
        .await
        .unwrap();
    assert_eq!(source, crm_core::service::TemplateSource::Default);
    // Company templates in the settings.
    b.get("/admin/settings").await.assert_ok();
    let r = b
        .post(
            "/admin/settings/templates/quote",
            &[
                ("subject", "Angebot {{quote.number}}"),
                ("body", "Guten Tag {{portal_url}}"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (t, _) = app
        .crm
        .company_template(&app.staff, TemplateKind::Quote)
        .await
        .unwrap();
    assert_eq!(t.subject, "Angebot {{quote.number}}");
}

#[tokio::test]
async fn company_settings() {
    let app = TestApp::new().await;
    let mut b = app.signed_in().await;
    b.get("/admin/settings").await.assert_ok();
    let mut form = vec![
        ("name", "Muster & Söhne GmbH"),
        ("email", "kontakt@muster.example"),
        ("address.street", "Hauptstraße 2"),
        ("address.postal_code", "10115"),
        ("address.city", "Berlin"),
        ("address.country", "DE"),
        ("tax_id", "DE123456788"),
        ("currency", "EUR"),
        ("locale", "de"),
    ];
    let mut bad = form.clone();
    bad.retain(|(k, _)| *k != "currency");
    bad.push(("currency", "EURO"));
    let r = b.post("/admin/settings", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-currency\""));
    assert_eq!(
        app.crm.company(&app.staff).await.unwrap().name,
        "Muster GmbH"
    );
    let r = b.post("/admin/settings", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let company = app.crm.company(&app.staff).await.unwrap();
    assert_eq!(company.name, "Muster & Söhne GmbH");
    assert_eq!(company.tax_id.unwrap().as_str(), "DE123456788");
    // The UI now speaks German; the name is escaped in the page.
    let page = b.get("/admin/settings").await;
    assert!(page.body.contains("Einstellungen"));
    assert!(page.body.contains("Muster &amp; Söhne GmbH"));
    form.clear();
}

#[tokio::test]
async fn tickets_reply_and_close_and_portal_actions() {
    let app = TestApp::new().await;
    let client = app.client("Beispiel AG").await;
    let contact = client.primary_contact().unwrap().id;
    let portal = PortalCtx {
        company: app.company,
        client: client.id,
        contact,
        confirmed: true,
    };
    let older = app
        .crm
        .open_ticket(&portal, "Alt", "Erste Frage")
        .await
        .unwrap();
    app.crm
        .staff_reply_ticket(&app.staff, older.id, "Erika", "Antwort")
        .await
        .unwrap();
    let newer = app
        .crm
        .open_ticket(&portal, "Neu und offen", "Zweite Frage")
        .await
        .unwrap();
    let mut b = app.signed_in().await;
    // Awaiting staff first.
    let inbox = b.get("/admin/tickets").await;
    let (a, o) = (
        inbox.body.find("Neu und offen").unwrap(),
        inbox.body.find(">Alt<").unwrap(),
    );
    assert!(a < o, "awaiting staff first");
    let url = format!("/admin/tickets/{}", newer.id.as_uuid());
    b.get(&url).await.assert_ok();
    // An empty reply is a field error.
    let r = b.post(&format!("{url}/reply"), &[("body", "  ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"e-body\""));
    let r = b
        .post(&format!("{url}/reply"), &[("body", "Wir kümmern uns.")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (_, thread) = app.crm.ticket(&app.staff, newer.id).await.unwrap();
    assert_eq!(thread.len(), 2);
    assert_eq!(thread[1].author.name(), "Erika Muster");
    let r = b.post(&format!("{url}/close"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = b.get(&url).await;
    assert!(!page.body.contains("id=\"close-ticket\""));
    // Portal actions on the client.
    let c = client.id.as_uuid().to_string();
    b.get(&format!("/admin/clients/{c}")).await.assert_ok();
    let contact_s = contact.as_uuid().to_string();
    let r = b
        .post(
            &format!("/admin/clients/{c}/portal-link"),
            &[("contact", contact_s.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = b
        .post(
            &format!("/admin/clients/{c}/contacts/{contact_s}/sign-out"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let activity = b.get(&format!("/admin/clients/{c}?tab=activity")).await;
    assert!(
        activity.body.contains("Portal link issued"),
        "{}",
        activity.body
    );
}

#[tokio::test]
async fn another_companys_records_are_not_found() {
    let app = TestApp::new().await;
    // Company B with its own client, invoice, quote, ticket.
    let other = app
        .crm
        .create_company(&support::company_input("Andere GmbH", "en"))
        .await
        .unwrap();
    let b_ctx = Ctx::new(other.id, Actor::staff("B"));
    let b_client = app
        .crm
        .create_client(&b_ctx, &support::client_input("Fremd AG", ""))
        .await
        .unwrap();
    let b_inv = app
        .crm
        .create_invoice(
            &b_ctx,
            &crm_core::service::InvoiceInput {
                client_id: b_client.id,
                items: vec![crm_core::domain::LineItemInput {
                    description: "x".into(),
                    quantity: 1.into(),
                    unit_price: 10.into(),
                    tax_rate: 0.into(),
                    discount: 0.into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let b_ticket = app
        .crm
        .open_ticket(
            &PortalCtx {
                company: other.id,
                client: b_client.id,
                contact: b_client.primary_contact().unwrap().id,
                confirmed: true,
            },
            "Geheim",
            "Nur für B",
        )
        .await
        .unwrap();
    let mut b = app.signed_in().await;
    let bc = b_client.id.as_uuid();
    let bi = b_inv.id.as_uuid();
    let bt = b_ticket.id.as_uuid();
    for p in [
        format!("/admin/clients/{bc}"),
        format!("/admin/clients/{bc}/edit"),
        format!("/admin/clients/{bc}?tab=templates"),
        format!("/admin/invoices/{bi}"),
        format!("/admin/invoices/{bi}/pdf"),
        format!("/admin/tickets/{bt}"),
    ] {
        let r = b.get(&p).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{p}");
        assert!(!r.body.contains("Fremd AG") && !r.body.contains("Geheim"));
    }
    b.get("/admin/clients").await;
    for p in [
        format!("/admin/clients/{bc}/archive"),
        format!("/admin/clients/{bc}/edit"),
        format!("/admin/invoices/{bi}/send"),
        format!("/admin/invoices/{bi}/cancel"),
        format!("/admin/tickets/{bt}/close"),
        format!("/admin/tickets/{bt}/reply"),
        format!("/admin/clients/{bc}/templates/invoice"),
    ] {
        let r = b
            .post(
                &p,
                &[
                    ("body", "x"),
                    ("name", "Hijack"),
                    ("subject", "x"),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{p}");
    }
    let after = app.crm.client(&b_ctx, b_client.id).await.unwrap();
    assert!(!after.archived);
    assert_eq!(after.name, "Fremd AG");
    assert_eq!(
        app.crm.invoice(&b_ctx, b_inv.id).await.unwrap().status,
        InvoiceStatus::Draft
    );
    // The list shows only our company's clients.
    let list = b.get("/admin/clients").await;
    assert!(!list.body.contains("Fremd AG"));
}

#[tokio::test]
async fn host_authentication_plugs_in() {
    use axum::middleware::{self, Next};
    let options = AdminOptions {
        auth: AdminAuth::Host,
        ..AdminOptions::default()
    };
    let app = TestApp::with(options, "en").await;
    let company = app.company;
    // The host's own middleware: here, a header stands in for its session.
    let host = |router: axum::Router| {
        router.layer(middleware::from_fn(
            move |mut req: axum::extract::Request, next: Next| async move {
                if req.headers().contains_key("x-host-user") {
                    req.extensions_mut()
                        .insert(Ctx::new(company, Actor::staff("Host User")));
                }
                next.run(req).await
            },
        ))
    };
    let mut b = app.browser();
    b.router = host(app.router.clone());
    // No host user: 401, and there is no login page.
    assert_eq!(
        b.get("/admin/clients").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(b.get("/admin/login").await.status, StatusCode::NOT_FOUND);
    // With one: pages and CSRF-checked forms work.
    let mut b2 = app.browser();
    b2.router = host(app.router.clone()).layer(middleware::from_fn(add_host_header));
    let r = b2.get("/admin/clients/new").await;
    r.assert_ok();
    assert!(csrf_of(&r.body).is_some());
    assert!(b2.cookies.contains_key("crm_admin_csrf"));
    let r = b2
        .post(
            "/admin/clients/new",
            &[
                ("name", "Host Client"),
                ("address.street", "Weg 1"),
                ("address.postal_code", "10115"),
                ("address.city", "Berlin"),
                ("address.country", "DE"),
                ("contacts[0].name", "H"),
                ("contacts[0].email", "h@host.example"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = b2
        .post("/admin/clients/new", &[("csrf", "bad"), ("name", "X")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(count_clients(&app.crm, &app.staff).await, 1);
}

/// Adds the host's stand-in header to every request.
async fn add_host_header(
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    req.headers_mut()
        .insert("x-host-user", axum::http::HeaderValue::from_static("1"));
    next.run(req).await
}

#[cfg(feature = "devmail")]
#[tokio::test]
async fn development_mailbox() {
    use std::sync::Arc;

    use crm_mail_lettre::{DevMailbox, OutboxWorker, WorkerConfig};
    let dir = support::TempDir::new();
    let options = AdminOptions {
        mailbox: Some(Arc::new(DevMailbox::new(dir.0.join("mail")))),
        ..AdminOptions::default()
    };
    let app = TestApp::with(options, "en").await;
    let client = app.client("Beispiel AG").await;
    let inv = app.invoice(&client, "100").await;
    app.crm.send_invoice(&app.staff, inv.id).await.unwrap();
    let worker = OutboxWorker::new(
        app.crm.store().clone(),
        Arc::new(DevMailbox::new(dir.0.join("mail"))),
        app.state.renderer.clone(),
        WorkerConfig::default(),
    );
    worker.drain().await.unwrap();
    let mut b = app.signed_in().await;
    let list = b.get("/admin/mailbox").await;
    list.assert_ok();
    assert!(
        list.body.contains("max@beispielag.example"),
        "{}",
        list.body
    );
    let i = list.body.find("/admin/mailbox/").unwrap();
    let href = list.body[i..].split('"').next().unwrap().to_owned();
    let mail = b.get(&href).await;
    mail.assert_ok();
    assert!(mail.body.contains("id=\"mail-text\""));
    assert!(
        mail.body.contains(&format!("{BASE}/portal/")),
        "{}",
        mail.body
    );
    assert!(mail.body.contains(".pdf"), "attachment listed");
    // Names with path separators are refused.
    assert_eq!(
        b.get("/admin/mailbox/..%2Fcrm.db").await.status,
        StatusCode::NOT_FOUND
    );
    // The nav links to it.
    assert!(
        b.get("/admin/clients")
            .await
            .body
            .contains("/admin/mailbox\"")
    );
}

/// The development mailbox holds live sign-in links: staff see and open only their own
/// company's emails, though every company's go to one directory.
#[cfg(feature = "devmail")]
#[tokio::test]
async fn development_mailbox_is_scoped_by_company() {
    use std::sync::Arc;

    use crm_mail_lettre::{DevMailbox, OutboxWorker, WorkerConfig};
    let dir = support::TempDir::new();
    let mailbox = Arc::new(DevMailbox::new(dir.0.join("mail")));
    let options = AdminOptions {
        mailbox: Some(mailbox.clone()),
        ..AdminOptions::default()
    };
    let app = TestApp::with(options, "en").await;
    let ours = app.client("Beispiel AG").await;
    let inv = app.invoice(&ours, "100").await;
    app.crm.send_invoice(&app.staff, inv.id).await.unwrap();
    let other = app
        .crm
        .create_company(&support::company_input("Andere GmbH", "en"))
        .await
        .unwrap();
    let b_ctx = Ctx::new(other.id, Actor::staff("B"));
    let b_client = app
        .crm
        .create_client(&b_ctx, &support::client_input("Fremd AG", ""))
        .await
        .unwrap();
    app.crm
        .issue_portal_link(&b_ctx, b_client.id, None, true)
        .await
        .unwrap();
    let worker = OutboxWorker::new(
        app.crm.store().clone(),
        mailbox.clone(),
        app.state.renderer.clone(),
        WorkerConfig::default(),
    );
    assert_eq!(worker.drain().await.unwrap().sent, 2);
    let all = mailbox.list().await.unwrap();
    assert_eq!(all.len(), 2);
    let theirs = all
        .iter()
        .find(|m| m.company == Some(other.id))
        .expect("company B's mail is recorded as B's");
    assert_eq!(theirs.to, "max@fremdag.example");
    assert_eq!(mailbox.list_for(other.id).await.unwrap().len(), 1);

    let mut b = app.signed_in().await;
    let list = b.get("/admin/mailbox").await;
    list.assert_ok();
    assert!(
        list.body.contains("max@beispielag.example"),
        "{}",
        list.body
    );
    assert!(
        !list.body.contains("max@fremdag.example") && !list.body.contains(&theirs.file),
        "another company's mail is not listed: {}",
        list.body
    );
    // File names are timestamps and Message-ID letters: safe in a path as they are.
    let href = format!("/admin/mailbox/{}", theirs.file);
    assert_eq!(
        b.get(&href).await.status,
        StatusCode::NOT_FOUND,
        "nor can it be opened by name"
    );
}

/// `/admin/` with the slash answers like `/admin` (mounted with `crm_web_axum::mount`), also
/// under a host's longer prefix.
#[tokio::test]
async fn trailing_slash_answers_like_the_prefix() {
    let app = TestApp::new().await;
    for prefix in ["/admin", "/backoffice/crm"] {
        let mut config = (*app.state.config).clone();
        config.admin_prefix = prefix.into();
        let mut state = app.state.clone();
        state.config = std::sync::Arc::new(config);
        let router = crm_web_axum::mount(
            axum::Router::new(),
            prefix,
            crm_web_axum::admin_router_with(state, AdminOptions::default()),
        );
        let mut b = app.browser();
        b.router = router;
        let bare = b.get(prefix).await;
        let slash = b.get(&format!("{prefix}/")).await;
        assert_eq!(bare.status, StatusCode::SEE_OTHER, "{prefix}");
        assert_eq!(slash.status, bare.status, "{prefix}/");
        assert!(slash.location().starts_with(&format!("{prefix}/login")));
        b.get(&format!("{prefix}/login")).await.assert_ok();
        let r = b
            .post(
                &format!("{prefix}/login"),
                &[("email", EMAIL), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let bare = b.get(prefix).await;
        let slash = b.get(&format!("{prefix}/")).await;
        assert_eq!(bare.status, StatusCode::SEE_OTHER);
        assert_eq!(slash.status, StatusCode::SEE_OTHER);
        assert_eq!(slash.location(), format!("{prefix}/clients"));
        assert_eq!(bare.location(), slash.location());
    }
}

#[tokio::test]
async fn staff_reopen_an_invoice_stuck_in_processing() {
    let app = TestApp::new().await;
    let client = app.client("Beispiel AG").await;
    let draft = app.invoice(&client, "10").await;
    let inv = app.crm.issue_invoice(&app.staff, draft.id).await.unwrap();
    let url = format!("/admin/invoices/{}", inv.id.as_uuid());
    let mut b = app.signed_in().await;
    assert!(!b.get(&url).await.assert_ok().body.contains("id=\"reopen\""));
    let delayed = crm_core::ports::PaymentEvent::Processing {
        event_id: Some("evt_sepa".into()),
        livemode: false,
        company_id: app.staff.company,
        invoice_id: inv.id,
        checkout: crm_core::ports::CheckoutRef {
            session_id: "cs_sepa".into(),
            client_id: Some(client.id.to_string()),
            client_reference: Some(client.id.to_string()),
        },
    };
    app.crm
        .apply_payment_event("stripe", &delayed, false)
        .await
        .unwrap();
    let page = b.get(&url).await.assert_ok().body.clone();
    assert!(page.contains("id=\"reopen\""), "{page}");
    let r = b.post(&format!("{url}/reopen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().ends_with("done=reopened"));
    assert_eq!(
        app.crm.invoice(&app.staff, inv.id).await.unwrap().status,
        InvoiceStatus::Sent
    );
    // Not processing any more: reopening again is a conflict.
    let r = b.post(&format!("{url}/reopen"), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}
