//! The company's own profile (name, address, tax ID, currency, language).

use super::{CompanyInput, Crm, Ctx, Entity, Error};
use crate::domain::validation::{Collector, required_text};
use crate::domain::{
    Company, Currency, EmailAddress, LegalDetailsInput, Locale, PostalAddress, TaxId,
    ValidationErrors,
};

/// The validated parts of a [`CompanyInput`].
pub(super) type ValidCompany = (
    String,
    EmailAddress,
    PostalAddress,
    Option<TaxId>,
    Currency,
    Locale,
);

/// Validates a company's profile; field errors `name`, `email`, `address.*`, `tax_id`,
/// `currency`, `locale`.
pub(super) fn validate_company(input: &CompanyInput) -> Result<ValidCompany, ValidationErrors> {
    let mut c = Collector::new();
    let name = c.check("name", required_text(&input.name, 200));
    let email = c.check("email", EmailAddress::parse(&input.email));
    let address = match input.address.validate() {
        Ok(a) => Some(a),
        Err(e) => {
            c.nested("address", e);
            None
        }
    };
    let tax_id = c.check(
        "tax_id",
        match input.tax_id.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => {
                TaxId::parse(t, address.as_ref().map(|a| a.country())).map(Some)
            }
            _ => Ok(None),
        },
    );
    let currency = c.check("currency", Currency::parse(&input.currency));
    let locale = c.check("locale", Locale::parse(&input.locale));
    c.finish()?;
    match (name, email, address, tax_id, currency, locale) {
        (Some(name), Some(email), Some(address), Some(tax_id), Some(currency), Some(locale)) => {
            Ok((name, email, address, tax_id, currency, locale))
        }
        _ => unreachable!("collector reported no error"),
    }
}

impl Crm {
    /// The company of `ctx`.
    pub async fn company(&self, ctx: &Ctx) -> Result<Company, Error> {
        self.store
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))
    }

    /// Replaces the company's profile: name, sender email, address, tax ID, default currency
    /// and language. Settings and templates stay; issued documents keep their snapshots.
    pub async fn update_company(&self, ctx: &Ctx, input: &CompanyInput) -> Result<Company, Error> {
        let (name, email, address, tax_id, currency, locale) = validate_company(input)?;
        let mut tx = self.store.begin().await?;
        let mut company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        company.name = name;
        company.email = email;
        company.address = address;
        company.tax_id = tax_id;
        company.currency = currency;
        company.locale = locale;
        tx.update_company(&company).await?;
        tx.commit().await?;
        Ok(company)
    }
}

impl Crm {
    /// Replaces the company's legal details (tax number, §19 mode, business-letter details,
    /// document contact). Issued documents keep the details they were issued with.
    pub async fn update_company_legal(
        &self,
        ctx: &Ctx,
        input: &LegalDetailsInput,
    ) -> Result<Company, Error> {
        let mut tx = self.store.begin().await?;
        let mut company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        company.legal = input.validate(&company.address)?;
        tx.update_company(&company).await?;
        tx.commit().await?;
        Ok(company)
    }
}
