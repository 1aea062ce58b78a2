//! Server-rendered pages: handlebars templates embedded in the binary, a base layout, German
//! and English texts, locale formatting, and the stylesheet.
//!
//! Templates live as files under `crm-web-axum/templates/` and are compiled once into
//! [`Pages`] (strict mode: a misspelt variable is an error, not an empty string; `{{x}}`
//! escapes HTML). Pages call `{{t "key"}}` for texts in the page's language (`lang` at the
//! root of the data, see [`i18n`]). A page template holds only the page's content;
//! [`Pages::render_page`] renders it and then the layout around it (`layout` for the portal
//! and error pages, `admin/layout` for the admin), which reads `title`, `lang`, `css`, `home`,
//! `nav` and writes the page with `{{{page_html}}}`.

pub mod assets;
pub mod format;
pub mod i18n;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde_json::Value;

use crm_core::domain::Locale;

/// The compiled templates.
#[derive(Debug)]
pub struct Pages {
    registry: Handlebars<'static>,
}

/// `(name, source)` of every built-in template.
const TEMPLATES: &[(&str, &str)] = &[
    ("layout", include_str!("../../templates/layout.hbs")),
    ("error", include_str!("../../templates/error.hbs")),
    (
        "portal/signin",
        include_str!("../../templates/portal/signin.hbs"),
    ),
    (
        "portal/continue",
        include_str!("../../templates/portal/continue.hbs"),
    ),
    (
        "portal/statement",
        include_str!("../../templates/portal/statement.hbs"),
    ),
    (
        "portal/invoices",
        include_str!("../../templates/portal/invoices.hbs"),
    ),
    (
        "portal/invoice",
        include_str!("../../templates/portal/invoice.hbs"),
    ),
    (
        "portal/quotes",
        include_str!("../../templates/portal/quotes.hbs"),
    ),
    (
        "portal/quote",
        include_str!("../../templates/portal/quote.hbs"),
    ),
    (
        "portal/tickets",
        include_str!("../../templates/portal/tickets.hbs"),
    ),
    (
        "portal/ticket",
        include_str!("../../templates/portal/ticket.hbs"),
    ),
    (
        "portal/ticket_new",
        include_str!("../../templates/portal/ticket_new.hbs"),
    ),
];

impl Default for Pages {
    fn default() -> Self {
        Self::new()
    }
}

impl Pages {
    /// Compiles the built-in templates.
    ///
    /// # Panics
    /// If a built-in template does not compile — a bug caught by every test that builds
    /// state, never by a user.
    pub fn new() -> Self {
        Self::with_templates(&[])
    }

    /// The built-in templates plus `extra` (`(name, source)`, e.g. another router's pages;
    /// same names replace built-in ones).
    ///
    /// # Panics
    /// As [`Pages::new`], for built-in and extra templates alike.
    pub fn with_templates(extra: &[(&str, &str)]) -> Self {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.set_prevent_indent(true);
        registry.register_helper("t", Box::new(translate));
        handlebars::handlebars_helper!(equals: |a: Json, b: Json| a == b);
        registry.register_helper("eq", Box::new(equals));
        for (name, source) in TEMPLATES.iter().chain(extra) {
            if let Err(e) = registry.register_template_string(name, source) {
                panic!("template {name} does not compile: {e}");
            }
        }
        Self { registry }
    }

    /// Renders template `name` with `data` (taken by value: handlebars' context owns it, so
    /// nothing is copied).
    ///
    /// # Errors
    /// A template error (missing variable in strict mode, unknown text key): a bug, logged
    /// and shown as a 500 by the caller.
    pub fn render(&self, name: &str, data: Value) -> Result<String, handlebars::RenderError> {
        self.registry
            .render_with_context(name, &Context::from(data))
    }

    /// Renders the page template `page` with `data` (an object), then `layout` with the same
    /// data plus the page's HTML as `page_html` (the layout writes it with `{{{page_html}}}`).
    ///
    /// Pages are not wrapped as partial blocks (`{{#> layout}}`): handlebars copies the whole
    /// context into every partial it includes, which cost more than the rest of the render.
    ///
    /// # Errors
    /// As [`Pages::render`].
    pub fn render_page(
        &self,
        layout: &str,
        page: &str,
        data: Value,
    ) -> Result<String, handlebars::RenderError> {
        let mut context = Context::from(data);
        let html = self.registry.render_with_context(page, &context)?;
        if let Some(map) = context.data_mut().as_object_mut() {
            map.insert(PAGE_HTML.into(), Value::String(html));
        }
        self.registry.render_with_context(layout, &context)
    }
}

/// The key of a page's rendered HTML in its layout's data.
const PAGE_HTML: &str = "page_html";

/// The `lang` value of a locale in templates (`<html lang>` and [`i18n`] lookups).
pub fn lang(locale: Locale) -> &'static str {
    match locale {
        Locale::De => "de",
        Locale::En => "en",
    }
}

/// `{{t "key"}}` or `{{t "key" count=n}}`: the text `key` in the language of `@root.lang`.
fn translate(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    ctx: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let key = h
        .param(0)
        .and_then(|p| p.value().as_str())
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("t", 0))?;
    let locale = match ctx.data().get("lang").and_then(|v| v.as_str()) {
        Some("de") => Locale::De,
        _ => Locale::En,
    };
    let text = if h.hash().is_empty() {
        // Strict, like the variables: an unknown key or missing arguments fail the render.
        let text = i18n::text(key, locale).ok_or_else(|| {
            let why = if i18n::has(key, locale) {
                "needs arguments"
            } else {
                "is unknown"
            };
            RenderErrorReason::Other(format!("text key '{key}' {why}"))
        })?;
        std::borrow::Cow::Borrowed(text)
    } else if !i18n::has(key, locale) {
        return Err(RenderErrorReason::Other(format!("text key '{key}' is unknown")).into());
    } else {
        // `{{t "key" count=n name=x}}`: integers stay numbers (plural selection).
        let args: Vec<(&str, crm_core::i18n::Arg)> = h
            .hash()
            .iter()
            .map(|(name, v)| {
                let value = match v.value() {
                    serde_json::Value::Number(n) if n.is_i64() => {
                        crm_core::i18n::Arg::Int(n.as_i64().unwrap_or_default())
                    }
                    serde_json::Value::String(s) => s.clone().into(),
                    other => other.to_string().into(),
                };
                (*name, value)
            })
            .collect();
        std::borrow::Cow::Owned(i18n::text_args(key, locale, &args))
    };
    // The catalogue is ours, but escape anyway: a text must never become markup by accident.
    out.write(&handlebars::html_escape(&text))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_compile_and_escape() {
        let pages = Pages::new();
        let data = serde_json::json!({
            "lang": "de", "title": "<b>x</b>", "brand": "A & B", "brand_initial": "A",
            "css": "/portal/assets/x.css", "home": "/portal/", "prefix": "/portal",
            "nav": false, "active": "", "csrf": "", "flash": null,
            "status": 404, "message": "<script>alert(1)</script>",
        });
        let html = pages
            .render_page("layout", "error", data.clone())
            .expect("render");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"));
        assert!(html.contains("Zum Inhalt springen"));
        assert!(html.contains("A &amp; B"));
        // Strict mode: a missing variable is an error.
        let mut missing = data.clone();
        missing.as_object_mut().expect("object").remove("message");
        assert!(pages.render_page("layout", "error", missing).is_err());
    }
}
