//! Staff users, their password sessions (admin UI), API tokens (JSON API) and rate limits.
//!
//! Passwords are hashed with argon2id (the crate's default parameters, PHC strings). Session
//! and API tokens are stored only as SHA-256 hashes, like portal sessions. Rate-limit counters
//! live in the database, so several app instances share one limit.

use std::sync::OnceLock;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

use super::{Crm, Ctx, Entity, Error, TOUCH_EVERY, session_open};
use crate::domain::validation::{Collector, required_text};
use crate::domain::{
    Actor, ApiToken, ApiTokenId, Company, EmailAddress, SecretToken, StaffSession, StaffSessionId,
    StaffUser, TokenHash, UserId, ValidationErrors, ValueError,
};
use crate::ports::StoreError;

/// A fresh staff session.
#[derive(Debug, Clone)]
pub struct StaffSignIn {
    /// The session token for the cookie (only this response ever sees it).
    pub token: SecretToken,
    /// The signed-in user.
    pub user: StaffUser,
}

/// A signed-in staff member: the context for the use cases plus who it is.
#[derive(Debug, Clone)]
pub struct StaffCtx {
    /// Company and actor (`Actor::Staff { id: Some(user.id), name }`).
    pub ctx: Ctx,
    /// The user.
    pub user: StaffUser,
}

impl StaffCtx {
    fn of(user: StaffUser) -> Self {
        let ctx = Ctx::new(
            user.company_id,
            Actor::Staff {
                id: Some(user.id),
                name: user.name.clone(),
            },
        );
        Self { ctx, user }
    }
}

/// Shortest accepted password.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest accepted password (hashing cost grows with length; nobody types more).
const MAX_PASSWORD_CHARS: usize = 1024;
/// Shortest raw API token a caller may choose.
pub const MIN_API_TOKEN_CHARS: usize = 24;
/// Longer bearer tokens are rejected before hashing.
const MAX_API_TOKEN_CHARS: usize = 256;

fn check_password(password: &str) -> Result<(), ValidationErrors> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(ValidationErrors::single(
            "password",
            ValueError::new("password.too_short").arg("min_password_chars", MIN_PASSWORD_CHARS),
        ));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(ValidationErrors::single(
            "password",
            ValueError::new("password.too_long").arg("max_password_chars", MAX_PASSWORD_CHARS),
        ));
    }
    Ok(())
}

fn hash_password_now(password: &str, salt: &[u8]) -> Result<String, Error> {
    Argon2::default()
        .hash_password_with_salt(password.as_bytes(), salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Storage(StoreError::Backend(format!("argon2: {e}").into())))
}

/// Hashes on the bounded blocking pool ([`super::cpu`]): never on an async worker.
async fn hash_password(password: &str, salt: [u8; 16]) -> Result<String, Error> {
    let password = password.to_owned();
    super::cpu::run(move || hash_password_now(&password, &salt)).await?
}

/// Verifies on the bounded blocking pool ([`super::cpu`]); against [`dummy_hash`] when
/// `phc` is `None` (the email is unknown), so the answer takes as long either way.
async fn verify_password(password: &str, phc: Option<&str>) -> Result<bool, Error> {
    let (password, phc) = (password.to_owned(), phc.map(str::to_owned));
    super::cpu::run(move || {
        let phc = phc.as_deref().unwrap_or_else(|| dummy_hash());
        Argon2::default()
            .verify_password(password.as_bytes(), phc)
            .is_ok()
    })
    .await
}

/// A hash with the same parameters as real ones, verified when the email is unknown so the
/// answer takes as long as for a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password_now("not-a-real-password", b"crm-dummy-salt-16").unwrap_or_default()
    })
}

/// The stored hash of a bearer token (its text, whatever its form).
fn api_token_hash(raw: &str) -> TokenHash {
    TokenHash(Sha256::digest(raw.as_bytes()).into())
}

fn token_error(code: &'static str) -> Error {
    Error::Invalid(ValidationErrors::single("token", ValueError::new(code)))
}

impl Crm {
    /// Creates a staff user of `ctx.company` with an argon2id password hash.
    ///
    /// Field errors: `email` (invalid or already used by any company's staff), `name`,
    /// `password` (at least 10 characters).
    pub async fn create_staff(
        &self,
        ctx: &Ctx,
        email: &str,
        name: &str,
        password: &str,
    ) -> Result<StaffUser, Error> {
        let (email, name) = match (
            EmailAddress::parse(email),
            required_text(name, 200),
            check_password(password),
        ) {
            (Ok(email), Ok(name), Ok(())) => (email, name),
            (email, name, password) => {
                let mut errors = Collector::new();
                errors.check("email", email);
                errors.check("name", name);
                if let Err(e) = password {
                    for f in e.0 {
                        errors.push(f.field, f.error);
                    }
                }
                // At least one check failed, so `finish` returns the errors.
                errors.finish()?;
                return Err(Error::Invalid(ValidationErrors(Vec::new())));
            }
        };
        let password_hash = hash_password(password, self.salt()).await?;
        let mut tx = self.store.begin().await?;
        tx.company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let user = StaffUser {
            id: UserId::new(),
            company_id: ctx.company,
            email,
            name,
            password_hash,
            created_at: self.clock.now(),
            disabled: false,
        };
        match tx.insert_staff_user(&user).await {
            Ok(()) => {}
            Err(StoreError::Conflict("staff_email")) => {
                return Err(Error::Invalid(ValidationErrors::single(
                    "email",
                    ValueError::new("email.taken"),
                )));
            }
            Err(e) => return Err(e.into()),
        }
        tx.commit().await?;
        Ok(user)
    }

    /// Sets a staff user's password and ends all of the user's sessions.
    pub async fn set_staff_password(
        &self,
        ctx: &Ctx,
        user: UserId,
        password: &str,
    ) -> Result<(), Error> {
        check_password(password)?;
        let password_hash = hash_password(password, self.salt()).await?;
        let mut tx = self.store.begin().await?;
        let mut u = tx
            .staff_user_for_update(ctx.company, user)
            .await?
            .ok_or(Error::NotFound(Entity::StaffUser))?;
        u.password_hash = password_hash;
        tx.update_staff_user(&u).await?;
        // A password change is how one locks out someone who learnt the old one.
        tx.end_staff_sessions_of_user(ctx.company, user, self.clock.now())
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables or re-enables a staff user. Disabling ends the user's sessions; the user's API
    /// tokens stop working while disabled.
    pub async fn set_staff_disabled(
        &self,
        ctx: &Ctx,
        user: UserId,
        disabled: bool,
    ) -> Result<(), Error> {
        let mut tx = self.store.begin().await?;
        let mut u = tx
            .staff_user_for_update(ctx.company, user)
            .await?
            .ok_or(Error::NotFound(Entity::StaffUser))?;
        u.disabled = disabled;
        tx.update_staff_user(&u).await?;
        if disabled {
            tx.end_staff_sessions_of_user(ctx.company, user, self.clock.now())
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Signs a staff member in with email and password and opens a fresh session.
    ///
    /// [`Error::BadCredentials`] for an unknown email, a wrong password or a disabled user
    /// alike; an unknown email still costs one hash verification, so timing does not tell.
    /// Rate limiting (per IP and per email) is the caller's, with [`Crm::throttle`].
    pub async fn staff_sign_in(&self, email: &str, password: &str) -> Result<StaffSignIn, Error> {
        let user = match EmailAddress::parse(email) {
            Ok(e) => self.store.staff_user_by_email(&e.normalized()).await?,
            Err(_) => None,
        };
        let Some(user) = user else {
            verify_password(password, None).await?;
            return Err(Error::BadCredentials);
        };
        if !verify_password(password, Some(&user.password_hash)).await? || user.disabled {
            return Err(Error::BadCredentials);
        }
        let now = self.clock.now();
        let token = SecretToken::from_bytes(self.tokens.random_bytes());
        let session = StaffSession {
            id: StaffSessionId::new(),
            company_id: user.company_id,
            user_id: user.id,
            token_hash: token.hash(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + self.config.staff_session_absolute,
            ended_at: None,
        };
        let mut tx = self.store.begin().await?;
        tx.insert_staff_session(&session).await?;
        tx.commit().await?;
        Ok(StaffSignIn { token, user })
    }

    /// The staff context of a session token, if the session is open, within its idle and
    /// absolute timeouts, and its user is not disabled ([`Error::SessionInvalid`] otherwise).
    pub async fn staff_session(&self, token: &str) -> Result<StaffCtx, Error> {
        let token = SecretToken::decode(token).ok_or(Error::SessionInvalid)?;
        let now = self.clock.now();
        let session = self
            .store
            .staff_session_by_hash(&token.hash())
            .await?
            .filter(|s| {
                session_open(
                    s.ended_at,
                    s.expires_at,
                    s.last_seen_at,
                    self.config.staff_session_idle,
                    now,
                )
            })
            .ok_or(Error::SessionInvalid)?;
        let user = self
            .store
            .staff_user(session.company_id, session.user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(Error::SessionInvalid)?;
        if now - session.last_seen_at >= TOUCH_EVERY {
            let mut tx = self.store.begin().await?;
            tx.touch_staff_session(session.id, now).await?;
            tx.commit().await?;
        }
        Ok(StaffCtx::of(user))
    }

    /// Ends the staff session of `token` (logout). Unknown tokens are ignored.
    pub async fn staff_logout(&self, token: &str) -> Result<(), Error> {
        let Some(token) = SecretToken::decode(token) else {
            return Ok(());
        };
        if let Some(s) = self.store.staff_session_by_hash(&token.hash()).await? {
            let mut tx = self.store.begin().await?;
            tx.end_staff_session(s.id, self.clock.now()).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Creates an API token for `user` (of `ctx.company`) and returns its raw text — the only
    /// time it is visible; only its SHA-256 is stored.
    ///
    /// Without `raw` a 256-bit random token is generated (base64url, 43 characters). A given
    /// `raw` (e.g. from the environment) must be 24–256 visible ASCII characters; registering
    /// the same raw token for the same user again is a no-op, so set-up code can run at every
    /// start. Field error `token` if it was revoked or belongs to another user; `name`.
    pub async fn create_api_token(
        &self,
        ctx: &Ctx,
        user: UserId,
        name: &str,
        raw: Option<&str>,
    ) -> Result<String, Error> {
        let name = required_text(name, 100).map_err(|e| ValidationErrors::single("name", e))?;
        let raw = match raw {
            Some(r) => {
                let n = r.chars().count();
                if !(MIN_API_TOKEN_CHARS..=MAX_API_TOKEN_CHARS).contains(&n) {
                    return Err(token_error("token.length"));
                }
                if !r.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(token_error("token.charset"));
                }
                r.to_owned()
            }
            None => SecretToken::from_bytes(self.tokens.random_bytes()).encode(),
        };
        let hash = api_token_hash(&raw);
        let mut tx = self.store.begin().await?;
        let owner = tx
            .staff_user_for_update(ctx.company, user)
            .await?
            .ok_or(Error::NotFound(Entity::StaffUser))?;
        if let Some(existing) = tx.api_token_by_hash(&hash).await? {
            return Self::existing_token(&existing, &owner).map(|()| raw);
        }
        let token = ApiToken {
            id: ApiTokenId::new(),
            company_id: ctx.company,
            user_id: user,
            name,
            token_hash: hash,
            created_at: self.clock.now(),
            last_used_at: None,
            revoked_at: None,
        };
        match tx.insert_api_token(&token).await {
            Ok(()) => {}
            // Two instances registering the same token at once: the other one won.
            Err(StoreError::Conflict("token_hash")) => {
                drop(tx);
                let existing = self
                    .store
                    .api_token_by_hash(&hash)
                    .await?
                    .ok_or(StoreError::Conflict("token_hash"))?;
                return Self::existing_token(&existing, &owner).map(|()| raw);
            }
            Err(e) => return Err(e.into()),
        }
        tx.commit().await?;
        Ok(raw)
    }

    fn existing_token(existing: &ApiToken, owner: &StaffUser) -> Result<(), Error> {
        if existing.company_id != owner.company_id || existing.user_id != owner.id {
            return Err(token_error("token.taken"));
        }
        if existing.revoked_at.is_some() {
            return Err(token_error("token.revoked"));
        }
        Ok(())
    }

    /// The staff context of a bearer token ([`Error::Unauthorized`] if it is unknown, revoked
    /// or its user is disabled); records the use at most once a minute.
    pub async fn api_ctx(&self, bearer: &str) -> Result<StaffCtx, Error> {
        if bearer.is_empty() || bearer.len() > MAX_API_TOKEN_CHARS {
            return Err(Error::Unauthorized);
        }
        let token = self
            .store
            .api_token_by_hash(&api_token_hash(bearer))
            .await?
            .filter(|t| t.revoked_at.is_none())
            .ok_or(Error::Unauthorized)?;
        let user = self
            .store
            .staff_user(token.company_id, token.user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(Error::Unauthorized)?;
        let now = self.clock.now();
        if token.last_used_at.is_none_or(|t| now - t >= TOUCH_EVERY) {
            let mut tx = self.store.begin().await?;
            tx.touch_api_token(token.id, now).await?;
            tx.commit().await?;
        }
        Ok(StaffCtx::of(user))
    }

    /// Revokes an API token of the company (again: no-op).
    pub async fn revoke_api_token(&self, ctx: &Ctx, id: ApiTokenId) -> Result<(), Error> {
        let mut tx = self.store.begin().await?;
        if !tx
            .revoke_api_token(ctx.company, id, self.clock.now())
            .await?
        {
            return Err(Error::NotFound(Entity::ApiToken));
        }
        tx.commit().await?;
        Ok(())
    }

    /// The company's API tokens (hashes only), revoked ones included.
    pub async fn api_tokens(&self, ctx: &Ctx) -> Result<Vec<ApiToken>, Error> {
        Ok(self.store.api_tokens(ctx.company).await?)
    }

    /// The company's staff users.
    pub async fn staff_users(&self, ctx: &Ctx) -> Result<Vec<StaffUser>, Error> {
        Ok(self.store.staff_users(ctx.company).await?)
    }

    /// The installation secret called `name` (32 random bytes, created on first use and kept
    /// in the database, so every app instance on the same database uses the same one — e.g.
    /// the key CSRF tokens are signed with).
    pub async fn installation_secret(&self, name: &str) -> Result<[u8; 32], Error> {
        let candidate = self.tokens.random_bytes();
        let mut tx = self.store.begin().await?;
        let stored = tx.ensure_secret(name, &candidate).await?;
        tx.commit().await?;
        <[u8; 32]>::try_from(stored.as_slice()).map_err(|_| {
            Error::Storage(crate::ports::StoreError::Corrupt(format!(
                "installation secret {name} is not 32 bytes"
            )))
        })
    }

    /// Every company (for set-up code: "is there a company yet?").
    pub async fn companies(&self) -> Result<Vec<Company>, Error> {
        Ok(self.store.companies().await?)
    }

    /// 16 random bytes for a password salt.
    fn salt(&self) -> [u8; 16] {
        let bytes = self.tokens.random_bytes();
        let mut salt = [0u8; 16];
        salt.copy_from_slice(&bytes[..16]);
        salt
    }
}
