//! The outbox worker: claims due emails, renders their attachments, sends them through any
//! [`Mailer`], and records the outcome.
//!
//! Delivery is at-least-once. A claim leases the row (`next_attempt_at` moves to the end of the
//! lease), so several workers — in one process or on many machines — never hold the same row at
//! once. A worker that dies after the server accepted a message but before marking it sent
//! leaves the row to be claimed again when the lease ends: at most one duplicate, with the same
//! Message-ID (derived from the row id), which receivers deduplicate.
//!
//! Every claim carries a lease token; the marks carry it too and apply only while that claim
//! still holds the row, so a worker that stalled past its lease cannot overwrite the outcome of
//! the worker that took the row over (it logs that and moves on).
//!
//! Right before each send the recipient is re-resolved (the contact's current address; a
//! removed primary contact replaced by the current one; archived clients and removed contacts
//! drop the email, recorded as failed with the reason), and the magic link is minted: its hash
//! stored in the transaction that also renews the row's lease, the token put in place of the
//! placeholder in the bodies. A retry or failure mark revokes that link, so failed attempts
//! leave no live links behind. (A worker that dies mid-attempt cannot: its link stays valid,
//! since the server may have accepted the message; the next attempt mints a fresh one.)
//!
//! Outcomes: accepted → `sent`; temporary failure (a 4xx reply) → retried with exponential
//! backoff and jitter, up to `max_attempts`; the server not reachable at all → retried after
//! `unavailable_retry`, and until [`Mailer::probe`] says the server answers again the worker
//! sends nothing (it probes with a capped backoff instead), so delivery resumes seconds after
//! an outage without hammering a server that is still down; permanent failure (5xx, unbuildable message) or a
//! dropped recipient → `failed` with its bodies cleared, kept with its error for admins, never
//! retried.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crm_core::domain::{Company, CompanyId, OutboxEmail};
use crm_core::ports::{
    Clock, DocumentRenderer, MailError, Mailer, OutboxMark, OutboxStore, OutgoingEmail, Store,
    StoreError, SystemClock,
};
use crm_core::service::{AttachmentError, ComposeError, MailComposer};
use tokio::sync::{Mutex, Semaphore};
use tokio::task::JoinSet;

/// Tuning of the worker.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Rows claimed per pass.
    pub batch: u32,
    /// Emails sent at once (match the SMTP pool size).
    pub concurrency: usize,
    /// How long a claim holds a row before another worker may take it.
    pub lease: Duration,
    /// Pause between passes when nothing is due.
    pub poll_interval: Duration,
    /// Delay before the first retry; doubles with every attempt.
    pub retry_base: Duration,
    /// Longest delay between retries.
    pub retry_max: Duration,
    /// Attempts after which a temporarily failing email is marked failed.
    pub max_attempts: u32,
    /// Delay before an email is tried again after the server could not be reached (the
    /// probe, not this delay, keeps a down server from being hammered).
    pub unavailable_retry: Duration,
    /// Longest pause between probes of a server that is down (they start at one second).
    pub probe_max: Duration,
    /// Sender address; the company's email when `None` (`CRM_MAIL_FROM`).
    pub from_email: Option<String>,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            batch: 50,
            concurrency: 16,
            lease: Duration::from_secs(300),
            poll_interval: Duration::from_secs(2),
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            max_attempts: 15,
            unavailable_retry: Duration::from_secs(5),
            probe_max: Duration::from_secs(5),
            from_email: None,
        }
    }
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Emails claimed.
    pub claimed: u32,
    /// Accepted by the server.
    pub sent: u32,
    /// Scheduled for another attempt.
    pub retried: u32,
    /// Marked failed.
    pub failed: u32,
    /// Left alone because another claim holds the row now (this worker's lease ran out).
    pub lost: u32,
    /// The mail server did not answer the probe: nothing was claimed.
    pub unavailable: bool,
}

impl std::ops::AddAssign for Pass {
    fn add_assign(&mut self, o: Self) {
        self.claimed += o.claimed;
        self.sent += o.sent;
        self.retried += o.retried;
        self.failed += o.failed;
        self.lost += o.lost;
        self.unavailable |= o.unavailable;
    }
}

/// Drains the outbox.
#[derive(Clone)]
pub struct OutboxWorker {
    store: Arc<dyn OutboxStore>,
    composer: MailComposer,
    mailer: Arc<dyn Mailer>,
    clock: Arc<dyn Clock>,
    config: WorkerConfig,
    companies: Arc<Mutex<HashMap<CompanyId, Company>>>,
    /// The last attempt found the mail server unreachable: probe before sending again.
    down: Arc<AtomicBool>,
}

impl std::fmt::Debug for OutboxWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxWorker")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

enum Outcome {
    Sent,
    Retry(String),
    /// The server could not be reached; tried again after `unavailable_retry`.
    Unavailable(String),
    Failed(String),
    /// Another claim holds the row: nothing sent or marked by this worker.
    LeaseLost,
}

impl OutboxWorker {
    /// A worker over `store` sending through `mailer`, rendering attachments with `renderer`
    /// (the outbox port and a [`MailComposer`] over the same store, see [`Self::from_parts`]).
    pub fn new(
        store: Arc<dyn Store>,
        mailer: Arc<dyn Mailer>,
        renderer: Arc<dyn DocumentRenderer>,
        config: WorkerConfig,
    ) -> Self {
        let composer = MailComposer::new(store.clone(), renderer);
        Self::from_parts(store, composer, mailer, config)
    }

    /// A worker claiming and marking rows in `outbox` and composing them with `composer`.
    pub fn from_parts(
        outbox: Arc<dyn OutboxStore>,
        composer: MailComposer,
        mailer: Arc<dyn Mailer>,
        config: WorkerConfig,
    ) -> Self {
        Self {
            store: outbox,
            composer,
            mailer,
            clock: Arc::new(SystemClock),
            config,
            companies: Arc::default(),
            down: Arc::default(),
        }
    }

    /// Replaces the clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    fn lease(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.config.lease).unwrap_or(chrono::Duration::minutes(5))
    }

    /// Claims one batch of due emails and delivers it.
    ///
    /// The lease is extended per send rather than the batch sized to the lease: a batch waits
    /// for free senders (`concurrency`), and how long the sends before it take is not known in
    /// advance. So the claim's lease only has to cover the wait, and each email renews its own
    /// row to a full lease right before it is sent (in the transaction that mints its link). If
    /// the wait outlasted the lease and another worker re-claimed the row, the renewal finds
    /// the lease token replaced and this worker skips the email without sending it.
    pub async fn run_once(&self) -> Result<Pass, StoreError> {
        if self.down.load(Ordering::Acquire) {
            if let Err(e) = self.mailer.probe().await {
                tracing::debug!(error = %e, "mail server still unavailable");
                return Ok(Pass {
                    unavailable: true,
                    ..Pass::default()
                });
            }
            tracing::info!("mail server answers again; delivering");
            self.down.store(false, Ordering::Release);
        }
        let now = self.clock.now();
        let claimed = self
            .store
            .claim_due_emails(now, now + self.lease(), self.config.batch)
            .await?;
        let mut pass = Pass {
            claimed: u32::try_from(claimed.len()).unwrap_or(u32::MAX),
            ..Pass::default()
        };
        let permits = Arc::new(Semaphore::new(self.config.concurrency.max(1)));
        let mut tasks = JoinSet::new();
        for email in claimed {
            let worker = self.clone();
            let permits = permits.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                // Once one send found the server gone, the rest of the batch waits for it.
                let outcome = if worker.down.load(Ordering::Acquire) {
                    Outcome::Unavailable("the mail server is not answering".into())
                } else {
                    worker.deliver(&email).await
                };
                worker.record(&email, outcome).await
            });
        }
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(Ok(Outcome::Sent)) => pass.sent += 1,
                Ok(Ok(Outcome::Retry(_) | Outcome::Unavailable(_))) => pass.retried += 1,
                Ok(Ok(Outcome::Failed(_))) => pass.failed += 1,
                Ok(Ok(Outcome::LeaseLost)) => pass.lost += 1,
                // The row keeps its lease and is retried when it ends.
                Ok(Err(e)) => tracing::error!(error = %e, "could not record an email's outcome"),
                Err(e) => tracing::error!(error = %e, "email task panicked"),
            }
        }
        Ok(pass)
    }

    /// Runs passes until nothing is due any more (tests, benchmarks, one-shot jobs).
    pub async fn drain(&self) -> Result<Pass, StoreError> {
        let mut total = Pass::default();
        loop {
            let pass = self.run_once().await?;
            total += pass;
            if pass.claimed == 0 {
                return Ok(total);
            }
        }
    }

    /// Runs until `shutdown` completes; a pass in progress is finished first, so no email is
    /// left half-recorded.
    pub async fn run_until(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut idle = self.config.poll_interval;
        let mut probe = Duration::ZERO;
        loop {
            let pause = match self.run_once().await {
                Ok(pass) if pass.unavailable => {
                    probe = (probe * 2).clamp(Duration::from_secs(1), self.config.probe_max);
                    probe
                }
                Ok(pass) if pass.claimed > 0 => {
                    idle = self.config.poll_interval;
                    probe = Duration::ZERO;
                    Duration::ZERO
                }
                Ok(_) => self.config.poll_interval,
                Err(e) => {
                    // The database is unavailable: back off, do not spin.
                    tracing::warn!(error = %e, "outbox pass failed");
                    idle = (idle * 2).min(Duration::from_secs(60));
                    idle
                }
            };
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(pause) => {}
            }
        }
    }

    async fn company(&self, id: CompanyId) -> Result<Company, String> {
        if let Some(c) = self.companies.lock().await.get(&id) {
            return Ok(c.clone());
        }
        let company = self
            .composer
            .company(id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| "company not found".to_owned())?;
        self.companies.lock().await.insert(id, company.clone());
        Ok(company)
    }

    async fn deliver(&self, email: &OutboxEmail) -> Outcome {
        let outgoing = match self.compose(email).await {
            Ok(o) => o,
            Err(Compose::Later(e)) => return Outcome::Retry(e),
            Err(Compose::Never(e)) => return Outcome::Failed(e),
            Err(Compose::LeaseLost) => return Outcome::LeaseLost,
        };
        match self.mailer.send(&outgoing).await {
            Ok(()) => Outcome::Sent,
            Err(MailError::Transient(e)) => Outcome::Retry(e),
            Err(MailError::Unavailable(e)) => {
                if !self.down.swap(true, Ordering::AcqRel) {
                    tracing::warn!(error = %e, "mail server unavailable; probing until it answers");
                }
                Outcome::Unavailable(e)
            }
            Err(MailError::Permanent(e)) => Outcome::Failed(e),
        }
    }

    async fn record(&self, email: &OutboxEmail, outcome: Outcome) -> Result<Outcome, StoreError> {
        let Some(lease) = email.lease else {
            return Ok(Outcome::LeaseLost);
        };
        let now = self.clock.now();
        let mark = match &outcome {
            Outcome::LeaseLost => {
                tracing::warn!(id = %email.id, "email skipped: another worker holds it now");
                return Ok(outcome);
            }
            Outcome::Sent => {
                let mark = self.store.mark_email_sent(email.id, lease, now).await?;
                tracing::debug!(id = %email.id, "email sent");
                mark
            }
            Outcome::Unavailable(e) if email.attempts < self.config.max_attempts => {
                let next = now
                    + chrono::Duration::from_std(self.config.unavailable_retry)
                        .unwrap_or(chrono::Duration::seconds(5));
                self.store
                    .mark_email_retry(email.id, lease, next, e, now)
                    .await?
            }
            Outcome::Retry(e) if email.attempts < self.config.max_attempts => {
                let delay = self.retry_delay(email);
                let next =
                    now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1));
                tracing::warn!(id = %email.id, attempt = email.attempts, error = %e, "email delivery failed; will retry");
                self.store
                    .mark_email_retry(email.id, lease, next, e, now)
                    .await?
            }
            Outcome::Retry(e) | Outcome::Unavailable(e) | Outcome::Failed(e) => {
                tracing::error!(id = %email.id, attempt = email.attempts, error = %e, "email delivery failed permanently");
                match self
                    .store
                    .mark_email_failed(email.id, lease, e, now)
                    .await?
                {
                    OutboxMark::Applied => return Ok(Outcome::Failed(e.clone())),
                    OutboxMark::NotHeld => OutboxMark::NotHeld,
                }
            }
        };
        if mark == OutboxMark::NotHeld {
            // The lease ran out during the attempt and another claim took the row: its outcome
            // is the one that counts.
            tracing::warn!(id = %email.id, "outcome not recorded: another worker holds the email now");
            return Ok(Outcome::LeaseLost);
        }
        Ok(outcome)
    }

    /// Exponential backoff from `retry_base`, capped at `retry_max`, plus up to 25 % jitter
    /// (derived from the row id, so retries of many emails spread out).
    fn retry_delay(&self, email: &OutboxEmail) -> Duration {
        let exp = email.attempts.saturating_sub(1).min(20);
        let delay = self
            .config
            .retry_base
            .saturating_mul(1 << exp)
            .min(self.config.retry_max);
        let seed = email.id.as_uuid().as_u128() as u64
            ^ u64::from(email.attempts).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let jitter = delay.mul_f64((seed % 1000) as f64 / 4000.0);
        delay + jitter
    }

    async fn compose(&self, email: &OutboxEmail) -> Result<OutgoingEmail, Compose> {
        let company = self
            .company(email.company_id)
            .await
            .map_err(Compose::Later)?;
        let to = self.composer.recipients(&company, email).await?;
        let from_email = self
            .config
            .from_email
            .clone()
            .unwrap_or_else(|| company.email.to_string());
        let domain = from_email
            .rsplit_once('@')
            .map_or("localhost", |(_, d)| d)
            .to_owned();
        let mut attachments = Vec::new();
        if let Some(a) = email.attachment {
            let files = self
                .composer
                .attachments(&company, a)
                .await
                .map_err(|e| match e {
                    AttachmentError::Store(e) => Compose::Later(e.to_string()),
                    e => Compose::Never(e.to_string()),
                })?;
            attachments.extend(
                files
                    .into_iter()
                    .map(|a| (a.file_name, a.mime_type, a.bytes)),
            );
        }
        // Last, right before the send: the lease renewed and the link minted.
        let now = self.clock.now();
        let text = self
            .composer
            .finish(email, &to, now, now + self.lease())
            .await?;
        Ok(OutgoingEmail {
            company_id: Some(email.company_id),
            message_id: email.message_id(&domain),
            from_email,
            from_name: company.name.clone(),
            reply_to: Some(company.email.to_string()),
            to_email: to.email,
            to_name: to.name,
            also_to: to.also_to,
            cc: to.cc,
            bcc: to.bcc,
            subject: text.subject,
            html_body: text.html_body,
            text_body: text.text_body,
            attachments,
        })
    }
}

enum Compose {
    /// Try again later (storage unavailable).
    Later(String),
    /// Cannot ever be sent as queued (or must not be sent any more).
    Never(String),
    /// Another claim holds the row.
    LeaseLost,
}

impl From<ComposeError> for Compose {
    fn from(e: ComposeError) -> Self {
        match e {
            ComposeError::Store(e) => Self::Later(e.to_string()),
            e @ ComposeError::Dropped(_) => Self::Never(e.to_string()),
            ComposeError::LeaseLost => Self::LeaseLost,
        }
    }
}
