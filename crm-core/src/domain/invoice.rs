//! Invoices, their status machine and the bill-to snapshot.
//!
//! ```text
//! draft ──issue──▶ sent ──pay (part)──▶ partial ──pay (rest)──▶ paid
//!   │               │  ╰──────────pay (all)───────────────────▶ │
//!   │               │        ◀──refund (all)── partial ◀──refund──╯
//!   ╰──cancel──▶ cancelled ◀──cancel── sent (only while nothing is paid)
//! ```
//!
//! `processing`: a payment was started with a delayed method (e.g. SEPA direct debit) and its
//! outcome is pending; it completes to `partial`/`paid` or reopens to `sent`/`partial`, and is
//! never overdue meanwhile.
//!
//! `overdue` is derived, never stored: sent or partial, due date passed, balance > 0.
//!
//! **Payments never exceed what is owed** — the balance plus open dunning fees and interest,
//! which a payment settles first (§367 BGB, [`Invoice::apply_payment`]) — (an overpayment is rejected with
//! [`InvoiceError::Overpayment`]; a provider that has already taken the money flags the event
//! for review instead). **Cancelling needs a zero net payment**: refund first, so a cancelled
//! invoice never holds money and the metrics stay simple and exact.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::address::{Country, PostalAddress};
use super::buyer_reference::BuyerReference;
use super::client::Client;
use super::currency::Currency;
use super::dunning::{Allocation, DunningCosts, allocate};
use super::einvoice_format::EInvoiceFormat;
use super::ids::{ClientId, CompanyId, InvoiceId, QuoteId};
use super::legal::Seller;
use super::money::{LineItem, Totals};
use super::service_period::ServicePeriod;
use super::tax_id::TaxId;
use super::tax_treatment::TaxTreatment;

/// The stored status of an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Being written; editable, not yet a legal document, no number.
    Draft,
    /// Issued, nothing paid.
    Sent,
    /// Issued, partly paid.
    Partial,
    /// A delayed payment (e.g. SEPA direct debit) is on its way.
    Processing,
    /// Fully paid.
    Paid,
    /// Cancelled; holds no money.
    Cancelled,
}

impl InvoiceStatus {
    /// All statuses.
    pub const ALL: [InvoiceStatus; 6] = [
        Self::Draft,
        Self::Sent,
        Self::Partial,
        Self::Processing,
        Self::Paid,
        Self::Cancelled,
    ];

    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Partial => "partial",
            Self::Processing => "processing",
            Self::Paid => "paid",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the invoice still expects money.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Sent | Self::Partial | Self::Processing)
    }
}

/// An invalid operation on an invoice. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    /// The operation is not allowed in the current status.
    #[error("cannot {action} an invoice that is {from}", from = .from.as_str())]
    Transition {
        /// Current status.
        from: InvoiceStatus,
        /// What was attempted.
        action: &'static str,
    },
    /// The payment exceeds what is owed.
    #[error("payment of {amount} exceeds the {balance} owed")]
    Overpayment {
        /// Attempted amount.
        amount: Decimal,
        /// What is owed: the balance plus open dunning fees and interest.
        balance: Decimal,
    },
    /// The refund exceeds what was paid.
    #[error("refund of {amount} exceeds the paid amount of {paid}")]
    RefundTooLarge {
        /// Attempted amount.
        amount: Decimal,
        /// Net amount paid.
        paid: Decimal,
    },
    /// The credit exceeds what the invoice still asks for.
    #[error("a credit of {amount} exceeds the remaining {remaining}")]
    CreditTooLarge {
        /// Attempted credit.
        amount: Decimal,
        /// Total less earlier credits.
        remaining: Decimal,
    },
    /// Wrong currency.
    #[error("currency {got} does not match the invoice currency {expected}")]
    CurrencyMismatch {
        /// The invoice's currency.
        expected: Currency,
        /// The payment's currency.
        got: Currency,
    },
}

/// The recipient block as it was when the invoice was issued. Editing the client later does
/// not change issued invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillTo {
    /// Client name.
    pub name: String,
    /// Client number.
    pub client_number: String,
    /// Primary contact's name.
    pub contact_name: Option<String>,
    /// Primary contact's email.
    pub contact_email: Option<String>,
    /// Billing address.
    pub address: PostalAddress,
    /// Tax or VAT ID.
    pub tax_id: Option<TaxId>,
    /// Business or consumer, as it was when issued.
    #[serde(default)]
    pub kind: super::client::ClientKind,
    /// The language the document is in (the client's when issued); `None` in snapshots taken
    /// before the language was frozen, which use the client's current one.
    #[serde(default)]
    pub locale: Option<super::locale::Locale>,
    /// BT-10 (for a public buyer its Leitweg-ID), as it was when issued; `None` also in
    /// snapshots taken before it was frozen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_reference: Option<BuyerReference>,
    /// The e-invoice format the document was issued in (the client's effective one then);
    /// `None` in snapshots taken before it was frozen, which get the default for the kind and
    /// countries they froze.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub einvoice_format: Option<EInvoiceFormat>,
}

impl BillTo {
    /// Snapshot of `client` now, billed by a seller in `seller_country` (which decides the
    /// client's default e-invoice format).
    pub fn of(client: &Client, seller_country: Country) -> Self {
        let primary = client.primary_contact();
        Self {
            name: client.name.clone(),
            client_number: client.number.clone(),
            contact_name: primary.map(|c| c.name.clone()),
            contact_email: primary.map(|c| c.email.to_string()),
            address: client.address.clone(),
            tax_id: client.tax_id.clone(),
            kind: client.kind,
            locale: Some(client.locale),
            buyer_reference: client.buyer_reference.clone(),
            einvoice_format: Some(client.effective_einvoice_format(seller_country)),
        }
    }
}

/// An invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// Id.
    pub id: InvoiceId,
    /// Tenant.
    pub company_id: CompanyId,
    /// Client.
    pub client_id: ClientId,
    /// Number, assigned when issued (sequential without gaps per company).
    pub number: Option<String>,
    /// Stored status.
    pub status: InvoiceStatus,
    /// Currency (the client's).
    pub currency: Currency,
    /// Line items.
    pub lines: Vec<LineItem>,
    /// The tax treatment of the lines that have none of their own.
    #[serde(default)]
    pub treatment: TaxTreatment,
    /// Totals computed from the lines.
    pub totals: Totals,
    /// Date of supply or service period; `None` prints "date of supply = invoice date".
    #[serde(default)]
    pub service_period: Option<ServicePeriod>,
    /// Net principal paid: payments − refunds, without the parts that went to dunning fees and
    /// interest (those are on [`Self::dunning`]'s costs).
    pub amount_paid: Decimal,
    /// Amount still due (total − paid for open invoices; 0 for drafts, paid and cancelled).
    pub balance: Decimal,
    /// Issue date; on a draft, the date staff chose (today when issued if none).
    pub issue_date: Option<NaiveDate>,
    /// Due date.
    pub due_date: Option<NaiveDate>,
    /// Bill-to snapshot taken when issued.
    pub bill_to: Option<BillTo>,
    /// Seller snapshot taken when issued.
    #[serde(default)]
    pub seller: Option<Seller>,
    /// Notes printed on the invoice.
    pub notes: Option<String>,
    /// Payment terms printed on the invoice.
    pub terms: Option<String>,
    /// The cash discount offered, frozen at issue.
    #[serde(default)]
    pub skonto: Option<super::payment_terms::SkontoOffer>,
    /// For an invoice in a foreign currency: euros per unit, which states its VAT in euros
    /// (required at issue when VAT is charged; see [`super::exchange_rate`]).
    #[serde(default)]
    pub eur_rate: Option<super::exchange_rate::EurRate>,
    /// The last dunning level it reached, when and by which reminder.
    #[serde(default)]
    pub dunning: Option<super::dunning::DunningMark>,
    /// Σ of the corrective credits against it (positive): the total less this is what it
    /// asks for.
    #[serde(default)]
    pub credited: Decimal,
    /// The cancellation invoice that cancelled it.
    #[serde(default)]
    pub cancelled_by: Option<super::correction::CorrectionRef>,
    /// The quote it was converted from.
    pub quote_id: Option<QuoteId>,
    /// First time the client opened it in the portal.
    pub viewed_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Invoice {
    /// The status to show at `today`: `Overdue` replaces sent/partial once the due date passed.
    pub fn display_status(&self, today: NaiveDate) -> DisplayStatus {
        if self.is_overdue(today) {
            return DisplayStatus::Overdue;
        }
        match self.status {
            InvoiceStatus::Draft => DisplayStatus::Draft,
            InvoiceStatus::Sent => DisplayStatus::Sent,
            InvoiceStatus::Partial => DisplayStatus::Partial,
            InvoiceStatus::Processing => DisplayStatus::Processing,
            InvoiceStatus::Paid => DisplayStatus::Paid,
            InvoiceStatus::Cancelled => DisplayStatus::Cancelled,
        }
    }

    /// Sent or partly paid, with a balance, and past its due date (a payment in progress is
    /// not overdue).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        matches!(self.status, InvoiceStatus::Sent | InvoiceStatus::Partial)
            && self.balance > Decimal::ZERO
            && self.due_date.is_some_and(|d| d < today)
    }

    /// Replaces the lines and the treatment of a draft.
    pub fn set_lines(
        &mut self,
        lines: Vec<LineItem>,
        treatment: TaxTreatment,
    ) -> Result<(), InvoiceError> {
        self.require(&[InvoiceStatus::Draft], "edit")?;
        self.totals = Totals::compute_with(&lines, &treatment, self.currency);
        self.lines = lines;
        self.treatment = treatment;
        Ok(())
    }

    /// Issues a draft on `date` (the chosen issue date, checked by the caller): number,
    /// dates, bill-to and seller snapshots; the whole total becomes due.
    pub fn issue(
        &mut self,
        number: String,
        date: NaiveDate,
        payment_terms_days: u32,
        parties: (Seller, BillTo),
    ) -> Result<(), InvoiceError> {
        self.require(&[InvoiceStatus::Draft], "issue")?;
        self.number = Some(number);
        self.issue_date = Some(date);
        if self.due_date.is_none_or(|d| d < date) {
            self.due_date = date.checked_add_days(Days::new(u64::from(payment_terms_days)));
        }
        let (seller, bill_to) = parties;
        self.seller = Some(seller);
        self.bill_to = Some(bill_to);
        self.balance = self.totals.total;
        self.amount_paid = Decimal::ZERO;
        self.status = if self.balance.is_zero() {
            InvoiceStatus::Paid
        } else {
            InvoiceStatus::Sent
        };
        Ok(())
    }

    /// The dunning fees and interest claimed on it, and what was paid of them.
    pub fn costs(&self) -> DunningCosts {
        self.dunning.map(|m| m.costs).unwrap_or_default()
    }

    /// The fees and interest still owed (none once cancelled: the claim they add to is gone).
    pub fn costs_open(&self) -> Decimal {
        match self.status {
            InvoiceStatus::Draft | InvoiceStatus::Cancelled => Decimal::ZERO,
            _ => self.costs().open(),
        }
    }

    /// Everything the client owes on it: the balance plus the open fees and interest.
    pub fn amount_due(&self) -> Decimal {
        self.balance + self.costs_open()
    }

    /// Applies a payment of `amount` (already validated positive and exact), at most what is
    /// owed ([`Self::amount_due`]): fees first, then interest, then the principal (§367 Abs. 1
    /// BGB, see [`super::dunning::allocate`]). Returns how it was applied, which the payment
    /// records. It is paid once nothing is owed: principal, fees and interest.
    pub fn apply_payment(
        &mut self,
        amount: Decimal,
        currency: Currency,
    ) -> Result<Allocation, InvoiceError> {
        self.require(
            &[
                InvoiceStatus::Sent,
                InvoiceStatus::Partial,
                InvoiceStatus::Processing,
            ],
            "pay",
        )?;
        if currency != self.currency {
            return Err(InvoiceError::CurrencyMismatch {
                expected: self.currency,
                got: currency,
            });
        }
        if amount > self.amount_due() {
            return Err(InvoiceError::Overpayment {
                amount,
                balance: self.amount_due(),
            });
        }
        let (applied, _) = allocate(amount, self.costs().with_principal(self.balance));
        if let Some(mark) = self.dunning.as_mut() {
            mark.costs.settle(&applied);
        }
        self.amount_paid += applied.principal;
        self.balance -= applied.principal;
        self.status = if self.settled() {
            InvoiceStatus::Paid
        } else {
            InvoiceStatus::Partial
        };
        Ok(applied)
    }

    /// Takes back a refund split as `parts` (see [`crate::domain::Payment::refund_split`]):
    /// its principal part is due again, its fee and interest parts are owed again. A cancelled
    /// invoice stays cancelled (the refund pays back what it held).
    pub fn apply_refund(&mut self, parts: &Allocation) -> Result<(), InvoiceError> {
        self.require(
            &[
                InvoiceStatus::Partial,
                InvoiceStatus::Paid,
                InvoiceStatus::Processing,
                InvoiceStatus::Cancelled,
            ],
            "refund",
        )?;
        let costs = self.costs();
        if parts.principal > self.amount_paid
            || parts.fees > costs.fees_paid
            || parts.interest > costs.interest_paid
        {
            return Err(InvoiceError::RefundTooLarge {
                amount: parts.applied(),
                paid: self.amount_paid + costs.paid(),
            });
        }
        self.amount_paid -= parts.principal;
        if let Some(mark) = self.dunning.as_mut() {
            mark.costs.unsettle(parts);
            // Waived stays waived: what the refund gives back of fees and interest is not
            // owed again.
            if mark.waived {
                mark.costs.waive();
            }
        }
        if self.status == InvoiceStatus::Cancelled {
            return Ok(());
        }
        self.settle();
        Ok(())
    }

    /// A delayed payment started: sent or partial → processing.
    pub fn mark_processing(&mut self) -> Result<(), InvoiceError> {
        self.require(
            &[InvoiceStatus::Sent, InvoiceStatus::Partial],
            "start a payment on",
        )?;
        self.status = InvoiceStatus::Processing;
        Ok(())
    }

    /// A delayed payment failed: processing → sent (or partial, if something was paid before).
    pub fn reopen(&mut self) -> Result<(), InvoiceError> {
        self.require(&[InvoiceStatus::Processing], "reopen")?;
        self.status = if self.nothing_paid() {
            InvoiceStatus::Sent
        } else {
            InvoiceStatus::Partial
        };
        Ok(())
    }

    /// Cancels a draft (never a legal document: nothing to correct).
    pub fn cancel(&mut self) -> Result<(), InvoiceError> {
        self.require(&[InvoiceStatus::Draft], "cancel")?;
        self.status = InvoiceStatus::Cancelled;
        self.balance = Decimal::ZERO;
        Ok(())
    }

    /// What it asks for: the total less its corrective credits.
    pub fn due_total(&self) -> Decimal {
        self.totals.total - self.credited
    }

    /// What was paid beyond what it asks for (everything paid, once cancelled): to be paid
    /// back to the client.
    pub fn refund_due(&self) -> Decimal {
        match self.status {
            InvoiceStatus::Draft => Decimal::ZERO,
            // Cancelled: the claim is gone, and with it the fees and interest on it.
            InvoiceStatus::Cancelled => self.amount_paid + self.costs().paid(),
            _ => (self.amount_paid - self.due_total()).max(Decimal::ZERO),
        }
    }

    /// The checks of a cancellation invoice: issued, and no payment in flight.
    pub fn check_cancellable(&self) -> Result<(), InvoiceError> {
        self.require(
            &[
                InvoiceStatus::Sent,
                InvoiceStatus::Partial,
                InvoiceStatus::Paid,
            ],
            "cancel",
        )
    }

    /// Cancelled by the cancellation invoice `by`: holds nothing due any more; what was paid
    /// stays recorded until refunded.
    pub fn cancel_by(&mut self, by: super::correction::CorrectionRef) -> Result<(), InvoiceError> {
        self.check_cancellable()?;
        self.status = InvoiceStatus::Cancelled;
        self.balance = Decimal::ZERO;
        self.cancelled_by = Some(by);
        Ok(())
    }

    /// The checks of a corrective credit of `amount`: issued, not cancelled, no payment in
    /// flight, and not beyond what it still asks for.
    pub fn check_creditable(&self, amount: Decimal) -> Result<(), InvoiceError> {
        self.require(
            &[
                InvoiceStatus::Sent,
                InvoiceStatus::Partial,
                InvoiceStatus::Paid,
            ],
            "credit",
        )?;
        if amount > self.due_total() {
            return Err(InvoiceError::CreditTooLarge {
                amount,
                remaining: self.due_total(),
            });
        }
        Ok(())
    }

    /// Takes a corrective credit of `amount` off what it asks for.
    pub fn apply_credit(&mut self, amount: Decimal) -> Result<(), InvoiceError> {
        self.check_creditable(amount)?;
        self.credited += amount;
        self.settle();
        Ok(())
    }

    /// Balance and status from the amounts: balance = what it asks for less what was paid
    /// (never negative), then paid / partial / sent (a payment in flight stays processing).
    fn settle(&mut self) {
        self.balance = (self.due_total() - self.amount_paid).max(Decimal::ZERO);
        if self.status == InvoiceStatus::Processing {
            return;
        }
        self.status = if self.settled() {
            InvoiceStatus::Paid
        } else if self.nothing_paid() {
            InvoiceStatus::Sent
        } else {
            InvoiceStatus::Partial
        };
    }

    /// Whether nothing is owed any more: no balance and no open fees or interest (an invoice
    /// whose principal a credit or a payment cleared while fees stay open is partly paid, so
    /// it can still be paid and the fees waived).
    fn settled(&self) -> bool {
        self.balance.is_zero() && self.costs().open().is_zero()
    }

    /// Whether nothing is held of what was paid: no principal and no dunning fees or interest
    /// (a payment that settled only fees makes the invoice partly paid, and refundable).
    fn nothing_paid(&self) -> bool {
        self.amount_paid.is_zero() && self.costs().paid().is_zero()
    }

    fn require(&self, allowed: &[InvoiceStatus], action: &'static str) -> Result<(), InvoiceError> {
        if allowed.contains(&self.status) {
            Ok(())
        } else {
            Err(InvoiceError::Transition {
                from: self.status,
                action,
            })
        }
    }
}

/// The status shown to people, with the derived `Overdue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisplayStatus {
    /// Draft.
    Draft,
    /// Sent, nothing paid, not overdue.
    Sent,
    /// Partly paid, not overdue.
    Partial,
    /// A delayed payment is on its way.
    Processing,
    /// Paid.
    Paid,
    /// Past due with a balance.
    Overdue,
    /// Cancelled.
    Cancelled,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::domain::client::ClientKind;
    use crate::domain::locale::Locale;

    fn bill_to() -> BillTo {
        BillTo {
            name: "Alpha".into(),
            client_number: "K-1".into(),
            contact_name: None,
            contact_email: None,
            address: PostalAddress::new(
                "Hauptstraße 1",
                "Berlin",
                None,
                "10115",
                Country::parse("DE").unwrap(),
            )
            .unwrap(),
            tax_id: None,
            kind: ClientKind::Business,
            locale: Some(Locale::De),
            buyer_reference: None,
            einvoice_format: None,
        }
    }

    /// Snapshots frozen before the e-invoice fields existed read as `None` and are written
    /// exactly as before; new ones keep both.
    #[test]
    fn bill_to_snapshots_with_and_without_the_einvoice_fields() {
        let old = bill_to();
        let json = serde_json::to_value(&old).unwrap();
        assert!(json.get("buyer_reference").is_none(), "{json}");
        assert!(json.get("einvoice_format").is_none(), "{json}");
        assert_eq!(serde_json::from_value::<BillTo>(json).unwrap(), old);

        let mut new = old;
        new.buyer_reference = Some(BuyerReference::parse("991-33333TEST-33").unwrap());
        new.einvoice_format = Some(EInvoiceFormat::XrechnungUbl);
        let json = serde_json::to_value(&new).unwrap();
        assert_eq!(json["einvoice_format"], "xrechnung_ubl");
        assert_eq!(json["buyer_reference"], "991-33333TEST-33");
        assert_eq!(serde_json::from_value::<BillTo>(json).unwrap(), new);
    }
}
