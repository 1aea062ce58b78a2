//! Composing emails inside a use case's transaction: resolve the template, issue the magic
//! link, render, queue.

use chrono::Duration;
use serde_json::{Value, json};

use super::{Crm, Error};
use crate::domain::{
    Attachment, Client, Company, Contact, EmailTemplate, LinkPurpose, MagicLink, MagicLinkId,
    OutboxEmail, OutboxId, OutboxStatus, SecretToken, TemplateKind,
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
        let ttl: Duration = match purpose {
            LinkPurpose::Document => self.config.document_link_ttl,
            LinkPurpose::Login => self.config.login_link_ttl,
        };
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
        self.queue_email(
            tx,
            company,
            client,
            contact,
            kind,
            vars,
            attachment,
            LinkPurpose::Document,
            Some(target),
        )
        .await
    }

    /// Queues an email of `kind` to `contact`.
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
        let url = self
            .issue_link(tx, client, contact, purpose, target)
            .await?;
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
        let rendered = self.templates.render(kind, &template, &context)?;
        let now = self.clock.now();
        tx.enqueue_email(&OutboxEmail {
            id: OutboxId::new(),
            company_id: company.id,
            client_id: Some(client.id),
            kind,
            to_email: contact.email.to_string(),
            to_name: contact.name.clone(),
            subject: rendered.subject,
            html_body: rendered.html,
            text_body: rendered.text,
            attachment,
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
