//! Issued documents frozen as files (GoBD, COMPLIANCE.md §3): the exact bytes rendered at issue,
//! named by their SHA-256, and the record linking a document to them.
//!
//! The bytes live behind [`crate::ports::DocumentArchive`] (content-addressed, append-only);
//! the link, an [`IssuedDocument`], is written in the same store transaction as the issue.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::ids::CompanyId;

/// The media type of frozen PDFs.
pub const PDF_MEDIA_TYPE: &str = "application/pdf";
/// The media type of frozen e-invoice XML (EN 16931 CII or UBL).
pub const XML_MEDIA_TYPE: &str = "application/xml";

/// The SHA-256 of a frozen file: its name in the archive. Content-addressed, so a different
/// content under an existing name cannot happen.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocumentHash(pub [u8; 32]);

impl DocumentHash {
    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    /// Lower-case hex (64 characters), as stored and shown.
    pub fn to_hex(&self) -> String {
        use std::fmt::Write;
        let mut s = String::with_capacity(64);
        for b in self.0 {
            // Writing to a String cannot fail.
            let _ = write!(s, "{b:02x}");
        }
        s
    }

    /// Parses [`Self::to_hex`] (either case).
    pub fn from_hex(s: &str) -> Option<Self> {
        if s.len() != 64 || !s.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
            let hex = std::str::from_utf8(chunk).ok()?;
            out[i] = u8::from_str_radix(hex, 16).ok()?;
        }
        Some(Self(out))
    }
}

impl std::fmt::Display for DocumentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl std::fmt::Debug for DocumentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DocumentHash({})", self.to_hex())
    }
}

/// What kind of issued document a frozen file is: the PDF of an invoice or correction, or its
/// e-invoice XML (frozen in the same transaction, from the same snapshots), or the PDF of a
/// payment reminder or Mahnung.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssuedKind {
    /// An invoice.
    Invoice,
    /// A cancellation invoice or a corrective credit.
    Correction,
    /// The e-invoice XML of an invoice (XRechnung, or the Factur-X XML also inside its PDF).
    InvoiceXml,
    /// The e-invoice XML of a cancellation invoice or corrective credit.
    CorrectionXml,
    /// A payment reminder or Mahnung (a PDF).
    Reminder,
}

impl IssuedKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invoice => "invoice",
            Self::Correction => "correction",
            Self::InvoiceXml => "invoice_xml",
            Self::CorrectionXml => "correction_xml",
            Self::Reminder => "reminder",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "invoice" => Some(Self::Invoice),
            "correction" => Some(Self::Correction),
            "invoice_xml" => Some(Self::InvoiceXml),
            "correction_xml" => Some(Self::CorrectionXml),
            "reminder" => Some(Self::Reminder),
            _ => None,
        }
    }
}

/// The append-only record that document `document_id` of `kind` was issued as the file
/// `sha256`: one per document, written in the transaction that issued it (or, for a document
/// issued before files were frozen, the first time its PDF was asked for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedDocument {
    /// Tenant.
    pub company_id: CompanyId,
    /// Kind of document.
    pub kind: IssuedKind,
    /// The document's id (an invoice id for [`IssuedKind::Invoice`]).
    pub document_id: Uuid,
    /// SHA-256 of the file.
    pub sha256: DocumentHash,
    /// Size of the file in bytes.
    pub size: u64,
    /// Media type ([`PDF_MEDIA_TYPE`] or [`XML_MEDIA_TYPE`]).
    pub media_type: String,
    /// When it was frozen.
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_and_round_trips_as_hex() {
        // FIPS 180-2 test vector for "abc".
        let h = DocumentHash::of(b"abc");
        assert_eq!(
            h.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(DocumentHash::from_hex(&h.to_hex()), Some(h));
        assert_eq!(DocumentHash::from_hex(&h.to_hex().to_uppercase()), Some(h));
        assert_eq!(DocumentHash::from_hex("ab"), None);
        assert_eq!(DocumentHash::from_hex(&"g".repeat(64)), None);
        for kind in [
            IssuedKind::Invoice,
            IssuedKind::Correction,
            IssuedKind::InvoiceXml,
            IssuedKind::CorrectionXml,
            IssuedKind::Reminder,
        ] {
            assert_eq!(IssuedKind::parse(kind.as_str()), Some(kind));
        }
    }
}
