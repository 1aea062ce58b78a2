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
