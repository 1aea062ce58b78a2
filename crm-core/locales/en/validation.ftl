# Validation messages: why one value was rejected. The key is the error's code (or a variant
# of it); placeables are the values the message names.

## domain/address.rs

address-invalid = invalid address

## domain/client.rs

client_number-format = client number may contain only letters, digits, - _ / .
contacts-empty = a client needs at least one contact
contacts-too_many = a client has at most 100 contacts
contacts-duplicate_email = two contacts of one client cannot share an email address
contacts-duplicate_id = contact listed twice
contacts-no_primary = mark exactly one contact as primary
contacts-several_primary = only one contact can be primary

## domain/validation.rs

text-empty = must not be empty
text-too_long = must be at most { $max } characters
text-control = must not contain control characters or line breaks
text-control_multiline = must not contain control characters

## domain/tax_id.rs

tax_id-empty = must not be empty: expected a VAT ID such as DE136695976 or a national tax number
tax_id-format_gr = invalid VAT ID for GR: Greek VAT IDs start with EL, not GR: expected EL + 9 digits
tax_id-format_national = invalid tax number: expected a VAT ID or 1 to { $max } letters, digits, spaces or . - /

## domain/phone.rs

phone-empty = must not be empty: expected a phone number such as +49 30 1234567
phone-plus = '+' is only allowed once, before the first digit: expected e.g. +49 30 1234567
phone-parentheses = unbalanced or nested parentheses: expected e.g. (030) 1234567
phone-country_code = a country code never starts with 0: expected + or 00 followed by the country code, e.g. +49 30 1234567
phone-length = has { $n } digits: expected { $min_digits } to { $max_digits } digits

## domain/currency.rs

currency-unknown = unknown currency '{ $shown }': expected an ISO 4217 code such as EUR

## domain/email.rs

email-empty = must not be empty: expected an email address such as name@example.com
email-invalid_char = must not contain spaces, line breaks or control characters: expected an email address such as name@example.com
email-too_long = is too long: expected at most { $max_len } characters
email-at_sign = must contain exactly one '@': expected name@domain, e.g. name@example.com
email-local_part = invalid part before '@': expected 1 to { $max_local_len } letters a-z, digits or ! # $ % & ' * + - / = ? ^ _ ` {"{"} | {"}"} ~, with single dots between them
email-domain = invalid domain after '@': expected dot-separated labels of letters a-z, digits and hyphens ending in a top-level domain, e.g. example.com

## domain/money.rs

amount-not_positive = amount must be greater than zero
tax_rate-range = tax rate must be a percentage between 0 and 100 with at most 3 decimal places
discount-negative = discount must not be negative
discount-too_large = discount must not exceed quantity × unit price
items-empty = a document needs at least one line item
items-too_many = a document has at most 1000 line items
items-total_too_large = the document total must be at most { $max_document_total }

## domain/payment.rs

payment_method-unknown = unknown payment method '{ $s }': expected one of card, bank_transfer, direct_debit, cash, cheque, other

## domain/template.rs

template_kind-unknown = unknown template kind '{ $s }': expected invoice, quote, payment_receipt, ticket_reply or portal_login

## service/queries.rs

status-unknown = unknown status '{ $status }'
cursor-invalid = invalid cursor

## service/clients.rs

terms-range = payment terms must be at most 365 days

## service/documents.rs

ids-too_many = select at most { $max } invoices
ids-empty = select at least one invoice

## service/staff.rs

password-too_short = must be at least { $min_password_chars } characters long
password-too_long = must be at most { $max_password_chars } characters long
email-taken = is already used by another staff account
token-length = must be between 24 and 256 characters long
token-charset = may only contain visible ASCII characters (no spaces)
token-taken = is already in use; choose another token
token-revoked = was revoked; choose a new token

## api/dto.rs

decimal-invalid = must be a decimal number such as "1234.50"

## Messages with parts from the catalogue or several variants.

# $hint is the code as typed: UK and EL, which ISO does not assign, get an explanation.
country-unknown =
    unknown country code '{ $shown }': expected an ISO 3166-1 alpha-2 code such as DE{ $hint ->
        [UK] {" "}(the United Kingdom is GB)
        [EL] {" "}(Greece is GR)
       *[other] {""}
    }
# $rule is one of the postal_code-rule-* texts.
postal_code-format = expected { $rule } for { $country }, e.g. { $example }
postal_code-empty = must not be empty: expected { $rule } for { $country }, e.g. { $example }
postal_code-format_free = expected 1 to { $max } letters, digits, spaces or hyphens for { $country }
postal_code-empty_free = must not be empty: expected 1 to { $max } letters, digits, spaces or hyphens for { $country }
postal_code-rule-digits_4 = 4 digits
postal_code-rule-digits_5 = 5 digits
postal_code-rule-digits_7 = 7 digits
postal_code-rule-nl = 4 digits (not starting with 0) and 2 letters
postal_code-rule-gb = a UK postcode
postal_code-rule-us = 5 digits or ZIP+4
postal_code-rule-es = 5 digits starting with 01 to 52
# $field is a field-* text or the field's name.
number-negative = { $field } must not be negative
number-too_large = { $field } must be at most { $max }
number-precision = { $field } must have at most { $max_input_scale } decimal places
field-quantity = quantity
field-unit_price = unit_price
amount-precision = amount has more than { $minor_units } decimal places for { $currency }
# $char is the character as Rust debug-prints it ('x', '\t').
phone-invalid_char = invalid character { $char }: expected digits, an optional leading + and spaces, - / . ( ) as separators, e.g. +49 30 1234567
locale-unsupported = unsupported language '{ $input }': expected de or en
# $label is the country (or XI), $rule one of the tax_id-rule-* texts.
tax_id-format = invalid VAT ID for { $label }: expected { $rule }
tax_id-checksum = invalid VAT ID for { $label }: the check digit is wrong, please check for typos (expected { $rule })

## The JSON API's own field errors ($what is serde's explanation, in English).

api-limit = must be between 1 and 200
api-cursor = is not a cursor returned by this list
api-method = is invalid
api-body_object = must be a JSON object
api-schema = { $what }
api-query = { $what }

## Tax IDs: the format of each VAT prefix (VIES rules), shown in tax_id.format and tax_id.checksum.

tax_id-rule-AT = ATU + 8 digits
tax_id-rule-BE = BE + 10 digits starting with 0 or 1
tax_id-rule-BG = BG + 9 digits (legal entities) or 10 digits (persons)
tax_id-rule-CY = CY + 8 digits (not starting with 12) + check letter
tax_id-rule-CZ = CZ + 8 digits (legal entities, not starting with 9), 9 digits starting with 6, or a birth number of 9 or 10 digits (YYMMDD…)
tax_id-rule-DE = DE + 9 digits (the first not 0)
tax_id-rule-DK = DK + 8 digits (the first not 0)
tax_id-rule-EE = EE + 9 digits starting with 10
tax_id-rule-EL = EL + 9 digits
tax_id-rule-ES = ES + letter or digit + 7 digits + letter or digit
tax_id-rule-FI = FI + 8 digits
tax_id-rule-FR = FR + 2 check characters + 9 digits (SIREN)
tax_id-rule-HR = HR + 11 digits
tax_id-rule-HU = HU + 8 digits
tax_id-rule-IE = IE + 7 digits + 1 or 2 letters, or IE + digit + letter, + or * + 5 digits + letter
tax_id-rule-IT = IT + 11 digits (digits 8 to 10 an office code 001 to 100, 120, 121, 888 or 999)
tax_id-rule-LT = LT + 9 digits (the 8th a 1) or 12 digits (the 11th a 1)
tax_id-rule-LU = LU + 8 digits
tax_id-rule-LV = LV + 11 digits (legal persons: first digit 4 to 9; persons: DDMMYY + century digit + 4 digits, or 32 + 9 digits)
tax_id-rule-MT = MT + 8 digits (the first not 0)
tax_id-rule-NL = NL + 9 digits + B + 2 digits
tax_id-rule-PL = PL + 10 digits
tax_id-rule-PT = PT + 9 digits (the first not 0)
tax_id-rule-RO = RO + 2 to 10 digits (the first not 0)
tax_id-rule-SE = SE + 12 digits ending in 01
tax_id-rule-SI = SI + 8 digits (the first not 0)
tax_id-rule-SK = SK + 10 digits (the first not 0, the third 2, 3, 4, 7, 8 or 9)
tax_id-rule-XI = XI + 9 or 12 digits, or XIGD/XIHA + 3 digits
tax_id-rule-GB = GB + 9 or 12 digits, or GBGD/GBHA + 3 digits
tax_id-rule-CHE = CHE + 9 digits, optionally followed by MWST, TVA, IVA or TPV
tax_id-rule-NO = NO + 9 digits, optionally followed by MVA

## German Steuernummer (domain/tax_id/steuernummer.rs). $state and $actual are state names,
## $example that state's written form, $states a list of state names.

steuernummer-empty = must not be empty: expected a tax number such as 181/815/08155 or its 13-digit federal form 9181081508155
steuernummer-format = invalid tax number: expected a state's form such as 181/815/08155 (Bayern) or 133/8150/8159 (Nordrhein-Westfalen), or the 13-digit federal form such as 9181081508155
steuernummer-state_format = invalid tax number for { $state }: expected the form { $example } or the 13-digit federal form
steuernummer-ambiguous = this tax number is written the same way in { $states }: please choose the state or enter the 13-digit federal form
steuernummer-federal = invalid tax number: a 13-digit tax number starts with the state's number (such as 9 for Bayern, 11 for Berlin, 5 for Nordrhein-Westfalen) and has a 0 after the tax office
steuernummer-state_mismatch = this tax number was issued in { $actual }, not in { $state }

## domain/iban.rs: bank accounts ($country is a two-letter code as typed, $char as Rust debug-prints it).

iban-empty = must not be empty: expected an IBAN such as DE89 3704 0044 0532 0130 00
iban-invalid_char = invalid character { $char }: an IBAN has only letters A–Z and digits (spaces are ignored), e.g. DE89 3704 0044 0532 0130 00
iban-too_long = is too long: an IBAN has at most { $max } characters
iban-country = unknown IBAN country '{ $country }': an IBAN starts with the code of a country that has IBANs, e.g. DE
iban-format = expected the country code, two check digits and the account number, e.g. DE89 3704 0044 0532 0130 00
iban-length = an IBAN of { $country } has { $expected } characters, this one has { $n }
iban-checksum = the check digits do not match the account number: please check for typos
bic-empty = must not be empty: expected a BIC such as COBADEFFXXX
bic-format = expected a BIC of 8 or 11 characters: 4 letters (bank), 2 letters (country), 2 letters or digits (location) and optionally 3 more (branch), e.g. COBADEFFXXX
bic-country = unknown country code '{ $country }' in the BIC (its 5th and 6th letters)
bic-required = required for an account in { $country }: transfers to accounts outside the EEA need the BIC
