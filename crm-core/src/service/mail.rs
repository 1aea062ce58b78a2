//! Composing emails inside a use case's transaction: resolve the template, render, queue.
//!
//! The magic link an email carries is not issued here: the bodies hold
//! [`LINK_TOKEN_PLACEHOLDER`] where its token goes and the row says what to mint (contact,
//! purpose, target, validity). The worker mints the link when it sends
//! ([`crate::service::MailComposer`]), so no queued, retrying or failed row — nor a database
//! dump — ever holds a usable link.

use chrono::Duration;
use serde_json::{Value, json};

use super::{Crm, Error};
use crate::domain::{
    Attachment, Client, Company, Contact, EmailTemplate, LINK_TOKEN_PLACEHOLDER, LinkPurpose,
    Locale, MagicLink, MagicLinkId, OutboxEmail, OutboxId, OutboxLink, OutboxStatus, Recipient,
    SecretToken, TemplateKind,
};
use crate::i18n;
use crate::ports::StoreTx;
use crate::render::mail_layout;

impl Crm {
    /// The template for `kind`: the client's override, else the company's, else the built-in
    /// default in the client's language.
    pub(super) async fn resolve_template(
        &self,
        tx: &mut dyn StoreTx,
        client: &Client,
        kind: TemplateKind,
    ) -> Result<EmailTemplate, Error> {
        if let Some(t) = tx
            .client_template(client.company_id, client.id, kind)
            .await?
        {
            return Ok(t);
        }
        if let Some(t) = tx.company_template(client.company_id, kind).await? {
            return Ok(t);
        }
        Ok(self.templates.default_template(kind, client.locale))
    }

    /// Issues a magic link for `contact` inside `tx`; returns its absolute URL.
    pub(super) async fn issue_link(
        &self,
        tx: &mut dyn StoreTx,
        client: &Client,
        contact: &Contact,
        purpose: LinkPurpose,
        target: Option<&str>,
    ) -> Result<String, Error> {
        let token = SecretToken::from_bytes(self.tokens.random_bytes());
        let now = self.clock.now();
        let ttl = self.link_ttl(purpose);
        tx.insert_magic_link(&MagicLink {
            id: MagicLinkId::new(),
            company_id: client.company_id,
            client_id: client.id,
            contact_id: contact.id,
            token_hash: token.hash(),
            purpose,
            target: target.map(str::to_owned),
            created_at: now,
            expires_at: now + ttl,
            used_at: None,
            revoked_at: None,
        })
        .await?;
        Ok(self.portal_url(&format!("/login/{}", token.encode())))
    }

    /// How long a link of `purpose` is valid.
    fn link_ttl(&self, purpose: LinkPurpose) -> Duration {
        match purpose {
            LinkPurpose::Document => self.config.document_link_ttl,
            LinkPurpose::Login => self.config.login_link_ttl,
        }
    }

    /// Queues an email of `kind` to the client's primary contact, with a reusable magic link
    /// that opens `target` in the portal.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn queue_document_email(
        &self,
        tx: &mut dyn StoreTx,
        company: &Company,
        client: &Client,
        kind: TemplateKind,
        vars: Value,
        attachment: Option<Attachment>,
        target: &str,
    ) -> Result<(), Error> {
        let contact = client
            .primary_contact()
            .ok_or(Error::ContactRule("the client has no primary contact"))?;
        self.queue_email_to(
            tx,
            company,
            client,
            (contact, Recipient::Primary),
            kind,
            vars,
            attachment,
            LinkPurpose::Document,
            Some(target),
        )
        .await
    }

    /// Queues an email of `kind` to `contact` (dropped if that contact is gone when it is
    /// sent).
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn queue_email(
        &self,
        tx: &mut dyn StoreTx,
        company: &Company,
        client: &Client,
        contact: &Contact,
        kind: TemplateKind,
        vars: Value,
        attachment: Option<Attachment>,
        purpose: LinkPurpose,
        target: Option<&str>,
    ) -> Result<(), Error> {
        self.queue_email_to(
            tx,
            company,
            client,
            (contact, Recipient::Contact),
            kind,
            vars,
            attachment,
            purpose,
            target,
        )
        .await
    }

    /// Queues an email of `kind` to `contact`, addressed as `recipient`; the link is minted
    /// when it is sent.
    #[allow(clippy::too_many_arguments)]
    async fn queue_email_to(
        &self,
        tx: &mut dyn StoreTx,
        company: &Company,
        client: &Client,
        (contact, recipient): (&Contact, Recipient),
        kind: TemplateKind,
        vars: Value,
        attachment: Option<Attachment>,
        purpose: LinkPurpose,
        target: Option<&str>,
    ) -> Result<(), Error> {
        let url = self.portal_url(&format!("/login/{LINK_TOKEN_PLACEHOLDER}"));
        let mut context = json!({
            "company": { "name": company.name, "email": company.email.as_str() },
            "client": { "name": client.name, "number": client.number },
            "contact": { "name": contact.name },
            "portal_url": url,
        });
        if let (Some(base), Value::Object(extra)) = (context.as_object_mut(), vars) {
            base.extend(extra);
        }
        let template = self.resolve_template(tx, client, kind).await?;
        let mut rendered = self.templates.render(kind, &template, &context)?;
        // Emails are business letters too: the legal footer follows the template's text.
        let footer = crate::domain::Seller::of(company).letter_footer(client.locale);
        // The HTML part is the branded layout around the text (which takes the footer over);
        // the plain-text part stays the text with the footer, readable alone.
        // The logo by a public, hash-named address (a mail client has no portal session).
        let logo_url = company
            .settings
            .logo
            .map(|r| self.portal_url(&format!("/brand/{}/{}", company.id, r.sha256)));
        rendered.html = layout_html(
            kind,
            client.locale,
            (company, logo_url.as_deref()),
            &context,
            &url,
            &rendered.text,
            &footer,
        );
        append_text_footer(&mut rendered, &footer);
        let now = self.clock.now();
        tx.enqueue_email(&OutboxEmail {
            id: OutboxId::new(),
            company_id: company.id,
            client_id: Some(client.id),
            kind,
            contact_id: Some(contact.id),
            recipient,
            to_email: contact.email.to_string(),
            to_name: contact.name.clone(),
            subject: rendered.subject,
            html_body: rendered.html,
            text_body: rendered.text,
            attachment,
            link: Some(OutboxLink {
                purpose,
                target: target.map(str::to_owned),
                ttl_seconds: self.link_ttl(purpose).num_seconds(),
            }),
            lease: None,
            minted_link: None,
            status: OutboxStatus::Pending,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            created_at: now,
            sent_at: None,
        })
        .await?;
        Ok(())
    }
}

/// Appends the business-letter `footer` to the text after a signature separator.
fn append_text_footer(rendered: &mut crate::ports::RenderedEmail, footer: &[String]) {
    if footer.is_empty() {
        return;
    }
    rendered.text = format!(
        "{}\n\n-- \n{}\n",
        rendered.text.trim_end(),
        footer.join("\n")
    );
}

/// The HTML part of an email of `kind`: [`mail_layout`] around `text`, with the summary of
/// the document read from the template `context` (the same formatted values the template
/// sees) and the button to `url`.
fn layout_html(
    kind: TemplateKind,
    locale: Locale,
    (company, logo_url): (&Company, Option<&str>),
    context: &Value,
    url: &str,
    text: &str,
    footer: &[String],
) -> String {
    let view = mail_layout::MailLayout {
        locale,
        company_name: &company.name,
        logo_url,
        summary: summary(kind, locale, context),
        button_label: i18n::text_args(
            locale,
            &format!("mail_layout.button.{}", kind.as_str()),
            &[],
        ),
        // A template stored before every body had to show the link gets no button either:
        // the link appears where the text shows it, and is minted only then.
        portal_url: text.contains(url).then_some(url),
        text,
        footer,
    };
    mail_layout::render(&view)
}

/// The summary block of a document email; `None` for kinds about no document, or when the
/// document has no number (it always has one once sent).
fn summary(
    kind: TemplateKind,
    locale: Locale,
    context: &Value,
) -> Option<mail_layout::MailSummary> {
    let get = |path: &str| {
        context
            .pointer(path)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let label = |key: &str| i18n::text_args(locale, key, &[]);
    let (group, rows): (&str, Vec<(&str, &str)>) = match kind {
        TemplateKind::Invoice => (
            "invoice",
            vec![
                ("mail_layout.amount", "/invoice/total"),
                ("mail_layout.due_date", "/invoice/due_date"),
            ],
        ),
        TemplateKind::Quote => (
            "quote",
            vec![
                ("mail_layout.amount", "/quote/total"),
                ("mail_layout.valid_until", "/quote/valid_until"),
            ],
        ),
        TemplateKind::PaymentReceipt => (
            "invoice",
            vec![
                ("mail_layout.paid", "/payment/amount"),
                ("mail_layout.balance", "/invoice/balance"),
            ],
        ),
        TemplateKind::Correction => (
            "correction",
            vec![
                ("mail_layout.amount", "/correction/amount"),
                ("mail_layout.corrects", "/invoice/number"),
            ],
        ),
        TemplateKind::DunningReminder
        | TemplateKind::DunningFirst
        | TemplateKind::DunningSecond
        | TemplateKind::DunningFinal => (
            "reminder",
            vec![
                ("mail_layout.total_due", "/reminder/total"),
                ("mail_layout.pay_by", "/reminder/due_date"),
            ],
        ),
        TemplateKind::TicketReply | TemplateKind::PortalLogin => return None,
    };
    let mut number = get(&format!("/{group}/number"))?;
    if kind == TemplateKind::Correction {
        // "Stornorechnung ST-00001": the kind of correction is part of its name.
        number = format!("{} {number}", get("/correction/title")?);
    }
    Some(mail_layout::MailSummary {
        title: i18n::text_args(
            locale,
            &format!("mail_layout.{}.title", kind.as_str()),
            &[("number", i18n::Arg::from(number))],
        ),
        rows: rows
            .into_iter()
            .filter_map(|(key, path)| Some((label(key), get(path)?)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_button_and_every_document_a_summary_in_both_languages() {
        for locale in [Locale::De, Locale::En] {
            for kind in TemplateKind::ALL {
                let key = format!("mail_layout.button.{}", kind.as_str());
                assert!(i18n::text(locale, &key).is_some(), "{key} in {locale:?}");
                let context = crate::render::templates::sample_context(kind);
                let s = summary(kind, locale, &context);
                match kind {
                    TemplateKind::TicketReply | TemplateKind::PortalLogin => assert!(s.is_none()),
                    _ => {
                        let s = s.expect("a document summary");
                        assert!(!s.title.starts_with("mail_layout."), "{}", s.title);
                        assert_eq!(s.rows.len(), 2, "{kind:?}");
                        assert!(s.rows.iter().all(|(l, _)| !l.starts_with("mail_layout.")));
                    }
                }
            }
        }
        let context = crate::render::templates::sample_context(TemplateKind::Invoice);
        let s = summary(TemplateKind::Invoice, Locale::En, &context).unwrap();
        assert_eq!(s.title, "Invoice RE-00001");
        assert_eq!(s.rows[0].0, "Amount");
    }
}
