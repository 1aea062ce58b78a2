# The branded HTML layout of emails (crm_core::render::mail_layout): the summary of the
# document an email is about, the button to the portal and the fallback line under it.

mail_layout-invoice-title = Invoice { $number }
mail_layout-quote-title = Quote { $number }
mail_layout-payment_receipt-title = Payment for invoice { $number }
mail_layout-amount = Amount
mail_layout-due_date = Due date
mail_layout-valid_until = Valid until
mail_layout-paid = Paid
mail_layout-balance = Still open
mail_layout-button-invoice = View and pay invoice
mail_layout-button-quote = View quote
mail_layout-button-payment_receipt = View invoice
mail_layout-button-ticket_reply = View reply
mail_layout-button-portal_login = Sign in to the portal
mail_layout-portal_link = customer portal
mail_layout-fallback = If the button does not work, open this address in your browser:

# Additional recipients: per contact (client form, API) and the company's accounting copy.
mail_layout-err-mail_role = unknown recipient role “{ $shown }” (to, cc or none)
mail_layout-role-label = Documents by email
mail_layout-role-to = To
mail_layout-role-cc = CC
mail_layout-role-none = Not at all
mail_layout-role-hint = Invoices, quotes and receipts go to the primary contact (To) and to every contact marked To or CC.
mail_layout-bcc-label = Accounting copy (BCC)
mail_layout-bcc-hint = Every invoice and quote email also goes to this address as a blind copy, e.g. your bookkeeper's or your DATEV inbox. Sign-in links never do. Leave it empty for none.

## Corrections (cancellation invoices and credit notes).

mail_layout-button-correction = View invoice in the portal
# $number: "Stornorechnung ST-00001" / "Credit note RK-00001".
mail_layout-correction-title = { $number }
mail_layout-corrects = Corrects invoice
