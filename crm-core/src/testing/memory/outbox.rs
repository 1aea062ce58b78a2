//! The outbox area of the memory store.

use super::*;
use crate::domain::LeaseToken;
use crate::ports::OutboxMark;

impl State {
    /// The pending email `id` if `lease` still holds it.
    fn held(&mut self, id: OutboxId, lease: LeaseToken) -> Option<&mut OutboxEmail> {
        self.outbox
            .iter_mut()
            .find(|e| e.id == id && e.status == OutboxStatus::Pending && e.lease == Some(lease))
    }

    /// Revokes the link minted for the attempt on `email` (same company), and forgets it.
    fn revoke_minted(&mut self, id: OutboxId, at: DateTime<Utc>) {
        let Some(e) = self.outbox.iter_mut().find(|e| e.id == id) else {
            return;
        };
        let (company, minted) = (e.company_id, e.minted_link.take());
        if let Some(link) = minted {
            for l in self.links.values_mut() {
                if l.id == link && l.company_id == company && l.revoked_at.is_none() {
                    l.revoked_at = Some(at);
                }
            }
        }
    }
}

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
        let lease = LeaseToken::new();
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
                e.lease = Some(lease);
                e.clone()
            })
            .collect())
    }

    async fn mark_email_sent(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        at: DateTime<Utc>,
    ) -> Result<OutboxMark, StoreError> {
        let mut s = self.state.lock().await;
        let Some(e) = s.held(id, lease) else {
            return Ok(OutboxMark::NotHeld);
        };
        e.status = OutboxStatus::Sent;
        e.sent_at = Some(at);
        e.last_error = None;
        e.lease = None;
        e.minted_link = None;
        e.html_body.clear();
        e.text_body.clear();
        Ok(OutboxMark::Applied)
    }

    async fn mark_email_retry(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        next_attempt_at: DateTime<Utc>,
        error: &str,
        at: DateTime<Utc>,
    ) -> Result<OutboxMark, StoreError> {
        let mut s = self.state.lock().await;
        let Some(e) = s.held(id, lease) else {
            return Ok(OutboxMark::NotHeld);
        };
        e.next_attempt_at = next_attempt_at;
        e.last_error = Some(error.to_owned());
        e.lease = None;
        s.revoke_minted(id, at);
        Ok(OutboxMark::Applied)
    }

    async fn mark_email_failed(
        &self,
        id: OutboxId,
        lease: LeaseToken,
        error: &str,
        at: DateTime<Utc>,
    ) -> Result<OutboxMark, StoreError> {
        let mut s = self.state.lock().await;
        let Some(e) = s.held(id, lease) else {
            return Ok(OutboxMark::NotHeld);
        };
        e.status = OutboxStatus::Failed;
        e.last_error = Some(error.to_owned());
        e.lease = None;
        e.html_body.clear();
        e.text_body.clear();
        s.revoke_minted(id, at);
        Ok(OutboxMark::Applied)
    }
}

#[async_trait]
impl OutboxTx for MemoryTx {
    async fn enqueue_email(&mut self, email: &OutboxEmail) -> Result<(), StoreError> {
        self.work.outbox.push(email.clone());
        Ok(())
    }

    async fn renew_email_lease(
        &mut self,
        id: OutboxId,
        lease: LeaseToken,
        lease_until: DateTime<Utc>,
        minted_link: Option<MagicLinkId>,
    ) -> Result<OutboxMark, StoreError> {
        let Some(e) = self.work.held(id, lease) else {
            return Ok(OutboxMark::NotHeld);
        };
        e.next_attempt_at = lease_until;
        e.minted_link = minted_link;
        Ok(OutboxMark::Applied)
    }
}
