//! Magic-link boundaries through the portal router: `HEAD` of a link (what link checkers
//! send) signs nobody in and uses nothing up, links at their TTL and one second past it, and
//! two concurrent confirmations of one single-use link open exactly one session.

use crate::support;

use axum::http::StatusCode;
use chrono::Duration;
use crm_core::domain::ActivityKind;
use crm_core::ports::Clock;
use support::*;

const SESSION: &str = "__Host-crm_portal";
const PRE_SESSION: &str = "__Host-crm_csrf";

/// Sign-ins recorded for `client` (one per portal session opened).
async fn sign_ins(app: &App, client: &crm_core::domain::Client) -> usize {
    app.f
        .crm
        .activities(&app.ctx, client.id, 100)
        .await
        .expect("activities")
        .iter()
        .filter(|a| a.kind == ActivityKind::PortalSignedIn)
        .count()
}

/// A single-use sign-in link for Alpha's primary contact, as the outbox worker mails it now.
async fn login_link(app: &App) -> String {
    app.f
        .crm
        .request_login_link(&app.ctx, "kontakt@alpha.example.com")
        .await
        .expect("request");
    let mails = outbox(app).await;
    let newest = mails
        .iter()
        .max_by_key(|m| (m.created_at, m.id))
        .expect("mail");
    path_of(&link_in(app, newest).await)
}

/// The pre-session cookie and its CSRF token, as the sign-in page hands them out.
async fn pre_session(app: &App) -> (String, String) {
    let page = get(&app.router, "/portal/login", None).await;
    assert_eq!(page.status, StatusCode::OK);
    (
        page.cookie(PRE_SESSION).expect("pre-session cookie"),
        csrf_in(&page.text()),
    )
}

/// `POST /portal/login/confirm` as the Continue page sends it (`Origin: null`: the page is
/// served with `no-referrer`).
async fn confirm(router: &axum::Router, pre: &str, csrf: &str, path: &str) -> Reply {
    let token = path.rsplit('/').next().expect("token");
    send(
        router,
        "POST",
        "/portal/login/confirm",
        Some(pre),
        Some(&format!("csrf={csrf}&token={token}")),
        Some("null"),
    )
    .await
}

fn assert_headless_link_answer(r: &Reply, what: &str) {
    assert!(
        r.cookies().is_empty(),
        "{what}: no cookie at all: {:?}",
        r.cookies()
    );
    assert!(r.body.is_empty(), "{what}: HEAD has no body");
    assert_eq!(r.headers["referrer-policy"], "no-referrer", "{what}");
    assert_eq!(r.headers["cache-control"], "no-store", "{what}");
    assert!(r.location().is_empty(), "{what}: no redirect");
}

#[tokio::test]
async fn head_of_a_link_signs_nobody_in_sets_no_cookie_and_uses_nothing_up() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;

    // A document link: GET would sign in; HEAD only says it is valid.
    let doc = path_of(
        &app.f
            .crm
            .issue_portal_link(&app.ctx, alpha.id, None, false)
            .await
            .expect("link"),
    );
    for _ in 0..2 {
        let h = send(&app.router, "HEAD", &doc, None, None, None).await;
        assert_eq!(h.status, StatusCode::OK);
        assert_headless_link_answer(&h, "document link");
    }
    assert_eq!(sign_ins(&app, &alpha).await, 0, "HEAD opened a session");
    // Not even over an existing session of another contact does it switch anything.
    let beta = app.f.client(&app.ctx, "Beta").await;
    let beta_cookie = sign_in(&app, &beta).await;
    let h = send(&app.router, "HEAD", &doc, Some(&beta_cookie), None, None).await;
    assert_eq!(h.status, StatusCode::OK);
    assert_headless_link_answer(&h, "document link over another session");
    assert_eq!(sign_ins(&app, &alpha).await, 0);
    assert_eq!(
        get(&app.router, "/portal", Some(&beta_cookie)).await.status,
        StatusCode::OK,
        "the other session is untouched"
    );
    // The link is still good for a GET.
    let g = get(&app.router, &doc, None).await;
    assert_eq!(g.status, StatusCode::SEE_OTHER, "{}", g.text());
    assert!(g.cookie(SESSION).is_some());
    assert_eq!(sign_ins(&app, &alpha).await, 1);

    // A single-use link: HEAD neither uses it up nor hands out a pre-session cookie.
    let login = login_link(&app).await;
    let h = send(&app.router, "HEAD", &login, None, None, None).await;
    assert_eq!(h.status, StatusCode::OK);
    assert_headless_link_answer(&h, "single-use link");
    let (pre, csrf) = pre_session(&app).await;
    let ok = confirm(&app.router, &pre, &csrf, &login).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert!(ok.cookie(SESSION).is_some());
    assert_eq!(sign_ins(&app, &alpha).await, 2);

    // Used-up, unknown and malformed links: 404, still no cookie.
    for path in [
        login.clone(),
        "/portal/login/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "/portal/login/nonsense".to_owned(),
    ] {
        let h = send(&app.router, "HEAD", &path, None, None, None).await;
        assert_eq!(h.status, StatusCode::NOT_FOUND, "{path}");
        assert_headless_link_answer(&h, &path);
    }
    assert_eq!(sign_ins(&app, &alpha).await, 2);
}

#[tokio::test]
async fn links_through_the_router_die_at_their_ttl() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let config = crm_core::CrmConfig::default();
    let second = Duration::seconds(1);

    // Document link, 30 days: a GET one second before signs in, at and after the TTL not.
    let minted = app.f.clock.now();
    let doc = path_of(
        &app.f
            .crm
            .issue_portal_link(&app.ctx, alpha.id, None, false)
            .await
            .expect("link"),
    );
    app.f.clock.set(minted + config.document_link_ttl - second);
    let r = get(&app.router, &doc, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "TTL - 1 s: {}", r.text());
    assert!(r.cookie(SESSION).is_some());
    for (label, at) in [
        ("TTL", minted + config.document_link_ttl),
        ("TTL + 1 s", minted + config.document_link_ttl + second),
    ] {
        app.f.clock.set(at);
        let r = get(&app.router, &doc, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "document link at {label}");
        assert!(r.cookie(SESSION).is_none(), "document link at {label}");
    }
    assert_eq!(sign_ins(&app, &alpha).await, 1);

    // Single-use link, 15 minutes: Continue and its POST work until just before the TTL.
    let (pre, csrf) = pre_session(&app).await;
    for (label, offset, valid) in [
        ("TTL - 1 s", config.login_link_ttl - second, true),
        ("TTL", config.login_link_ttl, false),
        ("TTL + 1 s", config.login_link_ttl + second, false),
    ] {
        let minted = app.f.clock.now();
        let login = login_link(&app).await;
        app.f.clock.set(minted + offset);
        let before = sign_ins(&app, &alpha).await;
        let page = get(&app.router, &login, Some(&pre)).await;
        let ok = confirm(&app.router, &pre, &csrf, &login).await;
        if valid {
            assert_eq!(page.status, StatusCode::OK, "Continue at {label}");
            assert_eq!(ok.status, StatusCode::SEE_OTHER, "{label}: {}", ok.text());
            assert!(ok.cookie(SESSION).is_some(), "{label}");
            assert_eq!(sign_ins(&app, &alpha).await, before + 1, "{label}");
        } else {
            assert_eq!(page.status, StatusCode::NOT_FOUND, "Continue at {label}");
            assert_eq!(ok.status, StatusCode::NOT_FOUND, "confirm at {label}");
            assert!(ok.cookie(SESSION).is_none(), "{label}");
            assert_eq!(sign_ins(&app, &alpha).await, before, "{label}");
        }
        app.f.clock.set(minted + offset + second);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_confirmations_of_one_link_open_one_session() {
    let app = app(None).await;
    let alpha = app.f.client(&app.ctx, "Alpha").await;
    let (pre, csrf) = pre_session(&app).await;
    for round in 0..3 {
        let login = login_link(&app).await;
        let before = sign_ins(&app, &alpha).await;
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let tasks: Vec<_> = (0..2)
            .map(|_| {
                let (router, pre, csrf, login) =
                    (app.router.clone(), pre.clone(), csrf.clone(), login.clone());
                let barrier = barrier.clone();
                tokio::spawn(async move {
                    barrier.wait().await;
                    confirm(&router, &pre, &csrf, &login).await
                })
            })
            .collect();
        let mut replies = Vec::new();
        for t in tasks {
            replies.push(t.await.expect("task"));
        }
        let signed_in: Vec<_> = replies
            .iter()
            .filter(|r| r.status == StatusCode::SEE_OTHER)
            .collect();
        assert_eq!(signed_in.len(), 1, "round {round}: one sign-in");
        let session = signed_in[0].cookie(SESSION).expect("session cookie");
        let other = replies
            .iter()
            .find(|r| r.status != StatusCode::SEE_OTHER)
            .expect("the other reply");
        assert_eq!(
            other.status,
            StatusCode::NOT_FOUND,
            "round {round}: the invalid-link answer: {}",
            other.text()
        );
        assert!(other.cookie(SESSION).is_none(), "round {round}");
        assert_eq!(sign_ins(&app, &alpha).await, before + 1, "round {round}");
        assert_eq!(
            get(&app.router, "/portal", Some(&session)).await.status,
            StatusCode::OK
        );
    }
}
