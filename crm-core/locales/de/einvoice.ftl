# Die E-Rechnungs-Einstellungen eines Kunden (Format und Käuferreferenz): Formularfelder, die
# Kundenseite und die Prüfmeldungen.
einvoice-format-label = E-Rechnung
einvoice-format-default = Standard ({ $format })
einvoice-format-plain = Nur PDF
einvoice-format-zugferd = ZUGFeRD
einvoice-format-xrechnung_cii = XRechnung (CII)
einvoice-format-xrechnung_ubl = XRechnung (UBL)
einvoice-format-hint = Standard: Unternehmen in { $country } erhalten ZUGFeRD, Verbraucher und Kunden im Ausland ein PDF. Öffentliche Auftraggeber verlangen meist XRechnung.
einvoice-buyer_reference-label = Käuferreferenz / Leitweg-ID
einvoice-buyer_reference-hint = Steht auf jeder Rechnung (BT-10). Öffentliche Auftraggeber nennen ihre Leitweg-ID; XRechnung verlangt eine.
einvoice-buyer_reference-none = keine
buyer_reference-empty = bitte eine Käuferreferenz eingeben oder das Feld leer lassen
buyer_reference-check_digits = die Prüfziffer dieser Leitweg-ID ist falsch: erwartet { $expected }, nicht { $given }
einvoice_format-unknown = unbekanntes E-Rechnungsformat „{ $shown }“: erwartet plain, zugferd, xrechnung_cii oder xrechnung_ubl
