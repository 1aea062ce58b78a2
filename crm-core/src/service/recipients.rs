//! The company's accounting copy: the address every invoice and quote email also goes to in
//! `Bcc`, kept in its settings.

use super::{Crm, Ctx, Entity, Error};
use crate::domain::validation::Collector;
use crate::domain::{Company, EmailAddress};

impl Crm {
    /// Sets the accounting copy address, or removes it with `None` or an empty string. An
    /// invalid address is the field error `accounting_bcc` (nothing is written then); the
    /// other settings stay as they are, read and written in one transaction.
    pub async fn set_accounting_bcc(
        &self,
        ctx: &Ctx,
        address: Option<&str>,
    ) -> Result<Company, Error> {
        let mut c = Collector::new();
        let bcc = match address.map(str::trim) {
            Some(a) if !a.is_empty() => c.check("accounting_bcc", EmailAddress::parse(a)),
            _ => None,
        };
        c.finish()?;
        let mut tx = self.store.begin().await?;
        let mut company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        company.settings.accounting_bcc = bcc;
        tx.update_company(&company).await?;
        tx.commit().await?;
        Ok(company)
    }
}
