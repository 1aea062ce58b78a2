# A client's e-invoice settings (format and buyer reference): form labels, the client page
# and the validation messages.
einvoice-format-label = E-invoice format
einvoice-format-default = Default ({ $format })
einvoice-format-plain = Plain PDF
einvoice-format-zugferd = ZUGFeRD
einvoice-format-xrechnung_cii = XRechnung (CII)
einvoice-format-xrechnung_ubl = XRechnung (UBL)
einvoice-format-hint = By default businesses in { $country } get ZUGFeRD, consumers and clients abroad a plain PDF. Public buyers usually require XRechnung.
einvoice-buyer_reference-label = Buyer reference / Leitweg-ID
einvoice-buyer_reference-hint = Quoted on every invoice (BT-10). Public buyers give their Leitweg-ID; XRechnung requires one.
einvoice-buyer_reference-none = none
buyer_reference-empty = enter a buyer reference or leave the field empty
buyer_reference-check_digits = the check digits of this Leitweg-ID are wrong: expected { $expected }, not { $given }
einvoice_format-unknown = unknown e-invoice format '{ $shown }': expected plain, zugferd, xrechnung_cii or xrechnung_ubl
