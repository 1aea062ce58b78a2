# Corrections of issued invoices: cancellation invoices (Stornorechnung) and corrective credits
# (Rechnungskorrektur) — shared/COMPLIANCE.md §3. Not "Gutschrift": in German law that is
# self-billing.

## Document titles and what they print.

pdf-correction-cancellation = Cancellation invoice
pdf-correction-credit = Credit note
pdf-correction-number = Number
pdf-correction-date = Date
pdf-correction-corrects = Corrects invoice
# $number, $date: the corrected invoice's number and issue date (formatted).
pdf-correction-corrects_value = { $number } of { $date }
pdf-correction-cancellation_sentence = This cancellation invoice cancels invoice { $number } of { $date } in full.
pdf-correction-credit_sentence = This credit note corrects invoice { $number } of { $date } by the amounts below.
pdf-correction-reason = Reason: { $reason }
# $refund: formatted amount.
pdf-correction-refund = You have already paid more than the corrected amount: we will refund { $refund } to you.
pdf-correction-settled = The amount is set off against invoice { $number }.

pdf-statement-corrections = Cancellations and credit notes
pdf-statement-correction_kind = Kind

## Checks of a credit and of number ranges.

credit-rate_not_on_invoice = the invoice has no amount at { $rate } %
# $left: what is left to credit at that rate.
credit-exceeds_rate = more than the invoice's remaining net at { $rate } % ({ $left })
credit-exceeds_invoice = more than the invoice still asks for ({ $remaining })
credit-nothing = a credit must take back a positive amount
correction-not_issued = only an issued invoice can be corrected
refund-not_through_provider = only a card payment taken through the payment provider can be refunded there
api-refund_via = is `manual` or `gateway`
numbering-same_as_other = each kind of document needs its own number format

## Email.

email-correction-subject = { $correction_title } { $correction_number } for invoice { $invoice_number }
email-correction-body =
    Hello { $contact_name },

    please find attached our { $correction_title } { $correction_number } of { $correction_issue_date } for invoice { $invoice_number } of { $invoice_issue_date } over { $correction_amount }.

    Your invoices in the client portal:
    { $portal_url }

    Kind regards
    { $company_name }

## Admin and portal.

admin-template-correction = Cancellation / credit note
admin-activity-invoice_credited = Credit note issued
admin-activity-correction_sent = Correction emailed
admin-settings-cancellation_prefix = Cancellation invoice numbers
admin-settings-credit_prefix = Credit note numbers
admin-kind-cancellation = Cancellation invoice
admin-kind-credit = Credit note
status-issued = Issued
admin-correction-cancel_title = Cancel with a cancellation invoice
admin-correction-cancel_hint = The invoice stays as issued; a cancellation invoice with its own number takes it back in full.
admin-correction-credit_title = Credit note
admin-correction-credit_hint = Take back part of the invoice: lines at the invoice's rates, positive amounts.
admin-correction-reason = Reason (printed)
admin-correction-send = Email to the client
admin-correction-submit_cancel = Issue cancellation invoice
admin-correction-submit_credit = Issue credit note
admin-correction-list = Corrections
admin-correction-refund_due = To refund
admin-correction-cancelled_by = Cancelled by
admin-correction-credited = Credited
admin-flash-credited = Credit note issued.
portal-corrections = Corrections
admin-refund-via_gateway = Refund via Stripe
admin-activity-quote_updated = Quote edited
admin-quote-edit = Edit quote
