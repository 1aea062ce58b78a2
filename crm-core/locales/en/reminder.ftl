# Payment reminders and dunning letters as a document (PDF) and as an email — shared/COMPLIANCE.md §5.
# The names of the levels themselves are in dunning.ftl (dunning-level-*).

## The PDF: header facts, salutation, the text of each level.

pdf-reminder-number = Number
pdf-reminder-date = Date
pdf-reminder-due_date = Payable by
pdf-reminder-salutation = Dear Sir or Madam,
pdf-reminder-opening-reminder = This may have escaped your attention: we have not yet received payment for the following invoices. We kindly ask you to settle the open amount.
pdf-reminder-opening-first = The following invoices are past due and still unpaid; you are in default of payment. Please transfer the total below, including the default interest and fees incurred.
pdf-reminder-opening-second = We have received no payment in response to our previous letters; the following invoices remain open. We once again urge you to settle the total.
# $date: the new due date (formatted).
pdf-reminder-opening-final = Despite several reminders the following invoices remain unpaid. This is our final reminder: if the total has not reached us by { $date }, we will take legal action or hand the claim over to a collection agency without further notice. The costs this causes will be charged to you.

## The table of overdue invoices and the totals.

pdf-reminder-col-invoice = Invoice
pdf-reminder-col-invoice_date = Invoice date
pdf-reminder-col-due_date = Due on
pdf-reminder-col-open = Open
pdf-reminder-col-interest = Interest
pdf-reminder-col-fee = Fee
pdf-reminder-open = Open invoice amounts
pdf-reminder-interest = Default interest
pdf-reminder-fees = Dunning fees
pdf-reminder-total = Total due

## Interest, payment date, closing.

# $invoices: per invoice "RE-00001: 11.27% p.a. from … to …", separated by "; ".
pdf-reminder-interest_sentence = Default interest under § 288 BGB (German Civil Code): { $invoices }.
# $number: invoice number; $segments: the periods, separated by ", ".
pdf-reminder-interest_invoice = { $number }: { $segments }
# $rate: interest rate (formatted, with %); $from, $to: dates.
pdf-reminder-interest_segment = { $rate } p.a. from { $from } to { $to }
# $total: total due; $date: new due date; $number: number of this letter.
pdf-reminder-pay_by = Please transfer the total of { $total } by { $date }, quoting the number { $number }.
pdf-reminder-closing = If you have paid in the meantime, please disregard this letter.
# File name of the attachment: "Reminder-MA-00001.pdf".
reminder-file_stem = Reminder

## Emails: one template per level.

email-dunning_reminder-subject = Payment reminder { $reminder_number }
email-dunning_reminder-body =
    Hello { $contact_name },

    This may have escaped your attention: we have not yet received payment for the following invoices.

    { $reminder_invoices }

    We kindly ask you to transfer { $reminder_total } by { $reminder_due_date }. The payment reminder { $reminder_number } is attached.

    Your invoices in the client portal:
    { $portal_url }

    If you have paid in the meantime, please disregard this email.

    Kind regards
    { $company_name }
email-dunning_first-subject = First reminder { $reminder_number }
email-dunning_first-body =
    Hello { $contact_name },

    The following invoices are past due and still unpaid:

    { $reminder_invoices }

    Please transfer the total of { $reminder_total }, including the default interest and fees incurred, by { $reminder_due_date }. The reminder { $reminder_number } is attached.

    Your invoices in the client portal:
    { $portal_url }

    If you have paid in the meantime, please disregard this email.

    Kind regards
    { $company_name }
email-dunning_second-subject = Second reminder { $reminder_number }
email-dunning_second-body =
    Hello { $contact_name },

    We have received no payment in response to our previous letters. The following invoices remain open:

    { $reminder_invoices }

    We urge you to transfer the total of { $reminder_total } by { $reminder_due_date }. The reminder { $reminder_number } is attached.

    Your invoices in the client portal:
    { $portal_url }

    Kind regards
    { $company_name }
email-dunning_final-subject = Final reminder { $reminder_number }
email-dunning_final-body =
    Hello { $contact_name },

    Despite several reminders the following invoices remain unpaid:

    { $reminder_invoices }

    This is our final reminder. If the total of { $reminder_total } has not reached us by { $reminder_due_date }, we will take legal action or hand the claim over to a collection agency without further notice. The final reminder { $reminder_number } is attached.

    Your invoices in the client portal:
    { $portal_url }

    Kind regards
    { $company_name }
# One line of the list: $number, $due_date, $amount (open + interest + fee).
email-reminder-invoice_line = – { $number }, due on { $due_date }: { $amount }

## The head of the HTML email and the admin.

mail_layout-button-dunning_reminder = View invoices
mail_layout-button-dunning_first = View invoices
mail_layout-button-dunning_second = View invoices
mail_layout-button-dunning_final = View invoices
mail_layout-dunning_reminder-title = Payment reminder { $number }
mail_layout-dunning_first-title = First reminder { $number }
mail_layout-dunning_second-title = Second reminder { $number }
mail_layout-dunning_final-title = Final reminder { $number }
mail_layout-total_due = Total due
mail_layout-pay_by = Payable by
admin-template-dunning_reminder = Payment reminder
admin-template-dunning_first = First reminder
admin-template-dunning_second = Second reminder
admin-template-dunning_final = Final reminder

## The portal: reminders on the statement and the invoice page.

portal-reminder-list = Payment reminders
portal-reminder-claim = Reminder sent
portal-reminder-pay_by = payable by
portal-reminder-interest = Default interest
portal-reminder-fees = Reminder fees
portal-reminder-total = Total claim

## The activity log: dunning blocks.

admin-activity-dunning_blocked = Reminders stopped
admin-activity-dunning_unblocked = Reminders resumed
admin-activity-dunning_level_skipped = Reminder level skipped
admin-activity-dunning_waived = Reminder fees and interest waived
admin-activity-dunning_schedule_changed = Own dunning levels changed

## Admin: dunning by hand on the invoice page.

admin-dunning-remind = Send the next level now
admin-dunning-remind_hint = Sends the next level at once, without waiting its days
admin-dunning-skip = Skip the level
admin-dunning-skip_hint = The next level counts as reached today, without a letter
admin-dunning-waive = Waive fees and interest
admin-dunning-waive_hint = Later reminders claim only the open amount
admin-flash-reminded = Reminder issued and emailed.
admin-flash-level_skipped = Reminder level skipped.
admin-flash-waived = Reminder fees and interest waived.
admin-kind-reminder = Payment reminder
admin-tab-dunning = Dunning
admin-client_dunning-block = Dunning block
admin-client_dunning-blocked = Reminders stopped: { $reason }
admin-client_dunning-blocked_until = until { $date } inclusive
admin-client_dunning-reason = Reason
admin-client_dunning-until = Last day (empty: until lifted)
admin-client_dunning-set = Stop reminders
admin-client_dunning-lift = Resume reminders
admin-client_dunning-levels = Own dunning levels
admin-client_dunning-own = Use own dunning levels for this client
admin-client_dunning-own_hint = Unticked, the company's dunning levels from the dunning settings apply. Levels already reached stay; the next level and its wait follow the new levels.
admin-flash-dunning_blocked = Reminders stopped for this client.
admin-flash-dunning_unblocked = Reminders resumed.
admin-flash-dunning_levels_saved = Dunning levels saved.
admin-invoice-costs_paid = Paid towards dunning fees and interest
