//! Browser security: response headers, CSRF tokens, the same-origin check of POSTs, cookies,
//! safe `next` redirects and the client IP.
//!
//! # CSRF
//! Two layers on every POST: a token in the form and the request's origin.
//! - With a session, the token is `HMAC-SHA256(secret, purpose ‖ session token)`
//!   ([`csrf_token`]): nothing to store, valid exactly as long as the session.
//! - Before a session (sign-in forms) a random value lives in a cookie
//!   ([`PRE_SESSION_COOKIE`]) and the form carries its HMAC ([`csrf_token`] over the cookie
//!   value): a cross-site page can neither read the cookie nor forge the HMAC.
//! - [`check_same_origin`] refuses POSTs whose `Sec-Fetch-Site`, `Origin` or `Referer`
//!   names another site.
//!
//! # Referrer policy
//! Pages default to `Referrer-Policy: same-origin` (no referrer ever leaves the site), and
//! every response whose URL holds a secret token sets `no-referrer` itself. Not `no-referrer`
//! everywhere: under it browsers send `Origin: null` with every POST (Fetch standard,
//! "serializing a request origin"), which would leave the origin check nothing to check.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRef, FromRequestParts, Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::state::{WebConfig, WebSecret, WebState};

/// Name of the pre-session CSRF cookie (without the `__Host-` prefix).
pub const PRE_SESSION_COOKIE: &str = "crm_csrf";

/// Adds the security headers to every response (see [`security_headers_for`]).
pub async fn security_headers(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    security_headers_for(&state.config, response.headers_mut());
    response
}

/// The headers [`security_headers`] sets; existing values of `Referrer-Policy` and
/// `Cache-Control` are kept (handlers choose stricter ones).
///
/// - CSP without `unsafe-inline`: styles and images from our own origin only, no scripts,
///   forms only to us and the configured checkout origins, no framing.
/// - `nosniff`, `X-Frame-Options: DENY` (for browsers without `frame-ancestors`).
/// - `Cache-Control: no-store` by default: pages show private figures.
/// - HSTS when the site runs on https.
pub fn security_headers_for(config: &WebConfig, headers: &mut HeaderMap) {
    let mut form_action = String::from("'self'");
    for origin in &config.checkout_origins {
        // Origins come from configuration; anything that could break out of the directive
        // is left out rather than trusted.
        if origin
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b';' && b != b',')
        {
            form_action.push(' ');
            form_action.push_str(origin);
        }
    }
    let csp = format!(
        "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         form-action {form_action}; frame-ancestors 'none'; base-uri 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    if config.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}

type HmacSha256 = Hmac<Sha256>;

/// A CSRF token for `purpose` (e.g. `"portal"`) bound to `binding` (a session token or the
/// pre-session cookie's value): hex of an HMAC under the server secret.
pub fn csrf_token(secret: &WebSecret, purpose: &str, binding: &str) -> String {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(purpose.as_bytes());
    mac.update(&[0]);
    mac.update(binding.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `given` is the CSRF token of `purpose` and `binding` (constant time).
pub fn verify_csrf(secret: &WebSecret, purpose: &str, binding: &str, given: &str) -> bool {
    let expected = csrf_token(secret, purpose, binding);
    expected.len() == given.len() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// Why a POST was refused before it reached its handler's logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    /// `Sec-Fetch-Site`, `Origin` or `Referer` names another site.
    #[error("cross-site request")]
    CrossSite,
    /// The request carries no evidence of where it came from.
    #[error("request origin unknown")]
    Unknown,
}

/// The same-origin check of a POST against the configured origin.
///
/// In order: `Sec-Fetch-Site` (sent by current browsers on https and localhost) must be
/// `same-origin`; otherwise an `Origin` other than `null` must equal ours; otherwise a
/// `Referer` must start with our origin. `Origin: null` (sent under `no-referrer`, e.g. from
/// the sign-in confirmation page) passes only with `allow_null_origin` and when no
/// `Sec-Fetch-Site` contradicts it; the form's CSRF token is then the only check.
pub fn check_same_origin(
    headers: &HeaderMap,
    config: &WebConfig,
    allow_null_origin: bool,
) -> Result<(), OriginError> {
    let ours = config.origin();
    if let Some(site) = headers.get("sec-fetch-site") {
        return if site.as_bytes() == b"same-origin" {
            Ok(())
        } else {
            Err(OriginError::CrossSite)
        };
    }
    match headers.get(header::ORIGIN).map(HeaderValue::as_bytes) {
        Some(b"null") if allow_null_origin => return Ok(()),
        Some(b"null") => {}
        Some(origin) => {
            return if origin == ours.as_bytes() {
                Ok(())
            } else {
                Err(OriginError::CrossSite)
            };
        }
        None => {}
    }
    match headers.get(header::REFERER).and_then(|v| v.to_str().ok()) {
        Some(referer) => {
            let rest = referer.strip_prefix(ours).unwrap_or("#");
            if rest.is_empty() || rest.starts_with('/') {
                Ok(())
            } else {
                Err(OriginError::CrossSite)
            }
        }
        None => Err(OriginError::Unknown),
    }
}

/// The full name of a cookie: `__Host-name` under https (bound to this host, path `/`,
/// `Secure`), plain `name` otherwise (browsers refuse `__Host-` without `Secure`).
pub fn cookie_name(config: &WebConfig, name: &str) -> String {
    if config.secure_cookies {
        format!("__Host-{name}")
    } else {
        name.to_owned()
    }
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` under https; a
/// session cookie when `max_age_secs` is `None`.
pub fn set_cookie(
    config: &WebConfig,
    name: &str,
    value: &str,
    max_age_secs: Option<i64>,
) -> HeaderValue {
    let mut s = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax",
        cookie_name(config, name)
    );
    if config.secure_cookies {
        s.push_str("; Secure");
    }
    if let Some(age) = max_age_secs {
        s.push_str(&format!("; Max-Age={age}"));
    }
    // Values are our own tokens (base64url / hex); anything else would be a bug here.
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// A `Set-Cookie` value that deletes the cookie.
pub fn clear_cookie(config: &WebConfig, name: &str) -> HeaderValue {
    set_cookie(config, name, "", Some(0))
}

/// The value of cookie `name` (full name, see [`cookie_name`]) in the request.
pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `next` if it is a path inside `prefix` (e.g. `/portal`) that cannot lead elsewhere: an
/// absolute path, no scheme or host (`//…`, `/\…`), no dot segments, only URL-safe
/// characters. `None` for anything else; callers then use their default page.
pub fn safe_next(next: &str, prefix: &str) -> Option<String> {
    let prefix = prefix.trim_end_matches('/');
    let rest = next.strip_prefix(prefix)?;
    if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?')) {
        return None;
    }
    if !next.starts_with('/') || next.starts_with("//") || next.len() > 512 {
        return None;
    }
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~/?=&%".contains(&b);
    if !next.bytes().all(allowed) {
        return None;
    }
    let path = next.split('?').next().unwrap_or_default();
    // Encoded slashes, backslashes or dots could become separators after decoding.
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") {
        return None;
    }
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return None;
    }
    Some(next.to_owned())
}

/// The client's IP address: the TCP peer (`ConnectInfo`), or when the peer is one of
/// [`WebConfig::trusted_proxies`] the client its `X-Forwarded-For` names (see
/// [`crate::proxies::client_behind`]). `0.0.0.0` when no peer is known (in-process tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<S> FromRequestParts<S> for ClientIp
where
    WebState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = WebState::from_ref(state);
        Ok(client_ip(parts, &state.config))
    }
}

/// See [`ClientIp`].
pub fn client_ip(parts: &Parts, config: &WebConfig) -> ClientIp {
    let Some(peer) = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return ClientIp(crate::proxies::UNKNOWN);
    };
    let forwarded: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    ClientIp(crate::proxies::client_behind(
        peer,
        &forwarded,
        &config.trusted_proxies,
    ))
}

/// A `Content-Disposition` header (`inline` or `attachment`) for a download named `filename`.
/// Document numbers carry company-chosen prefixes, so the name is kept to safe ASCII
/// (letters, digits, `.`, `_`, `-`; anything else becomes `_`): no quote or non-ASCII
/// character can break the header.
pub fn content_disposition(kind: &'static str, filename: &str) -> HeaderValue {
    let safe: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    HeaderValue::from_str(&format!("{kind}; filename=\"{safe}\""))
        .unwrap_or_else(|_| HeaderValue::from_static(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> WebConfig {
        WebConfig::new("https://crm.example.com/")
    }

    #[test]
    fn next_stays_inside_the_portal() {
        let ok = [
            "/portal",
            "/portal/",
            "/portal/invoices/abc?x=1",
            "/portal?a=b",
        ];
        for n in ok {
            assert_eq!(safe_next(n, "/portal").as_deref(), Some(n), "{n}");
        }
        let bad = [
            "https://evil.example",
            "//evil.example/portal",
            "/\\evil.example",
            "/portal/../admin",
            "/portal/%2e%2e/admin",
            "/portal/%2F%2Fevil",
            "/portalx",
            "/admin",
            "portal/x",
            "/portal/\nx",
            "/portal/x y",
            "javascript:alert(1)",
            "/portal/./x",
        ];
        for n in bad {
            assert_eq!(safe_next(n, "/portal"), None, "{n}");
        }
    }

    #[test]
    fn origin_check() {
        let c = config();
        let h = |pairs: &[(&'static str, &'static str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(*k, HeaderValue::from_static(v));
            }
            m
        };
        assert_eq!(c.origin(), "https://crm.example.com");
        assert!(check_same_origin(&h(&[("origin", "https://crm.example.com")]), &c, false).is_ok());
        assert!(check_same_origin(&h(&[("origin", "https://evil.example")]), &c, false).is_err());
        assert!(
            check_same_origin(&h(&[("origin", "https://crm.example.com.evil")]), &c, false)
                .is_err()
        );
        assert!(check_same_origin(&h(&[("sec-fetch-site", "same-origin")]), &c, false).is_ok());
        assert!(
            check_same_origin(
                &h(&[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "https://crm.example.com")
                ]),
                &c,
                false
            )
            .is_err()
        );
        assert!(check_same_origin(&h(&[("origin", "null")]), &c, false).is_err());
        assert!(check_same_origin(&h(&[("origin", "null")]), &c, true).is_ok());
        assert!(
            check_same_origin(
                &h(&[("referer", "https://crm.example.com/portal/x")]),
                &c,
                false
            )
            .is_ok()
        );
        assert!(
            check_same_origin(
                &h(&[("referer", "https://crm.example.com.evil/")]),
                &c,
                false
            )
            .is_err()
        );
        assert_eq!(
            check_same_origin(&h(&[]), &c, false),
            Err(OriginError::Unknown)
        );
    }

    #[test]
    fn csrf_tokens_are_bound() {
        let s = WebSecret::from_bytes([1; 32]);
        let t = csrf_token(&s, "portal", "session-a");
        assert!(verify_csrf(&s, "portal", "session-a", &t));
        assert!(!verify_csrf(&s, "portal", "session-b", &t));
        assert!(!verify_csrf(&s, "admin", "session-a", &t));
        assert!(!verify_csrf(
            &WebSecret::from_bytes([2; 32]),
            "portal",
            "session-a",
            &t
        ));
        assert!(!verify_csrf(&s, "portal", "session-a", ""));
    }

    #[test]
    fn cookies() {
        let c = config();
        let v = set_cookie(&c, "crm_portal", "abc", None);
        assert_eq!(
            v.to_str().unwrap(),
            "__Host-crm_portal=abc; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
        let mut plain = config();
        plain.secure_cookies = false;
        assert_eq!(
            set_cookie(&plain, "crm_portal", "abc", Some(60))
                .to_str()
                .unwrap(),
            "crm_portal=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
        );
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-crm_portal=xyz"),
        );
        assert_eq!(read_cookie(&h, "__Host-crm_portal"), Some("xyz"));
        assert_eq!(read_cookie(&h, "crm_portal"), None);
    }
}
