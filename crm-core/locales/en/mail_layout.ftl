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
