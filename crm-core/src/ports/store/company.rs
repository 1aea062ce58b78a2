//! The company (tenant), its number sequences and its email templates.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::{ClientId, Company, CompanyId, EmailTemplate, TemplateKind};

/// Companies (tenants) and their email templates, outside a transaction.
///
/// # Contract
/// Every adapter MUST pass this area's cases of [`crate::testing::storage_conformance`]
/// (module `company`). In words:
/// - **Tenancy.** [`CompanyStore::company`] and the template reads see only the named company;
///   [`CompanyStore::companies`] is global (set-up code asks "is there a company yet?").
/// - **Numbers.** [`CompanyTx::next_number`] yields 1, 2, 3, … per company, [`Sequence`] and
///   period without gaps: concurrent transactions taking a number are serialised, and the number of a
///   transaction that rolls back is handed out again.
/// - **Templates.** One template per (company, kind) and per (client, kind); a put replaces
///   it. [`CompanyTx::put_client_template`] fails with [`StoreError::NotFound`] for a client
///   of another company.
#[async_trait]
pub trait CompanyStore: Send + Sync {
    /// A company.
    async fn company(&self, id: CompanyId) -> Result<Option<Company>, StoreError>;
    /// The company's template of a kind, if it has one.
    async fn company_template(
        &self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError>;
    /// The client's override of a kind, if it has one.
    async fn client_template(
        &self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError>;
    /// Every company, oldest first (global: for set-up code asking "is there a company yet?").
    async fn companies(&self) -> Result<Vec<Company>, StoreError>;
}

/// Writes (and locked reads) of this area inside one transaction: see [`CompanyStore`] for the
/// contract. Reads see the transaction's own writes.
#[async_trait]
pub trait CompanyTx: Send {
    /// A company.
    async fn company(&mut self, id: CompanyId) -> Result<Option<Company>, StoreError>;
    /// Inserts a company.
    async fn insert_company(&mut self, company: &Company) -> Result<(), StoreError>;
    /// Updates a company.
    async fn update_company(&mut self, company: &Company) -> Result<(), StoreError>;
    /// Takes the next number of a sequence (1, 2, 3, … per company, sequence and period; the
    /// period is 0 for a counter that never restarts, or the year of a yearly one).
    async fn next_number(
        &mut self,
        company: CompanyId,
        seq: Sequence,
        period: u32,
    ) -> Result<u64, StoreError>;
    /// The company's template of a kind.
    async fn company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError>;
    /// The client's override of a kind.
    async fn client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError>;
    /// Sets the company's template of a kind.
    async fn put_company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), StoreError>;
    /// Sets the client's override of a kind; fails if the client is not the company's.
    async fn put_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), StoreError>;
    /// Removes the client's override; whether there was one.
    async fn delete_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<bool, StoreError>;
}

/// Number sequences per company, consumed without gaps inside the issuing transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sequence {
    /// Client numbers.
    Client,
    /// Invoice numbers.
    Invoice,
    /// Quote numbers.
    Quote,
    /// Cancellation invoice numbers.
    Cancellation,
    /// Corrective credit numbers.
    Credit,
    /// Payment reminder numbers (every level shares one range).
    Reminder,
}

impl Sequence {
    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Invoice => "invoice",
            Self::Quote => "quote",
            Self::Cancellation => "cancellation",
            Self::Credit => "credit",
            Self::Reminder => "reminder",
        }
    }
}
