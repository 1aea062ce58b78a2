# The built-in email templates: each becomes a handlebars template (subject and body) that
# staff can copy and change. Every $variable is the template variable of the same name with
# `.` written as `_` ($invoice_number is {{invoice.number}}); see crm_core::render::templates.

email-invoice-subject = Invoice { $invoice_number } from { $company_name }
email-invoice-body =
    Hello { $contact_name },

    please find attached our invoice { $invoice_number } of { $invoice_issue_date } for { $invoice_total }, due on { $invoice_due_date }.

    View and pay your invoice:
    { $portal_url }

    Kind regards
    { $company_name }

email-quote-subject = Quote { $quote_number } from { $company_name }
email-quote-body =
    Hello { $contact_name },

    please find attached our quote { $quote_number } for { $quote_total }, valid until { $quote_valid_until }.

    View and approve the quote:
    { $portal_url }

    Kind regards
    { $company_name }

email-payment_receipt-subject = Payment received for invoice { $invoice_number }
email-payment_receipt-body =
    Hello { $contact_name },

    thank you! We received your payment of { $payment_amount } on { $payment_date } for invoice { $invoice_number }. Balance due: { $invoice_balance }.

    Your invoices in the client portal:
    { $portal_url }

    Kind regards
    { $company_name }

email-ticket_reply-subject = Re: { $ticket_subject }
email-ticket_reply-body =
    Hello { $contact_name },

    { $ticket_author } replied to your request "{ $ticket_subject }":

    { $ticket_message }

    Reply in the client portal:
    { $portal_url }

    Kind regards
    { $company_name }

email-portal_login-subject = Your sign-in link for the { $company_name } client portal
email-portal_login-body =
    Hello { $contact_name },

    use this link to sign in to the client portal. It is { $link_validity }:
    { $portal_url }

    If you did not ask for a link, you can ignore this email.

    { $company_name }

## How long a link works: the `link_validity` variable of portal_login emails, completing
## "It is …". $unit is day, hour or minute; $count selects the plural.

email-link_validity-unit =
    { $unit ->
        [day]
            { $count ->
                [one] day
               *[other] days
            }
        [hour]
            { $count ->
                [one] hour
               *[other] hours
            }
       *[minute]
            { $count ->
                [one] minute
               *[other] minutes
            }
    }
email-link_validity-login = valid for { $count } { email-link_validity-unit } and can be used once
email-link_validity-document = valid for { $count } { email-link_validity-unit }
