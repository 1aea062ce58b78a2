//! The development mailbox: the emails the dev transport wrote, and one email's text.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use base64::Engine;

use super::auth::Staff;
use super::clients::date_time;
use super::view::{AdminLayout, Base, layout, render};
use super::{AResult, AdminApp, Fail};
use crate::WebError;
use crate::html::Tr;

/// An email in the list.
struct MailRow {
    href: String,
    to: String,
    subject: String,
    at: String,
}

/// `GET mailbox`.
#[derive(Template)]
#[template(path = "admin/mailbox.html")]
struct MailboxPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    rows: Vec<MailRow>,
}

/// `GET mailbox/{file}`.
#[derive(Template)]
#[template(path = "admin/mail.html")]
struct MailPage<'a> {
    l: &'a AdminLayout,
    t: Tr,
    mail: Mail,
    back: String,
}

pub(super) fn routes() -> Router<AdminApp> {
    Router::new()
        .route("/mailbox", get(list))
        .route("/mailbox/{file}", get(show))
}

fn mailbox(app: &AdminApp) -> Result<&crm_mail_lettre::DevMailbox, Fail> {
    app.options
        .mailbox
        .as_deref()
        .ok_or(Fail(WebError::NotFound))
}

async fn list(State(app): State<AdminApp>, staff: Staff) -> AResult {
    let locale = staff.locale();
    // The emails hold live sign-in links: only the staff's own company's.
    let mails = mailbox(&app)?
        .list_for(staff.company.id)
        .await
        .map_err(|e| Fail(WebError::Internal(format!("mailbox: {e}"))))?;
    let prefix = app.prefix();
    let rows: Vec<MailRow> = mails
        .iter()
        .map(|m| MailRow {
            href: format!("{prefix}/mailbox/{}", super::view::url_encode(&m.file)),
            to: m.to.clone(),
            subject: m.subject.clone(),
            at: date_time(m.at, locale),
        })
        .collect();
    let layout = layout(&app, Base::of(&staff, "admin.mailbox.title", "mailbox"));
    render(&MailboxPage {
        l: &layout,
        t: Tr(locale),
        rows,
    })
}

async fn show(State(app): State<AdminApp>, staff: Staff, Path(file): Path<String>) -> AResult {
    if file.contains(['/', '\\']) || file.starts_with('.') {
        return Err(Fail(WebError::NotFound));
    }
    let raw = mailbox(&app)?
        .read_for(staff.company.id, &file)
        .await
        .map_err(|_| Fail(WebError::NotFound))?;
    let mail = parse_mail(&raw);
    let mut layout = layout(&app, Base::of(&staff, "admin.mailbox.title", "mailbox"));
    layout.title.clone_from(&mail.subject);
    render(&MailPage {
        l: &layout,
        t: Tr(staff.locale()),
        mail,
        back: format!("{}/mailbox", app.prefix()),
    })
}

/// What the page shows of an email.
#[derive(Debug, Default)]
struct Mail {
    subject: String,
    from: String,
    to: String,
    date: String,
    text: String,
    attachments: Vec<String>,
}

/// Headers of a MIME entity (unfolded), and its body.
fn split_entity(raw: &str) -> (Vec<(String, String)>, &str) {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .or_else(|| raw.split_once("\n\n"))
        .unwrap_or((raw, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    (headers, body)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The `boundary` parameter of a multipart content type.
fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        p.trim()
            .strip_prefix("boundary=")
            .map(|b| b.trim_matches('"').to_owned())
    })
}

/// Decodes a transfer encoding (base64, quoted-printable, or none).
fn decode(body: &str, encoding: &str) -> Vec<u8> {
    match encoding.to_ascii_lowercase().as_str() {
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .unwrap_or_default()
        }
        "quoted-printable" => {
            let mut out = Vec::new();
            let bytes = body.replace("=\r\n", "").replace("=\n", "");
            let b = bytes.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'='
                    && i + 2 < b.len()
                    && let Ok(v) = u8::from_str_radix(&bytes[i + 1..i + 3], 16)
                {
                    out.push(v);
                    i += 3;
                    continue;
                }
                out.push(b[i]);
                i += 1;
            }
            out
        }
        _ => body.as_bytes().to_vec(),
    }
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) in a header.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("=?") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let parts: Vec<&str> = after.splitn(3, '?').collect();
        if parts.len() == 3
            && let Some(end) = parts[2].find("?=")
        {
            let text = &parts[2][..end];
            let bytes = match parts[1].to_ascii_lowercase().as_str() {
                "b" => decode(text, "base64"),
                _ => decode(&text.replace('_', " "), "quoted-printable"),
            };
            out.push_str(&String::from_utf8_lossy(&bytes));
            rest = &parts[2][end + 2..];
            // Whitespace between two encoded words is not part of the text.
            if rest.trim_start().starts_with("=?") {
                rest = rest.trim_start();
            }
            continue;
        }
        out.push_str("=?");
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Walks the MIME tree for the first text/plain part and the attachment names.
fn walk(raw: &str, mail: &mut Mail, depth: u32) {
    let (headers, body) = split_entity(raw);
    let ct = header(&headers, "content-type").to_ascii_lowercase();
    if depth < 8
        && ct.starts_with("multipart/")
        && let Some(b) = boundary(header(&headers, "content-type"))
    {
        let sep = format!("--{b}");
        for part in body.split(&sep).skip(1) {
            if part.starts_with("--") {
                break;
            }
            walk(part.trim_start_matches(['\r', '\n']), mail, depth + 1);
        }
        return;
    }
    let disposition = header(&headers, "content-disposition");
    if disposition.to_ascii_lowercase().starts_with("attachment") {
        let name = disposition
            .split(';')
            .find_map(|p| p.trim().strip_prefix("filename="))
            .map(|n| decode_words(n.trim_matches('"')))
            .unwrap_or_default();
        mail.attachments.push(name);
        return;
    }
    if mail.text.is_empty() && (ct.is_empty() || ct.starts_with("text/plain")) {
        let bytes = decode(body, header(&headers, "content-transfer-encoding"));
        mail.text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
    }
}

fn parse_mail(raw: &[u8]) -> Mail {
    let raw = String::from_utf8_lossy(raw);
    let (headers, _) = split_entity(&raw);
    let mut mail = Mail {
        subject: decode_words(header(&headers, "subject")),
        from: decode_words(header(&headers, "from")),
        to: decode_words(header(&headers, "to")),
        date: header(&headers, "date").to_owned(),
        ..Mail::default()
    };
    walk(&raw, &mut mail, 0);
    mail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_multipart_mail() {
        let raw = "Subject: =?utf-8?b?UmVjaG51bmcgw6Q=?=\r\nFrom: a@b.example\r\nTo: c@d.example\r\n\
Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: multipart/alternative; boundary=\"YY\"\r\n\r\n\
--YY\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=\r\n=C3=9Fe\r\n\
--YY\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--YY--\r\n--XX\r\nContent-Type: application/pdf\r\n\
Content-Disposition: attachment; filename=\"R-1.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--XX--\r\n";
        let m = parse_mail(raw.as_bytes());
        assert_eq!(m.subject, "Rechnung ä");
        assert_eq!(m.text.trim(), "Grüße");
        assert_eq!(m.attachments, vec!["R-1.pdf".to_owned()]);
        assert_eq!(m.to, "c@d.example");
    }
}
