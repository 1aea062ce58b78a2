use async_trait::async_trait;

/// A named address (a `To` or `Cc` recipient).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAddress {
    /// Address.
    pub email: String,
    /// Display name.
    pub name: String,
}

/// One fully rendered email ready for the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The company it is sent for (adapters that keep mail, such as the development mailbox,
    /// scope it by this); `None` outside the outbox.
    pub company_id: Option<crate::domain::CompanyId>,
    /// RFC 5322 Message-ID (with angle brackets), stable per outbox row.
    pub message_id: String,
    /// Sender address.
    pub from_email: String,
    /// Sender display name (the company).
    pub from_name: String,
    /// Reply-To address (the company).
    pub reply_to: Option<String>,
    /// Recipient address.
    pub to_email: String,
    /// Recipient name.
    pub to_name: String,
    /// Further `To` recipients.
    pub also_to: Vec<MailAddress>,
    /// `Cc` recipients.
    pub cc: Vec<MailAddress>,
    /// Blind copies: envelope recipients that MUST NOT appear in any header.
    pub bcc: Vec<String>,
    /// Subject (one line, UTF-8).
    pub subject: String,
    /// HTML alternative.
    pub html_body: String,
    /// Plain-text alternative.
    pub text_body: String,
    /// Attached files: (file name, MIME type, bytes).
    pub attachments: Vec<(String, String, Vec<u8>)>,
}

/// Why a delivery failed; decides whether to retry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// Try again later (a 4xx reply: the server answered but would not take it now).
    #[error("temporary mail failure: {0}")]
    Transient(String),
    /// The mail server could not be reached (refused, timed out, no SMTP reply): nothing about
    /// this message is wrong. The outbox retries soon and meanwhile asks [`Mailer::probe`]
    /// before sending anything else.
    #[error("mail server unavailable: {0}")]
    Unavailable(String),
    /// Do not retry (5xx reply, invalid recipient).
    #[error("permanent mail failure: {0}")]
    Permanent(String),
}

/// Delivers one email.
///
/// # Contract
/// - `Ok` means the receiving server accepted the message for delivery.
/// - A failure that may succeed later MUST be `Transient`, or `Unavailable` when the server
///   could not be reached at all; a rejection that will not change MUST be `Permanent`, so the
///   outbox does not retry it forever.
/// - `probe` checks that the server answers (a connection, no message) and MUST be cheap: the
///   outbox calls it every few seconds while the server is unavailable, instead of sending.
/// - Sending the same `message_id` twice is allowed (at-least-once delivery); receivers
///   deduplicate by Message-ID.
#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends `email`.
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError>;
    /// Whether the server answers now (`Err(Unavailable)` if not).
    async fn probe(&self) -> Result<(), MailError>;
}
