//! Staff: users, sessions, API tokens, rate-limit counters and installation secrets.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::domain::{
    ApiToken, ApiTokenId, CompanyId, StaffSession, StaffSessionId, StaffUser, TokenHash, UserId,
};
use crm_core::ports::{StaffStore, StaffTx, StoreError};
use sqlx::Row as _;

use super::query;
use super::{DbStore, DbTx, rows};
use crate::common::db_error;

#[async_trait]
impl StaffStore for DbStore {
    async fn staff_users(&self, company: CompanyId) -> Result<Vec<StaffUser>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(
            sqlx::query(concat!(
                "SELECT * FROM staff_users WHERE company_id = $1 ORDER BY name",
                collate!(),
                ", id"
            ))
            .bind(company.as_uuid()),
            &mut conn,
            rows::staff_user,
        )
        .await
    }

    async fn staff_user(
        &self,
        company: CompanyId,
        id: UserId,
    ) -> Result<Option<StaffUser>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM staff_users WHERE company_id = $1 AND id = $2")
                .bind(company.as_uuid())
                .bind(id.as_uuid()),
            &mut conn,
            rows::staff_user,
        )
        .await
    }

    async fn staff_user_by_email(&self, email: &str) -> Result<Option<StaffUser>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM staff_users WHERE email_normalized = $1")
                .bind(email.to_owned()),
            &mut conn,
            rows::staff_user,
        )
        .await
    }

    async fn staff_session_by_hash(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<StaffSession>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM staff_sessions WHERE token_hash = $1").bind(hash.0.to_vec()),
            &mut conn,
            rows::staff_session,
        )
        .await
    }

    async fn api_token_by_hash(&self, hash: &TokenHash) -> Result<Option<ApiToken>, StoreError> {
        let mut conn = self.conn().await?;
        query::one(
            sqlx::query("SELECT * FROM api_tokens WHERE token_hash = $1").bind(hash.0.to_vec()),
            &mut conn,
            rows::api_token,
        )
        .await
    }

    async fn api_tokens(&self, company: CompanyId) -> Result<Vec<ApiToken>, StoreError> {
        let mut conn = self.conn().await?;
        query::all(
            sqlx::query("SELECT * FROM api_tokens WHERE company_id = $1 ORDER BY created_at, id")
                .bind(company.as_uuid()),
            &mut conn,
            rows::api_token,
        )
        .await
    }
}

#[async_trait]
impl StaffTx for DbTx {
    async fn insert_staff_user(&mut self, u: &StaffUser) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO staff_users (id, company_id, email, email_normalized, name, password_hash, created_at, disabled) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(u.id.as_uuid())
        .bind(u.company_id.as_uuid())
        .bind(u.email.as_str())
        .bind(u.email.normalized())
        .bind(&u.name)
        .bind(&u.password_hash)
        .bind(u.created_at)
        .bind(u.disabled)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn staff_user_for_update(
        &mut self,
        company: CompanyId,
        id: UserId,
    ) -> Result<Option<StaffUser>, StoreError> {
        query::one(
            sqlx::query(concat!(
                "SELECT * FROM staff_users WHERE company_id = $1 AND id = $2",
                for_update!()
            ))
            .bind(company.as_uuid())
            .bind(id.as_uuid()),
            &mut self.tx,
            rows::staff_user,
        )
        .await
    }

    async fn update_staff_user(&mut self, u: &StaffUser) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE staff_users SET email = $3, email_normalized = $4, name = $5, password_hash = $6, disabled = $7 \
             WHERE company_id = $1 AND id = $2",
        )
        .bind(u.company_id.as_uuid())
        .bind(u.id.as_uuid())
        .bind(u.email.as_str())
        .bind(u.email.normalized())
        .bind(&u.name)
        .bind(&u.password_hash)
        .bind(u.disabled)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("staff user"));
        }
        Ok(())
    }

    async fn insert_staff_session(&mut self, s: &StaffSession) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO staff_sessions (id, company_id, user_id, token_hash, created_at, last_seen_at, expires_at, ended_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(s.id.as_uuid())
        .bind(s.company_id.as_uuid())
        .bind(s.user_id.as_uuid())
        .bind(s.token_hash.0.to_vec())
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .bind(s.expires_at)
        .bind(s.ended_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn touch_staff_session(
        &mut self,
        id: StaffSessionId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2",
        )
        .bind(id.as_uuid())
        .bind(at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn end_staff_session(
        &mut self,
        id: StaffSessionId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
            .bind(id.as_uuid())
            .bind(at)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn end_staff_sessions_of_user(
        &mut self,
        company: CompanyId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query("UPDATE staff_sessions SET ended_at = $3 WHERE company_id = $1 AND user_id = $2 AND ended_at IS NULL")
            .bind(company.as_uuid())
            .bind(user.as_uuid())
            .bind(at)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn api_token_by_hash(
        &mut self,
        hash: &TokenHash,
    ) -> Result<Option<ApiToken>, StoreError> {
        query::one(
            sqlx::query("SELECT * FROM api_tokens WHERE token_hash = $1").bind(hash.0.to_vec()),
            &mut self.tx,
            rows::api_token,
        )
        .await
    }

    async fn insert_api_token(&mut self, t: &ApiToken) -> Result<(), StoreError> {
        // The owner must be a user of the same company (the foreign key alone does not say so).
        let done = sqlx::query(
            "INSERT INTO api_tokens (id, company_id, user_id, name, token_hash, created_at, last_used_at, revoked_at) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE EXISTS (SELECT 1 FROM staff_users WHERE id = $3 AND company_id = $2)",
        )
        .bind(t.id.as_uuid())
        .bind(t.company_id.as_uuid())
        .bind(t.user_id.as_uuid())
        .bind(&t.name)
        .bind(t.token_hash.0.to_vec())
        .bind(t.created_at)
        .bind(t.last_used_at)
        .bind(t.revoked_at)
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("staff user"));
        }
        Ok(())
    }

    async fn touch_api_token(
        &mut self,
        id: ApiTokenId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)")
            .bind(id.as_uuid())
            .bind(at)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn revoke_api_token(
        &mut self,
        company: CompanyId,
        id: ApiTokenId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE company_id = $1 AND id = $2")
            .bind(company.as_uuid())
            .bind(id.as_uuid())
            .bind(at)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn throttle_hit(
        &mut self,
        key: &str,
        window_start: DateTime<Utc>,
        window_end: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO rate_limits (key, window_start, window_end, hits) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits",
        )
        .bind(key.to_owned())
        .bind(window_start)
        .bind(window_end)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db_error)?;
        let hits: i64 = row.try_get("hits").map_err(db_error)?;
        Ok(u64::try_from(hits).unwrap_or(0))
    }

    async fn ensure_secret(
        &mut self,
        name: &str,
        candidate: &[u8; 32],
    ) -> Result<Vec<u8>, StoreError> {
        sqlx::query(
            "INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name.to_owned())
        .bind(candidate.to_vec())
        .execute(&mut *self.tx)
        .await
        .map_err(db_error)?;
        let row = sqlx::query("SELECT value FROM app_secrets WHERE name = $1")
            .bind(name.to_owned())
            .fetch_one(&mut *self.tx)
            .await
            .map_err(db_error)?;
        row.try_get::<Vec<u8>, _>("value").map_err(db_error)
    }

    async fn purge_throttle(&mut self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM rate_limits WHERE window_end <= $1")
            .bind(now)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }
}
