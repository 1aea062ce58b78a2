//! Router-level tests of the client portal over a real SQLite file: sign-in, the security
//! matrix (every id-taking route × another client's and another company's ids), CSRF and
//! origin refusals, cookies, timeouts, `next`, headers, escaping, languages, the ZIP.

use crate::support;

use std::io::Read;
use std::sync::Arc;

use async_trait::async_trait;
use axum::http::StatusCode;
use chrono::Duration;
use crm_core::domain::{Locale, QuoteStatus, TicketStatus};
use crm_core::ports::{
    CheckoutRequest, CheckoutSession, GatewayError, PaymentEvent, PaymentGateway,
};
use crm_core::testing::conformance::{client_input, invoice_input};
use support::*;

/// A gateway that answers without a network (the Stripe adapter has its own tests).
struct FakeGateway;

#[async_trait]
impl PaymentGateway for FakeGateway {
    async fn start_checkout(&self, r: &CheckoutRequest) -> Result<CheckoutSession, GatewayError> {
        Ok(CheckoutSession {
            id: "cs_fake".into(),
            url: format!("https://checkout.stripe.com/pay/{}", r.invoice_id),
        })
    }
    fn verify_event(&self, _: &[u8], _: &str) -> Result<PaymentEvent, GatewayError> {
        Err(GatewayError::Provider("no webhooks here".into()))
    }
    async fn confirm_checkout(&self, id: &str) -> Result<PaymentEvent, GatewayError> {
        Ok(PaymentEvent::Ignored {
            event_id: id.to_owned(),
        })
    }
    async fn refund(
        &self,
        r: &crm_core::ports::RefundRequest,
    ) -> Result<crm_core::ports::GatewayRefund, GatewayError> {
        Ok(crm_core::ports::GatewayRefund {
            id: format!("re_fake_{}", r.idempotency_key),
            amount: r.amount,
            status: "succeeded".into(),
        })
    }
    fn provider(&self) -> &'static str {
        "fake"
    }
}

#[tokio::test]
async fn document_link_from_an_invoice_email_signs_in_and_drops_the_token() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let inv = app
        .f
        .crm
        .create_invoice(&app.ctx, &invoice_input(alpha.id, "1000"))
        .await
        .unwrap();
    app.f.crm.send_invoice(&app.ctx, inv.id).await.unwrap();
    let email = outbox(&app).await.into_iter().next().unwrap();
    let link = link_in(&app, &email).await;
    let r = get(&app.router, &path_of(&link), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("/portal/invoices/{}", inv.id));
    assert_eq!(r.headers["referrer-policy"], "no-referrer");
    let session = r
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-crm_portal="))
        .unwrap();
    for attr in ["Path=/", "HttpOnly", "SameSite=Lax", "Secure"] {
        assert!(session.contains(attr), "{session} lacks {attr}");
    }
    let cookie = r.cookie("__Host-crm_portal").unwrap();
    let page = get(&app.router, &r.location(), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("1.190,00"), "German money");
    // Reusable (a mail scanner's prefetch uses nothing up), and a fresh session each time.
    let again = get(&app.router, &path_of(&link), None).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_ne!(again.cookie("__Host-crm_portal").unwrap(), cookie);
    // Random tokens open nothing.
    let random = get(
        &app.router,
        "/portal/login/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        None,
    )
    .await;
    assert_eq!(random.status, StatusCode::NOT_FOUND);
    assert!(random.cookie("__Host-crm_portal").is_none());
}

#[tokio::test]
async fn email_me_a_link_answers_the_same_then_continue_signs_in_once() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let page = get(&app.router, "/portal/login", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let pre = page.cookie("__Host-crm_csrf").unwrap();
    let token = csrf_in(&page.text());
    let before = outbox(&app).await.len();
    let known = post(
        &app.router,
        "/portal/login",
        Some(&pre),
        &format!("csrf={token}&email=kontakt%40alpha.example.com&next="),
    )
    .await;
    let unknown = post(
        &app.router,
        "/portal/login",
        Some(&pre),
        &format!("csrf={token}&email=nobody%40example.com&next="),
    )
    .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(known.text(), unknown.text(), "same answer either way");
    let mails = outbox(&app).await;
    assert_eq!(mails.len(), before + 1);
    let link = link_in(&app, &mails[0]).await;
    // GET shows "Continue" and uses nothing up.
    for _ in 0..2 {
        let c = get(&app.router, &path_of(&link), Some(&pre)).await;
        assert_eq!(c.status, StatusCode::OK);
        assert!(c.text().contains("Weiter") || c.text().contains("Continue"));
        assert!(c.cookie("__Host-crm_portal").is_none());
        assert_eq!(c.headers["referrer-policy"], "no-referrer");
    }
    let tok = path_of(&link).rsplit('/').next().unwrap().to_owned();
    // Without the pre-session CSRF token: refused.
    let bad = post(
        &app.router,
        "/portal/login/confirm",
        Some(&pre),
        &format!("csrf=00&token={tok}"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    let ok = send(
        &app.router,
        "POST",
        "/portal/login/confirm",
        Some(&pre),
        Some(&format!("csrf={token}&token={tok}")),
        Some("null"),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert_eq!(ok.location(), "/portal");
    let cookie = ok.cookie("__Host-crm_portal").unwrap();
    let statement = get(&app.router, "/portal", Some(&cookie)).await;
    assert!(
        statement
            .text()
            .contains(&alpha.primary_contact().unwrap().name)
    );
    // Single use.
    let twice = post(
        &app.router,
        "/portal/login/confirm",
        Some(&pre),
        &format!("csrf={token}&token={tok}"),
    )
    .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn link_requests_and_token_attempts_are_rate_limited() {
    let app = app(None).await;
    app.f.client(&app.ctx, "Alpha").await;
    let page = get(&app.router, "/portal/login", None).await;
    let pre = page.cookie("__Host-crm_csrf").unwrap();
    let token = csrf_in(&page.text());
    let form = format!("csrf={token}&email=kontakt%40alpha.example.com&next=");
    for _ in 0..5 {
        assert_eq!(
            post(&app.router, "/portal/login", Some(&pre), &form)
                .await
                .status,
            StatusCode::OK
        );
    }
    let limited = post(&app.router, "/portal/login", Some(&pre), &form).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.contains_key("retry-after"));
    for _ in 0..30 {
        get(&app.router, "/portal/login/nonsense", None).await;
    }
    let r = get(&app.router, "/portal/login/nonsense", None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

fn credit_input(net: &str) -> crm_core::service::CreditInput {
    crm_core::service::CreditInput {
        items: vec![crm_core::domain::LineItemInput {
            description: "Nachlass".into(),
            quantity: rust_decimal::Decimal::ONE,
            unit_price: net.parse().unwrap(),
            tax_rate: "19".parse().unwrap(),
            ..Default::default()
        }],
        reason: None,
    }
}

#[tokio::test]
async fn every_id_taking_route_answers_404_for_other_clients_and_companies() {
    let app = app(Some(Arc::new(FakeGateway))).await;
    let crm = &app.f.crm;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let beta = app.f.client(&app.ctx, "Beta").await;
    let (_, other_ctx) = app.f.company("Fremd AG").await;
    let gamma = app.f.client(&other_ctx, "Gamma").await;
    let own_inv = app.f.issued_invoice(&app.ctx, &alpha, "100").await;
    let mut foreign = Vec::new();
    for (ctx, client) in [(&app.ctx, &beta), (&other_ctx, &gamma)] {
        let inv = app.f.issued_invoice(ctx, client, "100").await;
        let q = crm
            .create_quote(
                ctx,
                &crm_core::service::QuoteInput {
                    client_id: client.id,
                    items: invoice_input(client.id, "10").items,
                    valid_until: None,
                    notes: None,
                },
            )
            .await
            .unwrap();
        let q = crm.send_quote(ctx, q.id).await.unwrap();
        let t = crm
            .open_ticket(&portal_ctx(client), "Hilfe", "Text")
            .await
            .unwrap();
        let (_, credit) = crm
            .credit_invoice(ctx, inv.id, &credit_input("10"))
            .await
            .unwrap();
        foreign.push((
            inv.id.to_string(),
            q.id.to_string(),
            t.id.to_string(),
            credit.id.to_string(),
        ));
    }
    // A draft of one's own is as unknown as anything foreign.
    let draft = crm
        .create_invoice(&app.ctx, &invoice_input(alpha.id, "5"))
        .await
        .unwrap();
    foreign.push((
        draft.id.to_string(),
        uuid::Uuid::now_v7().to_string(),
        uuid::Uuid::now_v7().to_string(),
        uuid::Uuid::now_v7().to_string(),
    ));
    foreign.push(("not-an-id".into(), "x".into(), "%00".into(), "y".into()));
    let cookie = sign_in(&app, &alpha).await;
    let csrf = csrf(&app, &cookie).await;
    let r = &app.router;
    for (inv, q, t, c) in &foreign {
        let gets = [
            format!("/portal/corrections/{c}/pdf"),
            format!("/portal/corrections/{c}/einvoice"),
            format!("/portal/invoices/{inv}"),
            format!("/portal/invoices/{inv}/pdf"),
            format!("/portal/invoices/{inv}/einvoice"),
            format!("/portal/invoices/{inv}/paid?session_id=cs_x"),
            format!("/portal/quotes/{q}"),
            format!("/portal/quotes/{q}/pdf"),
            format!("/portal/tickets/{t}"),
        ];
        for uri in gets {
            let res = get(r, &uri, Some(&cookie)).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "GET {uri}");
        }
        let posts = [
            (
                format!("/portal/invoices/{inv}/pay"),
                format!("csrf={csrf}"),
            ),
            (
                format!("/portal/quotes/{q}/approve"),
                format!("csrf={csrf}"),
            ),
            (
                format!("/portal/quotes/{q}/reject"),
                format!("csrf={csrf}&reason=no"),
            ),
            (
                format!("/portal/tickets/{t}/reply"),
                format!("csrf={csrf}&body=hi"),
            ),
            (
                "/portal/invoices/download".to_owned(),
                format!("csrf={csrf}&ids={}&ids={inv}", own_inv.id),
            ),
            (
                "/portal/invoices/download".to_owned(),
                format!("csrf={csrf}&ids={inv}"),
            ),
        ];
        for (uri, form) in posts {
            let res = post(r, &uri, Some(&cookie), &form).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "POST {uri} {form}");
        }
    }
    // Nothing of the others changed.
    for (ctx, client) in [(&app.ctx, &beta), (&other_ctx, &gamma)] {
        let docs = crm
            .document_history(ctx, client.id, &Default::default(), None, 50)
            .await
            .unwrap();
        for d in docs
            .items
            .iter()
            .filter(|d| d.kind == crm_core::domain::DocumentKind::Quote)
        {
            let q = crm
                .quote(ctx, crm_core::domain::QuoteId::from_uuid(d.id))
                .await
                .unwrap();
            assert_eq!(q.status, QuoteStatus::Sent);
            assert!(q.viewed_at.is_none());
        }
        let tickets = crm
            .tickets(
                ctx,
                crm_core::ports::TicketQuery {
                    client_id: Some(client.id),
                    limit: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let (_, msgs) = crm.ticket(ctx, tickets[0].id).await.unwrap();
        assert_eq!(msgs.len(), 1);
    }
    // The own invoice works on every route, and shows its credit note with the PDF.
    let (_, own_credit) = crm
        .credit_invoice(&app.ctx, own_inv.id, &credit_input("10"))
        .await
        .unwrap();
    let page = get(
        r,
        &format!("/portal/invoices/{}", own_inv.id),
        Some(&cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("id=\"corrections\""), "{html}");
    assert!(html.contains(&own_credit.number) && html.contains("id=\"credited\""));
    let pdf = get(
        r,
        &format!("/portal/corrections/{}/pdf", own_credit.id),
        Some(&cookie),
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    let pay = post(
        r,
        &format!("/portal/invoices/{}/pay", own_inv.id),
        Some(&cookie),
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(pay.status, StatusCode::SEE_OTHER);
    assert!(pay.location().starts_with("https://checkout.stripe.com/"));
}

#[tokio::test]
async fn posts_need_the_sessions_csrf_token_and_our_origin() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let beta = app.f.client(&app.ctx, "Beta").await;
    let cookie = sign_in(&app, &alpha).await;
    let token = csrf(&app, &cookie).await;
    let other = sign_in(&app, &beta).await;
    let other_token = csrf(&app, &other).await;
    let form = |t: &str| format!("csrf={t}&subject=Frage&body=Hallo");
    let r = &app.router;
    let cases = [
        (form(""), Some(BASE)),
        (form("deadbeef"), Some(BASE)),
        (form(&other_token), Some(BASE)),
        (form(&token), Some("https://evil.example")),
        (form(&token), Some("null")),
        (form(&token), None),
    ];
    for (body, origin) in cases {
        let res = send(
            r,
            "POST",
            "/portal/tickets",
            Some(&cookie),
            Some(&body),
            origin,
        )
        .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{body} from {origin:?}");
    }
    assert!(
        app.f
            .crm
            .portal_tickets(&portal_ctx(&alpha), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let ok = post(r, "/portal/tickets", Some(&cookie), &form(&token)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    // Sec-Fetch-Site from a browser decides on its own.
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/portal/tickets")
        .header("cookie", &cookie)
        .header("origin", BASE)
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(form(&token)))
        .unwrap();
    let res = tower::ServiceExt::oneshot(r.clone(), req).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sessions_time_out_and_end_on_logout() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let r = &app.router;
    // Idle: 30 minutes.
    let cookie = sign_in(&app, &alpha).await;
    app.f.clock.advance(Duration::minutes(29));
    assert_eq!(
        get(r, "/portal", Some(&cookie)).await.status,
        StatusCode::OK
    );
    app.f.clock.advance(Duration::minutes(31));
    let res = get(r, "/portal/invoices", Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        "/portal/login?expired=1&next=/portal/invoices"
    );
    assert!(
        res.cookies()
            .iter()
            .any(|c| c.starts_with("__Host-crm_portal=;") && c.contains("Max-Age=0"))
    );
    // Absolute: 12 hours, however active.
    let cookie = sign_in(&app, &alpha).await;
    for _ in 0..35 {
        app.f.clock.advance(Duration::minutes(20));
        assert_eq!(
            get(r, "/portal", Some(&cookie)).await.status,
            StatusCode::OK
        );
    }
    app.f.clock.advance(Duration::minutes(20));
    assert_eq!(
        get(r, "/portal", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    // Logout.
    let cookie = sign_in(&app, &alpha).await;
    let token = csrf(&app, &cookie).await;
    let out = post(r, "/portal/logout", Some(&cookie), &format!("csrf={token}")).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(r, "/portal", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    // An admin ends a contact's sessions.
    let cookie = sign_in(&app, &alpha).await;
    app.f
        .crm
        .sign_out_contact(&app.ctx, alpha.id, alpha.primary_contact().unwrap().id)
        .await
        .unwrap();
    assert_eq!(
        get(r, "/portal", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn next_only_ever_leads_inside_the_portal() {
    let app = app(None).await;
    app.f.client(&app.ctx, "Alpha").await;
    let r = &app.router;
    let res = get(r, "/portal/quotes?x=1", None).await;
    assert_eq!(res.location(), "/portal/login?next=/portal/quotes%3Fx%3D1");
    for evil in [
        "https%3A%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "%2Fadmin",
        "%2Fportal%2F..%2Fadmin",
        "%2F%5Cevil.example",
    ] {
        let page = get(r, &format!("/portal/login?next={evil}"), None).await;
        assert!(page.text().contains("name=\"next\" value=\"\""), "{evil}");
    }
    let page = get(r, "/portal/login?next=%2Fportal%2Ftickets", None).await;
    assert!(
        page.text()
            .contains("name=\"next\" value=\"/portal/tickets\"")
    );
    // Through the emailed single-use link, `next` survives in a short cookie.
    let pre = page.cookie("__Host-crm_csrf").unwrap();
    let token = csrf_in(&page.text());
    let sent = post(
        r,
        "/portal/login",
        Some(&pre),
        &format!("csrf={token}&email=kontakt%40alpha.example.com&next=%2Fportal%2Ftickets"),
    )
    .await;
    let next = sent.cookie("__Host-crm_next").unwrap();
    let link = link_in(&app, &outbox(&app).await[0]).await;
    let tok = link.rsplit('/').next().unwrap();
    let ok = post(
        r,
        "/portal/login/confirm",
        Some(&format!("{pre}; {next}")),
        &format!("csrf={token}&token={tok}"),
    )
    .await;
    assert_eq!(ok.location(), "/portal/tickets");
    let evil = post(
        r,
        "/portal/login",
        Some(&pre),
        &format!("csrf={token}&email=kontakt%40alpha.example.com&next=%2F%2Fevil.example"),
    )
    .await;
    assert!(evil.cookie("__Host-crm_next").is_none());
}

#[tokio::test]
async fn security_headers_and_cached_css() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let cookie = sign_in(&app, &alpha).await;
    let page = get(&app.router, "/portal", Some(&cookie)).await;
    let h = &page.headers;
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(
        h["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
    assert_eq!(h["cache-control"], "no-store");
    assert!(h.contains_key("referrer-policy"));
    let html = page.text();
    assert!(
        !html.contains("<script") && !html.contains("style=\""),
        "no inline scripts or styles"
    );
    let href = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let css = get(&app.router, href, None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        css.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(
        get(&app.router, "/portal/assets/crm-0000.css", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Plain http: no HSTS, no __Host- prefix, no Secure.
    let plain = app_with(None, |c| {
        c.base_url = "http://127.0.0.1:1".into();
        c.secure_cookies = false;
    })
    .await;
    let beta = plain.f.client(&plain.ctx, "Beta").await;
    let url = plain
        .f
        .crm
        .issue_portal_link(&plain.ctx, beta.id, None, false)
        .await
        .unwrap();
    let res = get(&plain.router, &path_of(&url), None).await;
    let set = res.cookies().join(" | ");
    assert!(
        set.starts_with("crm_portal=") && !set.contains("Secure"),
        "{set}"
    );
    assert!(!res.headers.contains_key("strict-transport-security"));
}

#[tokio::test]
async fn user_text_is_escaped_everywhere() {
    let app = app(None).await;
    let mut input = client_input("Alpha");
    input.name = "<img src=x onerror=alert(1)>".into();
    input.contacts[0].name = "<b>Eve</b>".into();
    let alpha = app.f.crm.create_client(&app.ctx, &input).await.unwrap();
    let mut inv = invoice_input(alpha.id, "10");
    inv.items[0].description = "<script>alert('x')</script>".into();
    let inv = app.f.crm.create_invoice(&app.ctx, &inv).await.unwrap();
    app.f.crm.issue_invoice(&app.ctx, inv.id).await.unwrap();
    let cookie = sign_in(&app, &alpha).await;
    let t = app
        .f
        .crm
        .open_ticket(
            &portal_ctx(&alpha),
            "<script>x()</script>",
            "\"><svg onload=alert(1)>",
        )
        .await
        .unwrap();
    for uri in [
        "/portal".to_owned(),
        format!("/portal/invoices/{}", inv.id),
        format!("/portal/tickets/{}", t.id),
        "/portal/tickets".into(),
    ] {
        let html = get(&app.router, &uri, Some(&cookie)).await.text();
        for raw in ["<script", "<img src=x", "<b>Eve", "<svg"] {
            assert!(!html.contains(raw), "{uri} contains {raw}");
        }
    }
    let html = get(
        &app.router,
        &format!("/portal/tickets/{}", t.id),
        Some(&cookie),
    )
    .await
    .text();
    assert!(html.contains("&lt;script&gt;x()&lt;/script&gt;"));
}

#[tokio::test]
async fn pages_speak_the_clients_language() {
    let app = app(None).await;
    let de = app.f.client(&app.ctx, "Alpha").await;
    let mut en_input = client_input("Beta");
    en_input.locale = Some("en".into());
    let en = app.f.crm.create_client(&app.ctx, &en_input).await.unwrap();
    assert_eq!(en.locale, Locale::En);
    for c in [&de, &en] {
        app.f.issued_invoice(&app.ctx, c, "1000").await;
    }
    let de_html = get(&app.router, "/portal", Some(&sign_in(&app, &de).await))
        .await
        .text();
    let en_html = get(&app.router, "/portal", Some(&sign_in(&app, &en).await))
        .await
        .text();
    assert!(
        de_html.contains("lang=\"de\"")
            && de_html.contains("Offener Betrag")
            && de_html.contains("1.190,00\u{a0}€")
    );
    assert!(
        en_html.contains("lang=\"en\"")
            && en_html.contains("Outstanding")
            && en_html.contains("€1,190.00")
    );
    assert!(!en_html.contains("Offener Betrag"));
}

#[tokio::test]
async fn statement_figures_zip_of_exactly_the_selection_and_closed_tickets() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let mut invoices = Vec::new();
    for net in ["100", "200", "300", "400", "500"] {
        invoices.push(app.f.issued_invoice(&app.ctx, &alpha, net).await);
    }
    app.f.clock.advance(Duration::days(20)); // all 6 days overdue
    let cookie = sign_in(&app, &alpha).await;
    let html = get(&app.router, "/portal", Some(&cookie)).await.text();
    assert!(
        html.contains("id=\"outstanding\">1.785,00\u{a0}€"),
        "{html}"
    );
    assert!(html.contains("id=\"overdue\">1.785,00\u{a0}€"));
    assert!(html.contains("row-overdue"));
    let token = csrf_in(&html);
    let pick = [&invoices[0], &invoices[2], &invoices[4]];
    let form = format!(
        "csrf={token}&ids={}&ids={}&ids={}",
        pick[0].id, pick[1].id, pick[2].id
    );
    let res = post(
        &app.router,
        "/portal/invoices/download",
        Some(&cookie),
        &form,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["content-type"], "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(res.body.clone())).unwrap();
    assert_eq!(zip.len(), 3);
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        names.push(f.name().unwrap().to_string());
        let mut pdf = Vec::new();
        f.read_to_end(&mut pdf).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
    let expect: Vec<String> = pick
        .iter()
        .map(|i| format!("Rechnung-{}.pdf", i.number.clone().unwrap()))
        .collect();
    assert_eq!(names, expect);
    let empty = post(
        &app.router,
        "/portal/invoices/download",
        Some(&cookie),
        &format!("csrf={token}"),
    )
    .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    // PDFs.
    let pdf = get(
        &app.router,
        &format!("/portal/invoices/{}/pdf", invoices[1].id),
        Some(&cookie),
    )
    .await;
    assert!(pdf.body.starts_with(b"%PDF-"));
    // The e-invoice XML frozen with it, offered on the invoice page.
    let page = get(
        &app.router,
        &format!("/portal/invoices/{}", invoices[1].id),
        Some(&cookie),
    )
    .await;
    let href = format!("/portal/invoices/{}/einvoice", invoices[1].id);
    assert!(
        String::from_utf8_lossy(&page.body).contains(&href),
        "the invoice page links its e-invoice"
    );
    let xml = get(&app.router, &href, Some(&cookie)).await;
    assert_eq!(xml.status, StatusCode::OK);
    assert!(xml.body.starts_with(b"<?xml"));
    let st = get(&app.router, "/portal/statement.pdf", Some(&cookie)).await;
    assert_eq!(st.status, StatusCode::OK);
    assert!(st.body.starts_with(b"%PDF-"));
    // Viewed once.
    get(
        &app.router,
        &format!("/portal/invoices/{}", invoices[1].id),
        Some(&cookie),
    )
    .await;
    let first = app
        .f
        .crm
        .invoice(&app.ctx, invoices[1].id)
        .await
        .unwrap()
        .viewed_at
        .unwrap();
    app.f.clock.advance(Duration::minutes(1));
    get(
        &app.router,
        &format!("/portal/invoices/{}", invoices[1].id),
        Some(&cookie),
    )
    .await;
    assert_eq!(
        app.f
            .crm
            .invoice(&app.ctx, invoices[1].id)
            .await
            .unwrap()
            .viewed_at,
        Some(first)
    );
    // No gateway: bank details instead of "Pay now".
    let page = get(
        &app.router,
        &format!("/portal/invoices/{}", invoices[1].id),
        Some(&cookie),
    )
    .await
    .text();
    assert!(!page.contains("pay-now"));
    // Tickets: closed ones are read-only.
    let t = app
        .f
        .crm
        .open_ticket(&portal_ctx(&alpha), "Frage", "Hallo")
        .await
        .unwrap();
    app.f.crm.close_ticket(&app.ctx, t.id).await.unwrap();
    let thread = get(
        &app.router,
        &format!("/portal/tickets/{}", t.id),
        Some(&cookie),
    )
    .await
    .text();
    assert!(!thread.contains("send-reply"));
    let reply = post(
        &app.router,
        &format!("/portal/tickets/{}/reply", t.id),
        Some(&cookie),
        &format!("csrf={token}&body=noch+was"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let (tk, msgs) = app
        .f
        .crm
        .portal_ticket(&portal_ctx(&alpha), t.id)
        .await
        .unwrap();
    assert_eq!((tk.status, msgs.len()), (TicketStatus::Closed, 1));
}

#[tokio::test]
async fn a_document_link_does_not_switch_a_signed_in_browser_to_another_client() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let beta = app.f.client(&app.ctx, "Beta").await;
    let alpha_cookie = sign_in(&app, &alpha).await;
    // A page embeds a link to its own (beta's) account: no silent switch, "Continue" first.
    let beta_link = app
        .f
        .crm
        .issue_portal_link(&app.ctx, beta.id, None, false)
        .await
        .unwrap();
    let r = get(&app.router, &path_of(&beta_link), Some(&alpha_cookie)).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "a confirmation page, not a sign-in"
    );
    assert!(r.cookie("__Host-crm_portal").is_none(), "no new session");
    let still = get(&app.router, "/portal", Some(&alpha_cookie)).await;
    assert_eq!(still.status, StatusCode::OK, "alpha stays signed in");
    // The same contact's link signs in at once, and the previous session ends.
    let alpha_link = app
        .f
        .crm
        .issue_portal_link(&app.ctx, alpha.id, None, false)
        .await
        .unwrap();
    let r = get(&app.router, &path_of(&alpha_link), Some(&alpha_cookie)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let fresh = r.cookie("__Host-crm_portal").unwrap();
    assert_ne!(fresh, alpha_cookie);
    let old = get(&app.router, "/portal", Some(&alpha_cookie)).await;
    assert_ne!(old.status, StatusCode::OK, "the previous session ended");
    let new = get(&app.router, "/portal", Some(&fresh)).await;
    assert_eq!(new.status, StatusCode::OK);
}

/// `/portal/` with the slash answers like `/portal` (mounted with `crm_web_axum::mount`),
/// also under a host's longer prefix.
#[tokio::test]
async fn trailing_slash_answers_like_the_prefix() {
    for prefix in ["/portal", "/kunden/portal"] {
        let app = app_with(None, |c| c.portal_prefix = prefix.into()).await;
        let router = crm_web_axum::mount(
            axum::Router::new(),
            prefix,
            crm_web_axum::portal_router(app.state.clone()),
        );
        let bare = get(&router, prefix, None).await;
        let slash = get(&router, &format!("{prefix}/"), None).await;
        assert_eq!(bare.status, StatusCode::SEE_OTHER, "{prefix}");
        assert_eq!(slash.status, bare.status, "{prefix}/");
        assert!(slash.location().starts_with(&format!("{prefix}/login")));

        let alpha = app.f.client(&app.ctx, "Alpha").await;
        let link = app
            .f
            .crm
            .issue_portal_link(&app.ctx, alpha.id, None, false)
            .await
            .expect("link");
        let r = get(
            &router,
            &path_of(&link).replacen("/portal", prefix, 1),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let cookie = r.cookie("__Host-crm_portal").expect("session cookie");
        let bare = get(&router, prefix, Some(&cookie)).await;
        let slash = get(&router, &format!("{prefix}/"), Some(&cookie)).await;
        assert_eq!(bare.status, StatusCode::OK, "{prefix}");
        assert_eq!(slash.status, StatusCode::OK, "{prefix}/: {}", slash.text());
        assert!(slash.text().contains("id=\"outstanding\""));
    }
}

#[tokio::test]
async fn a_session_opened_by_a_bare_get_reads_and_pays_but_acts_only_after_a_post() {
    // A document link is fetched by scanners, previews and whoever the email was forwarded
    // to; the session such a GET opens used to approve quotes and write tickets as the client.
    let app = app(Some(Arc::new(FakeGateway))).await;
    let crm = &app.f.crm;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let inv = app.f.issued_invoice(&app.ctx, &alpha, "100").await;
    let q = crm
        .create_quote(
            &app.ctx,
            &crm_core::service::QuoteInput {
                client_id: alpha.id,
                items: invoice_input(alpha.id, "10").items,
                valid_until: None,
                notes: None,
            },
        )
        .await
        .unwrap();
    let q = crm.send_quote(&app.ctx, q.id).await.unwrap();
    let cookie = sign_in_by_document_link(&app, &alpha).await;
    let csrf = csrf(&app, &cookie).await;
    let r = &app.router;
    // Reading and paying work.
    assert_eq!(
        get(r, &format!("/portal/invoices/{}", inv.id), Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    let pay = post(
        r,
        &format!("/portal/invoices/{}/pay", inv.id),
        Some(&cookie),
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(pay.status, StatusCode::SEE_OTHER, "{}", pay.text());
    assert!(pay.location().starts_with("https://checkout.stripe.com/"));
    // Acting for the client asks for a confirmation and changes nothing.
    let ticket = crm
        .open_ticket(&portal_ctx(&alpha), "Hilfe", "Text")
        .await
        .unwrap();
    for (uri, form) in [
        (
            format!("/portal/quotes/{}/approve", q.id),
            format!("csrf={csrf}"),
        ),
        (
            format!("/portal/quotes/{}/reject", q.id),
            format!("csrf={csrf}&reason=nein"),
        ),
        (
            "/portal/tickets".to_owned(),
            format!("csrf={csrf}&subject=Hallo&body=Text"),
        ),
        (
            format!("/portal/tickets/{}/reply", ticket.id),
            format!("csrf={csrf}&body=Antwort"),
        ),
    ] {
        let res = post(r, &uri, Some(&cookie), &form).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "POST {uri}");
        assert!(res.text().contains("session/confirm"), "POST {uri}");
    }
    let form = get(r, "/portal/tickets/new", Some(&cookie)).await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    assert_eq!(
        crm.quote(&app.ctx, q.id).await.unwrap().status,
        QuoteStatus::Sent
    );
    let thread = crm
        .ticket(&app.ctx, ticket.id)
        .await
        .map(|(_, messages)| messages.len());
    assert_eq!(thread.ok(), Some(1));
    // The core refuses too, whatever the web layer does.
    let mut unconfirmed = portal_ctx(&alpha);
    unconfirmed.confirmed = false;
    assert!(matches!(
        crm.portal_approve_quote(&unconfirmed, q.id).await,
        Err(crm_core::service::Error::ConfirmationRequired)
    ));
    // A confirmation needs the session's CSRF token.
    let forged = post(
        r,
        "/portal/session/confirm",
        Some(&cookie),
        "csrf=00&next=/portal",
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let ok = post(
        r,
        "/portal/session/confirm",
        Some(&cookie),
        &format!("csrf={csrf}&next=/portal/quotes/{}", q.id),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), format!("/portal/quotes/{}", q.id));
    let approve = post(
        r,
        &format!("/portal/quotes/{}/approve", q.id),
        Some(&cookie),
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(approve.status, StatusCode::SEE_OTHER, "{}", approve.text());
    assert_eq!(
        crm.quote(&app.ctx, q.id).await.unwrap().status,
        QuoteStatus::Approved
    );
    // The same contact's next document link keeps the confirmation; another browser's does not.
    let url = crm
        .issue_portal_link(&app.ctx, alpha.id, None, false)
        .await
        .unwrap();
    let again = get(r, &path_of(&url), Some(&cookie)).await;
    let renewed = again.cookie("__Host-crm_portal").unwrap();
    let csrf2 = support::csrf(&app, &renewed).await;
    let t = post(
        r,
        "/portal/tickets",
        Some(&renewed),
        &format!("csrf={csrf2}&subject=Hallo&body=Text"),
    )
    .await;
    assert_eq!(t.status, StatusCode::SEE_OTHER, "{}", t.text());
    let fresh = get(r, &path_of(&url), None).await;
    let stranger = fresh.cookie("__Host-crm_portal").unwrap();
    let csrf3 = support::csrf(&app, &stranger).await;
    let t = post(
        r,
        "/portal/tickets",
        Some(&stranger),
        &format!("csrf={csrf3}&subject=Hallo&body=Text"),
    )
    .await;
    assert_eq!(t.status, StatusCode::FORBIDDEN);
}

/// A gateway that cannot take any amount (like Stripe for 1,500.50 MGA).
struct RefusingGateway;

#[async_trait]
impl PaymentGateway for RefusingGateway {
    async fn start_checkout(&self, _: &CheckoutRequest) -> Result<CheckoutSession, GatewayError> {
        Err(GatewayError::Unsupported("MGA 1500.50".into()))
    }
    fn verify_event(&self, _: &[u8], _: &str) -> Result<PaymentEvent, GatewayError> {
        Err(GatewayError::Provider("no webhooks here".into()))
    }
    async fn confirm_checkout(&self, id: &str) -> Result<PaymentEvent, GatewayError> {
        Ok(PaymentEvent::Ignored {
            event_id: id.to_owned(),
        })
    }
    async fn refund(
        &self,
        _: &crm_core::ports::RefundRequest,
    ) -> Result<crm_core::ports::GatewayRefund, GatewayError> {
        Err(GatewayError::Unsupported("MGA 1500.50".into()))
    }
    fn provider(&self) -> &'static str {
        "refusing"
    }
}

#[tokio::test]
async fn an_amount_the_provider_cannot_take_says_to_pay_by_transfer() {
    // It showed "the payment service is unavailable, try again later" (502): retrying never
    // helps for an amount the provider cannot represent.
    let app = app(Some(Arc::new(RefusingGateway))).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let inv = app.f.issued_invoice(&app.ctx, &alpha, "100").await;
    let cookie = sign_in(&app, &alpha).await;
    let csrf = csrf(&app, &cookie).await;
    let r = post(
        &app.router,
        &format!("/portal/invoices/{}/pay", inv.id),
        Some(&cookie),
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("nicht online bezahlt werden"),
        "{}",
        r.text()
    );
}

/// A ZIP download whose response body nobody reads (the client stopped reading).
async fn stalled_download(
    app: &App,
    cookie: &str,
    csrf: &str,
    ids: &[String],
) -> axum::response::Response {
    use tower::ServiceExt;
    let mut form = format!("csrf={csrf}");
    for id in ids {
        form.push_str(&format!("&ids={id}"));
    }
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/portal/invoices/download")
        .header("cookie", cookie)
        .header("origin", BASE)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(form))
        .expect("request");
    app.router
        .clone()
        .oneshot(request)
        .await
        .expect("infallible")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_nobody_reads_gives_up_and_downloads_are_bounded() {
    // A client that stopped reading held the writer's blocking thread forever: ~500 of them
    // and every PDF in the system waited.
    let app = app_with(None, |c| {
        c.download_stall = std::time::Duration::from_secs(1);
        c.max_downloads = 2;
        c.max_downloads_per_contact = 1;
    })
    .await;
    let settle = || tokio::time::sleep(std::time::Duration::from_millis(300));
    let mut people = Vec::new();
    for name in ["Alpha", "Beta", "Gamma"] {
        let client = app.f.client(&app.ctx, name).await;
        // Enough PDFs that the archive outgrows what the channel and the body buffer hold.
        let mut ids = Vec::new();
        for _ in 0..if name == "Gamma" { 1 } else { 30 } {
            ids.push(
                app.f
                    .issued_invoice(&app.ctx, &client, "100")
                    .await
                    .id
                    .to_string(),
            );
        }
        let cookie = sign_in(&app, &client).await;
        let csrf = csrf(&app, &cookie).await;
        people.push((cookie, csrf, ids));
    }
    let (a, b, g) = (&people[0], &people[1], &people[2]);
    let first = stalled_download(&app, &a.0, &a.1, &a.2).await;
    assert_eq!(first.status(), StatusCode::OK);
    settle().await;
    assert_eq!(
        app.state.downloads.in_flight(),
        1,
        "the unread download is writing"
    );
    // One per contact: the same contact's second waits its turn.
    let again = stalled_download(&app, &a.0, &a.1, &a.2).await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another contact takes the last slot; then the instance is full.
    let second = stalled_download(&app, &b.0, &b.1, &b.2).await;
    assert_eq!(second.status(), StatusCode::OK);
    settle().await;
    assert_eq!(app.state.downloads.in_flight(), 2);
    let full = stalled_download(&app, &g.0, &g.1, &g.2).await;
    assert_eq!(full.status(), StatusCode::SERVICE_UNAVAILABLE);
    // The unread downloads give up after their stall time and free their threads and slots,
    // while their responses are still held.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.state.downloads.in_flight() > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "a stalled download still holds its thread"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let now_free = stalled_download(&app, &g.0, &g.1, &g.2).await;
    assert_eq!(now_free.status(), StatusCode::OK);
    drop((first, second));
}

/// The invoice and quote pages print a line's unit after its quantity, in the client's
/// language; a count (`C62`) stays the plain number.
#[tokio::test]
async fn invoice_and_quote_pages_show_the_units_of_lines() {
    use crm_core::domain::Unit;
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let mut input = invoice_input(alpha.id, "95");
    input.items[0].quantity = rust_decimal::Decimal::TEN;
    input.items[0].unit = Some(Unit::Hour);
    let mut count = input.items[0].clone();
    count.description = "Handbuch".into();
    count.unit = None;
    input.items.push(count);
    let inv = app.f.crm.create_invoice(&app.ctx, &input).await.unwrap();
    let inv = app.f.crm.issue_invoice(&app.ctx, inv.id).await.unwrap();
    let quote = app
        .f
        .crm
        .create_quote(
            &app.ctx,
            &crm_core::service::QuoteInput {
                client_id: alpha.id,
                items: vec![crm_core::domain::LineItemInput {
                    unit: Some(Unit::Day),
                    ..input.items[0].clone()
                }],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.f.crm.send_quote(&app.ctx, quote.id).await.unwrap();
    let cookie = sign_in(&app, &alpha).await;
    let html = get(
        &app.router,
        &format!("/portal/invoices/{}", inv.id),
        Some(&cookie),
    )
    .await
    .text();
    assert!(html.contains("10\u{a0}Std."), "{html}");
    assert!(!html.contains("Einh."), "{html}");
    let html = get(
        &app.router,
        &format!("/portal/quotes/{}", quote.id),
        Some(&cookie),
    )
    .await
    .text();
    assert!(html.contains("10\u{a0}Tage"), "{html}");
}

#[tokio::test]
async fn reminders_show_on_the_statement_and_the_invoice_with_what_they_claim() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let beta = app.f.client(&app.ctx, "Beta").await;
    let inv = app.f.issued_invoice(&app.ctx, &alpha, "100").await;
    app.f.issued_invoice(&app.ctx, &beta, "100").await;
    // Due 2026-12-11: the payment reminder on 12-18, the 1st Mahnung (40 € fee) on 01-01.
    let mut issued = Vec::new();
    for day in [(2026, 12, 18), (2027, 1, 1)] {
        let now =
            chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, day.0, day.1, day.2, 9, 0, 0).unwrap();
        app.f.clock.set(now);
        issued.extend(app.f.crm.run_dunning(now).await.unwrap().issued);
    }
    let first = issued
        .iter()
        .find(|r| r.client_id == alpha.id && r.level == crm_core::domain::DunningLevel::First)
        .expect("alpha's 1st Mahnung")
        .clone();
    let foreign = issued
        .iter()
        .find(|r| r.client_id == beta.id)
        .expect("beta's")
        .clone();
    let cookie = sign_in(&app, &alpha).await;
    let html = get(&app.router, "/portal", Some(&cookie)).await.text();
    assert!(html.contains("id=\"reminders\""), "{html}");
    assert!(
        html.contains(&format!("1. Mahnung {}", first.number)),
        "{html}"
    );
    let html = get(
        &app.router,
        &format!("/portal/invoices/{}", inv.id),
        Some(&cookie),
    )
    .await
    .text();
    assert!(html.contains("id=\"claim\""), "{html}");
    assert!(html.contains("id=\"claim-fees\">40,00\u{a0}€"), "{html}");
    assert!(html.contains("id=\"claim-total\">159,00\u{a0}€"), "{html}");
    let pdf = get(
        &app.router,
        &format!("/portal/reminders/{}/pdf", first.id),
        Some(&cookie),
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with(b"%PDF"));
    // Another client's reminder is as unknown as a made-up one.
    for id in [foreign.id.to_string(), uuid::Uuid::now_v7().to_string()] {
        let res = get(
            &app.router,
            &format!("/portal/reminders/{id}/pdf"),
            Some(&cookie),
        )
        .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{id}");
    }
}
