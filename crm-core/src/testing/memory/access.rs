//! The access area of the memory store.

use super::*;

#[async_trait]
impl AccessStore for MemoryStore {
    async fn magic_link_by_hash(&self, hash: &TokenHash) -> Result<Option<MagicLink>, StoreError> {
        Ok(self.state.lock().await.links.get(hash).cloned())
    }

    async fn session_by_hash(&self, hash: &TokenHash) -> Result<Option<PortalSession>, StoreError> {
        Ok(self.state.lock().await.sessions.get(hash).cloned())
    }
}

#[async_trait]
impl AccessTx for MemoryTx {
    async fn insert_magic_link(&mut self, link: &MagicLink) -> Result<(), StoreError> {
        if self.work.links.contains_key(&link.token_hash) {
            return Err(StoreError::Conflict("token_hash"));
        }
        self.work.links.insert(link.token_hash, link.clone());
        Ok(())
    }

    async fn magic_link_for_update(
        &mut self,
        hash: &TokenHash,
    ) -> Result<Option<MagicLink>, StoreError> {
        Ok(self.work.links.get(hash).cloned())
    }

    async fn mark_magic_link_used(
        &mut self,
        id: MagicLinkId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        match self.work.links.values_mut().find(|l| l.id == id) {
            Some(l) if l.used_at.is_none() => {
                l.used_at = Some(at);
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(missing("magic link")),
        }
    }

    async fn revoke_magic_links(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut n = 0;
        for l in self.work.links.values_mut() {
            if l.company_id == company && l.contact_id == contact && l.revoked_at.is_none() {
                l.revoked_at = Some(at);
                n += 1;
            }
        }
        Ok(n)
    }

    async fn insert_session(&mut self, session: &PortalSession) -> Result<(), StoreError> {
        if self.work.sessions.contains_key(&session.token_hash) {
            return Err(StoreError::Conflict("token_hash"));
        }
        self.work
            .sessions
            .insert(session.token_hash, session.clone());
        Ok(())
    }

    async fn touch_session(&mut self, id: SessionId, at: DateTime<Utc>) -> Result<(), StoreError> {
        let s = self
            .work
            .sessions
            .values_mut()
            .find(|s| s.id == id)
            .ok_or(missing("session"))?;
        s.last_seen_at = at;
        Ok(())
    }

    async fn confirm_session(
        &mut self,
        id: SessionId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(
            match self
                .work
                .sessions
                .values_mut()
                .find(|s| s.id == id && s.ended_at.is_none() && s.confirmed_at.is_none())
            {
                Some(s) => {
                    s.confirmed_at = Some(at);
                    true
                }
                None => false,
            },
        )
    }

    async fn end_session(&mut self, id: SessionId, at: DateTime<Utc>) -> Result<(), StoreError> {
        let s = self
            .work
            .sessions
            .values_mut()
            .find(|s| s.id == id)
            .ok_or(missing("session"))?;
        s.ended_at.get_or_insert(at);
        Ok(())
    }

    async fn end_sessions_of_contact(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut n = 0;
        for s in self.work.sessions.values_mut() {
            if s.company_id == company && s.contact_id == contact && s.ended_at.is_none() {
                s.ended_at = Some(at);
                n += 1;
            }
        }
        Ok(n)
    }
}
