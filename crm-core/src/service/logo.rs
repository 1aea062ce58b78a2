//! The company's logo: uploaded, replaced and removed by staff, read by the renderers and the
//! portal header. The bytes go into the document archive (content-addressed, never deleted:
//! issued documents keep naming the logo they were issued with); the company keeps a
//! [`LogoRef`] in its settings.

use super::{Crm, Ctx, Entity, Error, PortalCtx, cpu};
use crate::domain::{Company, DocumentHash, Logo, ValidationErrors};

impl Crm {
    /// The company's current logo with its bytes, if it has one.
    pub async fn logo(&self, ctx: &Ctx) -> Result<Option<Logo>, Error> {
        let company = self.company(ctx).await?;
        self.files().logo(company.settings.logo).await
    }

    /// Sets the company's logo from an uploaded file. The bytes are checked first (PNG or
    /// JPEG by their content, size and pixel limits, a full decode — see [`Logo::parse`]);
    /// a bad file is the field error `logo` with the [`crate::domain::LogoError`]'s code, and
    /// nothing is written. The file and the company's reference are written in one
    /// transaction (with an external archive the file is put first, as for frozen PDFs).
    /// Documents issued before keep the logo they were issued with.
    pub async fn set_logo(&self, ctx: &Ctx, bytes: Vec<u8>) -> Result<Company, Error> {
        let logo = cpu::run(move || Logo::parse(bytes))
            .await?
            .map_err(|e| ValidationErrors::single("logo", e.into()))?;
        let mut tx = self.store.begin().await?;
        let mut company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        self.files().put_in(&mut *tx, logo.bytes()).await?;
        company.settings.logo = Some(*logo.reference());
        tx.update_company(&company).await?;
        tx.commit().await?;
        Ok(company)
    }

    /// Removes the company's logo from documents rendered from now on. The file stays in the
    /// archive: documents issued with it still name it.
    pub async fn remove_logo(&self, ctx: &Ctx) -> Result<Company, Error> {
        let mut tx = self.store.begin().await?;
        let mut company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        company.settings.logo = None;
        tx.update_company(&company).await?;
        tx.commit().await?;
        Ok(company)
    }

    /// A company's current logo by its hash, for anyone (emails show it): only the logo that
    /// is the company's now, never another archived file.
    pub async fn brand_logo(
        &self,
        company: crate::domain::CompanyId,
        sha256: &DocumentHash,
    ) -> Result<Option<Logo>, Error> {
        let Some(company) = self.store.company(company).await? else {
            return Ok(None);
        };
        match company.settings.logo {
            Some(r) if r.sha256 == *sha256 => self.files().logo(Some(r)).await,
            _ => Ok(None),
        }
    }

    /// The signed-in client's company's logo for the portal header — only while `sha256` is
    /// the company's current logo (`None` otherwise, so an old or another company's hash
    /// reads nothing).
    pub async fn portal_logo(
        &self,
        portal: &PortalCtx,
        sha256: &DocumentHash,
    ) -> Result<Option<Logo>, Error> {
        let company = self
            .store
            .company(portal.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        match company.settings.logo {
            Some(r) if r.sha256 == *sha256 => self.files().logo(Some(r)).await,
            _ => Ok(None),
        }
    }

    /// The signed-in client's company's current logo with its bytes (for the PDFs the portal
    /// renders: statements, quotes).
    pub async fn portal_company_logo(&self, portal: &PortalCtx) -> Result<Option<Logo>, Error> {
        let company = self
            .store
            .company(portal.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        self.files().logo(company.settings.logo).await
    }
}
