//! Magic links and portal sessions.

use super::{Crm, Ctx, Entity, Error, PortalCtx, TOUCH_EVERY, session_open};
use crate::domain::{
    ActivityKind, Actor, ClientId, ContactId, EmailAddress, LinkPurpose, PortalSession,
    SecretToken, SessionId, TemplateKind,
};
use crate::render::templates::link_validity;

/// What a magic link would do, without using it (for the "Continue" page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInfo {
    /// Its purpose: document links sign in on GET, login links only on POST.
    pub purpose: LinkPurpose,
    /// The contact's name, for a greeting.
    pub contact_name: String,
    /// The contact the link signs in.
    pub contact_id: ContactId,
}

/// A new portal session.
#[derive(Debug, Clone)]
pub struct SignIn {
    /// The session token for the cookie (only this response ever sees it).
    pub token: SecretToken,
    /// The stored session.
    pub session: PortalSession,
    /// Portal path to open (e.g. `/invoices/{id}`), if the link named one.
    pub target: Option<String>,
}

impl Crm {
    /// Issues a reusable document link for a contact of `client` (its primary when `contact`
    /// is `None`); returns the URL. With `send`, the link is also emailed (`portal_login`).
    pub async fn issue_portal_link(
        &self,
        ctx: &Ctx,
        client: ClientId,
        contact: Option<ContactId>,
        send: bool,
    ) -> Result<String, Error> {
        let mut tx = self.store.begin().await?;
        let c = tx
            .client_for_update(ctx.company, client)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        let person = match contact {
            Some(id) => c.contact(id),
            None => c.primary_contact(),
        }
        .ok_or(Error::NotFound(Entity::Contact))?
        .clone();
        let url = if send {
            let company = tx
                .company(ctx.company)
                .await?
                .ok_or(Error::NotFound(Entity::Company))?;
            let validity = link_validity(
                LinkPurpose::Document,
                self.config.document_link_ttl,
                c.locale,
            );
            self.queue_email(
                &mut *tx,
                &company,
                &c,
                &person,
                TemplateKind::PortalLogin,
                serde_json::json!({ "link_validity": validity }),
                None,
                LinkPurpose::Document,
                None,
            )
            .await?;
            // The emailed link is not shown; the caller gets a second one of its own.
            self.issue_link(&mut *tx, &c, &person, LinkPurpose::Document, None)
                .await?
        } else {
            self.issue_link(&mut *tx, &c, &person, LinkPurpose::Document, None)
                .await?
        };
        self.log(
            &mut *tx,
            ctx,
            client,
            ActivityKind::PortalLinkIssued,
            Some(person.name.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(url)
    }

    /// "Email me a new link": if `email` belongs to a contact of an active client of the
    /// company, queues a single-use sign-in link to it. Answers the same either way, so the
    /// response never tells whether an address exists (rate limiting is the caller's).
    pub async fn request_login_link(&self, ctx: &Ctx, email: &str) -> Result<(), Error> {
        let Ok(email) = EmailAddress::parse(email) else {
            return Ok(());
        };
        let Some((found, contact_id)) = self
            .store
            .contact_by_email(ctx.company, &email.normalized())
            .await?
        else {
            return Ok(());
        };
        let mut tx = self.store.begin().await?;
        // Check again under the lock: an admin may have just changed a compromised address,
        // revoking its links; a new one must not go to the old address.
        let Some(client) = tx.client_for_update(ctx.company, found.id).await? else {
            return Ok(());
        };
        let Some(contact) = client
            .contact(contact_id)
            .filter(|c| c.email.normalized() == email.normalized())
            .cloned()
        else {
            return Ok(());
        };
        if client.archived {
            return Ok(());
        }
        let company = tx
            .company(ctx.company)
            .await?
            .ok_or(Error::NotFound(Entity::Company))?;
        let validity = link_validity(
            LinkPurpose::Login,
            self.config.login_link_ttl,
            client.locale,
        );
        self.queue_email(
            &mut *tx,
            &company,
            &client,
            &contact,
            TemplateKind::PortalLogin,
            serde_json::json!({ "link_validity": validity }),
            None,
            LinkPurpose::Login,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// What a link would do, without side effects (for a GET of a single-use link).
    pub async fn inspect_link(&self, token: &str) -> Result<LinkInfo, Error> {
        let token = SecretToken::decode(token).ok_or(Error::LinkInvalid)?;
        let link = self
            .store
            .magic_link_by_hash(&token.hash())
            .await?
            .filter(|l| l.is_usable(self.clock.now()))
            .ok_or(Error::LinkInvalid)?;
        let client = self
            .store
            .client(link.company_id, link.client_id)
            .await?
            .filter(|c| !c.archived)
            .ok_or(Error::LinkInvalid)?;
        let contact = client.contact(link.contact_id).ok_or(Error::LinkInvalid)?;
        Ok(LinkInfo {
            purpose: link.purpose,
            contact_name: contact.name.clone(),
            contact_id: contact.id,
        })
    }

    /// Signs in with a magic link and opens a fresh session. `confirmed` is true for a POST
    /// (with CSRF checked by the caller); single-use links require it and are used up, document
    /// links work on a GET and stay valid until they expire.
    pub async fn redeem_link(&self, token: &str, confirmed: bool) -> Result<SignIn, Error> {
        let token = SecretToken::decode(token).ok_or(Error::LinkInvalid)?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let link = tx
            .magic_link_for_update(&token.hash())
            .await?
            .filter(|l| l.is_usable(now))
            .ok_or(Error::LinkInvalid)?;
        if link.purpose == LinkPurpose::Login {
            if !confirmed {
                return Err(Error::ConfirmationRequired);
            }
            if !tx.mark_magic_link_used(link.id, now).await? {
                return Err(Error::LinkInvalid);
            }
        }
        let client = tx
            .client_for_update(link.company_id, link.client_id)
            .await?
            .filter(|c| !c.archived)
            .ok_or(Error::LinkInvalid)?;
        if client.contact(link.contact_id).is_none() {
            return Err(Error::LinkInvalid);
        }
        let session_token = SecretToken::from_bytes(self.tokens.random_bytes());
        let session = PortalSession {
            id: SessionId::new(),
            company_id: link.company_id,
            client_id: link.client_id,
            contact_id: link.contact_id,
            token_hash: session_token.hash(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + self.config.session_absolute,
            ended_at: None,
            confirmed_at: confirmed.then_some(now),
        };
        tx.insert_session(&session).await?;
        let ctx = Ctx::new(
            link.company_id,
            Actor::Contact {
                id: link.contact_id,
            },
        );
        self.log(
            &mut *tx,
            &ctx,
            link.client_id,
            ActivityKind::PortalSignedIn,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(SignIn {
            token: session_token,
            session,
            target: link.target,
        })
    }

    /// The portal context of a session token, if the session is open and within its idle and
    /// absolute timeouts; records the activity.
    pub async fn portal_session(&self, token: &str) -> Result<PortalCtx, Error> {
        let token = SecretToken::decode(token).ok_or(Error::SessionInvalid)?;
        let now = self.clock.now();
        let session = self
            .store
            .session_by_hash(&token.hash())
            .await?
            .filter(|s| {
                session_open(
                    s.ended_at,
                    s.expires_at,
                    s.last_seen_at,
                    self.config.session_idle,
                    now,
                )
            })
            .ok_or(Error::SessionInvalid)?;
        if now - session.last_seen_at >= TOUCH_EVERY {
            let mut tx = self.store.begin().await?;
            tx.touch_session(session.id, now).await?;
            tx.commit().await?;
        }
        Ok(PortalCtx {
            company: session.company_id,
            client: session.client_id,
            contact: session.contact_id,
            confirmed: session.confirmed_at.is_some(),
        })
    }

    /// Confirms the open session of `token` (a POST whose CSRF token the caller checked): it
    /// may act on the client's behalf from now on.
    pub async fn confirm_portal_session(&self, token: &str) -> Result<PortalCtx, Error> {
        let mut portal = self.portal_session(token).await?;
        if portal.confirmed {
            return Ok(portal);
        }
        let token = SecretToken::decode(token).ok_or(Error::SessionInvalid)?;
        let session = self
            .store
            .session_by_hash(&token.hash())
            .await?
            .ok_or(Error::SessionInvalid)?;
        let mut tx = self.store.begin().await?;
        tx.confirm_session(session.id, self.clock.now()).await?;
        tx.commit().await?;
        portal.confirmed = true;
        Ok(portal)
    }

    /// Ends the session of `token` (logout). Unknown tokens are ignored.
    pub async fn logout(&self, token: &str) -> Result<(), Error> {
        let Some(token) = SecretToken::decode(token) else {
            return Ok(());
        };
        if let Some(s) = self.store.session_by_hash(&token.hash()).await? {
            let mut tx = self.store.begin().await?;
            tx.end_session(s.id, self.clock.now()).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Ends every portal session of a contact and revokes their links (admin action).
    pub async fn sign_out_contact(
        &self,
        ctx: &Ctx,
        client: ClientId,
        contact: ContactId,
    ) -> Result<(), Error> {
        let mut tx = self.store.begin().await?;
        let c = tx
            .client_for_update(ctx.company, client)
            .await?
            .ok_or(Error::NotFound(Entity::Client))?;
        c.contact(contact).ok_or(Error::NotFound(Entity::Contact))?;
        let now = self.clock.now();
        tx.end_sessions_of_contact(ctx.company, contact, now)
            .await?;
        tx.revoke_magic_links(ctx.company, contact, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
