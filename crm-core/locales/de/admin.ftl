# The admin UI.
# Keys use `-` where the code writes `.` (`admin-nav-clients` is `admin.nav.clients`).

admin-brand = Verwaltung
admin-footer = Nur für Mitarbeitende.
admin-nav-clients = Kunden
admin-nav-tickets = Anfragen
admin-nav-settings = Einstellungen
admin-nav-team = Team & API
admin-nav-account = Mein Konto
admin-nav-mailbox = Postausgang (Entwicklung)
admin-save = Speichern
admin-cancel = Abbrechen
admin-empty = Noch nichts vorhanden.
admin-form-errors = Bitte korrigieren Sie die markierten Felder.
admin-filter = Filter
admin-filter-all = Alle
admin-pager = Seiten
admin-pager-first = Zum Anfang
admin-pager-next = Weiter

## Sign-in.

admin-login-title = Anmelden
admin-login-lead = Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.
admin-login-email = E-Mail-Adresse
admin-login-password = Passwort
admin-login-submit = Anmelden
admin-login-failed = E-Mail-Adresse oder Passwort ist falsch.
admin-login-throttled = Zu viele Anmeldeversuche. Bitte warten Sie einige Minuten.

## Notices after a redirect.

admin-flash-saved = Gespeichert.
admin-flash-created = Angelegt.
admin-flash-archived = Kunde archiviert.
admin-flash-restored = Kunde wiederhergestellt.
admin-flash-sent = Versendet – die E-Mail ist unterwegs.
admin-flash-issued = Rechnung ausgestellt.
admin-flash-paid = Zahlung erfasst.
admin-flash-cancelled = Storniert.
admin-flash-reopened = Rechnung wieder offen: die begonnene Zahlung wird nicht abgeschlossen.
admin-flash-converted = Angebot in eine Rechnung umgewandelt.
admin-flash-approved = Angebot als angenommen erfasst.
admin-flash-rejected = Angebot als abgelehnt erfasst.
admin-flash-replied = Antwort gesendet.
admin-flash-closed = Anfrage geschlossen.
admin-flash-link_sent = Portal-Link per E-Mail gesendet.
admin-flash-signed_out = Sie wurden abgemeldet.
admin-flash-sessions_ended = Alle Portal-Sitzungen des Kontakts wurden beendet.
admin-flash-reverted = Die Firmenvorlage gilt wieder.
admin-flash-password_changed = Passwort geändert. Alle anderen Sitzungen wurden beendet.
admin-flash-user_disabled = Konto deaktiviert; seine Sitzungen wurden beendet.
admin-flash-user_enabled = Konto wieder aktiviert.
admin-flash-revoked = Token widerrufen.

## Own account.

admin-account-title = Mein Konto
admin-account-password = Passwort ändern
admin-account-password_hint = Mindestens 10 Zeichen. Danach sind Sie überall sonst abgemeldet.
admin-account-current = Aktuelles Passwort
admin-account-new = Neues Passwort
admin-account-repeat = Neues Passwort wiederholen
admin-account-change = Passwort ändern
admin-account-err-current_missing = Bitte das aktuelle Passwort eingeben.
admin-account-err-current_wrong = Das aktuelle Passwort ist falsch.
admin-account-err-mismatch = Die beiden Eingaben stimmen nicht überein.
admin-account-host = Ihr Konto wird von der Anwendung verwaltet, in die diese Verwaltung eingebettet ist; Passwörter ändern Sie dort.

## Team and API tokens.

admin-team-title = Team und API-Tokens
admin-team-users = Mitarbeitende
admin-team-actions = Aktionen
admin-team-you = Sie
admin-team-active = Aktiv
admin-team-disabled = Deaktiviert
admin-team-disable = Deaktivieren
admin-team-enable = Aktivieren
admin-team-disable_hint = Deaktivierte Konten können sich nicht anmelden; ihre API-Tokens funktionieren nicht, solange sie deaktiviert sind.
admin-team-add = Mitarbeiter hinzufügen
admin-team-initial_password = Erstes Passwort (mind. 10 Zeichen)
admin-team-tokens = API-Tokens
admin-team-tokens_lead = Ein Token meldet ein Skript als der gewählte Mitarbeiter an der JSON-API an (Header „Authorization: Bearer …“).
admin-team-no_tokens = Noch keine API-Tokens.
admin-team-owner = Handelt als
admin-team-last_used = Zuletzt benutzt
admin-team-revoked = Widerrufen
admin-team-revoke = Widerrufen
admin-team-new_token = Neuer API-Token
admin-team-token_name = Bezeichnung (z. B. Buchhaltung)
admin-team-create_token = Token erzeugen
admin-team-err-owner = Bitte einen aktiven Mitarbeiter wählen.
admin-token-created = API-Token erzeugt
admin-token-once = Dieser Token wird nur jetzt angezeigt. Gespeichert wird nur ein Hash; verloren ist verloren – dann einen neuen erzeugen.
admin-token-label = Token
admin-token-copy = Markieren (ein Klick markiert alles) und kopieren, z. B. in eine Umgebungsvariable oder einen Passwortmanager.
admin-token-done = Kopiert – zurück

## Clients.

admin-clients-title = Kunden
admin-clients-search = Suche (Name, Nummer, E-Mail)
admin-clients-archived = Nur archivierte
admin-clients-filter = Anzeigen
admin-clients-none = Keine Kunden gefunden.
admin-client-new = Neuer Kunde
admin-client-edit = Bearbeiten
admin-client-archive = Archivieren
admin-client-restore = Wiederherstellen
admin-client-archived = Archiviert
admin-client-profile = Stammdaten
admin-client-address = Rechnungsadresse
admin-client-contacts = Ansprechpartner
admin-client-details = Kundendaten
admin-client-recent = Neueste Belege
admin-client-number_taken = Diese Kundennummer ist bereits vergeben.
admin-client-currency_locked = Die Währung eines Kunden mit Belegen kann nicht mehr geändert werden.
admin-client-contact_rule = Ein Kunde braucht genau einen Hauptkontakt.
admin-contact-add = Weiteren Kontakt hinzufügen
admin-contact-primary = Hauptkontakt
admin-col-number = Nummer
admin-col-name = Name
admin-col-email = E-Mail
admin-col-phone = Telefon
admin-col-tax_id = USt-IdNr.
admin-col-currency = Währung (ISO, z. B. EUR)
admin-col-locale = Sprache
admin-col-street = Straße und Hausnummer
admin-col-postal_code = PLZ
admin-col-city = Ort
admin-col-state = Bundesland / Region
admin-col-country = Land (ISO, z. B. DE)
admin-col-notes = Notizen
admin-col-created = Angelegt
admin-col-terms = Zahlungsbedingungen
admin-col-client = Kunde
admin-col-kind = Art
admin-col-subject = Betreff
admin-col-last = Letzte Nachricht
admin-col-tax_rate = USt. %
admin-col-discount = Rabatt
admin-lang-de = Deutsch
admin-lang-en = Englisch

## The 360° view.

admin-figures = Kennzahlen
admin-figures-invoiced = Fakturiert
admin-figures-paid = Bezahlt
admin-figures-outstanding = Offen
admin-figures-costs = zzgl. offene Mahngebühren und Zinsen
admin-standing = Zahlungsverhalten
admin-standing-good = Gut
admin-standing-watch = Beobachten
admin-standing-poor = Kritisch
admin-standing-overdue = Überfällig
admin-standing-max_days = max. Tage
admin-standing-avg_days = Ø Tage bis Zahlung (12 Monate)
admin-tabs = Bereiche
admin-tab-overview = Übersicht
admin-tab-invoices = Rechnungen
admin-tab-quotes = Angebote
admin-tab-activity = Verlauf
admin-tab-tickets = Anfragen
admin-tab-templates = E-Mail-Vorlagen
admin-chart-title = Fakturiert und bezahlt, letzte 12 Monate
admin-chart-invoiced = Fakturiert
admin-chart-paid = Bezahlt
admin-chart-month = Monat
admin-portal-send_link = Portal-Link senden
admin-portal-sign_out = Portal-Sitzungen beenden
admin-actor-contact = Kontakt
admin-actor-provider = Zahlungsdienst
admin-actor-system = System
admin-activity-client_created = Kunde angelegt
admin-activity-client_updated = Kunde geändert
admin-activity-client_archived = Kunde archiviert
admin-activity-client_restored = Kunde wiederhergestellt
admin-activity-invoice_created = Rechnung angelegt
admin-activity-invoice_updated = Rechnung geändert
admin-activity-invoice_issued = Rechnung ausgestellt
admin-activity-invoice_sent = Rechnung versendet
admin-activity-invoice_viewed = Rechnung angesehen
admin-activity-invoice_cancelled = Rechnung storniert
admin-activity-invoice_reopened = Rechnung wieder geöffnet (Zahlung nicht abgeschlossen)
admin-activity-quote_created = Angebot angelegt
admin-activity-quote_sent = Angebot versendet
admin-activity-quote_viewed = Angebot angesehen
admin-activity-quote_approved = Angebot angenommen
admin-activity-quote_rejected = Angebot abgelehnt
admin-activity-quote_converted = Angebot umgewandelt
admin-activity-payment_recorded = Zahlung erfasst
admin-activity-refund_recorded = Erstattung erfasst
admin-activity-template_changed = E-Mail-Vorlage geändert
admin-activity-portal_link_issued = Portal-Link ausgestellt
admin-activity-portal_signed_in = Im Portal angemeldet
admin-activity-ticket_opened = Anfrage eröffnet
admin-activity-ticket_replied = Anfrage beantwortet
admin-activity-ticket_closed = Anfrage geschlossen

## Templates.

admin-template-kinds = Vorlagen
admin-template-invoice = Rechnung
admin-template-quote = Angebot
admin-template-payment_receipt = Zahlungsbestätigung
admin-template-ticket_reply = Antwort auf Anfrage
admin-template-portal_login = Portal-Anmeldung
admin-template-source-client = Kundenvorlage
admin-template-source-company = Firmenvorlage
admin-template-source-default = Standardvorlage
admin-template-subject = Betreff
admin-template-body = Text
admin-template-variables = Verfügbare Variablen
admin-template-preview = Vorschau
admin-template-preview_hint = „Vorschau“ zeigt die E-Mail mit den Daten dieses Kunden, ohne zu speichern.
admin-template-revert = Auf Firmenvorlage zurücksetzen
admin-template-err-syntax = Syntaxfehler
admin-template-err-unknown = Unbekannte Variable
admin-template-err-forbidden = Nicht erlaubt
admin-template-err-invalid = Ungültig

## Documents.

admin-kind-invoice = Rechnung
admin-kind-quote = Angebot
admin-invoice-new = Neue Rechnung
admin-quote-new = Neues Angebot
admin-doc-items = Positionen
admin-doc-add_row = Weitere Position
admin-doc-create = Entwurf anlegen
admin-doc-date_hint = Leer: nach den Standardfristen der Firma.
admin-doc-draft_number = Entwurf
admin-doc-issue = Ausstellen
admin-doc-send = Per E-Mail senden
admin-doc-cancel = Stornieren
admin-doc-reopen = Wieder öffnen
admin-doc-reopen_hint = Die begonnene Zahlung dieser Rechnung wird nicht abgeschlossen: wieder zahlbar machen.
admin-doc-einvoice = E-Rechnung (XML)
admin-doc-pdf = PDF ansehen
admin-doc-viewed = angesehen am
admin-doc-frozen = Ausgestelltes PDF, unverändert archiviert · SHA-256
admin-quote-approve = Als angenommen erfassen
admin-quote-reject = Als abgelehnt erfassen
admin-quote-convert = In Rechnung umwandeln
admin-quote-to_invoice = Zur Rechnung
admin-payment-title = Zahlung erfassen
admin-payment-amount = Betrag
admin-payments-title = Zahlungseingänge
admin-payments-refunded = Erstattet
admin-payment-date = Wertstellung (leer: heute)
admin-payment-method = Zahlungsart
admin-payment-reference = Referenz
admin-payment-receipt = Zahlungsbestätigung per E-Mail senden
admin-payment-record = Zahlung erfassen
admin-payment-rejected = Dieser Betrag ist mehr, als auf der Rechnung offen ist (Saldo zzgl. offener Mahngebühren und Zinsen), oder die Rechnung nimmt keine Zahlung an.
admin-payment-reference_used = Diese Referenz wurde bereits für eine andere Zahlung verwendet.
admin-err-number = Bitte eine Zahl eingeben, z. B. 1234,50.
admin-err-date = Bitte ein Datum eingeben (JJJJ-MM-TT).
admin-err-client = Bitte einen Kunden wählen.
admin-err-archived = Der Kunde ist archiviert; bitte zuerst wiederherstellen.

## Tickets.

admin-tickets-title = Anfragen
admin-tickets-none = Keine Anfragen.
admin-ticket-reply = Antwort
admin-ticket-reply_hint = Der Kunde erhält die Antwort per E-Mail.
admin-ticket-send = Antwort senden
admin-ticket-close = Anfrage schließen

## Settings and mailbox.

admin-settings-title = Einstellungen
admin-settings-company = Firma
admin-settings-terms = Nummernkreise und Fristen
admin-settings-invoice_prefix = Präfix Rechnungsnummern
admin-settings-quote_prefix = Präfix Angebotsnummern
admin-settings-client_prefix = Präfix Kundennummern
admin-settings-payment_terms_days = Zahlungsziel (Tage)
admin-settings-quote_validity_days = Angebote gültig (Tage)
admin-settings-paper_size = Papierformat
admin-settings-bank_details = Bankverbindung
admin-settings-bank_hint = Erscheint auf Rechnungen und im Portal, wenn keine Online-Zahlung eingerichtet ist (z. B. IBAN, BIC, Bank).
admin-settings-prefix_hint = Ein Präfix (RE- ergibt RE-00001) oder ein Muster mit Jahr und Zähler (RE-{"{"}YYYY{"}"}-{"{"}NNNN{"}"} ergibt RE-2026-0001). Neue Formate gelten für neu vergebene Nummern; bestehende Nummern bleiben.
admin-err-days = Bitte eine ganze Zahl von Tagen eingeben, z. B. 14.
admin-err-validity = Höchstens 365 Tage.
admin-err-paper = Bitte A4 oder US Letter wählen.
admin-err-bank_details = Höchstens 500 Zeichen.
admin-settings-templates = E-Mail-Vorlagen der Firma
admin-mailbox-title = Postausgang (Entwicklung)
admin-mailbox-lead = Ohne SMTP-Server landen alle E-Mails hier statt beim Empfänger.
admin-mailbox-none = Noch keine E-Mails.
admin-mail-from = Von
admin-mail-to = An
admin-mail-date = Datum
admin-mail-attachments = Anhänge

## Short month names (the 360° chart).

admin-month-1 = Jan
admin-month-2 = Feb
admin-month-3 = Mär
admin-month-4 = Apr
admin-month-5 = Mai
admin-month-6 = Jun
admin-month-7 = Jul
admin-month-8 = Aug
admin-month-9 = Sep
admin-month-10 = Okt
admin-month-11 = Nov
admin-month-12 = Dez

## The bank account on the settings page.

admin-bank-title = Bankkonto
admin-bank-holder = Kontoinhaber
admin-bank-iban = IBAN
admin-bank-bic = BIC
admin-bank-bank_name = Bank
admin-bank-hint = Steht auf Rechnungen; offene Rechnungen in Euro bekommen einen GiroCode (EPC-QR-Code) für dieses Konto, damit die Banking-App der Kundschaft die Überweisung ausfüllt. Ohne Kontoinhaber gilt der Firmenname. Eine leere IBAN entfernt das Konto.
