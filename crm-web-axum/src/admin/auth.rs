//! Who is signed in: password sign-in and sessions, or the host's [`Ctx`]; CSRF and the
//! same-origin check of every POST; error pages in the staff member's language.

use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, OriginalUri, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use crm_core::domain::{Actor, Company, Locale, StaffUser};
use crm_core::service::Error as CoreError;
use crm_core::{Crm, Ctx};
use serde::Deserialize;

use super::form::FormData;
use super::view::{self, Flash};
use super::{AResult, AdminApp, AdminAuth, Fail, FailMarker, see_other};
use crate::WebError;
use crate::html::Tr;
use crate::security::{
    ClientIp, check_same_origin, clear_cookie, cookie_name, csrf_token, read_cookie, safe_next,
    set_cookie, verify_csrf,
};

/// Cookie of the admin session (`__Host-` prefixed under https).
pub(crate) const SESSION_COOKIE: &str = "crm_admin";
/// Cookie binding the CSRF tokens under host authentication.
const HOST_CSRF_COOKIE: &str = "crm_admin_csrf";
/// Cookie binding the sign-in form's CSRF token (the admin's own, so the portal's sign-in
/// cookie and this one never overwrite each other).
const LOGIN_COOKIE: &str = "crm_admin_login";
/// CSRF purpose of signed-in forms.
const PURPOSE: &str = "admin";
/// CSRF purpose of the sign-in form.
const LOGIN_PURPOSE: &str = "admin-login";
/// Largest form body read by the CSRF check.
const MAX_FORM: usize = 1024 * 1024;

/// The signed-in staff member of a request, as the handlers see it.
#[derive(Debug, Clone)]
pub(crate) struct Staff {
    /// Company and actor for the use cases.
    pub(crate) ctx: Ctx,
    /// Display name (activity log, ticket replies).
    pub(crate) name: String,
    /// The company (name, language, currency for new clients).
    pub(crate) company: Company,
    /// The CSRF token of this session's forms.
    pub(crate) csrf: String,
    /// The one-shot notice after a redirect.
    pub(crate) flash: Option<Flash>,
    /// The staff user of a password session (`None` under host authentication).
    pub(crate) user: Option<StaffUser>,
}

impl Staff {
    /// The UI's language.
    pub(crate) fn locale(&self) -> Locale {
        self.company.locale
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = Fail;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Staff>().cloned().ok_or_else(|| {
            Fail(WebError::Internal(
                "admin route without require_staff".into(),
            ))
        })
    }
}

/// Resolves the staff member, checks POSTs (origin, CSRF) and renders failures as admin pages.
/// Whether the request's body is `multipart/form-data`.
fn is_multipart(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("multipart/form-data"))
}

pub(crate) async fn require_staff(
    State(app): State<AdminApp>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let config = &app.web.config;
    let (ctx, name, user, binding, new_cookie) = match app.options.auth {
        AdminAuth::Password => {
            let token = read_cookie(&parts.headers, &cookie_name(config, SESSION_COOKIE))
                .map(str::to_owned);
            let staff = match &token {
                Some(t) => match app.web.crm.staff_session(t).await {
                    Ok(s) => Some(s),
                    Err(CoreError::SessionInvalid) => None,
                    Err(e) => return plain_error(&app, e.into(), None),
                },
                None => None,
            };
            match (staff, token) {
                (Some(s), Some(t)) => (s.ctx, s.user.name.clone(), Some(s.user), t, None),
                _ => return to_login(&app, &parts),
            }
        }
        AdminAuth::Host => {
            let Some(ctx) = parts.extensions.get::<Ctx>().cloned() else {
                return plain_error(
                    &app,
                    Fail(WebError::NotFound),
                    Some(StatusCode::UNAUTHORIZED),
                );
            };
            let name = match &ctx.actor {
                Actor::Staff { name, .. } => name.clone(),
                _ => "staff".to_owned(),
            };
            let cookie = cookie_name(config, HOST_CSRF_COOKIE);
            match read_cookie(&parts.headers, &cookie) {
                Some(v) if v.len() == 64 => (ctx, name, None, v.to_owned(), None),
                _ => {
                    let v = random_hex();
                    (ctx, name, None, v.clone(), Some(v))
                }
            }
        }
    };
    let company = match app.web.crm.company(&ctx).await {
        Ok(c) => c,
        Err(e) => return plain_error(&app, e.into(), None),
    };
    let locale = company.locale;
    let mut body = body;
    if parts.method == Method::POST {
        if check_same_origin(&parts.headers, config, false).is_err() {
            return view::error_page(&app, locale, WebError::Forbidden("origin"), None);
        }
        // A file upload (the logo form) is multipart: its handler streams the body with its
        // own limit, so the token comes in the form's query string instead of the body.
        if is_multipart(&parts.headers) {
            let given = parts
                .uri
                .query()
                .and_then(|q| {
                    form_urlencoded::parse(q.as_bytes())
                        .find(|(k, _)| k == "csrf")
                        .map(|(_, v)| v.into_owned())
                })
                .unwrap_or_default();
            if !verify_csrf(&config.secret, PURPOSE, &binding, &given) {
                return view::error_page(&app, locale, WebError::Forbidden("csrf"), None);
            }
        } else {
            let bytes = match to_bytes(body, MAX_FORM).await {
                Ok(b) => b,
                Err(_) => {
                    return view::error_page(&app, locale, WebError::BadRequest(vec![]), None);
                }
            };
            let form = FormData::parse(&bytes);
            if !verify_csrf(&config.secret, PURPOSE, &binding, form.get("csrf")) {
                return view::error_page(&app, locale, WebError::Forbidden("csrf"), None);
            }
            parts.extensions.insert(form);
            body = Body::empty();
        }
    }
    let flash = parts.uri.query().and_then(Flash::from_query);
    parts.extensions.insert(Staff {
        csrf: csrf_token(&config.secret, PURPOSE, &binding),
        ctx,
        name,
        company,
        flash,
        user,
    });
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let Some(marker) = response.extensions().get::<FailMarker>().copied() {
        response = view::error_page(&app, locale, web_error(marker), None);
    }
    if let Some(v) = new_cookie {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(config, HOST_CSRF_COOKIE, &v, None),
        );
    }
    response
}

fn web_error(marker: FailMarker) -> WebError {
    match marker.status {
        StatusCode::NOT_FOUND => WebError::NotFound,
        StatusCode::FORBIDDEN => WebError::Forbidden("refused"),
        StatusCode::BAD_REQUEST => WebError::BadRequest(vec![]),
        StatusCode::CONFLICT => WebError::Conflict,
        StatusCode::TOO_MANY_REQUESTS => WebError::RateLimited {
            retry_after_secs: marker.retry_after_secs.unwrap_or(60),
        },
        StatusCode::BAD_GATEWAY => WebError::Gateway(String::new()),
        StatusCode::SERVICE_UNAVAILABLE => WebError::Unavailable(String::new()),
        _ => WebError::Internal(String::new()),
    }
}

/// An error before the language is known: bilingual.
fn plain_error(app: &AdminApp, fail: Fail, status: Option<StatusCode>) -> Response {
    let mut r = view::error_page(app, Locale::En, fail.0, None);
    if let Some(s) = status {
        *r.status_mut() = s;
    }
    r
}

/// GETs go to the sign-in page (and come back afterwards); anything else is refused.
fn to_login(app: &AdminApp, parts: &Parts) -> Response {
    if parts.method != Method::GET && parts.method != Method::HEAD {
        let locale = browser_locale(&parts.headers);
        let mut r = view::error_page(app, locale, WebError::Forbidden("signed out"), None);
        *r.status_mut() = StatusCode::UNAUTHORIZED;
        return r;
    }
    let uri = parts
        .extensions
        .get::<OriginalUri>()
        .map_or_else(|| parts.uri.clone(), |o| o.0.clone());
    let here = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut target = format!("{}/login", app.prefix());
    if let Some(next) = safe_next(here, app.prefix()) {
        target.push_str("?next=");
        target.push_str(&view::url_encode(&next));
    }
    see_other(&target)
}

/// The language of the sign-in page: German when the browser prefers it.
pub(crate) fn browser_locale(headers: &HeaderMap) -> Locale {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let first = accept.split([',', ';']).next().unwrap_or_default();
    Locale::parse(first).unwrap_or(Locale::En)
}

fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    // Without OS randomness no token can be safe; an all-zero value would be guessable, so
    // fail loudly instead.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the OS random number generator failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The query of the sign-in page.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

/// The pre-session CSRF cookie's value, and whether it is new.
fn login_binding(app: &AdminApp, headers: &HeaderMap) -> (String, bool) {
    match read_cookie(headers, &cookie_name(&app.web.config, LOGIN_COOKIE)) {
        Some(v)
            if (32..=128).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            (v.to_owned(), false)
        }
        _ => (random_hex(), true),
    }
}

/// `GET login`.
pub(crate) async fn login_page(
    State(app): State<AdminApp>,
    Query(q): Query<LoginQuery>,
    headers: HeaderMap,
) -> AResult {
    // Already signed in: straight on.
    if let Some(t) = read_cookie(&headers, &cookie_name(&app.web.config, SESSION_COOKIE))
        && app.web.crm.staff_session(t).await.is_ok()
    {
        return Ok(see_other(&format!("{}/clients", app.prefix())));
    }
    let locale = browser_locale(&headers);
    let flash = q.done.as_deref().and_then(Flash::from_key);
    login_form(
        &app,
        &headers,
        locale,
        q.next.as_deref(),
        "",
        None,
        flash,
        StatusCode::OK,
    )
}

#[allow(clippy::too_many_arguments)]
fn login_form(
    app: &AdminApp,
    headers: &HeaderMap,
    locale: Locale,
    next: Option<&str>,
    email: &str,
    error: Option<&str>,
    flash: Option<Flash>,
    status: StatusCode,
) -> AResult {
    let (binding, new) = login_binding(app, headers);
    let next = next
        .and_then(|n| safe_next(n, app.prefix()))
        .unwrap_or_default();
    let layout = view::layout(
        app,
        view::Base {
            locale,
            title_key: "admin.login.title",
            active: "",
            csrf: csrf_token(&app.web.config.secret, LOGIN_PURPOSE, &binding),
            brand: None,
            flash,
            signed_in: false,
        },
    );
    let mut response = view::render(&LoginPage {
        l: &layout,
        t: Tr(locale),
        email,
        error,
        next: &next,
    })?;
    *response.status_mut() = status;
    if new {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&app.web.config, LOGIN_COOKIE, &binding, None),
        );
    }
    Ok(response)
}

/// The sign-in page.
#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage<'a> {
    l: &'a view::AdminLayout,
    t: Tr,
    email: &'a str,
    error: Option<&'a str>,
    next: &'a str,
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

/// `POST login`.
pub(crate) async fn login(
    State(app): State<AdminApp>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    axum::Form(form): axum::Form<LoginForm>,
) -> AResult {
    let config = &app.web.config;
    let locale = browser_locale(&headers);
    let forbidden = || view::error_page(&app, locale, WebError::Forbidden("csrf"), None);
    if check_same_origin(&headers, config, false).is_err() {
        return Ok(forbidden());
    }
    let Some(binding) = read_cookie(&headers, &cookie_name(config, LOGIN_COOKIE)) else {
        return Ok(forbidden());
    };
    if !verify_csrf(&config.secret, LOGIN_PURPOSE, binding, &form.csrf) {
        return Ok(forbidden());
    }
    let crm: &Crm = &app.web.crm;
    let email_key = form.email.trim().to_lowercase();
    // An IPv6 client owns its whole /64: counted as one.
    let ip = crate::proxies::rate_key(ip);
    let limits = [
        (format!("admin-login-ip:{ip}"), app.options.login_per_ip),
        (
            format!("admin-login-email:{email_key}:{ip}"),
            app.options.login_per_email,
        ),
        (
            format!("admin-login-account:{email_key}"),
            app.options.login_per_account,
        ),
    ];
    for (key, limit) in limits {
        match crm.throttle(&key, limit.limit, limit.window).await {
            Ok(()) => {}
            Err(CoreError::RateLimited { retry_after_secs }) => {
                let msg = super::i18n::text("admin.login.throttled", locale);
                let mut r = login_form(
                    &app,
                    &headers,
                    locale,
                    Some(&form.next),
                    &form.email,
                    msg,
                    None,
                    StatusCode::TOO_MANY_REQUESTS,
                )?;
                if let Ok(v) = retry_after_secs.to_string().parse() {
                    r.headers_mut().insert(header::RETRY_AFTER, v);
                }
                return Ok(r);
            }
            Err(e) => return Err(e.into()),
        }
    }
    match crm.staff_sign_in(form.email.trim(), &form.password).await {
        Ok(signed_in) => {
            // A fresh session at every sign-in; the one this browser had before ends.
            let cookie = cookie_name(config, SESSION_COOKIE);
            if let Some(old) = read_cookie(&headers, &cookie) {
                crm.staff_logout(old).await?;
            }
            let target = safe_next(&form.next, app.prefix())
                .filter(|n| !n.starts_with(&format!("{}/login", app.prefix())))
                .unwrap_or_else(|| format!("{}/clients", app.prefix()));
            let mut r = see_other(&target);
            r.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(config, SESSION_COOKIE, &signed_in.token.encode(), None),
            );
            Ok(r)
        }
        Err(CoreError::BadCredentials) => login_form(
            &app,
            &headers,
            locale,
            Some(&form.next),
            &form.email,
            super::i18n::text("admin.login.failed", locale),
            None,
            StatusCode::UNAUTHORIZED,
        ),
        Err(e) => Err(e.into()),
    }
}

/// `POST logout` (behind [`require_staff`], so CSRF-checked).
pub(crate) async fn logout(State(app): State<AdminApp>, headers: HeaderMap) -> AResult {
    let config = &app.web.config;
    if let Some(t) = read_cookie(&headers, &cookie_name(config, SESSION_COOKIE)) {
        app.web.crm.staff_logout(t).await?;
    }
    let mut r = see_other(&format!("{}/login?done=signed_out", app.prefix()));
    r.headers_mut()
        .append(header::SET_COOKIE, clear_cookie(config, SESSION_COOKIE));
    Ok(r.into_response())
}
