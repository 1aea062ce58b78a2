//! The company's bank account (IBAN, BIC, holder, bank), kept in its settings.

use super::{Crm, Ctx, Entity, Error};
use crate::domain::{BankAccount, BankAccountInput, Company};

impl Crm {
    /// The company's bank account, if it has one.
    pub async fn bank_account(&self, ctx: &Ctx) -> Result<Option<BankAccount>, Error> {
        Ok(self.company(ctx).await?.settings.bank_account)
    }

    /// Sets the company's bank account, or removes it with `None`. The input is validated
    /// first (field errors `iban`, `bic`, `holder`, `bank_name`; nothing is written then);
    /// the other settings stay as they are, read and written in one transaction.
    pub async fn set_bank_account(
        &self,
        ctx: &Ctx,
        input: Option<&BankAccountInput>,
    ) -> Result<Company, Error> {
        let account = input.map(BankAccountInput::validate).transpose()?;
        let mut tx = self.store.begin().await?;
        let mut company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        company.settings.bank_account = account;
        tx.update_company(&company).await?;
        tx.commit().await?;
        Ok(company)
    }
}
