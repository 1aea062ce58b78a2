# Words printed on PDF documents (invoices, quotes, statements).

pdf-invoice = Rechnung
pdf-quote = Angebot
pdf-statement = Kontoauszug
pdf-draft = Entwurf
pdf-cancelled = Storniert
pdf-invoice_number = Rechnungsnr.
pdf-quote_number = Angebotsnr.
pdf-invoice_date = Rechnungsdatum
pdf-quote_date = Angebotsdatum
pdf-due_date = Fällig am
pdf-valid_until = Gültig bis
pdf-client_number = Kundennr.
pdf-attention = z. Hd.
pdf-vat_id = USt-IdNr.
pdf-tax_number = Steuernummer
pdf-col_pos = Pos.
pdf-col_description = Beschreibung
pdf-col_quantity = Menge
pdf-col_unit_price = Einzelpreis
pdf-col_tax = USt
pdf-col_net = Netto
pdf-discount = abzgl. Rabatt
pdf-net_total = Nettobetrag
pdf-total = Gesamtbetrag
pdf-amount_paid = Bereits bezahlt
pdf-balance_due = Offener Betrag
pdf-bank_details = Bankverbindung
pdf-period = Zeitraum
pdf-as_of = Stichtag
pdf-invoices = Rechnungen
pdf-payments = Zahlungen
pdf-col_number = Nummer
pdf-col_date = Datum
pdf-col_due = Fällig
pdf-col_total = Betrag
pdf-col_balance = Offen
pdf-col_status = Status
pdf-col_invoice = Rechnung
pdf-col_method = Zahlungsart
pdf-col_reference = Referenz
pdf-col_amount = Betrag
pdf-refunded = davon erstattet
pdf-no_invoices = Keine Rechnungen in diesem Zeitraum.
pdf-no_payments = Keine Zahlungen in diesem Zeitraum.
pdf-outstanding = Offener Gesamtbetrag
pdf-costs_outstanding = zzgl. Mahngebühren und Verzugszinsen
pdf-aging = Fälligkeitsstruktur der offenen Rechnungen
pdf-aging_total = Gesamt
pdf-aging_note = Tage nach Fälligkeit zum Stichtag; noch nicht fällige Beträge zählen zu 0–30 Tage.
pdf-aging-current = 0–30 Tage
pdf-aging-31_60 = 31–60 Tage
pdf-aging-61_90 = 61–90 Tage
pdf-aging-91_120 = 91–120 Tage
pdf-aging-over_120 = über 120 Tage
pdf-page_of = Seite { $page } von { $pages }
# $rate and $net arrive formatted ("19 %", "1.000,00 €").
pdf-plus_tax = zzgl. { $rate } USt auf { $net }
# $currency: the document's currency code; $rate: euros per unit, formatted ("0,9234").
pdf-vat_in_eur = USt in EUR (1 { $currency } = { $rate } EUR)
pdf-payable_by = Zahlbar bis { $due }.

## The status of an invoice in words.

pdf-status-draft = Entwurf
pdf-status-sent = Offen
pdf-status-partial = Teilbezahlt
pdf-status-processing = Zahlung läuft
pdf-status-paid = Bezahlt
pdf-status-overdue = Überfällig
pdf-status-cancelled = Storniert

## Payment methods in words (documents and emails).

payment_method-card = Karte
payment_method-bank_transfer = Überweisung
payment_method-direct_debit = Lastschrift
payment_method-cash = Bar
payment_method-cheque = Scheck
payment_method-other = Sonstige

## The company's bank account and the GiroCode (EPC QR code) on open invoices.

pdf-account_holder = Kontoinhaber
pdf-iban = IBAN
pdf-bic = BIC
pdf-bank = Bank
pdf-girocode = GiroCode
pdf-girocode_hint = Mit Banking-App scannen
