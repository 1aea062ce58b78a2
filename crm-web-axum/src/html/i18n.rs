//! The texts of the pages in German and English: one table, looked up by key.
//!
//! Templates use `{{t "key"}}`; Rust code uses [`text`]. A missing key is a render error in
//! templates (strict), so a typo fails the tests instead of showing an empty label.

use std::collections::HashMap;
use std::sync::OnceLock;

use crm_core::domain::Locale;

/// `(key, German, English)`.
const TEXTS: &[(&str, &str, &str)] = &[
    // Layout and navigation.
    ("skip", "Zum Inhalt springen", "Skip to content"),
    ("portal", "Kundenportal", "Client portal"),
    ("nav.label", "Hauptnavigation", "Main navigation"),
    ("nav.statement", "Übersicht", "Statement"),
    ("nav.invoices", "Rechnungen", "Invoices"),
    ("nav.quotes", "Angebote", "Quotes"),
    ("nav.tickets", "Support", "Support"),
    ("nav.logout", "Abmelden", "Sign out"),
    (
        "footer.secure",
        "Sichere Verbindung · Ihre Daten sind nur für Sie sichtbar.",
        "Secure connection · your data is visible to you only.",
    ),
    // Sign-in.
    ("signin.title", "Anmelden", "Sign in"),
    (
        "signin.lead",
        "Wir senden Ihnen einen Anmeldelink per E-Mail – ganz ohne Passwort.",
        "We will email you a sign-in link – no password needed.",
    ),
    ("signin.email", "E-Mail-Adresse", "Email address"),
    ("signin.submit", "Neuen Link senden", "Email me a new link"),
    (
        "signin.sent.title",
        "Bitte prüfen Sie Ihr Postfach",
        "Please check your inbox",
    ),
    (
        "signin.sent.body",
        "Wenn die Adresse bei uns hinterlegt ist, ist ein Anmeldelink unterwegs. Er ist 15 Minuten gültig und kann einmal verwendet werden.",
        "If the address is on file with us, a sign-in link is on its way. It is valid for 15 minutes and can be used once.",
    ),
    (
        "signin.expired",
        "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
        "Your session has ended. Please sign in again.",
    ),
    (
        "signin.no_form",
        "Bitte verwenden Sie den Link aus einer unserer E-Mails, um sich anzumelden.",
        "Please use the link in one of our emails to sign in.",
    ),
    (
        "signin.signed_out",
        "Sie wurden abgemeldet.",
        "You have been signed out.",
    ),
    (
        "link.invalid.title",
        "Dieser Link ist nicht mehr gültig",
        "This link is no longer valid",
    ),
    (
        "link.invalid.body",
        "Der Link ist abgelaufen, wurde bereits verwendet oder widerrufen. Fordern Sie einfach einen neuen an.",
        "The link has expired, was already used or was revoked. Simply request a new one.",
    ),
    ("continue.title", "Anmeldung bestätigen", "Confirm sign-in"),
    (
        "continue.body",
        "Klicken Sie auf „Weiter“, um sich im Kundenportal anzumelden.",
        "Click “Continue” to sign in to the client portal.",
    ),
    ("continue.hello", "Hallo", "Hello"),
    ("continue.submit", "Weiter", "Continue"),
    // Statement.
    ("statement.title", "Kontoübersicht", "Statement"),
    ("statement.hello", "Guten Tag", "Hello"),
    (
        "statement.lead",
        "Hier sehen Sie Ihren aktuellen Kontostand bei",
        "Here is your current balance with",
    ),
    ("statement.outstanding", "Offener Betrag", "Outstanding"),
    ("statement.overdue", "Davon überfällig", "Of which overdue"),
    (
        "statement.overdue_count",
        "überfällige Rechnungen",
        "overdue invoices",
    ),
    (
        "statement.invoiced",
        "Insgesamt berechnet",
        "Total invoiced",
    ),
    ("statement.paid", "Insgesamt bezahlt", "Total paid"),
    ("statement.open", "Offene Rechnungen", "Open invoices"),
    (
        "statement.open_more",
        "Alle offenen Rechnungen anzeigen",
        "Show all open invoices",
    ),
    (
        "statement.none_open",
        "Keine offenen Rechnungen – vielen Dank!",
        "No open invoices – thank you!",
    ),
    ("statement.history", "Zuletzt bezahlt", "Recently paid"),
    (
        "statement.none_paid",
        "Noch keine bezahlten Rechnungen.",
        "No paid invoices yet.",
    ),
    ("statement.aging", "Fälligkeitsstruktur", "Aging"),
    ("statement.pdf", "Kontoauszug als PDF", "Statement as PDF"),
    (
        "aging.current",
        "Aktuell (0–30 Tage)",
        "Current (0–30 days)",
    ),
    ("aging.31_60", "31–60 Tage", "31–60 days"),
    ("aging.61_90", "61–90 Tage", "61–90 days"),
    ("aging.91_120", "91–120 Tage", "91–120 days"),
    ("aging.over_120", "über 120 Tage", "over 120 days"),
    ("aging.bucket", "Zeitraum überfällig", "Days past due"),
    (
        "bank.title",
        "Bitte überweisen Sie an",
        "Please transfer to",
    ),
    (
        "bank.reference",
        "Verwendungszweck: Rechnungsnummer",
        "Reference: invoice number",
    ),
    // Documents.
    ("col.number", "Nummer", "Number"),
    ("col.issued", "Datum", "Date"),
    ("col.due", "Fällig", "Due"),
    ("col.valid_until", "Gültig bis", "Valid until"),
    ("col.total", "Betrag", "Total"),
    ("col.balance", "Offen", "Balance"),
    ("col.status", "Status", "Status"),
    ("col.select", "Auswählen", "Select"),
    ("col.description", "Beschreibung", "Description"),
    ("col.quantity", "Menge", "Qty"),
    ("col.unit_price", "Einzelpreis", "Unit price"),
    ("col.tax", "USt.", "Tax"),
    ("col.amount", "Betrag", "Amount"),
    ("invoices.title", "Rechnungen", "Invoices"),
    (
        "invoices.lead",
        "Wählen Sie Rechnungen aus, um die PDFs gesammelt als ZIP herunterzuladen.",
        "Select invoices to download their PDFs in one ZIP file.",
    ),
    (
        "invoices.download",
        "Auswahl herunterladen (ZIP)",
        "Download selected (ZIP)",
    ),
    (
        "invoices.none",
        "Noch keine Rechnungen.",
        "No invoices yet.",
    ),
    ("invoices.older", "Ältere Rechnungen", "Older invoices"),
    ("invoices.first", "Zur ersten Seite", "First page"),
    ("invoice.title", "Rechnung", "Invoice"),
    ("invoice.bill_to", "Rechnungsempfänger", "Bill to"),
    ("invoice.net", "Netto", "Net"),
    ("invoice.tax", "Umsatzsteuer", "Tax"),
    ("invoice.total", "Gesamt", "Total"),
    ("invoice.paid", "Bezahlt", "Paid"),
    ("invoice.balance", "Offener Betrag", "Balance due"),
    ("invoice.pdf", "PDF herunterladen", "Download PDF"),
    ("invoice.pay", "Jetzt bezahlen", "Pay now"),
    ("invoice.notes", "Hinweise", "Notes"),
    (
        "invoice.back",
        "Zurück zu den Rechnungen",
        "Back to invoices",
    ),
    (
        "invoice.thanks",
        "Vielen Dank! Ihre Zahlung ist eingegangen.",
        "Thank you! Your payment has been received.",
    ),
    (
        "invoice.processing",
        "Vielen Dank! Ihre Zahlung wird bearbeitet.",
        "Thank you! Your payment is being processed.",
    ),
    (
        "invoice.not_confirmed",
        "Die Zahlung ist noch nicht bestätigt. Sobald sie eingeht, sehen Sie es hier.",
        "The payment is not confirmed yet. You will see it here once it arrives.",
    ),
    ("quotes.title", "Angebote", "Quotes"),
    ("quotes.none", "Keine Angebote.", "No quotes."),
    ("quote.title", "Angebot", "Quote"),
    ("quote.approve", "Angebot annehmen", "Approve quote"),
    ("quote.reject", "Angebot ablehnen", "Decline quote"),
    ("quote.reason", "Begründung (optional)", "Reason (optional)"),
    (
        "quote.approved",
        "Sie haben dieses Angebot angenommen. Vielen Dank!",
        "You approved this quote. Thank you!",
    ),
    (
        "quote.rejected",
        "Sie haben dieses Angebot abgelehnt.",
        "You declined this quote.",
    ),
    ("quote.answer", "Ihre Antwort", "Your answer"),
    ("quote.pdf", "PDF herunterladen", "Download PDF"),
    ("quote.back", "Zurück zu den Angeboten", "Back to quotes"),
    // Tickets.
    ("tickets.title", "Support-Anfragen", "Support tickets"),
    ("tickets.new", "Neue Anfrage", "Open new ticket"),
    ("tickets.none", "Noch keine Anfragen.", "No tickets yet."),
    ("tickets.subject", "Betreff", "Subject"),
    ("tickets.message", "Nachricht", "Message"),
    ("tickets.send", "Absenden", "Send"),
    ("tickets.last", "Letzte Nachricht", "Last message"),
    ("ticket.reply", "Antworten", "Reply"),
    ("ticket.your_reply", "Ihre Antwort", "Your reply"),
    (
        "ticket.closed",
        "Diese Anfrage ist geschlossen. Für ein neues Anliegen öffnen Sie bitte eine neue Anfrage.",
        "This ticket is closed. Please open a new ticket for a new request.",
    ),
    ("ticket.you", "Sie", "You"),
    ("ticket.back", "Zurück zu den Anfragen", "Back to tickets"),
    // Statuses.
    ("status.draft", "Entwurf", "Draft"),
    ("status.sent", "Offen", "Open"),
    ("status.partial", "Teilweise bezahlt", "Partly paid"),
    ("status.processing", "In Bearbeitung", "Processing"),
    ("status.paid", "Bezahlt", "Paid"),
    ("status.cancelled", "Storniert", "Cancelled"),
    ("status.overdue", "Überfällig", "Overdue"),
    ("status.approved", "Angenommen", "Approved"),
    ("status.rejected", "Abgelehnt", "Declined"),
    ("status.expired", "Abgelaufen", "Expired"),
    ("status.quote_sent", "Zur Prüfung", "Awaiting your answer"),
    ("status.open", "Offen", "Open"),
    (
        "status.waiting_on_client",
        "Wartet auf Sie",
        "Waiting for you",
    ),
    ("status.waiting_on_staff", "In Bearbeitung", "We are on it"),
    ("status.closed", "Geschlossen", "Closed"),
    // Errors.
    ("error.title", "Fehler", "Error"),
    (
        "error.404",
        "Diese Seite gibt es nicht (mehr).",
        "This page does not exist (any more).",
    ),
    (
        "error.403",
        "Die Anfrage wurde aus Sicherheitsgründen abgelehnt. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.",
        "The request was refused for security reasons. Please reload the page and try again.",
    ),
    (
        "error.409",
        "Das ist in diesem Zustand nicht möglich.",
        "This is not possible in the current state.",
    ),
    (
        "error.400",
        "Die Eingabe ist ungültig.",
        "The input is invalid.",
    ),
    (
        "error.429",
        "Zu viele Versuche. Bitte warten Sie einen Moment.",
        "Too many attempts. Please wait a moment.",
    ),
    (
        "error.500",
        "Etwas ist schiefgelaufen. Bitte versuchen Sie es später erneut.",
        "Something went wrong. Please try again later.",
    ),
    (
        "error.502",
        "Der Zahlungsdienst ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.",
        "The payment service is unavailable right now. Please try again later.",
    ),
    ("error.home", "Zur Startseite", "Go to the start page"),
];

fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static TABLE: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    // The admin UI keeps its texts in its own table (crate::admin::i18n), merged here.
    TABLE.get_or_init(|| {
        TEXTS
            .iter()
            .chain(crate::admin::i18n::TEXTS)
            .map(|(k, de, en)| (*k, (*de, *en)))
            .collect()
    })
}

/// The text `key` in `locale`, if the table has it.
pub fn text(key: &str, locale: Locale) -> Option<&'static str> {
    table().get(key).map(|(de, en)| match locale {
        Locale::De => *de,
        Locale::En => *en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_texts_present() {
        assert_eq!(
            table().len(),
            TEXTS.len() + crate::admin::i18n::TEXTS.len(),
            "duplicate key"
        );
        for (k, de, en) in TEXTS {
            assert!(!de.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(text("nav.invoices", Locale::De), Some("Rechnungen"));
        assert_eq!(text("nav.invoices", Locale::En), Some("Invoices"));
        assert_eq!(text("nope", Locale::En), None);
    }
}
