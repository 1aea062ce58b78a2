# What makes an invoice legally complete: tax treatments, the checks before issue, the
# company's legal details and the service date (shared/COMPLIANCE.md §1–2).

## Tax treatments: their names (forms, admin pages) and the sentence the document prints.

treatment-name-standard = Regelbesteuerung (Umsatzsteuer nach Satz)
treatment-name-reverse_charge = Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)
treatment-name-intra_community_supply = Innergemeinschaftliche Lieferung
treatment-name-export = Ausfuhrlieferung
treatment-name-not_taxable = Im Inland nicht steuerbar
treatment-name-exempt = Steuerfrei
treatment-name-small_business = Kleinunternehmer (§ 19 UStG)
treatment-sentence-reverse_charge = Steuerschuldnerschaft des Leistungsempfängers
treatment-sentence-intra_community_supply = Steuerfreie innergemeinschaftliche Lieferung
treatment-sentence-export = Steuerfreie Ausfuhrlieferung
treatment-sentence-not_taxable = Nicht im Inland steuerbare Leistung
# $norm: the exempting norm as staff entered it ("§ 4 Nr. 21 UStG").
treatment-sentence-exempt = Steuerfrei gemäß { $norm }
treatment-sentence-small_business = Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.
treatment-unknown = unbekannte steuerliche Behandlung „{ $shown }“
treatment-norm_required = Bitte die Befreiungsvorschrift angeben (z. B. „§ 4 Nr. 21 UStG“)
treatment-norm_invalid = Befreiungsvorschrift: höchstens { $max } Zeichen, keine Steuerzeichen
client_kind-unknown = unbekannte Kundenart „{ $shown }“ (Unternehmen oder Verbraucher)
# $shown: what was sent.
supply_kind-unknown = unbekannte Art „{ $shown }“ (goods oder service)
service_period-order = Der Leistungszeitraum endet vor seinem Beginn

## Checks before an invoice is issued: each says what to fix.

issue_date-future = Das Rechnungsdatum darf nicht in der Zukunft liegen
# $previous: the issue date of the latest invoice (ISO date).
issue_date-before_previous = Das Rechnungsdatum liegt vor dem der letzten Rechnung ({ $previous }); Nummern und Daten müssen in derselben Reihenfolge bleiben
issue-seller_tax_id_missing = Vor dem Ausstellen unter Einstellungen die Steuernummer oder USt-IdNr. des Unternehmens eintragen (§ 14 Abs. 4 Nr. 2 UStG)
issue-vat_on_small_business = Als Kleinunternehmer (§ 19 UStG) darf keine Umsatzsteuer ausgewiesen werden: Steuersatz 0 % wählen
# $treatment: the treatment's name.
issue-rate_not_allowed = „{ $treatment }“ weist keine Umsatzsteuer aus: Steuersatz 0 % wählen
issue-goods_only = „{ $treatment }“ gilt nur für Warenlieferungen: Position als Ware kennzeichnen oder eine andere Behandlung wählen
issue-small_business_not_enabled = Die Kleinunternehmerregelung ist für das Unternehmen nicht eingeschaltet (Einstellungen → Rechtliche Angaben)
issue-small_business_only = Als Kleinunternehmer (§ 19 UStG) gilt für alle Positionen die Kleinunternehmerregelung
issue-needs_business_buyer = Diese Behandlung gilt nur gegenüber Unternehmen: den Kunden als Unternehmen führen oder eine andere Behandlung wählen
issue-intra_community_outside_eu = Eine innergemeinschaftliche Lieferung geht nur in einen anderen EU-Staat; für Kunden außerhalb der EU „Ausfuhrlieferung“ wählen
issue-intra_community_domestic = Eine innergemeinschaftliche Lieferung geht in einen anderen EU-Staat als den eigenen
issue-reverse_charge_outside_eu = Für Kunden außerhalb der EU „Im Inland nicht steuerbar“ wählen
issue-buyer_vat_id_missing = Beim Kunden fehlt eine gültige USt-IdNr. eines anderen EU-Staats (§ 14a UStG)
issue-seller_vat_id_missing = Unter Einstellungen die USt-IdNr. des Unternehmens eintragen: sie muss auf dieser Rechnung stehen (§ 14a UStG)
issue-delivery_date_missing = Für eine innergemeinschaftliche Lieferung das Lieferdatum angeben
issue-export_inside_eu = Eine Ausfuhrlieferung geht in ein Land außerhalb der EU
issue-not_taxable_domestic = Eine Leistung an einen Kunden im Inland ist im Inland steuerbar
# $currency: the invoice's currency code.
issue-eur_rate_missing = Die Rechnung in { $currency } weist Umsatzsteuer aus: den Umrechnungskurs in Euro angeben (§ 16 Abs. 6 UStG), damit die Steuer auch in Euro auf der Rechnung steht

## The euro rate of a foreign-currency invoice.

eur_rate-range = Der Kurs muss größer als 0 sein (Euro je Einheit der Rechnungswährung)
# $decimals: how many decimals a rate may have.
eur_rate-precision = höchstens { $decimals } Nachkommastellen
eur_rate-not_foreign = Eine Rechnung in Euro braucht keinen Umrechnungskurs

## The company's legal details.

legal-seat = Sitz
legal-managing_directors = Geschäftsführung
legal-supervisory_chair = Vorsitz des Aufsichtsrats
legal-tax_number_is_vat_id = Das ist eine USt-IdNr.; sie gehört in das Feld USt-IdNr.
legal-too_many_directors = höchstens { $max } Personen
legal-register_incomplete = Registergericht und Registernummer nur gemeinsam angeben
legal-contact_name_required = Bitte den Namen des Ansprechpartners angeben

## Service date lines on the document.

pdf-service_date = Leistungsdatum
pdf-service_period = Leistungszeitraum
pdf-service_date_is_issue_date = Leistungsdatum entspricht Rechnungsdatum.
pdf-seller_vat_id = USt-IdNr.
pdf-seller_tax_number = Steuernummer
pdf-buyer_vat_id = USt-IdNr. des Leistungsempfängers
pdf-contact = Ansprechpartner
# $treatment: the treatment's name or exemption sentence; $net: formatted net sum.
pdf-treatment_on = { $treatment } auf { $net }

## Short treatment names for the totals block.

treatment-short-standard = USt
treatment-short-reverse_charge = Reverse Charge
treatment-short-intra_community_supply = Innergem. Lieferung
treatment-short-export = Ausfuhrlieferung
treatment-short-not_taxable = Nicht steuerbar
treatment-short-exempt = Steuerfrei
treatment-short-small_business = § 19 UStG

## Admin: the legal parts of the client and invoice forms.

admin-client-kind = Kundenart
admin-client-kind-business = Unternehmen
admin-client-kind-consumer = Verbraucher
admin-client-kind_hint = Entscheidet über Reverse Charge und innergemeinschaftliche Lieferung.
admin-legal-title = Rechtliche Angaben
admin-legal-hint = Erscheinen im Fuß jeder Rechnung und E-Mail (§ 37a HGB, § 35a GmbHG). Ausgestellte Rechnungen behalten die Angaben ihres Ausstellungstags.
admin-legal-tax_number = Steuernummer
admin-legal-tax_number_state = Bundesland der Steuernummer (z. B. BY, BE)
admin-legal-legal_form = Rechtsform
admin-legal-registered_seat = Sitz der Gesellschaft
admin-legal-register_court = Registergericht
admin-legal-register_number = Registernummer
admin-legal-supervisory_chair = Vorsitz des Aufsichtsrats
admin-legal-managing_directors = Geschäftsführung
admin-legal-directors_hint = Eine Person je Zeile.
admin-legal-contact_name = Ansprechpartner auf Dokumenten
admin-legal-contact_phone = Telefon des Ansprechpartners
admin-legal-contact_email = E-Mail des Ansprechpartners
admin-legal-small_business = Kleinunternehmer nach § 19 UStG
admin-legal-small_business_hint = Rechnungen weisen dann keine Umsatzsteuer aus und nennen den Grund.
admin-invoice-edit = Rechnungsentwurf bearbeiten
admin-doc-edit = Bearbeiten
admin-doc-issue_date = Rechnungsdatum
admin-doc-issue_date_hint = Leer: der Tag des Ausstellens. Nicht in der Zukunft, nicht vor der letzten Rechnung.
admin-doc-eur_rate = Umrechnungskurs (Euro je Einheit)
admin-doc-eur_rate_hint = Nur bei Rechnungen in Fremdwährung mit Umsatzsteuer: der Kurs nach § 16 Abs. 6 UStG (Monatsdurchschnitt des BMF oder Tageskurs), z. B. 0,9234 für 1 USD = 0,9234 EUR. Die Steuer steht dann auch in Euro auf der Rechnung.
admin-doc-service_from = Leistungsdatum / Beginn des Zeitraums
admin-doc-service_to = Ende des Leistungszeitraums
admin-doc-service_hint = Leer: Leistungsdatum entspricht Rechnungsdatum.
admin-doc-treatment = Steuerliche Behandlung
admin-doc-treatment_proposed = Vorschlag aus Kunden- und Firmendaten
admin-doc-norm = Befreiungsvorschrift (bei „Steuerfrei“)
admin-doc-norm_hint = z. B. § 4 Nr. 21 UStG
admin-doc-kind = Art
admin-doc-kind-service = Leistung
admin-doc-kind-goods = Ware

## Number formats.

numbering-too_long = höchstens { $max } Zeichen
numbering-characters = keine Leer- oder Steuerzeichen
numbering-placeholder = unbekannter Platzhalter: erlaubt sind {"{"}YYYY{"}"}, {"{"}YY{"}"}, {"{"}MM{"}"} und ein Zähler wie {"{"}NNNN{"}"}
numbering-counter = ein Format mit Platzhaltern braucht genau einen Zähler wie {"{"}NNNN{"}"}
numbering-reset_needs_year = der jährliche Neubeginn braucht das Jahr in der Nummer ({"{"}YYYY{"}"} oder {"{"}YY{"}"}), sonst würden sich Nummern wiederholen
admin-settings-yearly_reset = Zähler jedes Jahr neu beginnen (nur mit dem Jahr in der Nummer)

## Payment terms and Skonto.

admin-terms-title = Zahlungsbedingungen
admin-terms-hint = Leer: die Bedingungen des Unternehmens. Skonto nur mit Prozentsatz und Frist.
admin-terms-days = Zahlungsziel (Tage)
admin-terms-skonto_percent = Skonto (%)
admin-terms-skonto_days = Skontofrist (Tage)
terms-days_required = Für Skonto bitte auch das Zahlungsziel angeben
skonto-incomplete = Skonto braucht Prozentsatz und Frist
# $max: the highest percent.
skonto-percent = Skonto: mehr als 0 und höchstens { $max } %, höchstens zwei Nachkommastellen
skonto-days = Die Skontofrist muss mindestens einen Tag lang und kürzer als das Zahlungsziel sein
# $percent, $until, $discount, $pay arrive formatted.
pdf-skonto = Bei Zahlung bis { $until } gewähren wir { $percent } Skonto ({ $discount }); zu zahlen sind dann { $pay }.

## API.

api-status = ist kein Rechnungsstatus (draft, sent, partial, processing, paid, cancelled, overdue)

## Refunds recorded by staff.

admin-refund-title = Erstattung
admin-refund-reason = Grund
admin-refund-submit = Erstattung erfassen
admin-flash-refunded = Erstattung erfasst: der Betrag ist wieder offen.

## The invoice list.

admin-nav-invoices = Rechnungen
admin-invoices-title = Rechnungen
admin-invoices-from = Ausgestellt ab
admin-invoices-to = Ausgestellt bis
admin-invoices-apply = Anwenden
admin-invoices-next = Weitere Rechnungen
admin-invoices-none = Keine Rechnungen für diese Auswahl.
