# Corrections of issued invoices: cancellation invoices (Stornorechnung) and corrective credits
# (Rechnungskorrektur) — shared/COMPLIANCE.md §3. Not "Gutschrift": in German law that is
# self-billing.

## Document titles and what they print.

pdf-correction-cancellation = Stornorechnung
pdf-correction-credit = Rechnungskorrektur
pdf-correction-number = Nummer
pdf-correction-date = Datum
pdf-correction-corrects = Zu Rechnung
# $number, $date: the corrected invoice's number and issue date (formatted).
pdf-correction-corrects_value = { $number } vom { $date }
pdf-correction-cancellation_sentence = Mit dieser Stornorechnung stornieren wir die Rechnung { $number } vom { $date } vollständig.
pdf-correction-credit_sentence = Diese Rechnungskorrektur berichtigt die Rechnung { $number } vom { $date } um die folgenden Beträge.
pdf-correction-reason = Grund: { $reason }
# $refund: formatted amount.
pdf-correction-refund = Sie haben bereits mehr als den berichtigten Betrag gezahlt: Wir erstatten Ihnen { $refund }.
pdf-correction-settled = Der Betrag wird mit der Rechnung { $number } verrechnet.

pdf-statement-corrections = Stornos und Rechnungskorrekturen
pdf-statement-correction_kind = Art

## Checks of a credit and of number ranges.

credit-rate_not_on_invoice = die Rechnung hat keinen Betrag zu { $rate } %
# $left: what is left to credit at that rate.
credit-exceeds_rate = mehr als der verbleibende Nettobetrag der Rechnung zu { $rate } % ({ $left })
credit-exceeds_invoice = mehr als die Rechnung noch fordert ({ $remaining })
credit-nothing = eine Korrektur muss einen positiven Betrag zurücknehmen
correction-not_issued = nur eine ausgestellte Rechnung kann berichtigt werden
refund-not_through_provider = nur eine Kartenzahlung über den Zahlungsdienst kann dort erstattet werden
api-refund_via = ist `manual` oder `gateway`
numbering-same_as_other = jede Belegart braucht ihr eigenes Nummernformat

## Email.

email-correction-subject = { $correction_title } { $correction_number } zur Rechnung { $invoice_number }
email-correction-body =
    Hallo { $contact_name },

    anbei erhalten Sie unsere { $correction_title } { $correction_number } vom { $correction_issue_date } zur Rechnung { $invoice_number } vom { $invoice_issue_date } über { $correction_amount }.

    Ihre Rechnungen im Kundenportal:
    { $portal_url }

    Mit freundlichen Grüßen
    { $company_name }

## Admin and portal.

admin-template-correction = Storno / Rechnungskorrektur
admin-activity-invoice_credited = Rechnungskorrektur ausgestellt
admin-activity-correction_sent = Korrektur versendet
admin-settings-cancellation_prefix = Nummern der Stornorechnungen
admin-settings-credit_prefix = Nummern der Rechnungskorrekturen
admin-kind-cancellation = Stornorechnung
admin-kind-credit = Rechnungskorrektur
status-issued = Ausgestellt
admin-correction-cancel_title = Mit Stornorechnung stornieren
admin-correction-cancel_hint = Die Rechnung bleibt, wie sie ausgestellt wurde; eine Stornorechnung mit eigener Nummer nimmt sie vollständig zurück.
admin-correction-credit_title = Rechnungskorrektur
admin-correction-credit_hint = Einen Teil der Rechnung zurücknehmen: Positionen zu den Steuersätzen der Rechnung, positive Beträge.
admin-correction-reason = Grund (wird gedruckt)
admin-correction-send = An den Kunden senden
admin-correction-submit_cancel = Stornorechnung ausstellen
admin-correction-submit_credit = Rechnungskorrektur ausstellen
admin-correction-list = Korrekturen
admin-correction-refund_due = Zu erstatten
admin-correction-cancelled_by = Storniert durch
admin-correction-credited = Gutgeschrieben
admin-flash-credited = Rechnungskorrektur ausgestellt.
portal-corrections = Korrekturen
admin-refund-via_gateway = Über Stripe erstatten
admin-activity-quote_updated = Angebot bearbeitet
admin-quote-edit = Angebot bearbeiten
