# The client portal: pages, statuses and error pages.
# Keys use `-` where the code writes `.` (`nav-statement` is `nav.statement`).

## Layout and navigation.

skip = Skip to content
portal = Client portal
nav-label = Main navigation
nav-statement = Statement
nav-invoices = Invoices
nav-quotes = Quotes
nav-tickets = Support
nav-logout = Sign out
footer-secure = Secure connection · your data is visible to you only.

## Sign-in.

signin-title = Sign in
signin-lead = We will email you a sign-in link – no password needed.
signin-email = Email address
signin-submit = Email me a new link
signin-sent-title = Please check your inbox
signin-sent-body = If the address is on file with us, a sign-in link is on its way. It is valid for 15 minutes and can be used once.
signin-expired = Your session has ended. Please sign in again.
signin-no_form = Please use the link in one of our emails to sign in.
signin-signed_out = You have been signed out.
link-invalid-title = This link is no longer valid
link-invalid-body = The link has expired, was already used or was revoked. Simply request a new one.
continue-title = Confirm sign-in
continue-body = Click “Continue” to sign in to the client portal.
continue-hello = Hello
continue-submit = Continue
confirm-title = Confirm it is you
confirm-body = You opened the portal from a link in an email. Before you answer quotes or write to us on behalf of { $client }, confirm that it is you.
confirm-submit = Yes, continue as { $client }

## Statement.

statement-title = Statement
statement-hello = Hello
statement-lead = Here is your current balance with
statement-outstanding = Outstanding
statement-costs = plus dunning fees and default interest
statement-overdue = Of which overdue
statement-overdue_invoices =
    { $count ->
        [one] { $count } overdue invoice
       *[other] { $count } overdue invoices
    }
statement-invoiced = Total invoiced
statement-paid = Total paid
statement-open = Open invoices
statement-open_more = Show all open invoices
statement-none_open = No open invoices – thank you!
statement-history = Recently paid
statement-none_paid = No paid invoices yet.
statement-aging = Aging
statement-pdf = Statement as PDF
aging-current = Current (0–30 days)
aging-31_60 = 31–60 days
aging-61_90 = 61–90 days
aging-91_120 = 91–120 days
aging-over_120 = over 120 days
aging-bucket = Days past due
bank-title = Please transfer to
bank-reference = Reference: invoice number

## Documents.

col-number = Number
col-issued = Date
col-due = Due
col-valid_until = Valid until
col-total = Total
col-balance = Balance
col-status = Status
col-select = Select
col-description = Description
col-quantity = Qty
col-unit_price = Unit price
col-tax = Tax
col-amount = Amount
invoices-title = Invoices
invoices-lead = Select invoices to download their PDFs in one ZIP file.
invoices-download = Download selected (ZIP)
invoices-none = No invoices yet.
invoices-older = Older invoices
invoices-first = First page
invoice-title = Invoice
invoice-bill_to = Bill to
invoice-net = Net
invoice-tax = Tax
invoice-total = Total
invoice-paid = Paid
invoice-balance = Balance due
invoice-einvoice = E-invoice (XML)
invoice-pdf = Download PDF
invoice-pay = Pay now
invoice-notes = Notes
invoice-back = Back to invoices
invoice-thanks = Thank you! Your payment has been received.
invoice-processing = Thank you! Your payment is being processed.
invoice-not_confirmed = The payment is not confirmed yet. You will see it here once it arrives.
quotes-title = Quotes
quotes-none = No quotes.
quote-title = Quote
quote-approve = Approve quote
quote-reject = Decline quote
quote-reason = Reason (optional)
quote-approved = You approved this quote. Thank you!
quote-rejected = You declined this quote.
quote-answer = Your answer
quote-pdf = Download PDF
quote-back = Back to quotes

## Tickets.

tickets-title = Support tickets
tickets-new = Open new ticket
tickets-none = No tickets yet.
tickets-subject = Subject
tickets-message = Message
tickets-send = Send
tickets-last = Last message
ticket-reply = Reply
ticket-your_reply = Your reply
ticket-closed = This ticket is closed. Please open a new ticket for a new request.
ticket-you = You
ticket-back = Back to tickets

## Statuses.

status-draft = Draft
status-sent = Open
status-partial = Partly paid
status-processing = Processing
status-paid = Paid
status-cancelled = Cancelled
status-overdue = Overdue
status-approved = Approved
status-rejected = Declined
status-expired = Expired
status-quote_sent = Awaiting your answer
status-open = Open
status-waiting_on_client = Waiting for you
status-waiting_on_staff = We are on it
status-closed = Closed

## Errors.

error-title = Error
error-404 = This page does not exist (any more).
error-403 = The request was refused for security reasons. Please reload the page and try again.
error-409 = This is not possible in the current state.
error-400 = The input is invalid.
error-429 = Too many attempts. Please wait a moment.
error-500 = Something went wrong. Please try again later.
error-payment_unsupported = This invoice cannot be paid online: the payment service cannot take this amount. Please pay by bank transfer.
error-503 = The service is briefly unavailable. Please try again in a moment.
error-502 = The payment service is unavailable right now. Please try again later.
error-home = Go to the start page

## Names of downloaded files.

file-invoices_zip = Invoices.zip
file-statement = Statement-{ $date }.pdf
file-quote = Quote-{ $number }.pdf
