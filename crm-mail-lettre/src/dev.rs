//! The development mailbox: with no SMTP server configured, every email is kept as an `.eml`
//! file (openable in any mail client) plus a line in `index.jsonl`, which the admin UI lists,
//! so a new user can click the magic link in the email. Each line records the company the
//! email was sent for; the admin UI lists and opens only the signed-in staff's company's emails
//! ([`DevMailbox::list_for`], [`DevMailbox::read_for`]), since they hold live sign-in links.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::domain::CompanyId;
use crm_core::ports::{MailError, Mailer, OutgoingEmail};
use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;

use crate::message;

/// One email in the development mailbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DevMail {
    /// The company it was sent for (`None`: sent outside the outbox, or recorded before
    /// companies were; listed to nobody by [`DevMailbox::list_for`]).
    #[serde(default)]
    pub company: Option<CompanyId>,
    /// File name of the `.eml` inside the mailbox directory.
    pub file: String,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Message-ID.
    pub message_id: String,
    /// When it was "sent".
    pub at: DateTime<Utc>,
}

/// A [`Mailer`] that writes to a directory.
#[derive(Debug)]
pub struct DevMailbox {
    dir: PathBuf,
    index: Mutex<()>,
}

impl DevMailbox {
    /// A mailbox in `dir` (created on first use).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            index: Mutex::new(()),
        }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every company's emails, newest first (for tools and tests; the admin UI uses
    /// [`Self::list_for`]).
    pub async fn list(&self) -> std::io::Result<Vec<DevMail>> {
        let index = match tokio::fs::read_to_string(self.dir.join("index.jsonl")).await {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut mails: Vec<DevMail> = index
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect();
        // Concurrent sends append to the index in lock order, not in `at` order: sort.
        mails.sort_by(|a, b| (b.at, &b.file).cmp(&(a.at, &a.file)));
        Ok(mails)
    }

    /// The emails sent for `company`, newest first.
    pub async fn list_for(&self, company: CompanyId) -> std::io::Result<Vec<DevMail>> {
        let mut mails = self.list().await?;
        mails.retain(|m| m.company == Some(company));
        Ok(mails)
    }

    /// The raw bytes of one email, by the file name from [`DevMailbox::list`]. Names with path
    /// separators are refused.
    pub async fn read(&self, file: &str) -> std::io::Result<Vec<u8>> {
        if file.contains(['/', '\\']) || file.starts_with('.') || !file.ends_with(".eml") {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "invalid mail file name",
            ));
        }
        tokio::fs::read(self.dir.join(file)).await
    }

    /// [`Self::read`], only for an email the index records as sent for `company` (anything
    /// else is `NotFound`, as if it did not exist).
    pub async fn read_for(&self, company: CompanyId, file: &str) -> std::io::Result<Vec<u8>> {
        if !self.list_for(company).await?.iter().any(|m| m.file == file) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such mail for this company",
            ));
        }
        self.read(file).await
    }
}

#[async_trait]
impl Mailer for DevMailbox {
    async fn probe(&self) -> Result<(), MailError> {
        // A directory is always there (or fails per message, as a transient error).
        Ok(())
    }

    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError> {
        let message = message::build(email, SystemTime::now())
            .map_err(|e| MailError::Permanent(e.to_string()))?;
        let now = Utc::now();
        let id: String = email
            .message_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(64)
            .collect();
        let file = format!("{}-{id}.eml", now.format("%Y%m%dT%H%M%S%.6f"));
        let io = |e: std::io::Error| MailError::Transient(format!("dev mailbox: {e}"));
        tokio::fs::create_dir_all(&self.dir).await.map_err(io)?;
        // Write then rename, so a listed file is always complete.
        let tmp = self.dir.join(format!(".{file}.tmp"));
        tokio::fs::write(&tmp, message.formatted())
            .await
            .map_err(io)?;
        tokio::fs::rename(&tmp, self.dir.join(&file))
            .await
            .map_err(io)?;
        let entry = DevMail {
            company: email.company_id,
            file,
            to: email.to_email.clone(),
            subject: email.subject.clone(),
            message_id: email.message_id.clone(),
            at: now,
        };
        let mut line =
            serde_json::to_string(&entry).map_err(|e| MailError::Permanent(e.to_string()))?;
        line.push('\n');
        let _guard = self.index.lock().await;
        let mut index = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("index.jsonl"))
            .await
            .map_err(io)?;
        index.write_all(line.as_bytes()).await.map_err(io)?;
        Ok(())
    }
}
