# Validation messages: why one value was rejected. The key is the error's code (or a variant
# of it); placeables are the values the message names.

## domain/address.rs

address-invalid = ungültige Adresse

## domain/client.rs

client_number-format = Kundennummer darf nur Buchstaben, Ziffern und - _ / . enthalten
contacts-empty = ein Kunde braucht mindestens einen Ansprechpartner
contacts-too_many = ein Kunde hat höchstens 100 Ansprechpartner
contacts-duplicate_email = zwei Ansprechpartner eines Kunden können nicht dieselbe E-Mail-Adresse haben
contacts-duplicate_id = Ansprechpartner doppelt angegeben
contacts-no_primary = genau ein Ansprechpartner muss als Hauptkontakt markiert sein
contacts-several_primary = nur ein Ansprechpartner kann Hauptkontakt sein

## domain/validation.rs

text-empty = darf nicht leer sein
text-too_long = darf höchstens { $max } Zeichen lang sein
text-control = darf keine Steuerzeichen oder Zeilenumbrüche enthalten
text-control_multiline = darf keine Steuerzeichen enthalten

## domain/tax_id.rs

tax_id-empty = darf nicht leer sein: erwartet eine USt-IdNr. wie DE136695976 oder eine nationale Steuernummer
tax_id-format_gr = ungültige USt-IdNr. für GR: griechische USt-IdNrn. beginnen mit EL, nicht GR: erwartet EL + 9 Ziffern
tax_id-format_national = ungültige Steuernummer: erwartet eine USt-IdNr. oder 1 bis { $max } Buchstaben, Ziffern, Leerzeichen oder . - /

## domain/phone.rs

phone-empty = darf nicht leer sein: erwartet eine Telefonnummer wie +49 30 1234567
phone-plus = '+' ist nur einmal vor der ersten Ziffer erlaubt: erwartet z. B. +49 30 1234567
phone-parentheses = unausgeglichene oder verschachtelte Klammern: erwartet z. B. (030) 1234567
phone-country_code = eine Ländervorwahl beginnt nie mit 0: erwartet + oder 00 gefolgt von der Ländervorwahl, z. B. +49 30 1234567
phone-length = hat { $n } Ziffern: erwartet { $min_digits } bis { $max_digits } Ziffern

## domain/currency.rs

currency-unknown = unbekannte Währung '{ $shown }': erwartet ein ISO-4217-Kürzel wie EUR

## domain/email.rs

email-empty = darf nicht leer sein: erwartet eine E-Mail-Adresse wie name@example.com
email-invalid_char = darf keine Leerzeichen, Zeilenumbrüche oder Steuerzeichen enthalten: erwartet eine E-Mail-Adresse wie name@example.com
email-too_long = ist zu lang: erwartet höchstens { $max_len } Zeichen
email-at_sign = muss genau ein '@' enthalten: erwartet name@domain, z. B. name@example.com
email-local_part = ungültiger Teil vor dem '@': erwartet 1 bis { $max_local_len } Buchstaben a-z, Ziffern oder ! # $ % & ' * + - / = ? ^ _ ` {"{"} | {"}"} ~, mit einzelnen Punkten dazwischen
email-domain = ungültige Domain nach dem '@': erwartet durch Punkte getrennte Teile aus Buchstaben a-z, Ziffern und Bindestrichen mit einer Top-Level-Domain, z. B. example.com

## domain/money.rs

amount-not_positive = Betrag muss größer als null sein
tax_rate-range = Steuersatz muss ein Prozentsatz zwischen 0 und 100 mit höchstens 3 Nachkommastellen sein
discount-negative = Rabatt darf nicht negativ sein
discount-too_large = Rabatt darf Menge × Einzelpreis nicht übersteigen
items-empty = ein Beleg braucht mindestens eine Position
items-too_many = ein Beleg hat höchstens 1000 Positionen
items-total_too_large = die Belegsumme darf höchstens { $max_document_total } betragen

## domain/payment.rs

payment_method-unknown = unbekannte Zahlungsart '{ $s }': erwartet card, bank_transfer, direct_debit, cash, cheque oder other

## domain/template.rs

template_kind-unknown = unbekannte Vorlagenart '{ $s }': erwartet invoice, quote, payment_receipt, ticket_reply oder portal_login

## service/queries.rs

status-unknown = unbekannter Status '{ $status }'
cursor-invalid = ungültiger Cursor

## service/clients.rs

terms-range = Zahlungsziel darf höchstens 365 Tage sein

## service/documents.rs

ids-too_many = höchstens { $max } Rechnungen auswählen
ids-empty = mindestens eine Rechnung auswählen

## service/staff.rs

password-too_short = muss mindestens { $min_password_chars } Zeichen lang sein
password-too_long = darf höchstens { $max_password_chars } Zeichen lang sein
email-taken = wird bereits von einem anderen Mitarbeiterkonto verwendet
token-length = muss zwischen 24 und 256 Zeichen lang sein
token-charset = darf nur sichtbare ASCII-Zeichen enthalten (keine Leerzeichen)
token-taken = wird bereits verwendet; bitte einen anderen Token wählen
token-revoked = wurde widerrufen; bitte einen neuen Token wählen

## api/dto.rs

decimal-invalid = muss eine Dezimalzahl wie "1234.50" sein

## Messages with parts from the catalogue or several variants.

# $hint is the code as typed: UK and EL, which ISO does not assign, get an explanation.
country-unknown =
    unbekannter Ländercode '{ $shown }': erwartet einen ISO-3166-1-Alpha-2-Code wie DE{ $hint ->
        [UK] {" "}(Vereinigtes Königreich: GB)
        [EL] {" "}(Griechenland: GR)
       *[other] {""}
    }
# $rule is one of the postal_code-rule-* texts.
postal_code-format = erwartet { $rule } für { $country }, z. B. { $example }
postal_code-empty = darf nicht leer sein: erwartet { $rule } für { $country }, z. B. { $example }
postal_code-format_free = erwartet 1 bis { $max } Buchstaben, Ziffern, Leerzeichen oder Bindestriche für { $country }
postal_code-empty_free = darf nicht leer sein: erwartet 1 bis { $max } Buchstaben, Ziffern, Leerzeichen oder Bindestriche für { $country }
postal_code-rule-digits_4 = 4 Ziffern
postal_code-rule-digits_5 = 5 Ziffern
postal_code-rule-digits_7 = 7 Ziffern
postal_code-rule-nl = 4 Ziffern (nicht beginnend mit 0) und 2 Buchstaben
postal_code-rule-gb = eine britische Postleitzahl
postal_code-rule-us = 5 Ziffern oder ZIP+4
postal_code-rule-es = 5 Ziffern, beginnend mit 01 bis 52
# $field is a field-* text or the field's name.
number-negative = { $field } darf nicht negativ sein
number-too_large = { $field } darf höchstens { $max } sein
number-precision = { $field } darf höchstens { $max_input_scale } Nachkommastellen haben
field-quantity = Menge
field-unit_price = Einzelpreis
amount-precision = Betrag hat mehr als { $minor_units } Nachkommastellen für { $currency }
# $char is the character as Rust debug-prints it ('x', '\t').
phone-invalid_char = ungültiges Zeichen { $char }: erwartet Ziffern, optional ein führendes + und Leerzeichen, - / . ( ) als Trennzeichen, z. B. +49 30 1234567
locale-unsupported = nicht unterstützte Sprache '{ $input }': erwartet de oder en
# $label is the country (or XI), $rule one of the tax_id-rule-* texts.
tax_id-format = ungültige USt-IdNr. für { $label }: erwartet { $rule }
tax_id-checksum = ungültige USt-IdNr. für { $label }: die Prüfziffer stimmt nicht, bitte auf Tippfehler prüfen (erwartet { $rule })

## The JSON API's own field errors ($what is serde's explanation, in English).

api-limit = muss zwischen 1 und 200 liegen
api-cursor = ist kein Cursor dieser Liste
api-method = ist ungültig
api-body_object = muss ein JSON-Objekt sein
api-schema = passt nicht zum Schema: { $what }
api-query = ungültiger Parameter: { $what }

## Tax IDs: the format of each VAT prefix (VIES rules), shown in tax_id.format and tax_id.checksum.

tax_id-rule-AT = ATU + 8 Ziffern
tax_id-rule-BE = BE + 10 Ziffern, beginnend mit 0 oder 1
tax_id-rule-BG = BG + 9 Ziffern (juristische Personen) oder 10 Ziffern (natürliche Personen)
tax_id-rule-CY = CY + 8 Ziffern (nicht beginnend mit 12) + Prüfbuchstabe
tax_id-rule-CZ = CZ + 8 Ziffern (juristische Personen, nicht beginnend mit 9), 9 Ziffern beginnend mit 6 oder eine Geburtsnummer aus 9 oder 10 Ziffern (JJMMTT…)
tax_id-rule-DE = DE + 9 Ziffern (die erste nicht 0)
tax_id-rule-DK = DK + 8 Ziffern (die erste nicht 0)
tax_id-rule-EE = EE + 9 Ziffern, beginnend mit 10
tax_id-rule-EL = EL + 9 Ziffern
tax_id-rule-ES = ES + Buchstabe oder Ziffer + 7 Ziffern + Buchstabe oder Ziffer
tax_id-rule-FI = FI + 8 Ziffern
tax_id-rule-FR = FR + 2 Prüfzeichen + 9 Ziffern (SIREN)
tax_id-rule-HR = HR + 11 Ziffern
tax_id-rule-HU = HU + 8 Ziffern
tax_id-rule-IE = IE + 7 Ziffern + 1 oder 2 Buchstaben, oder IE + Ziffer + Buchstabe, + oder * + 5 Ziffern + Buchstabe
tax_id-rule-IT = IT + 11 Ziffern (Ziffern 8 bis 10 ein Amtscode 001 bis 100, 120, 121, 888 oder 999)
tax_id-rule-LT = LT + 9 Ziffern (die 8. eine 1) oder 12 Ziffern (die 11. eine 1)
tax_id-rule-LU = LU + 8 Ziffern
tax_id-rule-LV = LV + 11 Ziffern (juristische Personen: erste Ziffer 4 bis 9; natürliche Personen: TTMMJJ + Jahrhundertziffer + 4 Ziffern oder 32 + 9 Ziffern)
tax_id-rule-MT = MT + 8 Ziffern (die erste nicht 0)
tax_id-rule-NL = NL + 9 Ziffern + B + 2 Ziffern
tax_id-rule-PL = PL + 10 Ziffern
tax_id-rule-PT = PT + 9 Ziffern (die erste nicht 0)
tax_id-rule-RO = RO + 2 bis 10 Ziffern (die erste nicht 0)
tax_id-rule-SE = SE + 12 Ziffern, endend auf 01
tax_id-rule-SI = SI + 8 Ziffern (die erste nicht 0)
tax_id-rule-SK = SK + 10 Ziffern (die erste nicht 0, die dritte 2, 3, 4, 7, 8 oder 9)
tax_id-rule-XI = XI + 9 oder 12 Ziffern, oder XIGD/XIHA + 3 Ziffern
tax_id-rule-GB = GB + 9 oder 12 Ziffern, oder GBGD/GBHA + 3 Ziffern
tax_id-rule-CHE = CHE + 9 Ziffern, optional gefolgt von MWST, TVA, IVA oder TPV
tax_id-rule-NO = NO + 9 Ziffern, optional gefolgt von MVA

## German Steuernummer (domain/tax_id/steuernummer.rs). $state and $actual are state names,
## $example that state's written form, $states a list of state names.

steuernummer-empty = darf nicht leer sein: erwartet eine Steuernummer wie 181/815/08155 oder ihre 13-stellige bundeseinheitliche Form 9181081508155
steuernummer-format = ungültige Steuernummer: erwartet die Form eines Bundeslandes wie 181/815/08155 (Bayern) oder 133/8150/8159 (Nordrhein-Westfalen) oder die 13-stellige bundeseinheitliche Form wie 9181081508155
steuernummer-state_format = ungültige Steuernummer für { $state }: erwartet die Form { $example } oder die 13-stellige bundeseinheitliche Form
steuernummer-ambiguous = diese Steuernummer wird in { $states } gleich geschrieben: bitte das Bundesland wählen oder die 13-stellige bundeseinheitliche Form eingeben
steuernummer-federal = ungültige Steuernummer: eine 13-stellige Steuernummer beginnt mit der Nummer des Bundeslandes (etwa 9 für Bayern, 11 für Berlin, 5 für Nordrhein-Westfalen) und hat eine 0 nach dem Finanzamt
steuernummer-state_mismatch = diese Steuernummer stammt aus { $actual }, nicht aus { $state }

## domain/iban.rs: bank accounts ($country is a two-letter code as typed, $char as Rust debug-prints it).

iban-empty = darf nicht leer sein: erwartet eine IBAN wie DE89 3704 0044 0532 0130 00
iban-invalid_char = ungültiges Zeichen { $char }: eine IBAN besteht nur aus Buchstaben A–Z und Ziffern (Leerzeichen werden ignoriert), z. B. DE89 3704 0044 0532 0130 00
iban-too_long = ist zu lang: eine IBAN hat höchstens { $max } Zeichen
iban-country = unbekanntes IBAN-Land '{ $country }': eine IBAN beginnt mit dem Code eines Landes mit IBAN, z. B. DE
iban-format = erwartet Ländercode, zwei Prüfziffern und Kontonummer, z. B. DE89 3704 0044 0532 0130 00
iban-length = eine IBAN aus { $country } hat { $expected } Zeichen, diese hat { $n }
iban-checksum = die Prüfziffern passen nicht zur Kontonummer: bitte auf Tippfehler prüfen
bic-empty = darf nicht leer sein: erwartet eine BIC wie COBADEFFXXX
bic-format = erwartet eine BIC aus 8 oder 11 Zeichen: 4 Buchstaben (Bank), 2 Buchstaben (Land), 2 Buchstaben oder Ziffern (Ort) und optional 3 weitere (Filiale), z. B. COBADEFFXXX
bic-country = unbekannter Ländercode '{ $country }' in der BIC (5. und 6. Buchstabe)
bic-required = für ein Konto in { $country } nötig: Überweisungen auf Konten außerhalb des EWR brauchen die BIC
