//! The document history of a client: invoices, quotes, corrections and payment reminders,
//! newest first, filtered and paged
//! with a keyset cursor (stable under inserts, cheap on any page).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::currency::Currency;

/// Invoice, quote, a correction of an invoice, or a payment reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An invoice.
    Invoice,
    /// A quote.
    Quote,
    /// A cancellation invoice (status `issued`, negative total, no balance).
    Cancellation,
    /// A corrective credit (status `issued`, negative total, no balance).
    Credit,
    /// A payment reminder or Mahnung (status `issued`, its total claim, no balance of its
    /// own: what it claims stays on the invoices).
    Reminder,
}

impl DocumentKind {
    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invoice => "invoice",
            Self::Quote => "quote",
            Self::Cancellation => "cancellation",
            Self::Credit => "credit",
            Self::Reminder => "reminder",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Invoice,
            Self::Quote,
            Self::Cancellation,
            Self::Credit,
            Self::Reminder,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// A correction's kind as a history kind.
    pub fn of_correction(kind: super::correction::CorrectionKind) -> Self {
        match kind {
            super::correction::CorrectionKind::Cancellation => Self::Cancellation,
            super::correction::CorrectionKind::Credit => Self::Credit,
        }
    }
}

/// The status every correction and reminder has in the history: issued, never open.
pub const CORRECTION_STATUS: &str = "issued";

/// One row of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// Invoice or quote.
    pub kind: DocumentKind,
    /// The document's id.
    pub id: Uuid,
    /// Its client.
    pub client_id: super::ids::ClientId,
    /// Number (drafts have none).
    pub number: Option<String>,
    /// Stored status (`InvoiceStatus` / `QuoteStatus` name).
    pub status: String,
    /// Issue date.
    pub issue_date: Option<NaiveDate>,
    /// Due date (invoices) or valid-until date (quotes).
    pub due_date: Option<NaiveDate>,
    /// Total.
    pub total: Decimal,
    /// Balance due (0 for quotes).
    pub balance: Decimal,
    /// Currency.
    pub currency: Currency,
    /// Created; the sort key together with the id.
    pub created_at: DateTime<Utc>,
}

/// Filters of the history; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryFilter {
    /// Only this kind.
    pub kind: Option<DocumentKind>,
    /// Only this stored status name (e.g. `paid`). The derived `overdue` / `expired` are
    /// accepted too and resolved against `today`.
    pub status: Option<String>,
    /// Issued on or after.
    pub from: Option<NaiveDate>,
    /// Issued on or before.
    pub to: Option<NaiveDate>,
    /// Leave drafts out (the portal never shows them).
    #[serde(default)]
    pub issued_only: bool,
}

impl HistoryFilter {
    /// Issued invoices in status `paid` (the statement's payment history).
    pub fn paid_invoices() -> Self {
        Self {
            kind: Some(DocumentKind::Invoice),
            status: Some("paid".into()),
            issued_only: true,
            ..Self::default()
        }
    }
}

/// Where a page starts: the sort key of the last row of the previous page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryCursor {
    /// `created_at` of the last row seen.
    pub created_at: DateTime<Utc>,
    /// Id of the last row seen.
    pub id: Uuid,
}

impl HistoryCursor {
    /// Opaque text form for URLs.
    pub fn encode(&self) -> String {
        format!(
            "{}_{}",
            self.created_at.timestamp_micros(),
            self.id.simple()
        )
    }

    /// Parses [`Self::encode`].
    pub fn decode(s: &str) -> Option<Self> {
        let (ts, id) = s.split_once('_')?;
        Some(Self {
            created_at: DateTime::from_timestamp_micros(ts.parse().ok()?)?,
            id: Uuid::parse_str(id).ok()?,
        })
    }

    /// The cursor after `row`.
    pub fn after(row: &DocumentSummary) -> Self {
        Self {
            created_at: row.created_at,
            id: row.id,
        }
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Cursor of the next page, if there is one.
    pub next: Option<String>,
}
