# Words printed on PDF documents (invoices, quotes, statements).

pdf-invoice = Invoice
pdf-quote = Quote
pdf-statement = Statement of account
pdf-draft = Draft
pdf-cancelled = Cancelled
pdf-invoice_number = Invoice no.
pdf-quote_number = Quote no.
pdf-invoice_date = Invoice date
pdf-quote_date = Quote date
pdf-due_date = Due date
pdf-valid_until = Valid until
pdf-client_number = Client no.
pdf-attention = Attn.
pdf-vat_id = VAT ID
pdf-tax_number = Tax number
pdf-col_pos = #
pdf-col_description = Description
pdf-col_quantity = Qty
pdf-col_unit_price = Unit price
pdf-col_tax = VAT
pdf-col_net = Net
pdf-discount = less discount
pdf-net_total = Net total
pdf-total = Total
pdf-amount_paid = Amount paid
pdf-balance_due = Balance due
pdf-bank_details = Bank details
pdf-period = Period
pdf-as_of = As of
pdf-invoices = Invoices
pdf-payments = Payments
pdf-col_number = Number
pdf-col_date = Date
pdf-col_due = Due
pdf-col_total = Total
pdf-col_balance = Balance
pdf-col_status = Status
pdf-col_invoice = Invoice
pdf-col_method = Method
pdf-col_reference = Reference
pdf-col_amount = Amount
pdf-refunded = refunded
pdf-no_invoices = No invoices in this period.
pdf-no_payments = No payments in this period.
pdf-outstanding = Total outstanding
pdf-costs_outstanding = plus dunning fees and default interest
pdf-aging = Aging of open invoices
pdf-aging_total = Total
pdf-aging_note = Days past due at the statement date; amounts not yet due count as 0–30 days.
pdf-aging-current = 0–30 days
pdf-aging-31_60 = 31–60 days
pdf-aging-61_90 = 61–90 days
pdf-aging-91_120 = 91–120 days
pdf-aging-over_120 = over 120 days
pdf-page_of = Page { $page } of { $pages }
# $rate and $net arrive formatted ("19%", "€1,000.00").
pdf-plus_tax = plus { $rate } VAT on { $net }
# $currency: the document's currency code; $rate: euros per unit, formatted ("0.9234").
pdf-vat_in_eur = VAT in EUR (1 { $currency } = { $rate } EUR)
pdf-payable_by = Payable by { $due }.

## The status of an invoice in words.

pdf-status-draft = Draft
pdf-status-sent = Open
pdf-status-partial = Partly paid
pdf-status-processing = Payment processing
pdf-status-paid = Paid
pdf-status-overdue = Overdue
pdf-status-cancelled = Cancelled

## Payment methods in words (documents and emails).

payment_method-card = Card
payment_method-bank_transfer = Bank transfer
payment_method-direct_debit = Direct debit
payment_method-cash = Cash
payment_method-cheque = Cheque
payment_method-other = Other

## The company's bank account and the GiroCode (EPC QR code) on open invoices.

pdf-account_holder = Account holder
pdf-iban = IBAN
pdf-bic = BIC
pdf-bank = Bank
pdf-girocode = GiroCode
pdf-girocode_hint = Scan with your banking app
