//! Signing in and out: the sign-in page ("email me a new link"), magic links, logout.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use crm_core::domain::{LinkPurpose, Locale};
use crm_core::service::{Ctx, Error as CoreError};
use serde::Deserialize;

use super::views::{ContinuePage, SigninPage};
use super::{
    FormData, PRE_CSRF_PURPOSE, PageBase, SESSION_COOKIE, home, ip_key, layout, prefix, see_other,
    throttle,
};
use crate::error::WebError;
use crate::html::i18n::text;
use crate::html::{self, Flash, Tr};
use crate::security::{
    ClientIp, PRE_SESSION_COOKIE, check_same_origin, clear_cookie, cookie_name, csrf_token,
    read_cookie, safe_next, set_cookie, verify_csrf,
};
use crate::state::WebState;

/// Cookie remembering `next` between "email me a link" and the sign-in (15 minutes).
const NEXT_COOKIE: &str = "crm_next";

/// The sign-in page's query.
#[derive(Debug, Deserialize)]
pub(crate) struct SigninQuery {
    next: Option<String>,
    expired: Option<String>,
    lang: Option<String>,
    signed_out: Option<String>,
}

/// The language of pages before a session: `?lang=`, else `Accept-Language`, else the
/// company's default (German for a German company), else English.
fn guess_locale(headers: &HeaderMap, explicit: Option<&str>) -> Locale {
    if let Some(l) = explicit.and_then(|l| Locale::parse(l).ok()) {
        return l;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|first| Locale::parse(first.split(';').next().unwrap_or_default()).ok())
        .unwrap_or(Locale::En)
}

/// The pre-session CSRF value of this browser, and a `Set-Cookie` if it is new.
fn pre_session(state: &WebState, headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    let name = cookie_name(&state.config, PRE_SESSION_COOKIE);
    if let Some(v) = read_cookie(headers, &name).filter(|v| v.len() == 43) {
        return (v.to_owned(), None);
    }
    let fresh = crm_core::domain::SecretToken::from_bytes(random_bytes()).encode();
    let cookie = set_cookie(&state.config, PRE_SESSION_COOKIE, &fresh, None);
    (fresh, Some(cookie))
}

fn random_bytes() -> [u8; 32] {
    use crm_core::ports::TokenSource;
    crm_core::ports::OsTokenSource.random_bytes()
}

fn pre_csrf_ok(state: &WebState, headers: &HeaderMap, form: &FormData) -> bool {
    let name = cookie_name(&state.config, PRE_SESSION_COOKIE);
    match (read_cookie(headers, &name), form.get("csrf")) {
        (Some(cookie), Some(given)) if cookie.len() == 43 => {
            verify_csrf(&state.config.secret, PRE_CSRF_PURPOSE, cookie, given)
        }
        _ => false,
    }
}

/// Renders the sign-in page.
fn signin(
    state: &WebState,
    headers: &HeaderMap,
    locale: Locale,
    next: &str,
    flash: Option<Flash>,
    sent: bool,
    invalid_link: bool,
) -> Response {
    let (pre, cookie) = pre_session(state, headers);
    let csrf = csrf_token(&state.config.secret, PRE_CSRF_PURPOSE, &pre);
    let title = text("signin.title", locale).unwrap_or_default().to_owned();
    let layout = layout(
        state,
        PageBase {
            title,
            brand: &brand(state),
            locale,
            nav: false,
            active: "",
            csrf: &csrf,
            flash,
            logo: None,
        },
    );
    let result = html::respond(&SigninPage {
        l: &layout,
        t: Tr(locale),
        sent,
        invalid_link,
        form: state.config.portal_company.is_some(),
        next,
    });
    let mut response = match result {
        Ok(r) => r,
        Err(e) => return e.page(locale, &home(state)),
    };
    if let Some(c) = cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

fn brand(_state: &WebState) -> String {
    // Before a session the company is only known when the portal serves one; its name then
    // comes from the sign-in handlers. The neutral product name otherwise.
    "Kundenportal · Client portal".to_owned()
}

/// `GET /login`.
pub(crate) async fn signin_page(
    State(state): State<WebState>,
    Query(q): Query<SigninQuery>,
    headers: HeaderMap,
) -> Response {
    let locale = guess_locale(&headers, q.lang.as_deref());
    let next = q
        .next
        .as_deref()
        .and_then(|n| safe_next(n, prefix(&state)))
        .unwrap_or_default();
    let flash = if q.expired.is_some() {
        Some(Flash {
            kind: "warn",
            text: text("signin.expired", locale)
                .unwrap_or_default()
                .to_owned(),
        })
    } else if q.signed_out.is_some() {
        Some(Flash {
            kind: "ok",
            text: text("signin.signed_out", locale)
                .unwrap_or_default()
                .to_owned(),
        })
    } else {
        None
    };
    signin(&state, &headers, locale, &next, flash, false, false)
}

/// The least time "email me a new link" takes to answer (see [`request_link`]).
const LINK_REQUEST_FLOOR: std::time::Duration = std::time::Duration::from_millis(250);

/// `POST /login`: "email me a new link". The same page, after the same time, whether or not
/// the address exists.
pub(crate) async fn request_link(
    State(state): State<WebState>,
    ip: ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let locale = guess_locale(&headers, None);
    let fail = |e: WebError| e.page(locale, &home(&state));
    if check_same_origin(&headers, &state.config, false).is_err() {
        return fail(WebError::Forbidden("origin"));
    }
    if !pre_csrf_ok(&state, &headers, &form) {
        return fail(WebError::Forbidden("csrf"));
    }
    let Some(company) = state.config.portal_company else {
        return fail(WebError::NotFound);
    };
    let email = form.get("email").unwrap_or_default().trim().to_lowercase();
    if let Err(e) = throttle(
        &state,
        &format!("portal-link-ip:{}", ip_key(ip)),
        state.config.link_requests_per_ip,
    )
    .await
    {
        return fail(e);
    }
    if let Err(e) = throttle(
        &state,
        &format!("portal-link-email:{email}:{}", ip_key(ip)),
        state.config.link_requests_per_address,
    )
    .await
    {
        return fail(e);
    }
    if let Err(e) = throttle(
        &state,
        &format!("portal-link-address:{email}"),
        state.config.link_requests_per_address_total,
    )
    .await
    {
        return fail(e);
    }
    let ctx = Ctx::new(company, crm_core::domain::Actor::System);
    // Queuing a link for a known address takes longer than finding none; answering no
    // sooner than a fixed floor keeps the response time from telling which it was.
    let floor = tokio::time::Instant::now() + LINK_REQUEST_FLOOR;
    let outcome = state.crm.request_login_link(&ctx, &email).await;
    tokio::time::sleep_until(floor).await;
    if let Err(e) = outcome {
        return fail(WebError::from_core(e, locale));
    }
    let mut r = signin(&state, &headers, locale, "", None, true, false);
    if let Some(next) = form.get("next").and_then(|n| safe_next(n, prefix(&state))) {
        r.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(
                &state.config,
                NEXT_COOKIE,
                &super::encode(&next),
                Some(15 * 60),
            ),
        );
    }
    r
}

/// `GET /login/{token}`: a document link signs in and redirects to its document (a URL
/// without the token); a single-use link shows "Continue" (a GET must not use it up: mail
/// scanners follow links and run scripts). `HEAD` (axum routes it here too) is what link
/// checkers send: it only says whether the link is valid (200 or 404), signs nobody in and
/// sets no cookie.
pub(crate) async fn token_link(
    State(state): State<WebState>,
    ip: ClientIp,
    method: Method,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = guess_locale(&headers, None);
    let mut response = if method == Method::HEAD {
        token_link_head(&state, ip, &token, locale).await
    } else {
        token_link_inner(&state, ip, &token, &headers, locale).await
    };
    // The URL holds a secret: nothing of it may travel on in a Referer.
    let h = response.headers_mut();
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Counts one use of a magic-link token from `ip` (GET, HEAD and the POST of "Continue" share
/// the budget, so none of them is a cheaper oracle for guessing tokens).
async fn throttle_token_attempt(state: &WebState, ip: ClientIp) -> Result<(), WebError> {
    throttle(
        state,
        &format!("portal-token-ip:{}", ip_key(ip)),
        state.config.token_attempts_per_ip,
    )
    .await
}

/// `HEAD /login/{token}`: valid or not, without side effects. Throttled like a GET, so it is
/// no cheaper oracle for guessing tokens.
async fn token_link_head(state: &WebState, ip: ClientIp, token: &str, locale: Locale) -> Response {
    if let Err(e) = throttle_token_attempt(state, ip).await {
        return e.page(locale, &home(state));
    }
    let status = match state.crm.inspect_link(token).await {
        Ok(_) => axum::http::StatusCode::OK,
        Err(CoreError::LinkInvalid) => axum::http::StatusCode::NOT_FOUND,
        Err(e) => return WebError::from(e).page(locale, &home(state)),
    };
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")]).into_response()
}

async fn token_link_inner(
    state: &WebState,
    ip: ClientIp,
    token: &str,
    headers: &HeaderMap,
    locale: Locale,
) -> Response {
    if let Err(e) = throttle_token_attempt(state, ip).await {
        return e.page(locale, &home(state));
    }
    let info = match state.crm.inspect_link(token).await {
        Ok(info) => info,
        Err(CoreError::LinkInvalid) => return invalid_link(state, headers, locale),
        Err(e) => return WebError::from(e).page(locale, &home(state)),
    };
    // A document link signs in on GET, but not over someone else's session: a page could
    // otherwise switch a signed-in client into the account of whoever's link it embeds
    // (login CSRF). Then it asks first, like a single-use link.
    let current = match session_cookie(state, headers) {
        Some(current) => state.crm.portal_session(&current).await.ok(),
        None => None,
    };
    let other_contact_signed_in = current
        .as_ref()
        .is_some_and(|p| p.contact != info.contact_id);
    // The same contact's confirmed session carries its confirmation over to the new one: the
    // browser already proved it is that contact's (the cookie is HttpOnly).
    let confirmed = current
        .as_ref()
        .is_some_and(|p| p.contact == info.contact_id && p.confirmed);
    let purpose = if other_contact_signed_in {
        LinkPurpose::Login
    } else {
        info.purpose
    };
    match purpose {
        LinkPurpose::Document => match state.crm.redeem_link(token, confirmed).await {
            Ok(sign_in) => signed_in(state, headers, &sign_in.token.encode(), sign_in.target).await,
            Err(CoreError::LinkInvalid) => invalid_link(state, headers, locale),
            Err(e) => WebError::from(e).page(locale, &home(state)),
        },
        LinkPurpose::Login => {
            let (pre, cookie) = pre_session(state, headers);
            let csrf = csrf_token(&state.config.secret, PRE_CSRF_PURPOSE, &pre);
            let title = text("continue.title", locale)
                .unwrap_or_default()
                .to_owned();
            let layout = layout(
                state,
                PageBase {
                    title,
                    brand: &brand(state),
                    locale,
                    nav: false,
                    active: "",
                    csrf: &csrf,
                    flash: None,
                    logo: None,
                },
            );
            let mut r = match html::respond(&ContinuePage {
                l: &layout,
                t: Tr(locale),
                contact_name: info.contact_name,
                token,
            }) {
                Ok(r) => r,
                Err(e) => return e.page(locale, &home(state)),
            };
            if let Some(c) = cookie {
                r.headers_mut().append(header::SET_COOKIE, c);
            }
            r
        }
    }
}

/// The portal session token this browser sends, if any.
fn session_cookie(state: &WebState, headers: &HeaderMap) -> Option<String> {
    read_cookie(headers, &cookie_name(&state.config, SESSION_COOKIE)).map(str::to_owned)
}

fn invalid_link(state: &WebState, headers: &HeaderMap, locale: Locale) -> Response {
    let mut r = signin(state, headers, locale, "", None, false, true);
    *r.status_mut() = axum::http::StatusCode::NOT_FOUND;
    r
}

/// `POST /login/confirm`: a single-use link, confirmed.
pub(crate) async fn confirm(
    State(state): State<WebState>,
    ip: ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let locale = guess_locale(&headers, None);
    let fail = |e: WebError| e.page(locale, &home(&state));
    // The confirmation page is served with `no-referrer` (its URL holds the token), so
    // browsers send `Origin: null`; the pre-session CSRF token is the check then.
    if check_same_origin(&headers, &state.config, true).is_err() {
        return fail(WebError::Forbidden("origin"));
    }
    if !pre_csrf_ok(&state, &headers, &form) {
        return fail(WebError::Forbidden("csrf"));
    }
    if let Err(e) = throttle_token_attempt(&state, ip).await {
        return fail(e);
    }
    let token = form.get("token").unwrap_or_default();
    match state.crm.redeem_link(token, true).await {
        Ok(sign_in) => {
            let next = read_cookie(&headers, &cookie_name(&state.config, NEXT_COOKIE))
                .map(super::decode)
                .and_then(|n| safe_next(&n, prefix(&state)));
            let mut r = signed_in(&state, &headers, &sign_in.token.encode(), None).await;
            if let Some(next) = next {
                r.headers_mut().insert(
                    header::LOCATION,
                    HeaderValue::from_str(&next).unwrap_or(HeaderValue::from_static("/")),
                );
            }
            r.headers_mut()
                .append(header::SET_COOKIE, clear_cookie(&state.config, NEXT_COOKIE));
            r
        }
        Err(CoreError::LinkInvalid) => invalid_link(&state, &headers, locale),
        Err(e) => fail(WebError::from(e)),
    }
}

/// The response of a successful sign-in: the new session cookie (a fresh id every time),
/// the pre-session cookie dropped, a 303 to the link's target or the statement.
async fn signed_in(
    state: &WebState,
    headers: &HeaderMap,
    token: &str,
    target: Option<String>,
) -> Response {
    // The session this browser had before ends with the new one's start.
    if let Some(old) = session_cookie(state, headers)
        && let Err(e) = state.crm.logout(&old).await
    {
        tracing::warn!(error = %e, "could not end the previous portal session");
    }
    let p = prefix(state);
    let location = target
        .map(|t| format!("{p}{t}"))
        .and_then(|t| safe_next(&t, p))
        .unwrap_or_else(|| home(state));
    let mut r = see_other(&location);
    let h = r.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(&state.config, SESSION_COOKIE, token, None),
    );
    h.append(
        header::SET_COOKIE,
        clear_cookie(&state.config, PRE_SESSION_COOKIE),
    );
    r
}

/// `POST /session/confirm`: the signed-in contact confirms a session that a bare GET of a
/// document link opened; back to `next`.
pub(crate) async fn confirm_session(
    portal: super::Portal,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let locale = guess_locale(&headers, None);
    if let Err(f) = portal.check_post(&headers, &form, locale) {
        return f.into_response();
    }
    let state = &portal.state;
    let Some(token) = session_cookie(state, &headers) else {
        return WebError::Forbidden("session").page(locale, &home(state));
    };
    if let Err(e) = state.crm.confirm_portal_session(&token).await {
        return WebError::from(e).page(locale, &home(state));
    }
    let next = form
        .get("next")
        .and_then(|n| safe_next(n, prefix(state)))
        .unwrap_or_else(|| home(state));
    see_other(&next)
}

/// `POST /logout`: ends the session (CSRF-checked, so no page can sign a client out).
pub(crate) async fn logout(
    State(state): State<WebState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let name = cookie_name(&state.config, SESSION_COOKIE);
    let locale = guess_locale(&headers, None);
    if check_same_origin(&headers, &state.config, false).is_err() {
        return WebError::Forbidden("origin").page(locale, &home(&state));
    }
    if let Some(token) = read_cookie(&headers, &name) {
        let ok = form.get("csrf").is_some_and(|given| {
            verify_csrf(&state.config.secret, super::CSRF_PURPOSE, token, given)
        });
        if !ok {
            return WebError::Forbidden("csrf").page(locale, &home(&state));
        }
        if let Err(e) = state.crm.logout(token).await {
            return WebError::from(e).page(locale, &home(&state));
        }
    }
    let mut r = see_other(&format!("{}/login?signed_out=1", prefix(&state)));
    r.headers_mut().append(
        header::SET_COOKIE,
        clear_cookie(&state.config, SESSION_COOKIE),
    );
    r.into_response()
}
