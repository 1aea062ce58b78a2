# What makes an invoice legally complete: tax treatments, the checks before issue, the
# company's legal details and the service date (shared/COMPLIANCE.md §1–2).

## Tax treatments: their names (forms, admin pages) and the sentence the document prints.

treatment-name-standard = Standard VAT (at the line's rate)
treatment-name-reverse_charge = Reverse charge
treatment-name-intra_community_supply = Intra-community supply
treatment-name-export = Export outside the EU
treatment-name-not_taxable = Not taxable in Germany
treatment-name-exempt = Exempt
treatment-name-small_business = Small business (§19 UStG)
treatment-sentence-reverse_charge = Reverse charge: the recipient is liable for the VAT (Steuerschuldnerschaft des Leistungsempfängers)
treatment-sentence-intra_community_supply = Tax-free intra-community supply (Steuerfreie innergemeinschaftliche Lieferung)
treatment-sentence-export = Tax-free export (Steuerfreie Ausfuhrlieferung)
treatment-sentence-not_taxable = Service not taxable in Germany (Nicht im Inland steuerbare Leistung)
# $norm: the exempting norm as staff entered it ("§ 4 Nr. 21 UStG").
treatment-sentence-exempt = VAT exempt under { $norm }
treatment-sentence-small_business = No VAT is charged under the small business rule of § 19 UStG.
treatment-unknown = unknown tax treatment “{ $shown }”
treatment-norm_required = enter the exempting norm (e.g. “§ 4 Nr. 21 UStG”)
treatment-norm_invalid = exempting norm: at most { $max } characters, no control characters
client_kind-unknown = unknown kind of client “{ $shown }” (business or consumer)
# $shown: what was sent.
supply_kind-unknown = unknown kind “{ $shown }” (goods or service)
service_period-order = the service period ends before it starts

## Checks before an invoice is issued: each says what to fix.

issue_date-future = the invoice date may not be in the future
# $previous: the issue date of the latest invoice (ISO date).
issue_date-before_previous = the invoice date is before that of the latest invoice ({ $previous }); numbers and dates must stay in the same order
issue-seller_tax_id_missing = enter the company's tax number or VAT ID under Settings before issuing (§14 (4) no. 2 UStG)
issue-vat_on_small_business = a small business (§19 UStG) may not charge VAT: choose a rate of 0 %
# $treatment: the treatment's name.
issue-rate_not_allowed = “{ $treatment }” carries no VAT: choose a rate of 0 %
issue-goods_only = “{ $treatment }” applies to goods only: mark the line as goods or choose another treatment
issue-small_business_not_enabled = the small business rule is not enabled for the company (Settings → Legal details)
issue-small_business_only = as a small business (§19 UStG) every line falls under the small business rule
issue-needs_business_buyer = this treatment applies to business clients only: mark the client as a business or choose another treatment
issue-intra_community_outside_eu = an intra-community supply goes to another EU state; for clients outside the EU choose “Export outside the EU”
issue-intra_community_domestic = an intra-community supply goes to an EU state other than your own
issue-reverse_charge_outside_eu = for clients outside the EU choose “Not taxable in Germany”
issue-buyer_vat_id_missing = the client needs a valid VAT ID of another EU state (§14a UStG)
issue-seller_vat_id_missing = enter the company's VAT ID under Settings: it must be on this invoice (§14a UStG)
issue-delivery_date_missing = enter the delivery date of an intra-community supply
issue-export_inside_eu = an export goes to a country outside the EU
issue-not_taxable_domestic = a service to a domestic client is taxable in Germany
# $currency: the invoice's currency code.
issue-eur_rate_missing = the invoice in { $currency } charges VAT: enter the euro exchange rate (§16 (6) UStG), so the VAT is stated in euros on the invoice too

## The euro rate of a foreign-currency invoice.

eur_rate-range = the rate must be greater than 0 (euros per unit of the invoice currency)
# $decimals: how many decimals a rate may have.
eur_rate-precision = at most { $decimals } decimals
eur_rate-not_foreign = an invoice in euros needs no exchange rate

## The company's legal details.

legal-seat = Registered office
legal-managing_directors = Managing directors
legal-supervisory_chair = Chair of the supervisory board
legal-tax_number_is_vat_id = this is a VAT ID; it belongs in the VAT ID field
legal-too_many_directors = at most { $max } people
legal-register_incomplete = enter the register court and the register number together
legal-contact_name_required = enter the contact's name

## Service date lines on the document.

pdf-service_date = Date of supply
pdf-service_period = Service period
pdf-service_date_is_issue_date = Date of supply equals the invoice date.
pdf-seller_vat_id = VAT ID
pdf-seller_tax_number = Tax number
pdf-buyer_vat_id = Recipient's VAT ID
pdf-contact = Contact
# $treatment: the treatment's name or exemption sentence; $net: formatted net sum.
pdf-treatment_on = { $treatment } on { $net }

## Short treatment names for the totals block.

treatment-short-standard = VAT
treatment-short-reverse_charge = Reverse charge
treatment-short-intra_community_supply = Intra-EU supply
treatment-short-export = Export
treatment-short-not_taxable = Not taxable
treatment-short-exempt = Exempt
treatment-short-small_business = § 19 UStG

## Admin: the legal parts of the client and invoice forms.

admin-client-kind = Kind of client
admin-client-kind-business = Business
admin-client-kind-consumer = Consumer
admin-client-kind_hint = Decides reverse charge and intra-community supply.
admin-legal-title = Legal details
admin-legal-hint = Printed in the footer of every invoice and email (§37a HGB, §35a GmbHG). Issued invoices keep the details of the day they were issued.
admin-legal-tax_number = Tax number (Steuernummer)
admin-legal-tax_number_state = State of the tax number (e.g. BY, BE)
admin-legal-legal_form = Legal form
admin-legal-registered_seat = Registered office
admin-legal-register_court = Register court
admin-legal-register_number = Register number
admin-legal-supervisory_chair = Chair of the supervisory board
admin-legal-managing_directors = Managing directors
admin-legal-directors_hint = One person per line.
admin-legal-contact_name = Contact on documents
admin-legal-contact_phone = Contact's phone
admin-legal-contact_email = Contact's email
admin-legal-small_business = Small business under § 19 UStG
admin-legal-small_business_hint = Invoices then show no VAT and say why.
admin-invoice-edit = Edit draft invoice
admin-doc-edit = Edit
admin-doc-issue_date = Invoice date
admin-doc-issue_date_hint = Empty: the day it is issued. Not in the future, not before the latest invoice.
admin-doc-eur_rate = Exchange rate (euros per unit)
admin-doc-eur_rate_hint = Only for invoices in a foreign currency that charge VAT: the rate of §16 (6) UStG (the Ministry of Finance's monthly average or the day's rate), e.g. 0.9234 for 1 USD = 0.9234 EUR. The invoice then states its VAT in euros too.
admin-doc-service_from = Date of supply / start of the period
admin-doc-service_to = End of the service period
admin-doc-service_hint = Empty: the date of supply equals the invoice date.
admin-doc-treatment = Tax treatment
admin-doc-treatment_proposed = Proposed from the client's and company's data
admin-doc-norm = Exempting norm (for “Exempt”)
admin-doc-norm_hint = e.g. § 4 Nr. 21 UStG
admin-doc-kind = Kind
admin-doc-kind-service = Service
admin-doc-kind-goods = Goods

## Number formats.

numbering-too_long = at most { $max } characters
numbering-characters = no spaces or control characters
numbering-placeholder = unknown placeholder: {"{"}YYYY{"}"}, {"{"}YY{"}"}, {"{"}MM{"}"} and one counter like {"{"}NNNN{"}"} are allowed
numbering-counter = a format with placeholders needs exactly one counter like {"{"}NNNN{"}"}
numbering-reset_needs_year = a yearly restart needs the year in the number ({"{"}YYYY{"}"} or {"{"}YY{"}"}), else numbers would repeat
admin-settings-yearly_reset = Restart the counters each year (only with the year in the number)

## Payment terms and Skonto.

admin-terms-title = Payment terms
admin-terms-hint = Empty: the company's terms. A cash discount needs both a percentage and a period.
admin-terms-days = Payment term (days)
admin-terms-skonto_percent = Cash discount (%)
admin-terms-skonto_days = Discount period (days)
terms-days_required = a cash discount needs the payment term too
skonto-incomplete = a cash discount needs a percentage and a period
# $max: the highest percent.
skonto-percent = cash discount: above 0 and at most { $max } %, at most two decimals
skonto-days = the discount period must be at least one day and shorter than the payment term
# $percent, $until, $discount, $pay arrive formatted.
pdf-skonto = If paid by { $until }, a { $percent } cash discount applies ({ $discount }); the amount due is then { $pay }.

## API.

api-status = is not an invoice status (draft, sent, partial, processing, paid, cancelled, overdue)

## Refunds recorded by staff.

admin-refund-title = Refund
admin-refund-reason = Reason
admin-refund-submit = Record refund
admin-flash-refunded = Refund recorded: the amount is due again.

## The invoice list.

admin-nav-invoices = Invoices
admin-invoices-title = Invoices
admin-invoices-from = Issued from
admin-invoices-to = Issued until
admin-invoices-apply = Apply
admin-invoices-next = More invoices
admin-invoices-none = No invoices for this selection.
