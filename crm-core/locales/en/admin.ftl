# The admin UI.
# Keys use `-` where the code writes `.` (`admin-nav-clients` is `admin.nav.clients`).

admin-brand = Admin
admin-footer = Staff only.
admin-nav-clients = Clients
admin-nav-tickets = Tickets
admin-nav-settings = Settings
admin-nav-team = Team & API
admin-nav-account = My account
admin-nav-mailbox = Mailbox (development)
admin-save = Save
admin-cancel = Cancel
admin-empty = Nothing here yet.
admin-form-errors = Please correct the marked fields.
admin-filter = Filter
admin-filter-all = All
admin-pager = Pages
admin-pager-first = First page
admin-pager-next = Next

## Sign-in.

admin-login-title = Sign in
admin-login-lead = Sign in with your email address and password.
admin-login-email = Email address
admin-login-password = Password
admin-login-submit = Sign in
admin-login-failed = Wrong email address or password.
admin-login-throttled = Too many sign-in attempts. Please wait a few minutes.

## Notices after a redirect.

admin-flash-saved = Saved.
admin-flash-created = Created.
admin-flash-archived = Client archived.
admin-flash-restored = Client restored.
admin-flash-sent = Sent – the email is on its way.
admin-flash-issued = Invoice issued.
admin-flash-paid = Payment recorded.
admin-flash-cancelled = Cancelled.
admin-flash-reopened = Invoice open again: its payment will not complete.
admin-flash-converted = Quote converted into an invoice.
admin-flash-approved = Quote recorded as approved.
admin-flash-rejected = Quote recorded as rejected.
admin-flash-replied = Reply sent.
admin-flash-closed = Ticket closed.
admin-flash-link_sent = Portal link emailed.
admin-flash-signed_out = You have been signed out.
admin-flash-sessions_ended = All portal sessions of the contact were ended.
admin-flash-reverted = The company template applies again.
admin-flash-password_changed = Password changed. All other sessions were ended.
admin-flash-user_disabled = Account disabled; its sessions were ended.
admin-flash-user_enabled = Account enabled again.
admin-flash-revoked = Token revoked.

## Own account.

admin-account-title = My account
admin-account-password = Change password
admin-account-password_hint = At least 10 characters. Afterwards you are signed out everywhere else.
admin-account-current = Current password
admin-account-new = New password
admin-account-repeat = Repeat the new password
admin-account-change = Change password
admin-account-err-current_missing = Please enter your current password.
admin-account-err-current_wrong = The current password is wrong.
admin-account-err-mismatch = The two entries do not match.
admin-account-host = Your account is managed by the application this admin UI is embedded in; change passwords there.

## Team and API tokens.

admin-team-title = Team and API tokens
admin-team-users = Staff
admin-team-actions = Actions
admin-team-you = You
admin-team-active = Active
admin-team-disabled = Disabled
admin-team-disable = Disable
admin-team-enable = Enable
admin-team-disable_hint = Disabled accounts cannot sign in; their API tokens stop working while they are disabled.
admin-team-add = Add staff member
admin-team-initial_password = Initial password (at least 10 characters)
admin-team-tokens = API tokens
admin-team-tokens_lead = A token signs a script in to the JSON API as the chosen staff member (header “Authorization: Bearer …”).
admin-team-no_tokens = No API tokens yet.
admin-team-owner = Acts as
admin-team-last_used = Last used
admin-team-revoked = Revoked
admin-team-revoke = Revoke
admin-team-new_token = New API token
admin-team-token_name = Label (e.g. accounting)
admin-team-create_token = Create token
admin-team-err-owner = Please choose an active staff member.
admin-token-created = API token created
admin-token-once = This token is shown only now. Only a hash is stored; if you lose it, create a new one.
admin-token-label = Token
admin-token-copy = Select it (one click selects it all) and copy it, e.g. into an environment variable or a password manager.
admin-token-done = Copied – go back

## Clients.

admin-clients-title = Clients
admin-clients-search = Search (name, number, email)
admin-clients-archived = Archived only
admin-clients-filter = Show
admin-clients-none = No clients found.
admin-client-new = New client
admin-client-edit = Edit
admin-client-archive = Archive
admin-client-restore = Restore
admin-client-archived = Archived
admin-client-profile = Profile
admin-client-address = Billing address
admin-client-contacts = Contacts
admin-client-details = Client details
admin-client-recent = Recent documents
admin-client-number_taken = This client number is already taken.
admin-client-currency_locked = The currency of a client with documents cannot change.
admin-client-contact_rule = A client needs exactly one primary contact.
admin-contact-add = Add another contact
admin-contact-primary = Primary
admin-col-number = Number
admin-col-name = Name
admin-col-email = Email
admin-col-phone = Phone
admin-col-tax_id = VAT ID
admin-col-currency = Currency (ISO, e.g. EUR)
admin-col-locale = Language
admin-col-street = Street
admin-col-postal_code = Postal code
admin-col-city = City
admin-col-state = State / province
admin-col-country = Country (ISO, e.g. DE)
admin-col-notes = Notes
admin-col-created = Created
admin-col-terms = Payment terms
admin-col-client = Client
admin-col-kind = Type
admin-col-subject = Subject
admin-col-last = Last message
admin-col-tax_rate = Tax %
admin-col-discount = Discount
admin-lang-de = German
admin-lang-en = English

## The 360° view.

admin-figures = Figures
admin-figures-invoiced = Total invoiced
admin-figures-paid = Total paid
admin-figures-outstanding = Outstanding
admin-figures-costs = plus dunning fees and interest outstanding
admin-standing = Standing
admin-standing-good = Good
admin-standing-watch = Watch
admin-standing-poor = Poor
admin-standing-overdue = Overdue
admin-standing-max_days = max. days
admin-standing-avg_days = Avg. days to pay (12 months)
admin-tabs = Sections
admin-tab-overview = Overview
admin-tab-invoices = Invoices
admin-tab-quotes = Quotes
admin-tab-activity = Activity
admin-tab-tickets = Tickets
admin-tab-templates = Email templates
admin-chart-title = Invoiced vs paid, last 12 months
admin-chart-invoiced = Invoiced
admin-chart-paid = Paid
admin-chart-month = Month
admin-portal-send_link = Email portal link
admin-portal-sign_out = End portal sessions
admin-actor-contact = Contact
admin-actor-provider = Payment provider
admin-actor-system = System
admin-activity-client_created = Client created
admin-activity-client_updated = Client updated
admin-activity-client_archived = Client archived
admin-activity-client_restored = Client restored
admin-activity-invoice_created = Invoice created
admin-activity-invoice_updated = Invoice updated
admin-activity-invoice_issued = Invoice issued
admin-activity-invoice_sent = Invoice sent
admin-activity-invoice_viewed = Invoice viewed
admin-activity-invoice_cancelled = Invoice cancelled
admin-activity-invoice_reopened = Invoice reopened (payment did not complete)
admin-activity-quote_created = Quote created
admin-activity-quote_sent = Quote sent
admin-activity-quote_viewed = Quote viewed
admin-activity-quote_approved = Quote approved
admin-activity-quote_rejected = Quote rejected
admin-activity-quote_converted = Quote converted
admin-activity-payment_recorded = Payment recorded
admin-activity-refund_recorded = Refund recorded
admin-activity-template_changed = Email template changed
admin-activity-portal_link_issued = Portal link issued
admin-activity-portal_signed_in = Signed in to the portal
admin-activity-ticket_opened = Ticket opened
admin-activity-ticket_replied = Ticket answered
admin-activity-ticket_closed = Ticket closed

## Templates.

admin-template-kinds = Templates
admin-template-invoice = Invoice
admin-template-quote = Quote
admin-template-payment_receipt = Payment receipt
admin-template-ticket_reply = Ticket reply
admin-template-portal_login = Portal sign-in
admin-template-source-client = Client template
admin-template-source-company = Company template
admin-template-source-default = Built-in default
admin-template-subject = Subject
admin-template-body = Body
admin-template-variables = Available variables
admin-template-preview = Preview
admin-template-preview_hint = “Preview” shows the email with this client's data, without saving.
admin-template-revert = Revert to company template
admin-template-err-syntax = Syntax error
admin-template-err-unknown = Unknown variable
admin-template-err-forbidden = Not allowed
admin-template-err-invalid = Invalid

## Documents.

admin-kind-invoice = Invoice
admin-kind-quote = Quote
admin-invoice-new = New invoice
admin-quote-new = New quote
admin-doc-items = Line items
admin-doc-add_row = Add a line
admin-doc-create = Create draft
admin-doc-date_hint = Empty: the company's default terms.
admin-doc-draft_number = Draft
admin-doc-issue = Issue
admin-doc-send = Send by email
admin-doc-cancel = Cancel invoice
admin-doc-reopen = Reopen
admin-doc-reopen_hint = The payment started for this invoice will not complete: make it payable again.
admin-doc-einvoice = E-invoice (XML)
admin-doc-pdf = View PDF
admin-doc-viewed = viewed on
admin-doc-frozen = Issued PDF, archived unchanged · SHA-256
admin-quote-approve = Record as approved
admin-quote-reject = Record as rejected
admin-quote-convert = Convert to invoice
admin-quote-to_invoice = Go to the invoice
admin-payment-title = Record a payment
admin-payment-amount = Amount
admin-payments-title = Payments received
admin-payments-refunded = Refunded
admin-payment-date = Value date (empty: today)
admin-payment-method = Method
admin-payment-reference = Reference
admin-payment-receipt = Email a receipt
admin-payment-record = Record payment
admin-payment-rejected = This amount is more than is owed on the invoice (its balance plus open dunning fees and interest), or the invoice takes no payment.
admin-payment-reference_used = This reference was already used for another payment.
admin-err-number = Please enter a number, e.g. 1234.50.
admin-err-date = Please enter a date (YYYY-MM-DD).
admin-err-client = Please choose a client.
admin-err-archived = The client is archived; restore it first.

## Tickets.

admin-tickets-title = Tickets
admin-tickets-none = No tickets.
admin-ticket-reply = Reply
admin-ticket-reply_hint = The client receives the reply by email.
admin-ticket-send = Send reply
admin-ticket-close = Close ticket

## Settings and mailbox.

admin-settings-title = Settings
admin-settings-company = Company
admin-settings-terms = Numbering and terms
admin-settings-invoice_prefix = Invoice number prefix
admin-settings-quote_prefix = Quote number prefix
admin-settings-client_prefix = Client number prefix
admin-settings-payment_terms_days = Payment terms (days)
admin-settings-quote_validity_days = Quotes valid for (days)
admin-settings-paper_size = Paper size
admin-settings-bank_details = Bank details
admin-settings-bank_hint = Shown on invoices and in the portal when online payment is not set up (e.g. IBAN, BIC, bank).
admin-settings-prefix_hint = A prefix (RE- gives RE-00001) or a pattern with the year and a counter (RE-{"{"}YYYY{"}"}-{"{"}NNNN{"}"} gives RE-2026-0001). New formats apply to numbers given from now on; existing numbers stay.
admin-err-days = Please enter a whole number of days, e.g. 14.
admin-err-validity = At most 365 days.
admin-err-paper = Please choose A4 or US Letter.
admin-err-bank_details = At most 500 characters.
admin-settings-templates = Company email templates
admin-mailbox-title = Mailbox (development)
admin-mailbox-lead = Without an SMTP server every email lands here instead of with its recipient.
admin-mailbox-none = No emails yet.
admin-mail-from = From
admin-mail-to = To
admin-mail-date = Date
admin-mail-attachments = Attachments

## Short month names (the 360° chart).

admin-month-1 = Jan
admin-month-2 = Feb
admin-month-3 = Mar
admin-month-4 = Apr
admin-month-5 = May
admin-month-6 = Jun
admin-month-7 = Jul
admin-month-8 = Aug
admin-month-9 = Sep
admin-month-10 = Oct
admin-month-11 = Nov
admin-month-12 = Dec

## The bank account on the settings page.

admin-bank-title = Bank account
admin-bank-holder = Account holder
admin-bank-iban = IBAN
admin-bank-bic = BIC
admin-bank-bank_name = Bank
admin-bank-hint = Printed on invoices; open invoices in euros get a GiroCode (EPC QR code) for this account, so the client's banking app fills in the transfer. The account holder defaults to the company name. Leave the IBAN empty to remove the account.
