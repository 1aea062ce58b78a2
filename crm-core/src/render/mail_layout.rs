//! The branded HTML layout around an email's text: a header with the company (logo slot or
//! name), a summary of the document the email is about (kind and number, amount, due date),
//! the template's text, one button to the portal, the raw portal address as a small fallback
//! line, and the business-letter footer.
//!
//! Mail clients are the constraint: the layout is tables with inline styles only (no
//! `<style>` block, which several clients strip), at most 600px wide and fluid below that, and
//! complete without images (the logo is optional and has its name as `alt`). Every piece of
//! text is escaped here; the template's text keeps its paragraphs and line breaks.
//!
//! # The portal address in the text
//!
//! Every template prints `{{portal_url}}` (validation insists), so the text carries the
//! address already. In the HTML part a raw 40-character token URL is noise next to a button,
//! so:
//! - the first line of the text that is nothing but the portal address becomes the button,
//!   in its place ("View and pay your invoice:" is followed by the button, not by a dangling
//!   colon); any later such line is dropped;
//! - an address inside a sentence becomes a short link ("customer portal");
//! - with no line of its own, the button follows the text;
//! - the raw address appears exactly once, as the small fallback line under the text.
//!
//! The plain-text part is not made here: it stays the template's text with the footer, which
//! reads on its own (see [`crate::service`]'s mail composition).

use crate::domain::Locale;
use crate::i18n;

use super::templates::{escape, linkify};

/// The brand colour of buttons and accents (the admin and portal stylesheets' `--accent`).
pub const ACCENT: &str = "#1f4fd1";
const TEXT: &str = "#1c2230";
const MUTED: &str = "#5a6474";
const LINE: &str = "#dfe3ea";
const PAGE: &str = "#f5f6f8";
const SOFT: &str = "#e8eefc";
const FONT: &str = "Helvetica,Arial,sans-serif";

/// What the email is about, shown above the text: a title ("Invoice RE-00017") and labelled
/// values (amount, due date).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MailSummary {
    /// The document's kind and number.
    pub title: String,
    /// Label and value pairs, in display order (values already formatted for the locale).
    pub rows: Vec<(String, String)>,
}

/// Everything the layout shows. Texts are plain (escaped here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailLayout<'a> {
    /// Language of the layout's own texts.
    pub locale: Locale,
    /// The sending company, the header when there is no logo.
    pub company_name: &'a str,
    /// The company logo's public address (`/portal/brand/{company}/{sha256}`); `None` without
    /// a logo, and the company name shows as a text header.
    pub logo_url: Option<&'a str>,
    /// The document the email concerns, if any.
    pub summary: Option<MailSummary>,
    /// The button's label (from the catalogue, per kind).
    pub button_label: String,
    /// The portal address the button opens (still holding the link placeholder, filled at
    /// send time); `None` draws no button and no fallback line.
    pub portal_url: Option<&'a str>,
    /// The template's rendered text.
    pub text: &'a str,
    /// The business-letter footer lines (§37a HGB, §35a GmbHG).
    pub footer: &'a [String],
}

/// The complete HTML document of `view`.
pub fn render(view: &MailLayout<'_>) -> String {
    let mut out = String::with_capacity(view.text.len() * 2 + 4096);
    let lang = match view.locale {
        Locale::De => "de",
        Locale::En => "en",
    };
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light\">\
         <title>{}</title></head>\n",
        escape(view.company_name)
    ));
    out.push_str(&format!(
        "<body style=\"margin:0;padding:0;background:{PAGE};color:{TEXT};font-family:{FONT};\
         font-size:15px;line-height:1.5;-webkit-text-size-adjust:100%\">\n\
         <table role=\"presentation\" width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" \
         style=\"background:{PAGE};border-collapse:collapse\"><tr><td align=\"center\" style=\"padding:24px 12px\">\n\
         <table role=\"presentation\" width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" \
         style=\"max-width:600px;width:100%;border-collapse:separate;background:#ffffff;\
         border:1px solid {LINE};border-radius:8px\">\n"
    ));
    header(&mut out, view);
    if let Some(summary) = &view.summary {
        summary_block(&mut out, summary);
    }
    out.push_str("<tr><td style=\"padding:8px 28px 8px 28px\">\n");
    body(&mut out, view);
    out.push_str("</td></tr>\n");
    footer(&mut out, view);
    out.push_str("</table>\n</td></tr></table>\n</body></html>\n");
    out
}

fn header(out: &mut String, view: &MailLayout<'_>) {
    let name = escape(view.company_name);
    let inner = match view.logo_url {
        Some(url) => format!(
            "<img src=\"{}\" alt=\"{name}\" height=\"40\" \
             style=\"display:block;border:0;height:40px;max-width:100%;font-size:20px;\
             font-weight:bold;color:{TEXT}\">",
            escape(url)
        ),
        None => format!(
            "<span style=\"font-size:20px;font-weight:bold;color:{TEXT};\
             letter-spacing:.01em\">{name}</span>"
        ),
    };
    out.push_str(&format!(
        "<tr><td style=\"padding:22px 28px 18px 28px;border-bottom:3px solid {ACCENT}\">{inner}</td></tr>\n"
    ));
}

fn summary_block(out: &mut String, summary: &MailSummary) {
    out.push_str(&format!(
        "<tr><td style=\"padding:20px 28px 4px 28px\">\n\
         <table role=\"presentation\" width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" \
         style=\"background:{SOFT};border-radius:6px;border-collapse:separate\">\n\
         <tr><td colspan=\"2\" style=\"padding:14px 16px 6px 16px;font-size:18px;font-weight:bold;color:{TEXT}\">{}</td></tr>\n",
        escape(&summary.title)
    ));
    for (label, value) in &summary.rows {
        out.push_str(&format!(
            "<tr><td style=\"padding:2px 8px 2px 16px;color:{MUTED};font-size:14px\">{}</td>\
             <td align=\"right\" style=\"padding:2px 16px 2px 8px;font-size:15px;font-weight:bold;\
             color:{TEXT};white-space:nowrap\">{}</td></tr>\n",
            escape(label),
            escape(value)
        ));
    }
    out.push_str("<tr><td colspan=\"2\" style=\"height:10px;font-size:0;line-height:0\">&nbsp;</td></tr>\n</table>\n</td></tr>\n");
}

/// The bulletproof button: a table cell with the colour (clients that drop the `<a>`'s
/// padding still show a coloured block) around a link with the same colour.
fn button(out: &mut String, label: &str, url: &str) {
    let url = escape(url);
    out.push_str(&format!(
        "<table role=\"presentation\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" \
         style=\"margin:18px 0 18px 0;border-collapse:separate\"><tr>\
         <td align=\"center\" bgcolor=\"{ACCENT}\" style=\"background:{ACCENT};border-radius:6px\">\
         <a href=\"{url}\" target=\"_blank\" style=\"display:inline-block;padding:13px 26px;\
         font-family:{FONT};font-size:16px;font-weight:bold;line-height:1.2;color:#ffffff;\
         text-decoration:none;border-radius:6px;background:{ACCENT}\">{}</a></td></tr></table>\n",
        escape(label)
    ));
}

fn body(out: &mut String, view: &MailLayout<'_>) {
    let url = view.portal_url.filter(|u| !u.is_empty());
    let link_label = i18n::text(view.locale, "mail_layout.portal_link").unwrap_or("portal");
    let mut button_drawn = false;
    let paragraph_style = "margin:0 0 14px 0";
    for paragraph in view.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let mut lines: Vec<String> = Vec::new();
        // A paragraph is closed before a button and reopened after it.
        let flush = |out: &mut String, lines: &mut Vec<String>| {
            if !lines.is_empty() {
                out.push_str(&format!(
                    "<p style=\"{paragraph_style}\">{}</p>\n",
                    lines.join("<br>\n")
                ));
                lines.clear();
            }
        };
        for line in paragraph.trim_matches('\n').lines() {
            match url {
                Some(u) if line.trim() == u => {
                    if !button_drawn {
                        flush(out, &mut lines);
                        button(out, &view.button_label, u);
                        button_drawn = true;
                    }
                }
                Some(u) => lines.push(link_line(line, u, link_label)),
                None => lines.push(linkify(line)),
            }
        }
        flush(out, &mut lines);
    }
    if let Some(u) = url {
        if !button_drawn {
            button(out, &view.button_label, u);
        }
        let fallback = i18n::text(view.locale, "mail_layout.fallback").unwrap_or_default();
        let u = escape(u);
        out.push_str(&format!(
            "<p style=\"margin:18px 0 6px 0;font-size:12px;line-height:1.4;color:{MUTED};\
             word-break:break-all\">{}<br><a href=\"{u}\" style=\"color:{MUTED}\">{u}</a></p>\n",
            escape(fallback)
        ));
    }
}

/// A line with the portal address inside a sentence: the address becomes a short link.
fn link_line(line: &str, url: &str, label: &str) -> String {
    line.split(url)
        .map(linkify)
        .collect::<Vec<_>>()
        .join(&format!(
            "<a href=\"{}\" style=\"color:{ACCENT}\">{}</a>",
            escape(url),
            escape(label)
        ))
}

fn footer(out: &mut String, view: &MailLayout<'_>) {
    if view.footer.is_empty() {
        return;
    }
    let lines: Vec<String> = view.footer.iter().map(|l| escape(l)).collect();
    out.push_str(&format!(
        "<tr><td style=\"padding:16px 28px 22px 28px;border-top:1px solid {LINE};font-size:12px;\
         line-height:1.5;color:{MUTED}\">{}</td></tr>\n",
        lines.join("<br>\n")
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://crm.example/portal/login/crm-link-token-minted-on-send-7c1f3a9e";

    fn view<'a>(text: &'a str, footer: &'a [String]) -> MailLayout<'a> {
        MailLayout {
            locale: Locale::De,
            company_name: "Muster & Söhne GmbH",
            logo_url: None,
            summary: Some(MailSummary {
                title: "Rechnung RE-00017".into(),
                rows: vec![
                    ("Betrag".into(), "1.190,00 €".into()),
                    ("Fällig am".into(), "27.12.2026".into()),
                ],
            }),
            button_label: "Rechnung ansehen und bezahlen".into(),
            portal_url: Some(URL),
            text,
            footer,
        }
    }

    #[test]
    fn the_url_line_becomes_the_button_and_the_raw_url_appears_once_as_fallback() {
        let text = format!(
            "Hallo Erika,\n\nanbei die Rechnung.\n\nAnsehen und bezahlen:\n{URL}\n\nViele Grüße"
        );
        let html = render(&view(&text, &[]));
        let button_at = html.find("Rechnung ansehen und bezahlen").expect("button");
        let intro_at = html.find("Ansehen und bezahlen:").expect("intro");
        let closing_at = html.find("Viele Grüße").expect("closing");
        assert!(intro_at < button_at && button_at < closing_at, "{html}");
        // href of the button, href and text of the fallback: nowhere else.
        assert_eq!(html.matches(URL).count(), 3, "{html}");
        assert!(html.contains("Falls die Schaltfläche nicht funktioniert"));
    }

    #[test]
    fn a_url_inside_a_sentence_becomes_a_short_link_and_the_button_follows_the_text() {
        let text = format!("Hier geht es zum Portal: {URL} – bis bald.\n\nGruß");
        let html = render(&view(&text, &[]));
        assert!(
            html.contains(&format!(
                "<a href=\"{URL}\" style=\"color:{ACCENT}\">Kundenportal</a> – bis bald."
            )),
            "{html}"
        );
        let closing_at = html.find("Gruß").expect("closing");
        assert!(html.find("Rechnung ansehen und bezahlen").expect("button") > closing_at);
        assert_eq!(html.matches(URL).count(), 4);
    }

    #[test]
    fn a_second_url_line_is_dropped() {
        let text = format!("Eins:\n{URL}\n\nNochmal:\n{URL}");
        let html = render(&view(&text, &[]));
        assert_eq!(html.matches("Rechnung ansehen und bezahlen").count(), 1);
        assert_eq!(html.matches(URL).count(), 3);
    }

    #[test]
    fn everything_is_escaped_and_paragraphs_are_kept() {
        let footer = vec!["Muster <GmbH>".to_owned(), "HRB 1 & Co".to_owned()];
        let text = "Zeile <b>eins</b>\nZeile \"zwei\"\n\nAbsatz 2";
        let html = render(&view(text, &footer));
        assert!(html.contains("Zeile &lt;b&gt;eins&lt;/b&gt;<br>\nZeile &quot;zwei&quot;</p>"));
        assert!(html.contains(">Absatz 2</p>"));
        assert!(html.contains("Muster &lt;GmbH&gt;<br>\nHRB 1 &amp; Co"));
        assert!(html.contains("Muster &amp; Söhne GmbH"));
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn the_summary_shows_kind_number_amount_and_due_date() {
        let html = render(&view("Text", &[]));
        for s in [
            "Rechnung RE-00017",
            "Betrag",
            "1.190,00 €",
            "Fällig am",
            "27.12.2026",
        ] {
            assert!(html.contains(s), "{s}");
        }
    }

    #[test]
    fn without_a_logo_the_name_is_the_header_and_with_one_it_is_the_alt_text() {
        let html = render(&view("Text", &[]));
        assert!(!html.contains("<img"));
        let mut v = view("Text", &[]);
        v.logo_url = Some("https://crm.example/logo.png?a=1&b=2");
        let html = render(&v);
        assert!(html.contains(
            "<img src=\"https://crm.example/logo.png?a=1&amp;b=2\" alt=\"Muster &amp; Söhne GmbH\""
        ));
    }

    #[test]
    fn without_a_portal_url_there_is_no_button() {
        let mut v = view("Nur Text https://example.org/x", &[]);
        v.portal_url = None;
        v.summary = None;
        let html = render(&v);
        assert!(!html.contains("Rechnung ansehen und bezahlen"));
        assert!(html.contains("<a href=\"https://example.org/x\">https://example.org/x</a>"));
    }

    #[test]
    fn the_layout_is_tables_with_inline_styles_at_most_600px_wide() {
        let html = render(&view("Text", &[]));
        assert!(!html.contains("<style"));
        assert!(html.contains("max-width:600px"));
        assert!(html.contains("name=\"viewport\""));
    }
}
