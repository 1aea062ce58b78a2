//! The staff area of the memory store.

use super::*;

#[async_trait]
impl StaffStore for MemoryStore {
    async fn staff_users(&self, company: CompanyId) -> Result<Vec<StaffUser>, StoreError> {
        let mut all: Vec<StaffUser> = self
            .state
            .lock()
            .await
            .staff
            .values()
            .filter(|u| u.company_id == company)
            .cloned()
            .collect();
        all.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        Ok(all)
    }

    async fn staff_user(
        &self,
        company: CompanyId,
        id: UserId,
    ) -> Result<Option<StaffUser>, StoreError> {
        let state = self.state.lock().await;
        Ok(scoped(state.staff.get(&id), company, |u| u.company_id).cloned())
    }

    async fn staff_user_by_email(&self, email: &str) -> Result<Option<StaffUser>, StoreError> {
        let state = self.state.lock().await;
        Ok(state
            .staff
            .values()
            .find(|u| u.email.normalized() == email)
            .cloned())
    }

    async fn staff_session_by_hash(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<StaffSession>, StoreError> {
        Ok(self.state.lock().await.staff_sessions.get(hash).cloned())
    }

    async fn api_token_by_hash(&self, hash: &TokenHash) -> Result<Option<ApiToken>, StoreError> {
        Ok(self.state.lock().await.api_tokens.get(hash).cloned())
    }

    async fn api_tokens(&self, company: CompanyId) -> Result<Vec<ApiToken>, StoreError> {
        let mut all: Vec<ApiToken> = self
            .state
            .lock()
            .await
            .api_tokens
            .values()
            .filter(|t| t.company_id == company)
            .cloned()
            .collect();
        all.sort_by_key(|t| (t.created_at, t.id));
        Ok(all)
    }
}

#[async_trait]
impl StaffTx for MemoryTx {
    async fn insert_staff_user(&mut self, user: &StaffUser) -> Result<(), StoreError> {
        let email = user.email.normalized();
        if self
            .work
            .staff
            .values()
            .any(|u| u.email.normalized() == email)
        {
            return Err(StoreError::Conflict("staff_email"));
        }
        if !self.work.companies.contains_key(&user.company_id) {
            return Err(missing("company"));
        }
        self.work.staff.insert(user.id, user.clone());
        Ok(())
    }

    async fn staff_user_for_update(
        &mut self,
        company: CompanyId,
        id: UserId,
    ) -> Result<Option<StaffUser>, StoreError> {
        Ok(scoped(self.work.staff.get(&id), company, |u| u.company_id).cloned())
    }

    async fn update_staff_user(&mut self, user: &StaffUser) -> Result<(), StoreError> {
        let email = user.email.normalized();
        if self
            .work
            .staff
            .values()
            .any(|u| u.id != user.id && u.email.normalized() == email)
        {
            return Err(StoreError::Conflict("staff_email"));
        }
        let slot = self
            .work
            .staff
            .get_mut(&user.id)
            .filter(|u| u.company_id == user.company_id)
            .ok_or(missing("staff user"))?;
        slot.email = user.email.clone();
        slot.name = user.name.clone();
        slot.password_hash = user.password_hash.clone();
        slot.disabled = user.disabled;
        Ok(())
    }

    async fn insert_staff_session(&mut self, session: &StaffSession) -> Result<(), StoreError> {
        if self.work.staff_sessions.contains_key(&session.token_hash) {
            return Err(StoreError::Conflict("token_hash"));
        }
        self.work
            .staff_sessions
            .insert(session.token_hash, session.clone());
        Ok(())
    }

    async fn touch_staff_session(
        &mut self,
        id: StaffSessionId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if let Some(s) = self.work.staff_sessions.values_mut().find(|s| s.id == id) {
            s.last_seen_at = s.last_seen_at.max(at);
        }
        Ok(())
    }

    async fn end_staff_session(
        &mut self,
        id: StaffSessionId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if let Some(s) = self.work.staff_sessions.values_mut().find(|s| s.id == id) {
            s.ended_at.get_or_insert(at);
        }
        Ok(())
    }

    async fn end_staff_sessions_of_user(
        &mut self,
        company: CompanyId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut n = 0;
        for s in self.work.staff_sessions.values_mut() {
            if s.company_id == company && s.user_id == user && s.ended_at.is_none() {
                s.ended_at = Some(at);
                n += 1;
            }
        }
        Ok(n)
    }

    async fn api_token_by_hash(
        &mut self,
        hash: &TokenHash,
    ) -> Result<Option<ApiToken>, StoreError> {
        Ok(self.work.api_tokens.get(hash).cloned())
    }

    async fn insert_api_token(&mut self, token: &ApiToken) -> Result<(), StoreError> {
        if self.work.api_tokens.contains_key(&token.token_hash) {
            return Err(StoreError::Conflict("token_hash"));
        }
        if self
            .work
            .staff
            .get(&token.user_id)
            .is_none_or(|u| u.company_id != token.company_id)
        {
            return Err(missing("staff user"));
        }
        self.work.api_tokens.insert(token.token_hash, token.clone());
        Ok(())
    }

    async fn touch_api_token(
        &mut self,
        id: ApiTokenId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if let Some(t) = self.work.api_tokens.values_mut().find(|t| t.id == id) {
            t.last_used_at = Some(t.last_used_at.map_or(at, |l| l.max(at)));
        }
        Ok(())
    }

    async fn revoke_api_token(
        &mut self,
        company: CompanyId,
        id: ApiTokenId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        match self
            .work
            .api_tokens
            .values_mut()
            .find(|t| t.id == id && t.company_id == company)
        {
            Some(t) => {
                t.revoked_at.get_or_insert(at);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn throttle_hit(
        &mut self,
        key: &str,
        window_start: DateTime<Utc>,
        window_end: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let slot = self
            .work
            .throttle
            .entry((key.to_owned(), window_start))
            .or_insert((0, window_end));
        slot.0 += 1;
        Ok(slot.0)
    }

    async fn ensure_secret(
        &mut self,
        name: &str,
        candidate: &[u8; 32],
    ) -> Result<Vec<u8>, StoreError> {
        Ok(self
            .work
            .secrets
            .entry(name.to_owned())
            .or_insert_with(|| candidate.to_vec())
            .clone())
    }

    async fn purge_throttle(&mut self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let before = self.work.throttle.len();
        self.work.throttle.retain(|_, (_, end)| *end > now);
        Ok((before - self.work.throttle.len()) as u64)
    }
}
