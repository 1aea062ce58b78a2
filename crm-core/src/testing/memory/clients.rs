//! The clients area of the memory store.

use super::*;

#[async_trait]
impl ClientStore for MemoryStore {
    async fn client_summary(
        &self,
        company: CompanyId,
        id: ClientId,
    ) -> Result<Option<ClientSummary>, StoreError> {
        let s = self.state.lock().await;
        let Some(client) = s.client(company, id) else {
            return Ok(None);
        };
        let metrics = s.metrics.get(&id).cloned().unwrap_or_default();
        Ok(Some(ClientSummary {
            client: client.clone(),
            metrics,
        }))
    }

    async fn client(&self, company: CompanyId, id: ClientId) -> Result<Option<Client>, StoreError> {
        Ok(self.state.lock().await.client(company, id).cloned())
    }

    async fn list_clients(
        &self,
        company: CompanyId,
        query: &ClientQuery,
    ) -> Result<Vec<ClientSummary>, StoreError> {
        let s = self.state.lock().await;
        let needle = query.search.as_deref().map(str::to_lowercase);
        let mut rows: Vec<&Client> = s
            .clients
            .values()
            .filter(|c| c.company_id == company && c.archived == query.archived)
            .filter(|c| {
                needle.as_deref().is_none_or(|n| {
                    c.name.to_lowercase().contains(n)
                        || c.number.to_lowercase().contains(n)
                        || c.contacts.iter().any(|k| k.email.normalized().contains(n))
                })
            })
            .filter(|c| {
                query
                    .after
                    .as_ref()
                    .is_none_or(|(name, id)| (&c.name, c.id) > (name, *id))
            })
            .collect();
        rows.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        Ok(rows
            .into_iter()
            .take(query.limit as usize)
            .map(|c| ClientSummary {
                client: c.clone(),
                metrics: s.metrics.get(&c.id).copied().unwrap_or_default(),
            })
            .collect())
    }

    async fn dunning_exceptions(
        &self,
        company: CompanyId,
    ) -> Result<Vec<crate::ports::DunningException>, StoreError> {
        let s = self.state.lock().await;
        Ok(s.clients
            .values()
            .filter(|c| c.company_id == company)
            .filter(|c| c.dunning_block.is_some() || c.dunning_schedule.is_some())
            .map(|c| crate::ports::DunningException {
                client_id: c.id,
                block: c.dunning_block.clone(),
                schedule: c.dunning_schedule.clone(),
            })
            .collect())
    }

    async fn client_metrics(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Option<ClientMetrics>, StoreError> {
        let s = self.state.lock().await;
        Ok(s.client(company, client)
            .map(|c| s.metrics.get(&c.id).copied().unwrap_or_default()))
    }

    async fn activities(
        &self,
        company: CompanyId,
        client: ClientId,
        limit: u32,
    ) -> Result<Vec<Activity>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Activity> = s
            .activities
            .iter()
            .filter(|a| a.company_id == company && a.client_id == client)
            .cloned()
            .collect();
        v.sort_by_key(|a| std::cmp::Reverse((a.at, a.id)));
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn contact_by_email(
        &self,
        company: CompanyId,
        email: &str,
    ) -> Result<Option<(Client, ContactId)>, StoreError> {
        let s = self.state.lock().await;
        let mut clients: Vec<&Client> = s
            .clients
            .values()
            .filter(|c| c.company_id == company)
            .collect();
        clients.sort_by_key(|c| (c.archived, c.created_at, c.id));
        Ok(clients.into_iter().find_map(|c| {
            c.contacts
                .iter()
                .find(|k| k.email.normalized() == email)
                .map(|k| (c.clone(), k.id))
        }))
    }
}

#[async_trait]
impl ClientTx for MemoryTx {
    async fn client_for_update(
        &mut self,
        company: CompanyId,
        id: ClientId,
    ) -> Result<Option<Client>, StoreError> {
        Ok(self.work.client(company, id).cloned())
    }

    async fn insert_client(&mut self, client: &Client) -> Result<(), StoreError> {
        if self
            .work
            .clients
            .values()
            .any(|c| c.company_id == client.company_id && c.number == client.number)
        {
            return Err(StoreError::Conflict("client_number"));
        }
        self.work.clients.insert(client.id, client.clone());
        self.work
            .metrics
            .insert(client.id, ClientMetrics::default());
        Ok(())
    }

    async fn update_client(&mut self, client: &Client) -> Result<(), StoreError> {
        if self.work.clients.values().any(|c| {
            c.company_id == client.company_id && c.number == client.number && c.id != client.id
        }) {
            return Err(StoreError::Conflict("client_number"));
        }
        let slot = self
            .work
            .clients
            .get_mut(&client.id)
            .filter(|c| c.company_id == client.company_id)
            .ok_or(missing("client"))?;
        *slot = client.clone();
        Ok(())
    }

    async fn client_number_exists(
        &mut self,
        company: CompanyId,
        number: &str,
    ) -> Result<bool, StoreError> {
        Ok(self
            .work
            .clients
            .values()
            .any(|c| c.company_id == company && c.number == number))
    }

    async fn client_has_documents(
        &mut self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<bool, StoreError> {
        Ok(self
            .work
            .invoices
            .values()
            .any(|i| i.company_id == company && i.client_id == client)
            || self
                .work
                .quotes
                .values()
                .any(|q| q.company_id == company && q.client_id == client))
    }

    async fn add_client_metrics(
        &mut self,
        company: CompanyId,
        client: ClientId,
        delta: &MetricsDelta,
    ) -> Result<(), StoreError> {
        if self.work.client(company, client).is_none() {
            return Err(missing("client"));
        }
        let m = self.work.metrics.entry(client).or_default();
        *m = *m + *delta;
        Ok(())
    }

    async fn log_activity(&mut self, activity: &Activity) -> Result<(), StoreError> {
        self.work.activities.push(activity.clone());
        Ok(())
    }
}
