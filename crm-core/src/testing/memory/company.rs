//! The company area of the memory store.

use super::*;

#[async_trait]
impl CompanyStore for MemoryStore {
    async fn company(&self, id: CompanyId) -> Result<Option<Company>, StoreError> {
        Ok(self.state.lock().await.companies.get(&id).cloned())
    }

    async fn company_template(
        &self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        Ok(self
            .state
            .lock()
            .await
            .company_templates
            .get(&(company, kind))
            .cloned())
    }

    async fn client_template(
        &self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        Ok(self
            .state
            .lock()
            .await
            .client_templates
            .get(&(company, client, kind))
            .cloned())
    }

    async fn companies(&self) -> Result<Vec<Company>, StoreError> {
        let mut all: Vec<Company> = self
            .state
            .lock()
            .await
            .companies
            .values()
            .cloned()
            .collect();
        all.sort_by_key(|c| (c.created_at, c.id));
        Ok(all)
    }
}

#[async_trait]
impl CompanyTx for MemoryTx {
    async fn company(&mut self, id: CompanyId) -> Result<Option<Company>, StoreError> {
        Ok(self.work.companies.get(&id).cloned())
    }

    async fn insert_company(&mut self, company: &Company) -> Result<(), StoreError> {
        if self.work.companies.contains_key(&company.id) {
            return Err(StoreError::Conflict("company"));
        }
        self.work.companies.insert(company.id, company.clone());
        Ok(())
    }

    async fn update_company(&mut self, company: &Company) -> Result<(), StoreError> {
        let slot = self
            .work
            .companies
            .get_mut(&company.id)
            .ok_or(missing("company"))?;
        *slot = company.clone();
        Ok(())
    }

    async fn next_number(
        &mut self,
        company: CompanyId,
        seq: Sequence,
        period: u32,
    ) -> Result<u64, StoreError> {
        let n = self
            .work
            .sequences
            .entry((company, seq.as_str(), period))
            .or_insert(0);
        *n += 1;
        Ok(*n)
    }

    async fn company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        Ok(self.work.company_templates.get(&(company, kind)).cloned())
    }

    async fn client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<Option<EmailTemplate>, StoreError> {
        Ok(self
            .work
            .client_templates
            .get(&(company, client, kind))
            .cloned())
    }

    async fn put_company_template(
        &mut self,
        company: CompanyId,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), StoreError> {
        self.work
            .company_templates
            .insert((company, kind), template.clone());
        Ok(())
    }

    async fn put_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
        template: &EmailTemplate,
    ) -> Result<(), StoreError> {
        if self.work.client(company, client).is_none() {
            return Err(missing("client"));
        }
        self.work
            .client_templates
            .insert((company, client, kind), template.clone());
        Ok(())
    }

    async fn delete_client_template(
        &mut self,
        company: CompanyId,
        client: ClientId,
        kind: TemplateKind,
    ) -> Result<bool, StoreError> {
        Ok(self
            .work
            .client_templates
            .remove(&(company, client, kind))
            .is_some())
    }
}
