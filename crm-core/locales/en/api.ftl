# The JSON API's problem titles (RFC 9457 `title` and `title_de`), by problem kind.

api-problem-invalid = The input is invalid
api-problem-not_found = Not found
api-problem-unauthorized = A valid bearer token is required
api-problem-refund_exceeds_payment = The refund exceeds the payment
api-problem-invalid_template = The template is invalid
api-problem-link_invalid = The link is invalid
api-problem-rate_limited = Too many requests
api-problem-payment_provider = The payment provider failed
api-problem-internal = Internal error
api-problem-unavailable = The database is briefly unavailable; try again shortly
api-problem-too_large = The request body is too large
api-problem-unreadable_body = The request body could not be read
api-problem-unsupported_media_type = Send JSON with Content-Type: application/json
api-problem-malformed_json = The request body is not valid JSON
api-problem-duplicate_client_number = The client number is taken
api-problem-client_archived = The client is archived
api-problem-currency_locked = The client's currency cannot change any more
api-problem-invoice_rule = The invoice does not allow this
api-problem-quote_rule = The quote does not allow this
api-problem-reference_reused = The payment reference was used for another payment
api-problem-ticket_closed = The ticket is closed
api-problem-contact_rule = The contacts do not allow this
api-problem-conflict = A record with this key already exists
api-problem-method_not_allowed = Method not allowed
api-number_taken = is already taken
api-template = { $what }
