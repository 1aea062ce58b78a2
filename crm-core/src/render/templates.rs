//! The default email template engine (handlebars) and the built-in templates.
//!
//! # Variables
//!
//! Every kind offers the common variables; some add their own. Amounts and dates arrive
//! formatted for the client's locale. Nothing else is visible to a template.
//!
//! | variable | kinds | example |
//! | --- | --- | --- |
//! | `company.name`, `company.email` | all | `Muster GmbH` |
//! | `client.name`, `client.number` | all | `Beispiel AG`, `K-00042` |
//! | `contact.name` | all | `Erika Mustermann` |
//! | `portal_url` | all | the magic link that signs the contact in to the portal |
//! | `invoice.number`, `invoice.total`, `invoice.balance`, `invoice.issue_date`, `invoice.due_date` | `invoice`, `payment_receipt` | `RE-00017`, `1.190,00 €` |
//! | `quote.number`, `quote.total`, `quote.valid_until` | `quote` | `AN-00003` |
//! | `payment.amount`, `payment.date`, `payment.method` | `payment_receipt` | `500,00 €` |
//! | `ticket.subject`, `ticket.message`, `ticket.author` | `ticket_reply` | |
//! | `link_valid_minutes` | `portal_login` | `15` |
//!
//! # Safety
//!
//! Templates are validated when saved: syntax; unknown variables (strict mode, rendered
//! against a sample of the kind's context); subject one line of at most 255 characters; body at
//! most 64 KiB; no raw output (`{{{…}}}`, `{{&…}}`), partials, inline partials or decorators;
//! block nesting at most 8 deep. No helper reads files or the environment. The body is plain
//! text; the HTML alternative is made from the rendered text by escaping all of it, so neither a
//! variable nor the template itself can inject markup.

use handlebars::{Handlebars, RenderErrorReason, no_escape};
use serde_json::{Value, json};

use crate::domain::{EmailTemplate, Locale, TemplateKind};
use crate::ports::{RenderedEmail, TemplateEngine, TemplateError};

/// Longest subject in characters.
pub const MAX_SUBJECT_CHARS: usize = 255;
/// Largest body in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Deepest block nesting.
pub const MAX_NESTING: usize = 8;

/// The handlebars engine: strict, no escaping (escaping happens once, on the whole text),
/// no partials, no file access.
pub struct HandlebarsEngine {
    hb: Handlebars<'static>,
}

impl std::fmt::Debug for HandlebarsEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HandlebarsEngine")
    }
}

impl Default for HandlebarsEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl HandlebarsEngine {
    /// A new engine.
    pub fn new() -> Self {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.register_escape_fn(no_escape);
        // `log` writes to the host's logs; a template has no business there.
        hb.unregister_helper("log");
        Self { hb }
    }

    fn render_part(
        &self,
        part: &'static str,
        source: &str,
        context: &Value,
    ) -> Result<String, TemplateError> {
        check_constructs(part, source)?;
        self.hb
            .render_template(source, context)
            .map_err(|e| match e.reason() {
                RenderErrorReason::MissingVariable(name) => TemplateError::UnknownVariable {
                    part,
                    name: name.clone().unwrap_or_else(|| "?".into()),
                },
                RenderErrorReason::TemplateError(t) => TemplateError::Syntax {
                    part,
                    message: t.to_string(),
                },
                other => TemplateError::Syntax {
                    part,
                    message: other.to_string(),
                },
            })
    }
}

impl TemplateEngine for HandlebarsEngine {
    fn validate(&self, kind: TemplateKind, template: &EmailTemplate) -> Result<(), TemplateError> {
        check_limits(template)?;
        self.render(kind, template, &sample_context(kind))
            .map(|_| ())
    }

    fn render(
        &self,
        _kind: TemplateKind,
        template: &EmailTemplate,
        context: &Value,
    ) -> Result<RenderedEmail, TemplateError> {
        check_limits(template)?;
        let subject = self.render_part("subject", &template.subject, context)?;
        let text = self.render_part("body", &template.body, context)?;
        // Variables may carry line breaks; a subject never does (header injection).
        let subject: String = subject
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_owned();
        let html = text_to_html(&text);
        Ok(RenderedEmail {
            subject,
            html,
            text,
        })
    }

    fn default_template(&self, kind: TemplateKind, locale: Locale) -> EmailTemplate {
        default_template(kind, locale)
    }
}

fn check_limits(t: &EmailTemplate) -> Result<(), TemplateError> {
    if t.subject.trim().is_empty() {
        return Err(TemplateError::Invalid {
            part: "subject",
            message: "must not be empty".into(),
        });
    }
    if t.subject.contains(['\r', '\n']) {
        return Err(TemplateError::Invalid {
            part: "subject",
            message: "must be one line".into(),
        });
    }
    if t.subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(TemplateError::Invalid {
            part: "subject",
            message: format!("must be at most {MAX_SUBJECT_CHARS} characters"),
        });
    }
    if t.body.trim().is_empty() {
        return Err(TemplateError::Invalid {
            part: "body",
            message: "must not be empty".into(),
        });
    }
    if t.body.len() > MAX_BODY_BYTES {
        return Err(TemplateError::Invalid {
            part: "body",
            message: format!("must be at most {} KiB", MAX_BODY_BYTES / 1024),
        });
    }
    Ok(())
}

/// Rejects handlebars constructs a template must not use, and bounds nesting.
fn check_constructs(part: &'static str, source: &str) -> Result<(), TemplateError> {
    let forbidden = |message: &str| TemplateError::Forbidden {
        part,
        message: message.into(),
    };
    let mut depth = 0usize;
    let mut rest = source;
    while let Some(pos) = rest.find("{{") {
        let after = &rest[pos + 2..];
        if after.starts_with("{{") || after.trim_start_matches('~').starts_with('{') {
            return Err(forbidden("raw output {{{…}}} is not allowed"));
        }
        let tag = after.trim_start_matches('~').trim_start();
        match tag.chars().next() {
            Some('&') => return Err(forbidden("raw output {{&…}} is not allowed")),
            Some('>') => return Err(forbidden("partials are not allowed")),
            Some('*') => return Err(forbidden("decorators are not allowed")),
            Some('#') => {
                let inner = tag[1..].trim_start();
                if inner.starts_with('>') || inner.starts_with('*') {
                    return Err(forbidden(
                        "partial blocks and inline partials are not allowed",
                    ));
                }
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(forbidden(&format!(
                        "blocks nested more than {MAX_NESTING} deep"
                    )));
                }
            }
            Some('/') => depth = depth.saturating_sub(1),
            _ => {}
        }
        rest = after;
    }
    Ok(())
}

/// Escapes the whole text and keeps its paragraphs and line breaks; links become clickable.
fn text_to_html(text: &str) -> String {
    let mut body = String::with_capacity(text.len() * 5 / 4 + 256);
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        body.push_str("<p>");
        let lines: Vec<String> = paragraph.trim_matches('\n').lines().map(linkify).collect();
        body.push_str(&lines.join("<br>\n"));
        body.push_str("</p>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2933\">\n{body}</body></html>\n"
    )
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a line, turning http(s) URLs into links.
fn linkify(line: &str) -> String {
    line.split(' ')
        .map(|word| {
            if word.starts_with("https://") || word.starts_with("http://") {
                let url = escape(word);
                format!("<a href=\"{url}\">{url}</a>")
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A context with every variable of `kind`, used to validate templates.
pub fn sample_context(kind: TemplateKind) -> Value {
    let mut ctx = json!({
        "company": { "name": "Muster GmbH", "email": "info@muster.example" },
        "client": { "name": "Beispiel AG", "number": "K-00001" },
        "contact": { "name": "Erika Mustermann" },
        "portal_url": "https://crm.example/portal/login/TOKEN",
    });
    let extra = match kind {
        TemplateKind::Invoice => json!({ "invoice": invoice_sample() }),
        TemplateKind::PaymentReceipt => json!({
            "invoice": invoice_sample(),
            "payment": { "amount": "500,00 €", "date": "27.11.2026", "method": "Überweisung" },
        }),
        TemplateKind::Quote => json!({
            "quote": { "number": "AN-00001", "total": "1.190,00 €", "valid_until": "27.12.2026" },
        }),
        TemplateKind::TicketReply => json!({
            "ticket": { "subject": "Frage zur Rechnung", "message": "Gern erklären wir …", "author": "Max Muster" },
        }),
        TemplateKind::PortalLogin => json!({ "link_valid_minutes": 15 }),
    };
    if let (Some(base), Value::Object(extra)) = (ctx.as_object_mut(), extra) {
        base.extend(extra);
    }
    ctx
}

fn invoice_sample() -> Value {
    json!({
        "number": "RE-00001",
        "total": "1.190,00 €",
        "balance": "690,00 €",
        "issue_date": "27.11.2026",
        "due_date": "11.12.2026",
    })
}

/// The built-in template of `kind` in `locale`.
pub fn default_template(kind: TemplateKind, locale: Locale) -> EmailTemplate {
    let (subject, body) = match (kind, locale) {
        (TemplateKind::Invoice, Locale::De) => (
            "Rechnung {{invoice.number}} von {{company.name}}",
            "Guten Tag {{contact.name}},\n\nanbei erhalten Sie unsere Rechnung {{invoice.number}} vom {{invoice.issue_date}} über {{invoice.total}}, zahlbar bis {{invoice.due_date}}.\n\nRechnung ansehen und bezahlen:\n{{portal_url}}\n\nMit freundlichen Grüßen\n{{company.name}}",
        ),
        (TemplateKind::Invoice, Locale::En) => (
            "Invoice {{invoice.number}} from {{company.name}}",
            "Hello {{contact.name}},\n\nplease find attached our invoice {{invoice.number}} of {{invoice.issue_date}} for {{invoice.total}}, due on {{invoice.due_date}}.\n\nView and pay your invoice:\n{{portal_url}}\n\nKind regards\n{{company.name}}",
        ),
        (TemplateKind::Quote, Locale::De) => (
            "Angebot {{quote.number}} von {{company.name}}",
            "Guten Tag {{contact.name}},\n\nanbei erhalten Sie unser Angebot {{quote.number}} über {{quote.total}}, gültig bis {{quote.valid_until}}.\n\nAngebot ansehen und annehmen:\n{{portal_url}}\n\nMit freundlichen Grüßen\n{{company.name}}",
        ),
        (TemplateKind::Quote, Locale::En) => (
            "Quote {{quote.number}} from {{company.name}}",
            "Hello {{contact.name}},\n\nplease find attached our quote {{quote.number}} for {{quote.total}}, valid until {{quote.valid_until}}.\n\nView and approve the quote:\n{{portal_url}}\n\nKind regards\n{{company.name}}",
        ),
        (TemplateKind::PaymentReceipt, Locale::De) => (
            "Zahlungsbestätigung zu Rechnung {{invoice.number}}",
            "Guten Tag {{contact.name}},\n\nvielen Dank! Wir haben Ihre Zahlung über {{payment.amount}} vom {{payment.date}} zu Rechnung {{invoice.number}} erhalten. Offener Betrag: {{invoice.balance}}.\n\nIhre Rechnungen im Kundenportal:\n{{portal_url}}\n\nMit freundlichen Grüßen\n{{company.name}}",
        ),
        (TemplateKind::PaymentReceipt, Locale::En) => (
            "Payment received for invoice {{invoice.number}}",
            "Hello {{contact.name}},\n\nthank you! We received your payment of {{payment.amount}} on {{payment.date}} for invoice {{invoice.number}}. Balance due: {{invoice.balance}}.\n\nYour invoices in the client portal:\n{{portal_url}}\n\nKind regards\n{{company.name}}",
        ),
        (TemplateKind::TicketReply, Locale::De) => (
            "Re: {{ticket.subject}}",
            "Guten Tag {{contact.name}},\n\n{{ticket.author}} hat auf Ihre Anfrage „{{ticket.subject}}“ geantwortet:\n\n{{ticket.message}}\n\nAntworten Sie im Kundenportal:\n{{portal_url}}\n\nMit freundlichen Grüßen\n{{company.name}}",
        ),
        (TemplateKind::TicketReply, Locale::En) => (
            "Re: {{ticket.subject}}",
            "Hello {{contact.name}},\n\n{{ticket.author}} replied to your request \"{{ticket.subject}}\":\n\n{{ticket.message}}\n\nReply in the client portal:\n{{portal_url}}\n\nKind regards\n{{company.name}}",
        ),
        (TemplateKind::PortalLogin, Locale::De) => (
            "Ihr Anmeldelink für das Kundenportal von {{company.name}}",
            "Guten Tag {{contact.name}},\n\nmit diesem Link melden Sie sich im Kundenportal an. Er ist {{link_valid_minutes}} Minuten gültig und kann einmal verwendet werden:\n{{portal_url}}\n\nFalls Sie keinen Link angefordert haben, können Sie diese E-Mail ignorieren.\n\n{{company.name}}",
        ),
        (TemplateKind::PortalLogin, Locale::En) => (
            "Your sign-in link for the {{company.name}} client portal",
            "Hello {{contact.name}},\n\nuse this link to sign in to the client portal. It is valid for {{link_valid_minutes}} minutes and can be used once:\n{{portal_url}}\n\nIf you did not ask for a link, you can ignore this email.\n\n{{company.name}}",
        ),
    };
    EmailTemplate {
        subject: subject.into(),
        body: body.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(subject: &str, body: &str) -> EmailTemplate {
        EmailTemplate {
            subject: subject.into(),
            body: body.into(),
        }
    }

    #[test]
    fn all_defaults_validate() {
        let e = HandlebarsEngine::new();
        for kind in TemplateKind::ALL {
            for locale in [Locale::De, Locale::En] {
                e.validate(kind, &default_template(kind, locale))
                    .unwrap_or_else(|err| panic!("{kind:?} {locale:?}: {err}"));
            }
        }
    }

    #[test]
    fn rejects_unknown_variables_per_kind() {
        let e = HandlebarsEngine::new();
        let err = e
            .validate(TemplateKind::Quote, &t("{{invoice.number}}", "x"))
            .expect_err("quote has no invoice");
        assert!(
            matches!(
                err,
                TemplateError::UnknownVariable {
                    part: "subject",
                    ..
                }
            ),
            "{err}"
        );
        let err = e
            .validate(
                TemplateKind::Invoice,
                &t("Hi", "{{#if secret}}x{{/if}} {{env.HOME}}"),
            )
            .expect_err("unknown");
        assert!(
            matches!(err, TemplateError::UnknownVariable { .. }),
            "{err}"
        );
    }

    #[test]
    fn rejects_syntax_raw_partials_and_limits() {
        let e = HandlebarsEngine::new();
        let k = TemplateKind::Invoice;
        assert!(matches!(
            e.validate(k, &t("Hi", "{{#if x}")),
            Err(TemplateError::Syntax { .. })
        ));
        assert!(matches!(
            e.validate(k, &t("Hi", "{{{contact.name}}}")),
            Err(TemplateError::Forbidden { .. })
        ));
        assert!(matches!(
            e.validate(k, &t("Hi", "{{& contact.name}}")),
            Err(TemplateError::Forbidden { .. })
        ));
        assert!(matches!(
            e.validate(k, &t("Hi", "{{> other}}")),
            Err(TemplateError::Forbidden { .. })
        ));
        assert!(matches!(
            e.validate(k, &t("Hi", "{{#*inline \"x\"}}y{{/inline}}")),
            Err(TemplateError::Forbidden { .. })
        ));
        assert!(matches!(
            e.validate(k, &t("a\nb", "x")),
            Err(TemplateError::Invalid {
                part: "subject",
                ..
            })
        ));
        assert!(matches!(
            e.validate(k, &t(&"x".repeat(256), "x")),
            Err(TemplateError::Invalid { .. })
        ));
        assert!(matches!(
            e.validate(k, &t("x", &"x".repeat(65 * 1024))),
            Err(TemplateError::Invalid { part: "body", .. })
        ));
        let deep = format!("{}x{}", "{{#if portal_url}}".repeat(9), "{{/if}}".repeat(9));
        assert!(matches!(
            e.validate(k, &t("x", &deep)),
            Err(TemplateError::Forbidden { .. })
        ));
        let ok = format!("{}x{}", "{{#if portal_url}}".repeat(8), "{{/if}}".repeat(8));
        assert!(e.validate(k, &t("x", &ok)).is_ok());
    }

    #[test]
    fn html_escapes_everything_and_text_keeps_it() {
        let e = HandlebarsEngine::new();
        let mut ctx = sample_context(TemplateKind::Invoice);
        ctx["contact"]["name"] = json!("<script>alert(1)</script> & Co");
        let out = e
            .render(
                TemplateKind::Invoice,
                &t(
                    "Hi {{contact.name}}",
                    "<b>Hallo</b> {{contact.name}}\n{{portal_url}}",
                ),
                &ctx,
            )
            .expect("renders");
        assert!(
            out.html
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co")
        );
        assert!(out.html.contains("&lt;b&gt;Hallo&lt;/b&gt;"));
        assert!(!out.html.contains("<script>"));
        assert!(
            out.html
                .contains("<a href=\"https://crm.example/portal/login/TOKEN\">")
        );
        assert!(out.text.contains("<script>alert(1)</script> & Co"));
        assert_eq!(out.subject, "Hi <script>alert(1)</script> & Co");
    }

    #[test]
    fn subject_variables_cannot_inject_headers() {
        let e = HandlebarsEngine::new();
        let mut ctx = sample_context(TemplateKind::TicketReply);
        ctx["ticket"]["subject"] = json!("Hi\r\nBcc: evil@example.com");
        let out = e
            .render(
                TemplateKind::TicketReply,
                &default_template(TemplateKind::TicketReply, Locale::En),
                &ctx,
            )
            .expect("renders");
        assert!(!out.subject.contains(['\r', '\n']));
    }
}
