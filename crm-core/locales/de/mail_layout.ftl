# Das gestaltete HTML-Layout der E-Mails (crm_core::render::mail_layout): die Übersicht des
# Dokuments, um das es geht, die Schaltfläche ins Portal und die Ersatzzeile darunter.

mail_layout-invoice-title = Rechnung { $number }
mail_layout-quote-title = Angebot { $number }
mail_layout-payment_receipt-title = Zahlung zu Rechnung { $number }
mail_layout-amount = Betrag
mail_layout-due_date = Fällig am
mail_layout-valid_until = Gültig bis
mail_layout-paid = Gezahlt
mail_layout-balance = Noch offen
mail_layout-button-invoice = Rechnung ansehen und bezahlen
mail_layout-button-quote = Angebot ansehen
mail_layout-button-payment_receipt = Rechnung ansehen
mail_layout-button-ticket_reply = Antwort ansehen
mail_layout-button-portal_login = Im Kundenportal anmelden
mail_layout-portal_link = Kundenportal
mail_layout-fallback = Falls die Schaltfläche nicht funktioniert, öffnen Sie diese Adresse im Browser:

# Weitere Empfänger: je Kontakt (Kundenformular, API) und die Buchhaltungskopie der Firma.
mail_layout-err-mail_role = unbekannte Empfängerrolle „{ $shown }“ (to, cc oder none)
mail_layout-role-label = Dokumente per E-Mail
mail_layout-role-to = An
mail_layout-role-cc = CC
mail_layout-role-none = Gar nicht
mail_layout-role-hint = Rechnungen, Angebote und Zahlungsbestätigungen gehen an den Hauptkontakt (An) und an jeden Kontakt mit An oder CC.
mail_layout-bcc-label = Kopie an die Buchhaltung (BCC)
mail_layout-bcc-hint = Jede Rechnungs- und Angebots-E-Mail geht zusätzlich als Blindkopie an diese Adresse, z. B. an Ihr Steuerbüro oder Ihren DATEV-Posteingang. Anmeldelinks nie. Leer lassen für keine.

## Corrections (cancellation invoices and credit notes).

mail_layout-button-correction = Rechnung im Portal ansehen
# $number: "Stornorechnung ST-00001" / "Credit note RK-00001".
mail_layout-correction-title = { $number }
mail_layout-corrects = Zu Rechnung
