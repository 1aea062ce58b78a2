# The built-in email templates: each becomes a handlebars template (subject and body) that
# staff can copy and change. Every $variable is the template variable of the same name with
# `.` written as `_` ($invoice_number is {{invoice.number}}); see crm_core::render::templates.

email-invoice-subject = Rechnung { $invoice_number } von { $company_name }
email-invoice-body =
    Guten Tag { $contact_name },

    anbei erhalten Sie unsere Rechnung { $invoice_number } vom { $invoice_issue_date } über { $invoice_total }, zahlbar bis { $invoice_due_date }.

    Rechnung ansehen und bezahlen:
    { $portal_url }

    Mit freundlichen Grüßen
    { $company_name }

email-quote-subject = Angebot { $quote_number } von { $company_name }
email-quote-body =
    Guten Tag { $contact_name },

    anbei erhalten Sie unser Angebot { $quote_number } über { $quote_total }, gültig bis { $quote_valid_until }.

    Angebot ansehen und annehmen:
    { $portal_url }

    Mit freundlichen Grüßen
    { $company_name }

email-payment_receipt-subject = Zahlungsbestätigung zu Rechnung { $invoice_number }
email-payment_receipt-body =
    Guten Tag { $contact_name },

    vielen Dank! Wir haben Ihre Zahlung über { $payment_amount } vom { $payment_date } zu Rechnung { $invoice_number } erhalten. Offener Betrag: { $invoice_balance }.

    Ihre Rechnungen im Kundenportal:
    { $portal_url }

    Mit freundlichen Grüßen
    { $company_name }

email-ticket_reply-subject = Re: { $ticket_subject }
email-ticket_reply-body =
    Guten Tag { $contact_name },

    { $ticket_author } hat auf Ihre Anfrage „{ $ticket_subject }“ geantwortet:

    { $ticket_message }

    Antworten Sie im Kundenportal:
    { $portal_url }

    Mit freundlichen Grüßen
    { $company_name }

email-portal_login-subject = Ihr Anmeldelink für das Kundenportal von { $company_name }
email-portal_login-body =
    Guten Tag { $contact_name },

    mit diesem Link melden Sie sich im Kundenportal an. Er ist { $link_validity }:
    { $portal_url }

    Falls Sie keinen Link angefordert haben, können Sie diese E-Mail ignorieren.

    { $company_name }

## How long a link works: the `link_validity` variable of portal_login emails, completing
## "Er ist …". $unit is day, hour or minute; $count selects the plural.

email-link_validity-unit =
    { $unit ->
        [day]
            { $count ->
                [one] Tag
               *[other] Tage
            }
        [hour]
            { $count ->
                [one] Stunde
               *[other] Stunden
            }
       *[minute]
            { $count ->
                [one] Minute
               *[other] Minuten
            }
    }
email-link_validity-login = { $count } { email-link_validity-unit } gültig und kann einmal verwendet werden
email-link_validity-document = { $count } { email-link_validity-unit } gültig
