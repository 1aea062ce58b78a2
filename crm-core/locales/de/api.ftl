# The JSON API's problem titles (RFC 9457 `title` and `title_de`), by problem kind.

api-problem-invalid = Die Eingabe ist ungültig
api-problem-not_found = Nicht gefunden
api-problem-unauthorized = Ein gültiges Bearer-Token ist erforderlich
api-problem-refund_exceeds_payment = Die Erstattung übersteigt die Zahlung
api-problem-invalid_template = Die Vorlage ist ungültig
api-problem-link_invalid = Der Link ist ungültig
api-problem-rate_limited = Zu viele Anfragen
api-problem-payment_provider = Der Zahlungsanbieter ist fehlgeschlagen
api-problem-internal = Interner Fehler
api-problem-unavailable = Die Datenbank ist kurz nicht erreichbar; bitte gleich noch einmal versuchen
api-problem-too_large = Der Inhalt der Anfrage ist zu groß
api-problem-unreadable_body = Der Inhalt der Anfrage konnte nicht gelesen werden
api-problem-unsupported_media_type = Bitte JSON mit Content-Type: application/json senden
api-problem-malformed_json = Der Inhalt der Anfrage ist kein gültiges JSON
api-problem-duplicate_client_number = Die Kundennummer ist vergeben
api-problem-client_archived = Der Kunde ist archiviert
api-problem-currency_locked = Die Währung des Kunden kann nicht mehr geändert werden
api-problem-invoice_rule = Die Rechnung erlaubt das nicht
api-problem-quote_rule = Das Angebot erlaubt das nicht
api-problem-reference_reused = Die Zahlungsreferenz wurde für eine andere Zahlung verwendet
api-problem-ticket_closed = Die Anfrage ist geschlossen
api-problem-contact_rule = Die Kontakte erlauben das nicht
api-problem-conflict = Ein Datensatz mit diesem Schlüssel existiert bereits
api-problem-method_not_allowed = Methode nicht erlaubt
api-number_taken = ist bereits vergeben
api-template = Vorlagenfehler: { $what }
