# E-invoice XML (EN 16931): texts written into the XML, and why one could not be written.
einvoice-discount = Discount
einvoice-settlement = Set-off or refund
einvoice-credit_transfer = Credit transfer
# $url: the portal page of the invoice.
einvoice-online_payment = Card payment in the client portal: { $url }
einvoice-credit_transfer_or_online = Credit transfer or card payment in the client portal: { $url }
einvoice-missing-buyer_reference = XRechnung needs the buyer reference (Leitweg-ID) of the client.
einvoice-missing-seller_contact = XRechnung needs the seller contact with name, phone and email (company legal details).
einvoice-missing-payment = XRechnung needs payment instructions: add the company's bank account.
einvoice-missing-tax_currency_rate = An invoice in another currency needs the exchange rate to euros for its VAT total.
einvoice-not_issued = Only issued documents have an e-invoice.
