//! The admin UI's texts in German and English (merged into [`crate::html::i18n`]'s table, so
//! `{{t "admin.…"}}` works in every template).

use crm_core::domain::Locale;

/// The text `key` in `locale` (admin and shared keys alike).
pub(crate) fn text(key: &str, locale: Locale) -> Option<&'static str> {
    crate::html::i18n::text(key, locale)
}

/// `(key, German, English)`.
pub(crate) const TEXTS: &[(&str, &str, &str)] = &[
    ("admin.brand", "Verwaltung", "Admin"),
    ("admin.footer", "Nur für Mitarbeitende.", "Staff only."),
    ("admin.nav.clients", "Kunden", "Clients"),
    ("admin.nav.tickets", "Anfragen", "Tickets"),
    ("admin.nav.settings", "Einstellungen", "Settings"),
    ("admin.nav.team", "Team & API", "Team & API"),
    ("admin.nav.account", "Mein Konto", "My account"),
    (
        "admin.nav.mailbox",
        "Postausgang (Entwicklung)",
        "Mailbox (development)",
    ),
    ("admin.save", "Speichern", "Save"),
    ("admin.cancel", "Abbrechen", "Cancel"),
    ("admin.empty", "Noch nichts vorhanden.", "Nothing here yet."),
    (
        "admin.form.errors",
        "Bitte korrigieren Sie die markierten Felder.",
        "Please correct the marked fields.",
    ),
    ("admin.filter", "Filter", "Filter"),
    ("admin.filter.all", "Alle", "All"),
    ("admin.pager", "Seiten", "Pages"),
    ("admin.pager.first", "Zum Anfang", "First page"),
    ("admin.pager.next", "Weiter", "Next"),
    // Sign-in.
    ("admin.login.title", "Anmelden", "Sign in"),
    (
        "admin.login.lead",
        "Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.",
        "Sign in with your email address and password.",
    ),
    ("admin.login.email", "E-Mail-Adresse", "Email address"),
    ("admin.login.password", "Passwort", "Password"),
    ("admin.login.submit", "Anmelden", "Sign in"),
    (
        "admin.login.failed",
        "E-Mail-Adresse oder Passwort ist falsch.",
        "Wrong email address or password.",
    ),
    (
        "admin.login.throttled",
        "Zu viele Anmeldeversuche. Bitte warten Sie einige Minuten.",
        "Too many sign-in attempts. Please wait a few minutes.",
    ),
    // Notices after a redirect.
    ("admin.flash.saved", "Gespeichert.", "Saved."),
    ("admin.flash.created", "Angelegt.", "Created."),
    (
        "admin.flash.archived",
        "Kunde archiviert.",
        "Client archived.",
    ),
    (
        "admin.flash.restored",
        "Kunde wiederhergestellt.",
        "Client restored.",
    ),
    (
        "admin.flash.sent",
        "Versendet – die E-Mail ist unterwegs.",
        "Sent – the email is on its way.",
    ),
    (
        "admin.flash.issued",
        "Rechnung ausgestellt.",
        "Invoice issued.",
    ),
    ("admin.flash.paid", "Zahlung erfasst.", "Payment recorded."),
    ("admin.flash.cancelled", "Storniert.", "Cancelled."),
    (
        "admin.flash.converted",
        "Angebot in eine Rechnung umgewandelt.",
        "Quote converted into an invoice.",
    ),
    (
        "admin.flash.approved",
        "Angebot als angenommen erfasst.",
        "Quote recorded as approved.",
    ),
    (
        "admin.flash.rejected",
        "Angebot als abgelehnt erfasst.",
        "Quote recorded as rejected.",
    ),
    ("admin.flash.replied", "Antwort gesendet.", "Reply sent."),
    (
        "admin.flash.closed",
        "Anfrage geschlossen.",
        "Ticket closed.",
    ),
    (
        "admin.flash.link_sent",
        "Portal-Link per E-Mail gesendet.",
        "Portal link emailed.",
    ),
    (
        "admin.flash.signed_out",
        "Sie wurden abgemeldet.",
        "You have been signed out.",
    ),
    (
        "admin.flash.sessions_ended",
        "Alle Portal-Sitzungen des Kontakts wurden beendet.",
        "All portal sessions of the contact were ended.",
    ),
    (
        "admin.flash.reverted",
        "Die Firmenvorlage gilt wieder.",
        "The company template applies again.",
    ),
    (
        "admin.flash.password_changed",
        "Passwort geändert. Alle anderen Sitzungen wurden beendet.",
        "Password changed. All other sessions were ended.",
    ),
    (
        "admin.flash.user_disabled",
        "Konto deaktiviert; seine Sitzungen wurden beendet.",
        "Account disabled; its sessions were ended.",
    ),
    (
        "admin.flash.user_enabled",
        "Konto wieder aktiviert.",
        "Account enabled again.",
    ),
    ("admin.flash.revoked", "Token widerrufen.", "Token revoked."),
    // Own account.
    ("admin.account.title", "Mein Konto", "My account"),
    (
        "admin.account.password",
        "Passwort ändern",
        "Change password",
    ),
    (
        "admin.account.password_hint",
        "Mindestens 10 Zeichen. Danach sind Sie überall sonst abgemeldet.",
        "At least 10 characters. Afterwards you are signed out everywhere else.",
    ),
    (
        "admin.account.current",
        "Aktuelles Passwort",
        "Current password",
    ),
    ("admin.account.new", "Neues Passwort", "New password"),
    (
        "admin.account.repeat",
        "Neues Passwort wiederholen",
        "Repeat the new password",
    ),
    ("admin.account.change", "Passwort ändern", "Change password"),
    (
        "admin.account.err.current_missing",
        "Bitte das aktuelle Passwort eingeben.",
        "Please enter your current password.",
    ),
    (
        "admin.account.err.current_wrong",
        "Das aktuelle Passwort ist falsch.",
        "The current password is wrong.",
    ),
    (
        "admin.account.err.mismatch",
        "Die beiden Eingaben stimmen nicht überein.",
        "The two entries do not match.",
    ),
    (
        "admin.account.host",
        "Ihr Konto wird von der Anwendung verwaltet, in die diese Verwaltung eingebettet ist; Passwörter ändern Sie dort.",
        "Your account is managed by the application this admin UI is embedded in; change passwords there.",
    ),
    // Team and API tokens.
    (
        "admin.team.title",
        "Team und API-Tokens",
        "Team and API tokens",
    ),
    ("admin.team.users", "Mitarbeitende", "Staff"),
    ("admin.team.actions", "Aktionen", "Actions"),
    ("admin.team.you", "Sie", "You"),
    ("admin.team.active", "Aktiv", "Active"),
    ("admin.team.disabled", "Deaktiviert", "Disabled"),
    ("admin.team.disable", "Deaktivieren", "Disable"),
    ("admin.team.enable", "Aktivieren", "Enable"),
    (
        "admin.team.disable_hint",
        "Deaktivierte Konten können sich nicht anmelden; ihre API-Tokens funktionieren nicht, solange sie deaktiviert sind.",
        "Disabled accounts cannot sign in; their API tokens stop working while they are disabled.",
    ),
    (
        "admin.team.add",
        "Mitarbeiter hinzufügen",
        "Add staff member",
    ),
    (
        "admin.team.initial_password",
        "Erstes Passwort (mind. 10 Zeichen)",
        "Initial password (at least 10 characters)",
    ),
    ("admin.team.tokens", "API-Tokens", "API tokens"),
    (
        "admin.team.tokens_lead",
        "Ein Token meldet ein Skript als der gewählte Mitarbeiter an der JSON-API an (Header „Authorization: Bearer …“).",
        "A token signs a script in to the JSON API as the chosen staff member (header “Authorization: Bearer …”).",
    ),
    (
        "admin.team.no_tokens",
        "Noch keine API-Tokens.",
        "No API tokens yet.",
    ),
    ("admin.team.owner", "Handelt als", "Acts as"),
    ("admin.team.last_used", "Zuletzt benutzt", "Last used"),
    ("admin.team.revoked", "Widerrufen", "Revoked"),
    ("admin.team.revoke", "Widerrufen", "Revoke"),
    ("admin.team.new_token", "Neuer API-Token", "New API token"),
    (
        "admin.team.token_name",
        "Bezeichnung (z. B. Buchhaltung)",
        "Label (e.g. accounting)",
    ),
    ("admin.team.create_token", "Token erzeugen", "Create token"),
    (
        "admin.team.err.owner",
        "Bitte einen aktiven Mitarbeiter wählen.",
        "Please choose an active staff member.",
    ),
    (
        "admin.token.created",
        "API-Token erzeugt",
        "API token created",
    ),
    (
        "admin.token.once",
        "Dieser Token wird nur jetzt angezeigt. Gespeichert wird nur ein Hash; verloren ist verloren – dann einen neuen erzeugen.",
        "This token is shown only now. Only a hash is stored; if you lose it, create a new one.",
    ),
    ("admin.token.label", "Token", "Token"),
    (
        "admin.token.copy",
        "Markieren (ein Klick markiert alles) und kopieren, z. B. in eine Umgebungsvariable oder einen Passwortmanager.",
        "Select it (one click selects it all) and copy it, e.g. into an environment variable or a password manager.",
    ),
    ("admin.token.done", "Kopiert – zurück", "Copied – go back"),
    // Clients.
    ("admin.clients.title", "Kunden", "Clients"),
    (
        "admin.clients.search",
        "Suche (Name, Nummer, E-Mail)",
        "Search (name, number, email)",
    ),
    ("admin.clients.archived", "Nur archivierte", "Archived only"),
    ("admin.clients.filter", "Anzeigen", "Show"),
    (
        "admin.clients.none",
        "Keine Kunden gefunden.",
        "No clients found.",
    ),
    ("admin.client.new", "Neuer Kunde", "New client"),
    ("admin.client.edit", "Bearbeiten", "Edit"),
    ("admin.client.archive", "Archivieren", "Archive"),
    ("admin.client.restore", "Wiederherstellen", "Restore"),
    ("admin.client.archived", "Archiviert", "Archived"),
    ("admin.client.profile", "Stammdaten", "Profile"),
    (
        "admin.client.address",
        "Rechnungsadresse",
        "Billing address",
    ),
    ("admin.client.contacts", "Ansprechpartner", "Contacts"),
    ("admin.client.details", "Kundendaten", "Client details"),
    ("admin.client.recent", "Neueste Belege", "Recent documents"),
    (
        "admin.client.number_taken",
        "Diese Kundennummer ist bereits vergeben.",
        "This client number is already taken.",
    ),
    (
        "admin.client.currency_locked",
        "Die Währung eines Kunden mit Belegen kann nicht mehr geändert werden.",
        "The currency of a client with documents cannot change.",
    ),
    (
        "admin.client.contact_rule",
        "Ein Kunde braucht genau einen Hauptkontakt.",
        "A client needs exactly one primary contact.",
    ),
    (
        "admin.contact.add",
        "Weiteren Kontakt hinzufügen",
        "Add another contact",
    ),
    ("admin.contact.primary", "Hauptkontakt", "Primary"),
    ("admin.col.number", "Nummer", "Number"),
    ("admin.col.name", "Name", "Name"),
    ("admin.col.email", "E-Mail", "Email"),
    ("admin.col.phone", "Telefon", "Phone"),
    ("admin.col.tax_id", "USt-IdNr.", "VAT ID"),
    (
        "admin.col.currency",
        "Währung (ISO, z. B. EUR)",
        "Currency (ISO, e.g. EUR)",
    ),
    ("admin.col.locale", "Sprache", "Language"),
    ("admin.col.street", "Straße und Hausnummer", "Street"),
    ("admin.col.postal_code", "PLZ", "Postal code"),
    ("admin.col.city", "Ort", "City"),
    ("admin.col.state", "Bundesland / Region", "State / province"),
    (
        "admin.col.country",
        "Land (ISO, z. B. DE)",
        "Country (ISO, e.g. DE)",
    ),
    ("admin.col.notes", "Notizen", "Notes"),
    ("admin.col.created", "Angelegt", "Created"),
    ("admin.col.terms", "Zahlungsbedingungen", "Payment terms"),
    ("admin.col.client", "Kunde", "Client"),
    ("admin.col.kind", "Art", "Type"),
    ("admin.col.subject", "Betreff", "Subject"),
    ("admin.col.last", "Letzte Nachricht", "Last message"),
    ("admin.col.tax_rate", "USt. %", "Tax %"),
    ("admin.col.discount", "Rabatt", "Discount"),
    ("admin.lang.de", "Deutsch", "German"),
    ("admin.lang.en", "Englisch", "English"),
    // The 360° view.
    ("admin.figures", "Kennzahlen", "Figures"),
    ("admin.figures.invoiced", "Fakturiert", "Total invoiced"),
    ("admin.figures.paid", "Bezahlt", "Total paid"),
    ("admin.figures.outstanding", "Offen", "Outstanding"),
    ("admin.standing", "Zahlungsverhalten", "Standing"),
    ("admin.standing.good", "Gut", "Good"),
    ("admin.standing.watch", "Beobachten", "Watch"),
    ("admin.standing.poor", "Kritisch", "Poor"),
    ("admin.standing.overdue", "Überfällig", "Overdue"),
    ("admin.standing.max_days", "max. Tage", "max. days"),
    (
        "admin.standing.avg_days",
        "Ø Tage bis Zahlung (12 Monate)",
        "Avg. days to pay (12 months)",
    ),
    ("admin.tabs", "Bereiche", "Sections"),
    ("admin.tab.overview", "Übersicht", "Overview"),
    ("admin.tab.invoices", "Rechnungen", "Invoices"),
    ("admin.tab.quotes", "Angebote", "Quotes"),
    ("admin.tab.activity", "Verlauf", "Activity"),
    ("admin.tab.tickets", "Anfragen", "Tickets"),
    ("admin.tab.templates", "E-Mail-Vorlagen", "Email templates"),
    (
        "admin.chart.title",
        "Fakturiert und bezahlt, letzte 12 Monate",
        "Invoiced vs paid, last 12 months",
    ),
    ("admin.chart.invoiced", "Fakturiert", "Invoiced"),
    ("admin.chart.paid", "Bezahlt", "Paid"),
    ("admin.chart.month", "Monat", "Month"),
    (
        "admin.portal.send_link",
        "Portal-Link senden",
        "Email portal link",
    ),
    (
        "admin.portal.sign_out",
        "Portal-Sitzungen beenden",
        "End portal sessions",
    ),
    ("admin.actor.contact", "Kontakt", "Contact"),
    ("admin.actor.provider", "Zahlungsdienst", "Payment provider"),
    ("admin.actor.system", "System", "System"),
    (
        "admin.activity.client_created",
        "Kunde angelegt",
        "Client created",
    ),
    (
        "admin.activity.client_updated",
        "Kunde geändert",
        "Client updated",
    ),
    (
        "admin.activity.client_archived",
        "Kunde archiviert",
        "Client archived",
    ),
    (
        "admin.activity.client_restored",
        "Kunde wiederhergestellt",
        "Client restored",
    ),
    (
        "admin.activity.invoice_created",
        "Rechnung angelegt",
        "Invoice created",
    ),
    (
        "admin.activity.invoice_updated",
        "Rechnung geändert",
        "Invoice updated",
    ),
    (
        "admin.activity.invoice_issued",
        "Rechnung ausgestellt",
        "Invoice issued",
    ),
    (
        "admin.activity.invoice_sent",
        "Rechnung versendet",
        "Invoice sent",
    ),
    (
        "admin.activity.invoice_viewed",
        "Rechnung angesehen",
        "Invoice viewed",
    ),
    (
        "admin.activity.invoice_cancelled",
        "Rechnung storniert",
        "Invoice cancelled",
    ),
    (
        "admin.activity.quote_created",
        "Angebot angelegt",
        "Quote created",
    ),
    (
        "admin.activity.quote_sent",
        "Angebot versendet",
        "Quote sent",
    ),
    (
        "admin.activity.quote_viewed",
        "Angebot angesehen",
        "Quote viewed",
    ),
    (
        "admin.activity.quote_approved",
        "Angebot angenommen",
        "Quote approved",
    ),
    (
        "admin.activity.quote_rejected",
        "Angebot abgelehnt",
        "Quote rejected",
    ),
    (
        "admin.activity.quote_converted",
        "Angebot umgewandelt",
        "Quote converted",
    ),
    (
        "admin.activity.payment_recorded",
        "Zahlung erfasst",
        "Payment recorded",
    ),
    (
        "admin.activity.refund_recorded",
        "Erstattung erfasst",
        "Refund recorded",
    ),
    (
        "admin.activity.template_changed",
        "E-Mail-Vorlage geändert",
        "Email template changed",
    ),
    (
        "admin.activity.portal_link_issued",
        "Portal-Link ausgestellt",
        "Portal link issued",
    ),
    (
        "admin.activity.portal_signed_in",
        "Im Portal angemeldet",
        "Signed in to the portal",
    ),
    (
        "admin.activity.ticket_opened",
        "Anfrage eröffnet",
        "Ticket opened",
    ),
    (
        "admin.activity.ticket_replied",
        "Anfrage beantwortet",
        "Ticket answered",
    ),
    (
        "admin.activity.ticket_closed",
        "Anfrage geschlossen",
        "Ticket closed",
    ),
    // Templates.
    ("admin.template.kinds", "Vorlagen", "Templates"),
    ("admin.template.invoice", "Rechnung", "Invoice"),
    ("admin.template.quote", "Angebot", "Quote"),
    (
        "admin.template.payment_receipt",
        "Zahlungsbestätigung",
        "Payment receipt",
    ),
    (
        "admin.template.ticket_reply",
        "Antwort auf Anfrage",
        "Ticket reply",
    ),
    (
        "admin.template.portal_login",
        "Portal-Anmeldung",
        "Portal sign-in",
    ),
    (
        "admin.template.source.client",
        "Kundenvorlage",
        "Client template",
    ),
    (
        "admin.template.source.company",
        "Firmenvorlage",
        "Company template",
    ),
    (
        "admin.template.source.default",
        "Standardvorlage",
        "Built-in default",
    ),
    ("admin.template.subject", "Betreff", "Subject"),
    ("admin.template.body", "Text", "Body"),
    (
        "admin.template.variables",
        "Verfügbare Variablen",
        "Available variables",
    ),
    ("admin.template.preview", "Vorschau", "Preview"),
    (
        "admin.template.preview_hint",
        "„Vorschau“ zeigt die E-Mail mit den Daten dieses Kunden, ohne zu speichern.",
        "“Preview” shows the email with this client's data, without saving.",
    ),
    (
        "admin.template.revert",
        "Auf Firmenvorlage zurücksetzen",
        "Revert to company template",
    ),
    ("admin.template.err.syntax", "Syntaxfehler", "Syntax error"),
    (
        "admin.template.err.unknown",
        "Unbekannte Variable",
        "Unknown variable",
    ),
    (
        "admin.template.err.forbidden",
        "Nicht erlaubt",
        "Not allowed",
    ),
    ("admin.template.err.invalid", "Ungültig", "Invalid"),
    // Documents.
    ("admin.kind.invoice", "Rechnung", "Invoice"),
    ("admin.kind.quote", "Angebot", "Quote"),
    ("admin.invoice.new", "Neue Rechnung", "New invoice"),
    ("admin.quote.new", "Neues Angebot", "New quote"),
    ("admin.doc.items", "Positionen", "Line items"),
    ("admin.doc.add_row", "Weitere Position", "Add a line"),
    ("admin.doc.create", "Entwurf anlegen", "Create draft"),
    (
        "admin.doc.date_hint",
        "Leer: nach den Standardfristen der Firma.",
        "Empty: the company's default terms.",
    ),
    ("admin.doc.draft_number", "Entwurf", "Draft"),
    ("admin.doc.issue", "Ausstellen", "Issue"),
    ("admin.doc.send", "Per E-Mail senden", "Send by email"),
    ("admin.doc.cancel", "Stornieren", "Cancel invoice"),
    ("admin.doc.pdf", "PDF ansehen", "View PDF"),
    ("admin.doc.viewed", "angesehen am", "viewed on"),
    (
        "admin.quote.approve",
        "Als angenommen erfassen",
        "Record as approved",
    ),
    (
        "admin.quote.reject",
        "Als abgelehnt erfassen",
        "Record as rejected",
    ),
    (
        "admin.quote.convert",
        "In Rechnung umwandeln",
        "Convert to invoice",
    ),
    (
        "admin.quote.to_invoice",
        "Zur Rechnung",
        "Go to the invoice",
    ),
    (
        "admin.payment.title",
        "Zahlung erfassen",
        "Record a payment",
    ),
    ("admin.payment.amount", "Betrag", "Amount"),
    (
        "admin.payments.title",
        "Zahlungseingänge",
        "Payments received",
    ),
    ("admin.payments.refunded", "Erstattet", "Refunded"),
    (
        "admin.payment.date",
        "Wertstellung (leer: heute)",
        "Value date (empty: today)",
    ),
    ("admin.payment.method", "Zahlungsart", "Method"),
    ("admin.payment.reference", "Referenz", "Reference"),
    (
        "admin.payment.receipt",
        "Zahlungsbestätigung per E-Mail senden",
        "Email a receipt",
    ),
    ("admin.payment.record", "Zahlung erfassen", "Record payment"),
    (
        "admin.payment.rejected",
        "Dieser Betrag passt nicht zum offenen Saldo der Rechnung.",
        "This amount does not fit the invoice's open balance.",
    ),
    (
        "admin.payment.reference_used",
        "Diese Referenz wurde bereits für eine andere Zahlung verwendet.",
        "This reference was already used for another payment.",
    ),
    (
        "admin.err.number",
        "Bitte eine Zahl eingeben, z. B. 1234,50.",
        "Please enter a number, e.g. 1234.50.",
    ),
    (
        "admin.err.date",
        "Bitte ein Datum eingeben (JJJJ-MM-TT).",
        "Please enter a date (YYYY-MM-DD).",
    ),
    (
        "admin.err.client",
        "Bitte einen Kunden wählen.",
        "Please choose a client.",
    ),
    (
        "admin.err.archived",
        "Der Kunde ist archiviert; bitte zuerst wiederherstellen.",
        "The client is archived; restore it first.",
    ),
    // Tickets.
    ("admin.tickets.title", "Anfragen", "Tickets"),
    ("admin.tickets.none", "Keine Anfragen.", "No tickets."),
    ("admin.ticket.reply", "Antwort", "Reply"),
    (
        "admin.ticket.reply_hint",
        "Der Kunde erhält die Antwort per E-Mail.",
        "The client receives the reply by email.",
    ),
    ("admin.ticket.send", "Antwort senden", "Send reply"),
    ("admin.ticket.close", "Anfrage schließen", "Close ticket"),
    // Settings and mailbox.
    ("admin.settings.title", "Einstellungen", "Settings"),
    ("admin.settings.company", "Firma", "Company"),
    (
        "admin.settings.terms",
        "Nummernkreise und Fristen",
        "Numbering and terms",
    ),
    (
        "admin.settings.invoice_prefix",
        "Präfix Rechnungsnummern",
        "Invoice number prefix",
    ),
    (
        "admin.settings.quote_prefix",
        "Präfix Angebotsnummern",
        "Quote number prefix",
    ),
    (
        "admin.settings.client_prefix",
        "Präfix Kundennummern",
        "Client number prefix",
    ),
    (
        "admin.settings.payment_terms_days",
        "Zahlungsziel (Tage)",
        "Payment terms (days)",
    ),
    (
        "admin.settings.quote_validity_days",
        "Angebote gültig (Tage)",
        "Quotes valid for (days)",
    ),
    ("admin.settings.paper_size", "Papierformat", "Paper size"),
    (
        "admin.settings.bank_details",
        "Bankverbindung",
        "Bank details",
    ),
    (
        "admin.settings.bank_hint",
        "Erscheint auf Rechnungen und im Portal, wenn keine Online-Zahlung eingerichtet ist (z. B. IBAN, BIC, Bank).",
        "Shown on invoices and in the portal when online payment is not set up (e.g. IBAN, BIC, bank).",
    ),
    (
        "admin.settings.prefix_hint",
        "Neue Präfixe gelten für neu vergebene Nummern; bestehende Nummern bleiben.",
        "New prefixes apply to numbers given from now on; existing numbers stay.",
    ),
    (
        "admin.err.days",
        "Bitte eine ganze Zahl von Tagen eingeben, z. B. 14.",
        "Please enter a whole number of days, e.g. 14.",
    ),
    (
        "admin.err.validity",
        "Höchstens 365 Tage.",
        "At most 365 days.",
    ),
    (
        "admin.err.paper",
        "Bitte A4 oder US Letter wählen.",
        "Please choose A4 or US Letter.",
    ),
    (
        "admin.err.bank_details",
        "Höchstens 500 Zeichen.",
        "At most 500 characters.",
    ),
    (
        "admin.settings.templates",
        "E-Mail-Vorlagen der Firma",
        "Company email templates",
    ),
    (
        "admin.mailbox.title",
        "Postausgang (Entwicklung)",
        "Mailbox (development)",
    ),
    (
        "admin.mailbox.lead",
        "Ohne SMTP-Server landen alle E-Mails hier statt beim Empfänger.",
        "Without an SMTP server every email lands here instead of with its recipient.",
    ),
    (
        "admin.mailbox.none",
        "Noch keine E-Mails.",
        "No emails yet.",
    ),
    ("admin.mail.from", "Von", "From"),
    ("admin.mail.to", "An", "To"),
    ("admin.mail.date", "Datum", "Date"),
    ("admin.mail.attachments", "Anhänge", "Attachments"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dynamic_key_exists() {
        let kinds = [
            "invoice",
            "quote",
            "payment_receipt",
            "ticket_reply",
            "portal_login",
        ];
        for l in [Locale::De, Locale::En] {
            for k in kinds {
                assert!(text(&format!("admin.template.{k}"), l).is_some(), "{k}");
            }
            for s in ["good", "watch", "poor"] {
                assert!(text(&format!("admin.standing.{s}"), l).is_some());
            }
            for k in crm_core::domain::TemplateKind::ALL {
                assert!(text(&format!("admin.template.{}", k.as_str()), l).is_some());
            }
        }
    }
}
