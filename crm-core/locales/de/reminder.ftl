# Zahlungserinnerungen und Mahnungen als Dokument (PDF) und als E-Mail — shared/COMPLIANCE.md §5.
# Die Namen der Stufen selbst stehen in dunning.ftl (dunning-level-*).

## Das PDF: Kopfdaten, Anrede, Text je Stufe.

pdf-reminder-number = Nummer
pdf-reminder-date = Datum
pdf-reminder-due_date = Zahlbar bis
pdf-reminder-salutation = Sehr geehrte Damen und Herren,
pdf-reminder-opening-reminder = sicherlich ist es Ihrer Aufmerksamkeit entgangen: Für die folgenden Rechnungen konnten wir bis heute keinen Zahlungseingang feststellen. Wir bitten Sie freundlich, den offenen Betrag zu begleichen.
pdf-reminder-opening-first = trotz Fälligkeit sind die folgenden Rechnungen noch nicht bezahlt; Sie befinden sich mit der Zahlung in Verzug. Wir bitten Sie, den unten aufgeführten Gesamtbetrag einschließlich der angefallenen Verzugszinsen und Gebühren zu überweisen.
pdf-reminder-opening-second = auf unsere bisherigen Schreiben haben wir keine Zahlung erhalten; die folgenden Rechnungen sind weiterhin offen. Wir fordern Sie hiermit erneut und nachdrücklich auf, den Gesamtbetrag zu begleichen.
# $date: das neue Zahlungsziel (formatiert).
pdf-reminder-opening-final = trotz mehrfacher Mahnung sind die folgenden Rechnungen weiterhin unbezahlt. Dies ist unsere letzte Mahnung: Geht der Gesamtbetrag nicht bis zum { $date } bei uns ein, werden wir die Forderung ohne weitere Ankündigung gerichtlich geltend machen oder einem Inkassounternehmen übergeben. Die dadurch entstehenden Kosten gehen zu Ihren Lasten.

## Die Tabelle der überfälligen Rechnungen und die Summen.

pdf-reminder-col-invoice = Rechnung
pdf-reminder-col-invoice_date = Rechnungsdatum
pdf-reminder-col-due_date = Fällig am
pdf-reminder-col-open = Offen
pdf-reminder-col-interest = Zinsen
pdf-reminder-col-fee = Gebühr
pdf-reminder-open = Offene Rechnungsbeträge
pdf-reminder-interest = Verzugszinsen
pdf-reminder-fees = Mahngebühren
pdf-reminder-total = Gesamtbetrag

## Zinsen, Zahlungsziel, Schluss.

# $invoices: je Rechnung "RE-00001: 11,27 % p. a. vom … bis …", durch "; " getrennt.
pdf-reminder-interest_sentence = Verzugszinsen nach § 288 BGB: { $invoices }.
# $number: Rechnungsnummer; $segments: die Zeitabschnitte, durch ", " getrennt.
pdf-reminder-interest_invoice = { $number }: { $segments }
# $rate: Zinssatz (formatiert, mit %); $from, $to: Daten.
pdf-reminder-interest_segment = { $rate } p. a. vom { $from } bis { $to }
# $total: Gesamtbetrag; $date: neues Zahlungsziel; $number: Nummer dieses Schreibens.
pdf-reminder-pay_by = Bitte überweisen Sie den Gesamtbetrag von { $total } bis zum { $date } unter Angabe der Nummer { $number }.
pdf-reminder-closing = Sollten Sie die Zahlung inzwischen geleistet haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.
# Dateiname des Anhangs: "Mahnung-MA-00001.pdf".
reminder-file_stem = Mahnung

## E-Mails: eine Vorlage je Stufe.

# $invoices: die Liste der Rechnungen, eine je Zeile.
email-dunning_reminder-subject = Zahlungserinnerung { $reminder_number }
email-dunning_reminder-body =
    Hallo { $contact_name },

    sicherlich ist es Ihrer Aufmerksamkeit entgangen: Für die folgenden Rechnungen konnten wir noch keinen Zahlungseingang feststellen.

    { $reminder_invoices }

    Wir bitten Sie freundlich, den Betrag von { $reminder_total } bis zum { $reminder_due_date } zu überweisen. Die Zahlungserinnerung { $reminder_number } finden Sie im Anhang.

    Ihre Rechnungen im Kundenportal:
    { $portal_url }

    Sollten Sie die Zahlung inzwischen geleistet haben, betrachten Sie diese E-Mail bitte als gegenstandslos.

    Mit freundlichen Grüßen
    { $company_name }
email-dunning_first-subject = 1. Mahnung { $reminder_number }
email-dunning_first-body =
    Hallo { $contact_name },

    trotz Fälligkeit sind die folgenden Rechnungen noch nicht bezahlt:

    { $reminder_invoices }

    Bitte überweisen Sie den Gesamtbetrag von { $reminder_total } einschließlich der angefallenen Verzugszinsen und Gebühren bis zum { $reminder_due_date }. Die Mahnung { $reminder_number } finden Sie im Anhang.

    Ihre Rechnungen im Kundenportal:
    { $portal_url }

    Sollten Sie die Zahlung inzwischen geleistet haben, betrachten Sie diese E-Mail bitte als gegenstandslos.

    Mit freundlichen Grüßen
    { $company_name }
email-dunning_second-subject = 2. Mahnung { $reminder_number }
email-dunning_second-body =
    Hallo { $contact_name },

    auf unsere bisherigen Schreiben haben wir keine Zahlung erhalten. Die folgenden Rechnungen sind weiterhin offen:

    { $reminder_invoices }

    Wir fordern Sie nachdrücklich auf, den Gesamtbetrag von { $reminder_total } bis zum { $reminder_due_date } zu überweisen. Die Mahnung { $reminder_number } finden Sie im Anhang.

    Ihre Rechnungen im Kundenportal:
    { $portal_url }

    Mit freundlichen Grüßen
    { $company_name }
email-dunning_final-subject = Letzte Mahnung { $reminder_number }
email-dunning_final-body =
    Hallo { $contact_name },

    trotz mehrfacher Mahnung sind die folgenden Rechnungen weiterhin unbezahlt:

    { $reminder_invoices }

    Dies ist unsere letzte Mahnung. Geht der Gesamtbetrag von { $reminder_total } nicht bis zum { $reminder_due_date } bei uns ein, werden wir die Forderung ohne weitere Ankündigung gerichtlich geltend machen oder einem Inkassounternehmen übergeben. Die letzte Mahnung { $reminder_number } finden Sie im Anhang.

    Ihre Rechnungen im Kundenportal:
    { $portal_url }

    Mit freundlichen Grüßen
    { $company_name }
# Eine Zeile der Liste: $number, $due_date, $amount (offen + Zinsen + Gebühr).
email-reminder-invoice_line = – { $number }, fällig am { $due_date }: { $amount }

## Der Kopf der HTML-E-Mail und die Verwaltung.

mail_layout-button-dunning_reminder = Rechnungen ansehen
mail_layout-button-dunning_first = Rechnungen ansehen
mail_layout-button-dunning_second = Rechnungen ansehen
mail_layout-button-dunning_final = Rechnungen ansehen
mail_layout-dunning_reminder-title = Zahlungserinnerung { $number }
mail_layout-dunning_first-title = 1. Mahnung { $number }
mail_layout-dunning_second-title = 2. Mahnung { $number }
mail_layout-dunning_final-title = Letzte Mahnung { $number }
mail_layout-total_due = Gesamtbetrag
mail_layout-pay_by = Zahlbar bis
admin-template-dunning_reminder = Zahlungserinnerung
admin-template-dunning_first = 1. Mahnung
admin-template-dunning_second = 2. Mahnung
admin-template-dunning_final = Letzte Mahnung

## The portal: reminders on the statement and the invoice page.

portal-reminder-list = Zahlungserinnerungen und Mahnungen
portal-reminder-claim = Gemahnt
portal-reminder-pay_by = zahlbar bis
portal-reminder-interest = Verzugszinsen
portal-reminder-fees = Mahngebühren
portal-reminder-total = Forderung insgesamt

## The activity log: dunning blocks.

admin-activity-dunning_blocked = Mahnsperre gesetzt
admin-activity-dunning_unblocked = Mahnsperre aufgehoben
admin-activity-dunning_level_skipped = Mahnstufe übersprungen
admin-activity-dunning_waived = Mahngebühren und Zinsen erlassen
admin-activity-dunning_schedule_changed = Eigene Mahnstufen geändert

## Admin: dunning by hand on the invoice page.

admin-dunning-remind = Nächste Mahnstufe jetzt senden
admin-dunning-remind_hint = Sendet die nächste Stufe sofort, ohne ihre Wartezeit abzuwarten
admin-dunning-skip = Mahnstufe überspringen
admin-dunning-skip_hint = Die nächste Stufe gilt heute als erreicht, ohne Schreiben
admin-dunning-waive = Gebühren und Zinsen erlassen
admin-dunning-waive_hint = Spätere Mahnungen fordern nur noch den offenen Betrag
admin-flash-reminded = Mahnung erstellt und versendet.
admin-flash-level_skipped = Mahnstufe übersprungen.
admin-flash-waived = Mahngebühren und Zinsen erlassen.
admin-kind-reminder = Mahnschreiben
admin-tab-dunning = Mahnwesen
admin-client_dunning-block = Mahnsperre
admin-client_dunning-blocked = Mahnungen gesperrt: { $reason }
admin-client_dunning-blocked_until = bis einschließlich { $date }
admin-client_dunning-reason = Grund
admin-client_dunning-until = Letzter Tag (leer: bis zur Aufhebung)
admin-client_dunning-set = Mahnungen sperren
admin-client_dunning-lift = Sperre aufheben
admin-client_dunning-levels = Eigene Mahnstufen
admin-client_dunning-own = Für diesen Kunden eigene Mahnstufen verwenden
admin-client_dunning-own_hint = Ohne Haken gelten die Mahnstufen aus den Mahneinstellungen des Unternehmens. Bereits erreichte Stufen bleiben; die nächste Stufe und ihre Frist folgen den neuen Stufen.
admin-flash-dunning_blocked = Mahnungen für diesen Kunden gesperrt.
admin-flash-dunning_unblocked = Mahnsperre aufgehoben.
admin-flash-dunning_levels_saved = Mahnstufen gespeichert.
admin-invoice-costs_paid = Bezahlt auf Mahngebühren und Zinsen
