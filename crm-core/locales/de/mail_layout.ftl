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
