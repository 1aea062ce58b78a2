# The client portal: pages, statuses and error pages.
# Keys use `-` where the code writes `.` (`nav-statement` is `nav.statement`).

## Layout and navigation.

skip = Zum Inhalt springen
portal = Kundenportal
nav-label = Hauptnavigation
nav-statement = Übersicht
nav-invoices = Rechnungen
nav-quotes = Angebote
nav-tickets = Support
nav-logout = Abmelden
footer-secure = Sichere Verbindung · Ihre Daten sind nur für Sie sichtbar.

## Sign-in.

signin-title = Anmelden
signin-lead = Wir senden Ihnen einen Anmeldelink per E-Mail – ganz ohne Passwort.
signin-email = E-Mail-Adresse
signin-submit = Neuen Link senden
signin-sent-title = Bitte prüfen Sie Ihr Postfach
signin-sent-body = Wenn die Adresse bei uns hinterlegt ist, ist ein Anmeldelink unterwegs. Er ist 15 Minuten gültig und kann einmal verwendet werden.
signin-expired = Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.
signin-no_form = Bitte verwenden Sie den Link aus einer unserer E-Mails, um sich anzumelden.
signin-signed_out = Sie wurden abgemeldet.
link-invalid-title = Dieser Link ist nicht mehr gültig
link-invalid-body = Der Link ist abgelaufen, wurde bereits verwendet oder widerrufen. Fordern Sie einfach einen neuen an.
continue-title = Anmeldung bestätigen
continue-body = Klicken Sie auf „Weiter“, um sich im Kundenportal anzumelden.
continue-hello = Hallo
confirm-title = Bitte bestätigen Sie
confirm-body = Sie haben das Portal über einen Link aus einer E-Mail geöffnet. Bevor Sie im Namen von { $client } Angebote beantworten oder uns schreiben, bestätigen Sie bitte, dass Sie es sind.
confirm-submit = Ja, weiter als { $client }
continue-submit = Weiter

## Statement.

statement-title = Kontoübersicht
statement-hello = Guten Tag
statement-lead = Hier sehen Sie Ihren aktuellen Kontostand bei
statement-outstanding = Offener Betrag
statement-costs = zzgl. Mahngebühren und Verzugszinsen
statement-overdue = Davon überfällig
statement-overdue_invoices =
    { $count ->
        [one] { $count } überfällige Rechnung
       *[other] { $count } überfällige Rechnungen
    }
statement-invoiced = Insgesamt berechnet
statement-paid = Insgesamt bezahlt
statement-open = Offene Rechnungen
statement-open_more = Alle offenen Rechnungen anzeigen
statement-none_open = Keine offenen Rechnungen – vielen Dank!
statement-history = Zuletzt bezahlt
statement-none_paid = Noch keine bezahlten Rechnungen.
statement-aging = Fälligkeitsstruktur
statement-pdf = Kontoauszug als PDF
aging-current = Aktuell (0–30 Tage)
aging-31_60 = 31–60 Tage
aging-61_90 = 61–90 Tage
aging-91_120 = 91–120 Tage
aging-over_120 = über 120 Tage
aging-bucket = Zeitraum überfällig
bank-title = Bitte überweisen Sie an
bank-reference = Verwendungszweck: Rechnungsnummer

## Documents.

col-number = Nummer
col-issued = Datum
col-due = Fällig
col-valid_until = Gültig bis
col-total = Betrag
col-balance = Offen
col-status = Status
col-select = Auswählen
col-description = Beschreibung
col-quantity = Menge
col-unit_price = Einzelpreis
col-tax = USt.
col-amount = Betrag
invoices-title = Rechnungen
invoices-lead = Wählen Sie Rechnungen aus, um die PDFs gesammelt als ZIP herunterzuladen.
invoices-download = Auswahl herunterladen (ZIP)
invoices-none = Noch keine Rechnungen.
invoices-older = Ältere Rechnungen
invoices-first = Zur ersten Seite
invoice-title = Rechnung
invoice-bill_to = Rechnungsempfänger
invoice-net = Netto
invoice-tax = Umsatzsteuer
invoice-total = Gesamt
invoice-paid = Bezahlt
invoice-balance = Offener Betrag
invoice-einvoice = E-Rechnung (XML)
invoice-pdf = PDF herunterladen
invoice-pay = Jetzt bezahlen
invoice-notes = Hinweise
invoice-back = Zurück zu den Rechnungen
invoice-thanks = Vielen Dank! Ihre Zahlung ist eingegangen.
invoice-processing = Vielen Dank! Ihre Zahlung wird bearbeitet.
invoice-not_confirmed = Die Zahlung ist noch nicht bestätigt. Sobald sie eingeht, sehen Sie es hier.
quotes-title = Angebote
quotes-none = Keine Angebote.
quote-title = Angebot
quote-approve = Angebot annehmen
quote-reject = Angebot ablehnen
quote-reason = Begründung (optional)
quote-approved = Sie haben dieses Angebot angenommen. Vielen Dank!
quote-rejected = Sie haben dieses Angebot abgelehnt.
quote-answer = Ihre Antwort
quote-pdf = PDF herunterladen
quote-back = Zurück zu den Angeboten

## Tickets.

tickets-title = Support-Anfragen
tickets-new = Neue Anfrage
tickets-none = Noch keine Anfragen.
tickets-subject = Betreff
tickets-message = Nachricht
tickets-send = Absenden
tickets-last = Letzte Nachricht
ticket-reply = Antworten
ticket-your_reply = Ihre Antwort
ticket-closed = Diese Anfrage ist geschlossen. Für ein neues Anliegen öffnen Sie bitte eine neue Anfrage.
ticket-you = Sie
ticket-back = Zurück zu den Anfragen

## Statuses.

status-draft = Entwurf
status-sent = Offen
status-partial = Teilweise bezahlt
status-processing = In Bearbeitung
status-paid = Bezahlt
status-cancelled = Storniert
status-overdue = Überfällig
status-approved = Angenommen
status-rejected = Abgelehnt
status-expired = Abgelaufen
status-quote_sent = Zur Prüfung
status-open = Offen
status-waiting_on_client = Wartet auf Sie
status-waiting_on_staff = In Bearbeitung
status-closed = Geschlossen

## Errors.

error-title = Fehler
error-404 = Diese Seite gibt es nicht (mehr).
error-403 = Die Anfrage wurde aus Sicherheitsgründen abgelehnt. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.
error-409 = Das ist in diesem Zustand nicht möglich.
error-400 = Die Eingabe ist ungültig.
error-429 = Zu viele Versuche. Bitte warten Sie einen Moment.
error-500 = Etwas ist schiefgelaufen. Bitte versuchen Sie es später erneut.
error-payment_unsupported = Diese Rechnung kann nicht online bezahlt werden: der Zahlungsdienst kann diesen Betrag nicht annehmen. Bitte überweisen Sie ihn.
error-503 = Der Dienst ist kurz nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.
error-502 = Der Zahlungsdienst ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.
error-home = Zur Startseite

## Names of downloaded files.

file-invoices_zip = Rechnungen.zip
file-statement = Kontoauszug-{ $date }.pdf
file-quote = Angebot-{ $number }.pdf
