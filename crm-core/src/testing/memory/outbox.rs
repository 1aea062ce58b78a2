//! The outbox area of the memory store.

use super::*;

#[async_trait]
impl OutboxStore for MemoryStore {
    async fn outbox(&self, company: CompanyId, limit: u32) -> Result<Vec<OutboxEmail>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<OutboxEmail> = s
            .outbox
            .iter()
            .filter(|e| e.company_id == company)
            .cloned()
            .collect();
        v.sort_by_key(|e| std::cmp::Reverse((e.created_at, e.id)));
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn claim_due_emails(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxEmail>, StoreError> {
        let mut s = self.state.lock().await;
        let mut due: Vec<&mut OutboxEmail> = s
            .outbox
            .iter_mut()
            .filter(|e| e.status == OutboxStatus::Pending && e.next_attempt_at <= now)
            .collect();
        due.sort_by_key(|e| (e.next_attempt_at, e.id));
        Ok(due
            .into_iter()
            .take(limit as usize)
            .map(|e| {
                e.attempts += 1;
                e.next_attempt_at = lease_until;
                e.clone()
            })
            .collect())
    }

    async fn mark_email_sent(&self, id: OutboxId, at: DateTime<Utc>) -> Result<(), StoreError> {
        let mut s = self.state.lock().await;
        let e = s
            .outbox
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(StoreError::NotFound("outbox email"))?;
        if e.status != OutboxStatus::Pending {
            return Err(StoreError::NotFound("pending outbox email"));
        }
        e.status = OutboxStatus::Sent;
        e.sent_at = Some(at);
        e.html_body.clear();
        e.text_body.clear();
        Ok(())
    }

    async fn mark_email_retry(
        &self,
        id: OutboxId,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> Result<(), StoreError> {
        let mut s = self.state.lock().await;
        let e = s
            .outbox
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(StoreError::NotFound("outbox email"))?;
        e.next_attempt_at = next_attempt_at;
        e.last_error = Some(error.to_owned());
        Ok(())
    }

    async fn mark_email_failed(&self, id: OutboxId, error: &str) -> Result<(), StoreError> {
        let mut s = self.state.lock().await;
        let e = s
            .outbox
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(StoreError::NotFound("outbox email"))?;
        e.status = OutboxStatus::Failed;
        e.last_error = Some(error.to_owned());
        Ok(())
    }
}

#[async_trait]
impl OutboxTx for MemoryTx {
    async fn enqueue_email(&mut self, email: &OutboxEmail) -> Result<(), StoreError> {
        self.work.outbox.push(email.clone());
        Ok(())
    }
}
