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
    MagicLink, MagicLinkId, OutboxEmail, OutboxId, OutboxLink, OutboxStatus, Recipient,
    SecretToken, TemplateKind,
};
use crate::ports::StoreTx;

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
        append_footer(&mut rendered, &footer);
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

/// Appends the business-letter `footer` to both parts: after a signature separator in the
/// text, as a small muted paragraph before `</body>` in the HTML.
fn append_footer(rendered: &mut crate::ports::RenderedEmail, footer: &[String]) {
    if footer.is_empty() {
        return;
    }
    rendered.text = format!(
        "{}\n\n-- \n{}\n",
        rendered.text.trim_end(),
        footer.join("\n")
    );
    let escaped: Vec<String> = footer
        .iter()
        .map(|l| crate::render::templates::escape(l))
        .collect();
    let block = format!(
        "<p style=\"margin-top:2em;font-size:12px;color:#616e7c;border-top:1px solid #e4e7eb;padding-top:.8em\">{}</p>\n",
        escaped.join("<br>")
    );
    match rendered.html.rfind("</body>") {
        Some(i) => rendered.html.insert_str(i, &block),
        None => rendered.html.push_str(&block),
    }
}
