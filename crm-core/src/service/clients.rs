//! Companies, clients and contacts.

use serde::{Deserialize, Serialize};

use super::{Crm, Ctx, Entity, Error};
use crate::domain::validation::{Collector, optional_text};
use crate::domain::{
    Activity, ActivityId, ActivityKind, AddressInput, Client, ClientId, ClientInput, Company,
    CompanyId, CompanySettings, Contact, ContactId, ContactInput,
};
use crate::ports::{Sequence, StoreError, StoreTx};

/// A company as the user sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyInput {
    /// Legal name.
    pub name: String,
    /// Sender address.
    pub email: String,
    /// Postal address.
    pub address: AddressInput,
    /// Tax or VAT ID.
    #[serde(default)]
    pub tax_id: Option<String>,
    /// Default currency (ISO 4217).
    pub currency: String,
    /// Default language.
    pub locale: String,
}

impl Crm {
    /// Creates a company (a tenant) with default settings.
    pub async fn create_company(&self, input: &CompanyInput) -> Result<Company, Error> {
        let (name, email, address, tax_id, currency, locale) =
            super::company::validate_company(input)?;
        let company = Company {
            id: CompanyId::new(),
            name,
            email,
            address,
            tax_id,
            legal: Default::default(),
            currency,
            locale,
            settings: CompanySettings::default(),
            created_at: self.clock.now(),
        };
        let mut tx = self.store.begin().await?;
        tx.insert_company(&company).await?;
        tx.commit().await?;
        Ok(company)
    }

    /// Replaces a company's settings (prefixes, terms, paper size, bank details); the logo
    /// stays as it is (see [`Crm::set_logo`]).
    pub async fn update_company_settings(
        &self,
        ctx: &Ctx,
        settings: CompanySettings,
    ) -> Result<Company, Error> {
        let mut c = Collector::new();
        for (field, value) in [
            ("invoice_prefix", &settings.invoice_prefix),
            ("quote_prefix", &settings.quote_prefix),
            ("cancellation_prefix", &settings.cancellation_prefix),
            ("credit_prefix", &settings.credit_prefix),
        ] {
            c.check(
                field,
                crate::domain::numbering::validate_format(value, settings.yearly_reset),
            );
        }
        // Each range its own format: two kinds of document may never share a number.
        c.check(
            "dunning.reminder_prefix",
            crate::domain::numbering::validate_format(
                &settings.dunning.reminder_prefix,
                settings.yearly_reset,
            ),
        );
        let formats = [
            &settings.invoice_prefix,
            &settings.quote_prefix,
            &settings.cancellation_prefix,
            &settings.credit_prefix,
            &settings.dunning.reminder_prefix,
        ];
        let names = [
            "invoice_prefix",
            "quote_prefix",
            "cancellation_prefix",
            "credit_prefix",
            "dunning.reminder_prefix",
        ];
        for (i, field) in names.iter().enumerate().skip(1) {
            if formats[..i].contains(&formats[i]) {
                c.push(
                    *field,
                    crate::domain::ValueError::new("numbering.same_as_other"),
                );
            }
        }
        c.check("client_prefix", optional_text(&settings.client_prefix, 20));
        if settings.payment_terms_days > 365 {
            c.push(
                "payment_terms_days",
                crate::domain::ValueError::new("terms.range"),
            );
        }
        if !(1..=90).contains(&settings.dunning.payment_days) {
            c.push(
                "dunning.payment_days",
                crate::domain::ValueError::new("dunning.payment_days_range").arg("max", 90),
            );
        }
        if let Some(s) = settings.skonto {
            crate::domain::payment_terms::validate_skonto(
                &mut c,
                Some(s.percent),
                Some(s.days),
                Some(settings.payment_terms_days),
            );
        }
        c.finish()?;
        let mut tx = self.store.begin().await?;
        let mut company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        // The logo names a file in the archive: only `set_logo` (which stores it) changes it.
        let logo = company.settings.logo;
        company.settings = CompanySettings { logo, ..settings };
        tx.update_company(&company).await?;
        tx.commit().await?;
        Ok(company)
    }

    /// Creates a client. Without a number, the next one of the company's sequence is used.
    pub async fn create_client(&self, ctx: &Ctx, input: &ClientInput) -> Result<Client, Error> {
        let mut tx = self.store.begin().await?;
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let mut valid = input.validate(company.currency, company.locale)?;
        // A new client's contacts are new: ids sent by the caller are not trusted.
        for contact in &mut valid.contacts {
            contact.id = ContactId::new();
        }
        let number = match valid.number {
            Some(n) => n,
            None => loop {
                // Skip numbers a user already gave a client by hand.
                let n = tx.next_number(ctx.company, Sequence::Client, 0).await?;
                let candidate = format!("{}{n:05}", company.settings.client_prefix);
                if !tx.client_number_exists(ctx.company, &candidate).await? {
                    break candidate;
                }
            },
        };
        let now = self.clock.now();
        let client = Client {
            id: ClientId::new(),
            company_id: ctx.company,
            number,
            name: valid.name,
            kind: valid.kind,
            payment_terms: valid.payment_terms,
            contacts: valid.contacts,
            address: valid.address,
            tax_id: valid.tax_id,
            currency: valid.currency,
            locale: valid.locale,
            notes: valid.notes,
            einvoice_format: valid.einvoice_format,
            buyer_reference: valid.buyer_reference,
            dunning_block: None,
            dunning_schedule: None,
            archived: false,
            created_at: now,
            updated_at: now,
        };
        insert_client(&mut *tx, &client).await?;
        self.log(
            &mut *tx,
            ctx,
            client.id,
            ActivityKind::ClientCreated,
            Some(client.number.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(client)
    }

    /// Replaces a client's profile and contacts. Contacts sent with their id keep it (and
    /// their magic links, unless their email changed — then their links are revoked and their
    /// portal sessions ended); contacts left out are removed.
    pub async fn update_client(
        &self,
        ctx: &Ctx,
        id: ClientId,
        input: &ClientInput,
    ) -> Result<Client, Error> {
        let mut tx = self.store.begin().await?;
        let old = tx
            .client_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let client = self.update_client_in(&mut *tx, ctx, old, input).await?;
        tx.commit().await?;
        Ok(client)
    }

    /// Applies `input` to the locked client `old` inside `tx`.
    async fn update_client_in(
        &self,
        tx: &mut dyn StoreTx,
        ctx: &Ctx,
        old: Client,
        input: &ClientInput,
    ) -> Result<Client, Error> {
        let id = old.id;
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let valid = input.validate(company.currency, company.locale)?;
        for contact in &valid.contacts {
            if input.contacts.iter().any(|c| c.id == Some(contact.id))
                && old.contact(contact.id).is_none()
            {
                return Err(Error::NotFound(Entity::Contact));
            }
        }
        if valid.currency != old.currency && tx.client_has_documents(ctx.company, id).await? {
            return Err(Error::CurrencyLocked);
        }
        let now = self.clock.now();
        // A contact whose address changed (or who was removed) loses links and sessions: they
        // were sent to an inbox that may no longer be theirs.
        for before in &old.contacts {
            let still_same = valid
                .contacts
                .iter()
                .any(|c| c.id == before.id && c.email.normalized() == before.email.normalized());
            if !still_same {
                tx.revoke_magic_links(ctx.company, before.id, now).await?;
                tx.end_sessions_of_contact(ctx.company, before.id, now)
                    .await?;
            }
        }
        let client = Client {
            number: valid.number.unwrap_or(old.number.clone()),
            name: valid.name,
            kind: valid.kind,
            payment_terms: valid.payment_terms,
            contacts: valid.contacts,
            address: valid.address,
            tax_id: valid.tax_id,
            currency: valid.currency,
            locale: valid.locale,
            notes: valid.notes,
            einvoice_format: valid.einvoice_format,
            buyer_reference: valid.buyer_reference,
            updated_at: now,
            ..old
        };
        update_client(tx, &client).await?;
        self.log(tx, ctx, id, ActivityKind::ClientUpdated, None)
            .await?;
        Ok(client)
    }

    /// Archives a client: hidden from lists, history kept, no new documents.
    pub async fn archive_client(&self, ctx: &Ctx, id: ClientId) -> Result<Client, Error> {
        self.set_archived(ctx, id, true).await
    }

    /// Restores an archived client.
    pub async fn restore_client(&self, ctx: &Ctx, id: ClientId) -> Result<Client, Error> {
        self.set_archived(ctx, id, false).await
    }

    async fn set_archived(&self, ctx: &Ctx, id: ClientId, archived: bool) -> Result<Client, Error> {
        let mut tx = self.store.begin().await?;
        let mut client = tx
            .client_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        if client.archived != archived {
            client.archived = archived;
            client.updated_at = self.clock.now();
            if archived {
                // An archived client has no portal: its open sessions and links end now.
                for contact in &client.contacts {
                    tx.revoke_magic_links(ctx.company, contact.id, client.updated_at)
                        .await?;
                    tx.end_sessions_of_contact(ctx.company, contact.id, client.updated_at)
                        .await?;
                }
            }
            update_client(&mut *tx, &client).await?;
            let kind = if archived {
                ActivityKind::ClientArchived
            } else {
                ActivityKind::ClientRestored
            };
            self.log(&mut *tx, ctx, id, kind, None).await?;
        }
        tx.commit().await?;
        Ok(client)
    }

    /// Adds a contact; when `input.primary` is set it becomes the primary one.
    pub async fn add_contact(
        &self,
        ctx: &Ctx,
        client: ClientId,
        input: &ContactInput,
    ) -> Result<Client, Error> {
        self.edit_contacts(ctx, client, |contacts| {
            let mut new = input.clone();
            new.id = None;
            if new.primary {
                for c in contacts.iter_mut() {
                    c.primary = false;
                }
            }
            contacts.push(new);
            Ok(())
        })
        .await
    }

    /// Removes a contact that is not the primary one.
    pub async fn remove_contact(
        &self,
        ctx: &Ctx,
        client: ClientId,
        contact: ContactId,
    ) -> Result<Client, Error> {
        self.edit_contacts(ctx, client, |contacts| {
            let pos = contacts
                .iter()
                .position(|c| c.id == Some(contact))
                .ok_or(Error::NotFound(Entity::Contact))?;
            if contacts[pos].primary {
                return Err(Error::ContactRule(
                    "the primary contact cannot be removed; make another contact primary first",
                ));
            }
            contacts.remove(pos);
            Ok(())
        })
        .await
    }

    /// Makes `contact` the primary contact (the one documents are emailed to).
    pub async fn set_primary_contact(
        &self,
        ctx: &Ctx,
        client: ClientId,
        contact: ContactId,
    ) -> Result<Client, Error> {
        self.edit_contacts(ctx, client, |contacts| {
            if !contacts.iter().any(|c| c.id == Some(contact)) {
                return Err(Error::NotFound(Entity::Contact));
            }
            for c in contacts.iter_mut() {
                // The former primary contact stops getting documents, as before roles
                // existed; staff can put them in To or CC again.
                if c.primary && c.id != Some(contact) {
                    c.mail_role = Some(crate::domain::MailRole::None.as_str().to_owned());
                }
                c.primary = c.id == Some(contact);
            }
            Ok(())
        })
        .await
    }

    async fn edit_contacts(
        &self,
        ctx: &Ctx,
        id: ClientId,
        edit: impl FnOnce(&mut Vec<ContactInput>) -> Result<(), Error>,
    ) -> Result<Client, Error> {
        // Read and write in one transaction, so concurrent edits cannot lose each other.
        let mut tx = self.store.begin().await?;
        let current = tx
            .client_for_update(ctx.company, id)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let mut input = client_to_input(&current);
        edit(&mut input.contacts)?;
        let client = self
            .update_client_in(&mut *tx, ctx, current, &input)
            .await?;
        tx.commit().await?;
        Ok(client)
    }

    pub(super) async fn log(
        &self,
        tx: &mut dyn StoreTx,
        ctx: &Ctx,
        client: ClientId,
        kind: ActivityKind,
        detail: Option<String>,
    ) -> Result<(), Error> {
        tx.log_activity(&Activity {
            id: ActivityId::new(),
            company_id: ctx.company,
            client_id: client,
            at: self.clock.now(),
            actor: ctx.actor.clone(),
            kind,
            detail,
        })
        .await?;
        Ok(())
    }
}

/// The input that reproduces `client` (for partial edits).
pub fn client_to_input(client: &Client) -> ClientInput {
    ClientInput {
        name: client.name.clone(),
        number: Some(client.number.clone()),
        contacts: client.contacts.iter().map(contact_to_input).collect(),
        address: AddressInput {
            street: client.address.street().to_owned(),
            city: client.address.city().to_owned(),
            state: client.address.state().map(str::to_owned),
            postal_code: client.address.postal_code().to_owned(),
            country: client.address.country().code().to_owned(),
        },
        tax_id: client.tax_id.as_ref().map(|t| t.as_str().to_owned()),
        currency: Some(client.currency.code().to_owned()),
        locale: Some(client.locale.tag().to_owned()),
        notes: client.notes.clone(),
        kind: Some(client.kind.as_str().to_owned()),
        payment_terms: crate::domain::PaymentTermsInput::of(client.payment_terms.as_ref()),
        einvoice_format: client.einvoice_format.map(|f| f.as_str().to_owned()),
        buyer_reference: client
            .buyer_reference
            .as_ref()
            .map(|r| r.as_str().to_owned()),
    }
}

fn contact_to_input(c: &Contact) -> ContactInput {
    ContactInput {
        id: Some(c.id),
        name: c.name.clone(),
        email: c.email.to_string(),
        phone: c.phone.as_ref().map(|p| p.as_str().to_owned()),
        primary: c.primary,
        mail_role: Some(c.mail_role.as_str().to_owned()),
    }
}

async fn insert_client(tx: &mut dyn StoreTx, client: &Client) -> Result<(), Error> {
    tx.insert_client(client).await.map_err(|e| match e {
        StoreError::Conflict("client_number") => {
            Error::DuplicateClientNumber(client.number.clone())
        }
        e => Error::Storage(e),
    })
}

async fn update_client(tx: &mut dyn StoreTx, client: &Client) -> Result<(), Error> {
    tx.update_client(client).await.map_err(|e| match e {
        StoreError::Conflict("client_number") => {
            Error::DuplicateClientNumber(client.number.clone())
        }
        e => Error::Storage(e),
    })
}
