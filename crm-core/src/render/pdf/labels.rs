//! Every word printed on a document: the `pdf.*` texts of the message catalogue
//! (`crm-core/locales/*/pdf.ftl`), gathered once per language into [`Labels`].

use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{AgingBucket, Currency, DisplayStatus, Locale, TaxId, TaxRate, TaxTreatment};
use crate::i18n::{self, Arg};
use crate::render::format;

/// The fixed labels of one language, read from the catalogue once (the renderers use them
/// field by field on every page).
pub(crate) struct Labels {
    pub locale: Locale,
    pub invoice: &'static str,
    pub quote: &'static str,
    pub statement: &'static str,
    pub draft: &'static str,
    pub cancelled: &'static str,
    pub invoice_number: &'static str,
    pub quote_number: &'static str,
    pub invoice_date: &'static str,
    pub quote_date: &'static str,
    pub due_date: &'static str,
    pub valid_until: &'static str,
    pub client_number: &'static str,
    pub attention: &'static str,
    vat_id: &'static str,
    tax_number: &'static str,
    pub seller_vat_id: &'static str,
    pub seller_tax_number: &'static str,
    pub contact: &'static str,
    pub service_date: &'static str,
    pub service_period: &'static str,
    pub service_date_is_issue_date: &'static str,
    pub col_pos: &'static str,
    pub col_description: &'static str,
    pub col_quantity: &'static str,
    pub col_unit_price: &'static str,
    pub col_tax: &'static str,
    pub col_net: &'static str,
    pub discount: &'static str,
    pub net_total: &'static str,
    pub total: &'static str,
    pub amount_paid: &'static str,
    pub balance_due: &'static str,
    pub bank_details: &'static str,
    pub period: &'static str,
    pub as_of: &'static str,
    pub invoices: &'static str,
    pub payments: &'static str,
    pub col_number: &'static str,
    pub col_date: &'static str,
    pub col_due: &'static str,
    pub col_total: &'static str,
    pub col_balance: &'static str,
    pub col_status: &'static str,
    pub col_invoice: &'static str,
    pub col_method: &'static str,
    pub col_reference: &'static str,
    pub col_amount: &'static str,
    pub refunded: &'static str,
    pub no_invoices: &'static str,
    pub no_payments: &'static str,
    pub outstanding: &'static str,
    pub costs_outstanding: &'static str,
    pub aging: &'static str,
    pub aging_total: &'static str,
    pub aging_note: &'static str,
    aging_buckets: [&'static str; 5],
}

impl Labels {
    fn load(locale: Locale) -> Self {
        let t = |key: &'static str| i18n::text(locale, key).unwrap_or(key);
        Self {
            locale,
            invoice: t("pdf.invoice"),
            quote: t("pdf.quote"),
            statement: t("pdf.statement"),
            draft: t("pdf.draft"),
            cancelled: t("pdf.cancelled"),
            invoice_number: t("pdf.invoice_number"),
            quote_number: t("pdf.quote_number"),
            invoice_date: t("pdf.invoice_date"),
            quote_date: t("pdf.quote_date"),
            due_date: t("pdf.due_date"),
            valid_until: t("pdf.valid_until"),
            client_number: t("pdf.client_number"),
            attention: t("pdf.attention"),
            vat_id: t("pdf.vat_id"),
            tax_number: t("pdf.tax_number"),
            seller_vat_id: t("pdf.seller_vat_id"),
            seller_tax_number: t("pdf.seller_tax_number"),
            contact: t("pdf.contact"),
            service_date: t("pdf.service_date"),
            service_period: t("pdf.service_period"),
            service_date_is_issue_date: t("pdf.service_date_is_issue_date"),
            col_pos: t("pdf.col_pos"),
            col_description: t("pdf.col_description"),
            col_quantity: t("pdf.col_quantity"),
            col_unit_price: t("pdf.col_unit_price"),
            col_tax: t("pdf.col_tax"),
            col_net: t("pdf.col_net"),
            discount: t("pdf.discount"),
            net_total: t("pdf.net_total"),
            total: t("pdf.total"),
            amount_paid: t("pdf.amount_paid"),
            balance_due: t("pdf.balance_due"),
            bank_details: t("pdf.bank_details"),
            period: t("pdf.period"),
            as_of: t("pdf.as_of"),
            invoices: t("pdf.invoices"),
            payments: t("pdf.payments"),
            col_number: t("pdf.col_number"),
            col_date: t("pdf.col_date"),
            col_due: t("pdf.col_due"),
            col_total: t("pdf.col_total"),
            col_balance: t("pdf.col_balance"),
            col_status: t("pdf.col_status"),
            col_invoice: t("pdf.col_invoice"),
            col_method: t("pdf.col_method"),
            col_reference: t("pdf.col_reference"),
            col_amount: t("pdf.col_amount"),
            refunded: t("pdf.refunded"),
            no_invoices: t("pdf.no_invoices"),
            no_payments: t("pdf.no_payments"),
            outstanding: t("pdf.outstanding"),
            costs_outstanding: t("pdf.costs_outstanding"),
            aging: t("pdf.aging"),
            aging_total: t("pdf.aging_total"),
            aging_note: t("pdf.aging_note"),
            aging_buckets: [
                t("pdf.aging.current"),
                t("pdf.aging.31_60"),
                t("pdf.aging.61_90"),
                t("pdf.aging.91_120"),
                t("pdf.aging.over_120"),
            ],
        }
    }

    /// The labels of `locale`.
    pub(crate) fn of(locale: Locale) -> &'static Labels {
        static DE: OnceLock<Labels> = OnceLock::new();
        static EN: OnceLock<Labels> = OnceLock::new();
        match locale {
            Locale::De => DE.get_or_init(|| Labels::load(Locale::De)),
            Locale::En => EN.get_or_init(|| Labels::load(Locale::En)),
        }
    }

    /// "USt-IdNr." / "VAT ID" for VAT IDs, "Steuernummer" / "Tax number" otherwise.
    pub(crate) fn tax_id(&self, id: &TaxId) -> &'static str {
        if id.is_vat() {
            self.vat_id
        } else {
            self.tax_number
        }
    }

    pub(crate) fn aging_bucket(&self, bucket: AgingBucket) -> &'static str {
        let i = AgingBucket::ALL
            .iter()
            .position(|b| *b == bucket)
            .unwrap_or_default();
        self.aging_buckets[i]
    }
}

/// "Seite 1 von 3" / "Page 1 of 3".
pub(crate) fn page_of(locale: Locale, page: usize, pages: usize) -> String {
    i18n::text_args(
        locale,
        "pdf.page_of",
        &[("page", Arg::from(page)), ("pages", Arg::from(pages))],
    )
}

/// "zzgl. 19 % USt auf 1.000,00 €" / "plus 19% VAT on €1,000.00".
pub(crate) fn plus_tax(locale: Locale, rate: TaxRate, net: Decimal, currency: Currency) -> String {
    let rate = format::percent(rate.percent(), locale);
    let net = format::money(net, currency, locale);
    i18n::text_args(
        locale,
        "pdf.plus_tax",
        &[("rate", Arg::from(rate)), ("net", Arg::from(net))],
    )
}

/// "Steuerfrei auf 500,00 €": the net sum of a treatment without VAT (the sentence below the
/// totals names the norm).
pub(crate) fn treatment_on(
    locale: Locale,
    treatment: &TaxTreatment,
    net: Decimal,
    currency: Currency,
) -> String {
    let key = treatment.short_label_key();
    let name = i18n::text(locale, key).unwrap_or(key);
    let net = format::money(net, currency, locale);
    i18n::text_args(
        locale,
        "pdf.treatment_on",
        &[("treatment", Arg::from(name)), ("net", Arg::from(net))],
    )
}

/// "Bei Zahlung bis 07.12.2026 gewähren wir 2 % Skonto (23,80 €); …".
pub(crate) fn skonto(locale: Locale, s: &crate::domain::SkontoOffer, currency: Currency) -> String {
    i18n::text_args(
        locale,
        "pdf.skonto",
        &[
            ("until", Arg::from(format::date(s.until, locale))),
            ("percent", Arg::from(format::percent(s.percent, locale))),
            (
                "discount",
                Arg::from(format::money(s.discount, currency, locale)),
            ),
            ("pay", Arg::from(format::money(s.pay, currency, locale))),
        ],
    )
}

/// "Zahlbar bis 11.12.2026." / "Payable by Dec 11, 2026.".
pub(crate) fn payable_by(locale: Locale, due: NaiveDate) -> String {
    let due = format::date(due, locale);
    i18n::text_args(locale, "pdf.payable_by", &[("due", Arg::from(due))])
}

/// "01.10.2026 – 30.11.2026".
pub(crate) fn period(locale: Locale, from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "{} – {}",
        format::date(from, locale),
        format::date(to, locale)
    )
}

/// The status of an invoice in words.
pub(crate) fn status(locale: Locale, status: DisplayStatus) -> &'static str {
    use DisplayStatus::*;
    let key = match status {
        Draft => "pdf.status.draft",
        Sent => "pdf.status.sent",
        Partial => "pdf.status.partial",
        Processing => "pdf.status.processing",
        Paid => "pdf.status.paid",
        Overdue => "pdf.status.overdue",
        Cancelled => "pdf.status.cancelled",
    };
    i18n::text(locale, key).unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use rust_decimal::dec;

    use super::*;

    #[test]
    fn tax_id_labels_follow_kind_and_language() {
        let vat = TaxId::parse("DE136695976", None).expect("vat id");
        let national = TaxId::parse("12/345/67890", None).expect("tax number");
        assert_eq!(Labels::of(Locale::De).tax_id(&vat), "USt-IdNr.");
        assert_eq!(Labels::of(Locale::De).tax_id(&national), "Steuernummer");
        assert_eq!(Labels::of(Locale::En).tax_id(&vat), "VAT ID");
        assert_eq!(Labels::of(Locale::En).tax_id(&national), "Tax number");
    }

    #[test]
    fn formatted_phrases() {
        let rate = TaxRate::new(dec!(19)).expect("rate");
        assert_eq!(
            plus_tax(Locale::De, rate, dec!(1000), Currency::EUR),
            "zzgl. 19\u{a0}% USt auf 1.000,00\u{a0}€"
        );
        assert_eq!(
            plus_tax(Locale::En, rate, dec!(1000), Currency::EUR),
            "plus 19% VAT on €1,000.00"
        );
        let d = NaiveDate::from_ymd_opt(2026, 12, 11).expect("date");
        assert_eq!(payable_by(Locale::De, d), "Zahlbar bis 11.12.2026.");
        assert_eq!(payable_by(Locale::En, d), "Payable by Dec 11, 2026.");
        assert_eq!(page_of(Locale::De, 1, 3), "Seite 1 von 3");
        assert_eq!(page_of(Locale::En, 2, 3), "Page 2 of 3");
        assert_eq!(
            Labels::of(Locale::En).aging_bucket(AgingBucket::Over120),
            "over 120 days"
        );
    }
}
