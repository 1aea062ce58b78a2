//! Server-rendered pages: askama templates compiled into the binary, a base layout, German
//! and English texts, locale formatting, and the stylesheet.
//!
//! Templates live as files under `crm-web-axum/templates/` and are compiled with the crate:
//! every page is a view struct deriving `askama::Template`, so a field a template reads and
//! the handler does not fill is a compile error. `{{ x }}` escapes HTML ([`Escape`]). Pages
//! read texts through the view's [`Tr`] handle (`{{ t.get("nav.statement") }}`, see
//! [`i18n`]), never from a table of their own. Portal and error pages extend `layout.html`
//! (fields of a [`Layout`] named `l`); admin pages extend `admin/layout.html`.

pub mod assets;
pub mod format;
pub mod i18n;

use std::fmt;

use axum::response::{Html, IntoResponse, Response};
use crm_core::domain::Locale;

use crate::error::WebError;

/// The `lang` value of a locale in templates (`<html lang>`).
pub fn lang(locale: Locale) -> &'static str {
    match locale {
        Locale::De => "de",
        Locale::En => "en",
    }
}

/// The texts of one language, as templates see them: `{{ t.get("key") }}`.
///
/// The one way templates reach [`i18n`], so the catalogue beneath can change without
/// touching a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(pub Locale);

impl Tr {
    /// The text `key`; empty (and logged) when the catalogue lacks it — a unit test checks
    /// every key the templates name.
    pub fn get(&self, key: &str) -> &'static str {
        i18n::text(key, self.0).unwrap_or_else(|| {
            tracing::error!(key, "unknown text key");
            ""
        })
    }

    /// The locale.
    pub fn locale(&self) -> Locale {
        self.0
    }
}

/// A notice at the top of a page (`kind`: `ok`, `warn`, `info`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// CSS modifier: `notice-{kind}`.
    pub kind: &'static str,
    /// The text.
    pub text: String,
}

/// What `layout.html` shows around a portal or error page.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `<html lang>`.
    pub lang: &'static str,
    /// The page title (before ` · brand`).
    pub title: String,
    /// The company's name (or the product's, before a session).
    pub brand: String,
    /// The brand's first letter, upper case (the mark).
    pub brand_initial: String,
    /// URL of the stylesheet.
    pub css: String,
    /// URL of the start page.
    pub home: String,
    /// The router's prefix (`/portal`, or empty at the root): every link starts with it.
    pub prefix: String,
    /// Whether the main navigation shows (signed in).
    pub nav: bool,
    /// The navigation entry of this page (`statement`, `invoices`, …).
    pub active: &'static str,
    /// CSRF token of the page's forms.
    pub csrf: String,
    /// A notice above the page.
    pub flash: Option<Flash>,
    /// URL of the company's logo shown instead of the initial (signed-in pages only).
    pub logo: Option<String>,
}

/// The first letter of `brand`, upper case: the mark in the top bar.
pub fn initial(brand: &str) -> String {
    brand
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default()
}

/// A rendered page as a `200 text/html` response.
///
/// # Errors
/// A template's own failure (a `Display` of a field failing): a bug, shown as a 500.
pub fn respond(page: &impl askama::Template) -> Result<Response, WebError> {
    page.render()
        .map(|html| Html(html).into_response())
        .map_err(|e| WebError::Internal(format!("template: {e}")))
}

/// HTML escaping of every `{{ value }}`: `& < > " ' ` =` become entities (what handlebars
/// did, so pages stay byte-identical; `=` and `` ` `` matter in unquoted attributes).
#[derive(Debug, Clone, Copy, Default)]
pub struct Escape;

impl askama::filters::Escaper for Escape {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, s: &str) -> fmt::Result {
        let mut last = 0;
        for (i, b) in s.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#x27;",
                b'`' => "&#x60;",
                b'=' => "&#x3D;",
                _ => continue,
            };
            dest.write_str(&s[last..i])?;
            dest.write_str(entity)?;
            last = i + 1;
        }
        dest.write_str(&s[last..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use askama::Template;

    #[test]
    fn error_page_escapes() {
        let l = Layout {
            lang: "de",
            title: "<b>x</b>".into(),
            brand: "A & B".into(),
            brand_initial: "A".into(),
            css: "/portal/assets/x.css".into(),
            home: "/portal".into(),
            prefix: "/portal".into(),
            nav: false,
            active: "",
            csrf: String::new(),
            flash: None,
            logo: None,
        };
        let page = crate::error::ErrorPage {
            l: &l,
            t: Tr(Locale::De),
            status: 404,
            message: "<script>alert(1)</script> a='b'".into(),
        };
        let html = page.render().expect("render");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"));
        assert!(html.contains("a&#x3D;&#x27;b&#x27;"), "{html}");
        assert!(html.contains("Zum Inhalt springen"));
        assert!(html.contains("A &amp; B"));
    }

    /// Every `t.get("…")` of every template names a text in both languages.
    #[test]
    fn every_template_key_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut files = vec![dir.clone()];
        let mut checked = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).expect("templates dir") {
                    files.push(entry.expect("entry").path());
                }
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("template");
            for part in source.split("t.get(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                for l in [Locale::De, Locale::En] {
                    assert!(i18n::text(key, l).is_some(), "{}: {key}", path.display());
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} keys found");
    }
}
