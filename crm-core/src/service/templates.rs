//! Company templates and per-client overrides, validated when saved.

use super::{Crm, Ctx, Entity, Error};
use crate::domain::{ActivityKind, ClientId, EmailTemplate, TemplateKind};

/// Where an effective template comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateSource {
    /// The client's override.
    Client,
    /// The company's template.
    Company,
    /// The built-in default.
    Default,
}

impl Crm {
    /// Sets the company's template of `kind`, after validating it.
    pub async fn set_company_template(
        &self,
        ctx: &Ctx,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), Error> {
        self.templates.validate(kind, template)?;
        let mut tx = self.store.begin().await?;
        tx.company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        tx.put_company_template(ctx.company, kind, template).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the client's override of `kind`, after validating it.
    pub async fn set_client_template(
        &self,
        ctx: &Ctx,
        client: ClientId,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), Error> {
        self.templates.validate(kind, template)?;
        let mut tx = self.store.begin().await?;
        tx.client_for_update(ctx.company, client)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        tx.put_client_template(ctx.company, client, kind, template)
            .await?;
        self.log(
            &mut *tx,
            ctx,
            client,
            ActivityKind::TemplateChanged,
            Some(kind.as_str().into()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the client's override so the company's template applies again; whether there
    /// was one.
    pub async fn delete_client_template(
        &self,
        ctx: &Ctx,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<bool, Error> {
        let mut tx = self.store.begin().await?;
        tx.client_for_update(ctx.company, client)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let existed = tx.delete_client_template(ctx.company, client, kind).await?;
        if existed {
            self.log(
                &mut *tx,
                ctx,
                client,
                ActivityKind::TemplateChanged,
                Some(kind.as_str().into()),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(existed)
    }

    /// The company's template of `kind`, or the built-in default in the company's language.
    pub async fn company_template(
        &self,
        ctx: &Ctx,
        kind: TemplateKind,
    ) -> Result<(EmailTemplate, TemplateSource), Error> {
        let company = self
            .store
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        Ok(
            match self.store.company_template(ctx.company, kind).await? {
                Some(t) => (t, TemplateSource::Company),
                None => (
                    self.templates.default_template(kind, company.locale),
                    TemplateSource::Default,
                ),
            },
        )
    }

    /// The template that applies to `client` for `kind`, and where it comes from.
    pub async fn effective_template(
        &self,
        ctx: &Ctx,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<(EmailTemplate, TemplateSource), Error> {
        let c = self
            .store
            .client(ctx.company, client)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        if let Some(t) = self
            .store
            .client_template(ctx.company, client, kind)
            .await?
        {
            return Ok((t, TemplateSource::Client));
        }
        if let Some(t) = self.store.company_template(ctx.company, kind).await? {
            return Ok((t, TemplateSource::Company));
        }
        Ok((
            self.templates.default_template(kind, c.locale),
            TemplateSource::Default,
        ))
    }
}

impl Crm {
    /// Renders `template` for the admin UI's live preview without saving it: validated first
    /// (so the preview shows the same errors a save would), then rendered with sample document
    /// data — and, when `client` is given, that client's, its primary contact's and the
    /// company's real names. No magic link is issued; the link is a placeholder.
    pub async fn preview_template(
        &self,
        ctx: &Ctx,
        client: Option<ClientId>,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<crate::ports::RenderedEmail, Error> {
        self.templates.validate(kind, template)?;
        let mut context = crate::render::templates::sample_context(kind);
        let company = self
            .store
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        context["company"]["name"] = company.name.clone().into();
        context["company"]["email"] = company.email.as_str().into();
        if let Some(id) = client {
            let c = self
                .store
                .client(ctx.company, id)
                .await?
                .ok_or(Error::NotFound(Entity::Client))?;
            context["client"]["name"] = c.name.clone().into();
            context["client"]["number"] = c.number.clone().into();
            if let Some(contact) = c.primary_contact() {
                context["contact"]["name"] = contact.name.clone().into();
            }
        }
        context["portal_url"] = self.portal_url("/login/PREVIEW").into();
        Ok(self.templates.render(kind, template, &context)?)
    }
}
