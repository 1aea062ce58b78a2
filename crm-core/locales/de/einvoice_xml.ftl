# E-Rechnungs-XML (EN 16931): Texte im XML und warum keines geschrieben werden konnte.
einvoice-discount = Rabatt
einvoice-settlement = Verrechnung oder Erstattung
einvoice-credit_transfer = Überweisung
# $url: the portal page of the invoice.
einvoice-online_payment = Kartenzahlung im Kundenportal: { $url }
einvoice-credit_transfer_or_online = Überweisung oder Kartenzahlung im Kundenportal: { $url }
einvoice-missing-buyer_reference = Eine XRechnung braucht die Käuferreferenz (Leitweg-ID) des Kunden.
einvoice-missing-seller_contact = Eine XRechnung braucht den Ansprechpartner des Verkäufers mit Name, Telefon und E-Mail (Rechtliche Angaben der Firma).
einvoice-missing-payment = Eine XRechnung braucht Zahlungsinformationen: Hinterlegen Sie die Bankverbindung der Firma.
einvoice-missing-tax_currency_rate = Eine Rechnung in fremder Währung braucht den Umrechnungskurs in Euro für die Umsatzsteuer.
einvoice-not_issued = Nur ausgestellte Belege haben eine E-Rechnung.
