//! Quotes (Angebote) and their status machine.
//!
//! ```text
//! draft ──send──▶ sent ──approve──▶ approved ──convert──▶ (invoice draft)
//!                  ├──reject(reason)──▶ rejected
//!                  ╰── valid_until passed ──▶ expired (derived, never stored)
//! ```

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::currency::Currency;
use super::ids::{ClientId, CompanyId, InvoiceId, QuoteId};
use super::invoice::BillTo;
use super::money::{LineItem, Totals};

/// The stored status of a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// Being written.
    Draft,
    /// Sent to the client, awaiting an answer.
    Sent,
    /// Accepted by the client.
    Approved,
    /// Declined by the client.
    Rejected,
}

impl QuoteStatus {
    /// All statuses.
    pub const ALL: [QuoteStatus; 4] = [Self::Draft, Self::Sent, Self::Approved, Self::Rejected];

    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// The status shown to people, with the derived `Expired`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteDisplayStatus {
    /// Draft.
    Draft,
    /// Sent, still valid.
    Sent,
    /// Approved.
    Approved,
    /// Rejected.
    Rejected,
    /// Sent and past its validity date.
    Expired,
}

/// An invalid operation on a quote. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// Not allowed in the current status.
    #[error("cannot {action} a quote that is {from}", from = .from.as_str())]
    Transition {
        /// Current status.
        from: QuoteStatus,
        /// What was attempted.
        action: &'static str,
    },
    /// The quote is past its validity date.
    #[error("the quote expired on {0}")]
    Expired(NaiveDate),
    /// The quote was converted already.
    #[error("the quote was already converted to an invoice")]
    AlreadyConverted,
}

/// A quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Id.
    pub id: QuoteId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Client.
    pub client_id: ClientId,
    /// Number, assigned when sent.
    pub number: Option<String>,
    /// Stored status.
    pub status: QuoteStatus,
    /// Currency (the client's).
    pub currency: Currency,
    /// Line items.
    pub lines: Vec<LineItem>,
    /// Totals.
    pub totals: Totals,
    /// Date sent.
    pub issue_date: Option<NaiveDate>,
    /// Valid until (inclusive).
    pub valid_until: Option<NaiveDate>,
    /// Bill-to snapshot taken when sent.
    pub bill_to: Option<BillTo>,
    /// Notes printed on the quote.
    pub notes: Option<String>,
    /// Why the client rejected it.
    pub rejection_reason: Option<String>,
    /// The invoice it was converted to.
    pub invoice_id: Option<InvoiceId>,
    /// First time the client opened it in the portal.
    pub viewed_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Quote {
    /// The status to show at `today`.
    pub fn display_status(&self, today: NaiveDate) -> QuoteDisplayStatus {
        match self.status {
            QuoteStatus::Draft => QuoteDisplayStatus::Draft,
            QuoteStatus::Sent if self.is_expired(today) => QuoteDisplayStatus::Expired,
            QuoteStatus::Sent => QuoteDisplayStatus::Sent,
            QuoteStatus::Approved => QuoteDisplayStatus::Approved,
            QuoteStatus::Rejected => QuoteDisplayStatus::Rejected,
        }
    }

    /// Sent and past its validity date.
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.status == QuoteStatus::Sent && self.valid_until.is_some_and(|d| d < today)
    }

    /// Replaces the lines of a draft.
    pub fn set_lines(&mut self, lines: Vec<LineItem>) -> Result<(), QuoteError> {
        self.require(QuoteStatus::Draft, "edit")?;
        self.totals = Totals::compute(&lines, self.currency);
        self.lines = lines;
        Ok(())
    }

    /// Sends a draft: number, dates and bill-to snapshot.
    pub fn send(
        &mut self,
        number: String,
        today: NaiveDate,
        validity_days: u32,
        bill_to: BillTo,
    ) -> Result<(), QuoteError> {
        self.require(QuoteStatus::Draft, "send")?;
        self.number = Some(number);
        self.issue_date = Some(today);
        if self.valid_until.is_none_or(|d| d < today) {
            self.valid_until = today.checked_add_days(chrono::Days::new(u64::from(validity_days)));
        }
        self.bill_to = Some(bill_to);
        self.status = QuoteStatus::Sent;
        Ok(())
    }

    /// The client accepts.
    pub fn approve(&mut self, today: NaiveDate) -> Result<(), QuoteError> {
        self.require(QuoteStatus::Sent, "approve")?;
        self.not_expired(today)?;
        self.status = QuoteStatus::Approved;
        Ok(())
    }

    /// The client declines, optionally saying why.
    pub fn reject(&mut self, today: NaiveDate, reason: Option<String>) -> Result<(), QuoteError> {
        self.require(QuoteStatus::Sent, "reject")?;
        self.not_expired(today)?;
        self.status = QuoteStatus::Rejected;
        self.rejection_reason = reason;
        Ok(())
    }

    /// Records the conversion into `invoice`.
    pub fn mark_converted(&mut self, invoice: InvoiceId) -> Result<(), QuoteError> {
        self.require(QuoteStatus::Approved, "convert")?;
        if self.invoice_id.is_some() {
            return Err(QuoteError::AlreadyConverted);
        }
        self.invoice_id = Some(invoice);
        Ok(())
    }

    fn not_expired(&self, today: NaiveDate) -> Result<(), QuoteError> {
        match self.valid_until {
            Some(d) if d < today => Err(QuoteError::Expired(d)),
            _ => Ok(()),
        }
    }

    fn require(&self, allowed: QuoteStatus, action: &'static str) -> Result<(), QuoteError> {
        if self.status == allowed {
            Ok(())
        } else {
            Err(QuoteError::Transition {
                from: self.status,
                action,
            })
        }
    }
}
