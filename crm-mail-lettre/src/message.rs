//! Turning an [`OutgoingEmail`] into a MIME message: multipart/alternative (text + HTML) inside
//! multipart/mixed with the PDF attachments; UTF-8 headers are encoded by lettre. `To` and `Cc`
//! are headers and envelope recipients, `Bcc` only envelope recipients.

use std::time::SystemTime;

use crm_core::ports::OutgoingEmail;
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

/// Why a message could not be built (an address lettre rejects, a bad content type).
#[derive(Debug, thiserror::Error)]
#[error("cannot build the email: {0}")]
pub struct BuildError(String);

fn mailbox(name: &str, email: &str) -> Result<Mailbox, BuildError> {
    let address = email
        .parse()
        .map_err(|e| BuildError(format!("address '{email}': {e}")))?;
    let name = name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_owned()),
        address,
    ))
}

/// Builds the MIME message, dated `date`.
pub fn build(email: &OutgoingEmail, date: SystemTime) -> Result<Message, BuildError> {
    let mut builder = Message::builder()
        .message_id(Some(email.message_id.clone()))
        .date(date)
        .from(mailbox(&email.from_name, &email.from_email)?)
        .to(mailbox(&email.to_name, &email.to_email)?)
        .subject(email.subject.clone());
    if let Some(reply_to) = &email.reply_to {
        builder = builder.reply_to(mailbox(&email.from_name, reply_to)?);
    }
    for a in &email.also_to {
        builder = builder.to(mailbox(&a.name, &a.email)?);
    }
    for a in &email.cc {
        builder = builder.cc(mailbox(&a.name, &a.email)?);
    }
    // lettre puts `Bcc` into the envelope and removes the header when it builds the message:
    // the blind copy is never visible to the other recipients.
    for a in &email.bcc {
        builder = builder.bcc(mailbox("", a)?);
    }
    let alternative =
        MultiPart::alternative_plain_html(email.text_body.clone(), email.html_body.clone());
    let message = if email.attachments.is_empty() {
        builder.multipart(alternative)
    } else {
        let mut mixed = MultiPart::mixed().multipart(alternative);
        for (name, mime, bytes) in &email.attachments {
            let content_type = ContentType::parse(mime)
                .map_err(|e| BuildError(format!("content type '{mime}': {e}")))?;
            let part: SinglePart = Attachment::new(name.clone()).body(bytes.clone(), content_type);
            mixed = mixed.singlepart(part);
        }
        builder.multipart(mixed)
    };
    message.map_err(|e| BuildError(e.to_string()))
}
