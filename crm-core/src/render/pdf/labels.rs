//! Every word printed on a document, in German and English.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{AgingBucket, Currency, DisplayStatus, Locale, TaxId, TaxRate};
use crate::render::format;

/// The fixed labels of one language.
pub(crate) struct Labels {
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
    pub aging: &'static str,
    pub aging_total: &'static str,
    pub aging_note: &'static str,
    aging_buckets: [&'static str; 5],
}

const DE: Labels = Labels {
    invoice: "Rechnung",
    quote: "Angebot",
    statement: "Kontoauszug",
    draft: "Entwurf",
    cancelled: "Storniert",
    invoice_number: "Rechnungsnr.",
    quote_number: "Angebotsnr.",
    invoice_date: "Rechnungsdatum",
    quote_date: "Angebotsdatum",
    due_date: "Fällig am",
    valid_until: "Gültig bis",
    client_number: "Kundennr.",
    attention: "z. Hd.",
    vat_id: "USt-IdNr.",
    tax_number: "Steuernummer",
    col_pos: "Pos.",
    col_description: "Beschreibung",
    col_quantity: "Menge",
    col_unit_price: "Einzelpreis",
    col_tax: "USt",
    col_net: "Netto",
    discount: "abzgl. Rabatt",
    net_total: "Nettobetrag",
    total: "Gesamtbetrag",
    amount_paid: "Bereits bezahlt",
    balance_due: "Offener Betrag",
    bank_details: "Bankverbindung",
    period: "Zeitraum",
    as_of: "Stichtag",
    invoices: "Rechnungen",
    payments: "Zahlungen",
    col_number: "Nummer",
    col_date: "Datum",
    col_due: "Fällig",
    col_total: "Betrag",
    col_balance: "Offen",
    col_status: "Status",
    col_invoice: "Rechnung",
    col_method: "Zahlungsart",
    col_reference: "Referenz",
    col_amount: "Betrag",
    refunded: "davon erstattet",
    no_invoices: "Keine Rechnungen in diesem Zeitraum.",
    no_payments: "Keine Zahlungen in diesem Zeitraum.",
    outstanding: "Offener Gesamtbetrag",
    aging: "Fälligkeitsstruktur der offenen Rechnungen",
    aging_total: "Gesamt",
    aging_note: "Tage nach Fälligkeit zum Stichtag; noch nicht fällige Beträge zählen zu 0–30 Tage.",
    aging_buckets: [
        "0–30 Tage",
        "31–60 Tage",
        "61–90 Tage",
        "91–120 Tage",
        "über 120 Tage",
    ],
};

const EN: Labels = Labels {
    invoice: "Invoice",
    quote: "Quote",
    statement: "Statement of account",
    draft: "Draft",
    cancelled: "Cancelled",
    invoice_number: "Invoice no.",
    quote_number: "Quote no.",
    invoice_date: "Invoice date",
    quote_date: "Quote date",
    due_date: "Due date",
    valid_until: "Valid until",
    client_number: "Client no.",
    attention: "Attn.",
    vat_id: "VAT ID",
    tax_number: "Tax number",
    col_pos: "#",
    col_description: "Description",
    col_quantity: "Qty",
    col_unit_price: "Unit price",
    col_tax: "VAT",
    col_net: "Net",
    discount: "less discount",
    net_total: "Net total",
    total: "Total",
    amount_paid: "Amount paid",
    balance_due: "Balance due",
    bank_details: "Bank details",
    period: "Period",
    as_of: "As of",
    invoices: "Invoices",
    payments: "Payments",
    col_number: "Number",
    col_date: "Date",
    col_due: "Due",
    col_total: "Total",
    col_balance: "Balance",
    col_status: "Status",
    col_invoice: "Invoice",
    col_method: "Method",
    col_reference: "Reference",
    col_amount: "Amount",
    refunded: "refunded",
    no_invoices: "No invoices in this period.",
    no_payments: "No payments in this period.",
    outstanding: "Total outstanding",
    aging: "Aging of open invoices",
    aging_total: "Total",
    aging_note: "Days past due at the statement date; amounts not yet due count as 0–30 days.",
    aging_buckets: [
        "0–30 days",
        "31–60 days",
        "61–90 days",
        "91–120 days",
        "over 120 days",
    ],
};

impl Labels {
    /// The labels of `locale`.
    pub(crate) fn of(locale: Locale) -> &'static Labels {
        match locale {
            Locale::De => &DE,
            Locale::En => &EN,
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
    match locale {
        Locale::De => format!("Seite {page} von {pages}"),
        Locale::En => format!("Page {page} of {pages}"),
    }
}

/// "zzgl. 19 % USt auf 1.000,00 €" / "plus 19% VAT on €1,000.00".
pub(crate) fn plus_tax(locale: Locale, rate: TaxRate, net: Decimal, currency: Currency) -> String {
    let rate = format::percent(rate.percent(), locale);
    let net = format::money(net, currency, locale);
    match locale {
        Locale::De => format!("zzgl. {rate} USt auf {net}"),
        Locale::En => format!("plus {rate} VAT on {net}"),
    }
}

/// "Zahlbar bis 11.12.2026." / "Payable by Dec 11, 2026.".
pub(crate) fn payable_by(locale: Locale, due: NaiveDate) -> String {
    let due = format::date(due, locale);
    match locale {
        Locale::De => format!("Zahlbar bis {due}."),
        Locale::En => format!("Payable by {due}."),
    }
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
    match (locale, status) {
        (Locale::De, Draft) => "Entwurf",
        (Locale::De, Sent) => "Offen",
        (Locale::De, Partial) => "Teilbezahlt",
        (Locale::De, Processing) => "Zahlung läuft",
        (Locale::De, Paid) => "Bezahlt",
        (Locale::De, Overdue) => "Überfällig",
        (Locale::De, Cancelled) => "Storniert",
        (Locale::En, Draft) => "Draft",
        (Locale::En, Sent) => "Open",
        (Locale::En, Partial) => "Partly paid",
        (Locale::En, Processing) => "Payment processing",
        (Locale::En, Paid) => "Paid",
        (Locale::En, Overdue) => "Overdue",
        (Locale::En, Cancelled) => "Cancelled",
    }
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
