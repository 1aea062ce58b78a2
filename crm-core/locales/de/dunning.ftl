# Mahnwesen: Namen der Mahnstufen und Prüfmeldungen von domain/dunning.

## domain/dunning/levels.rs

dunning-level-reminder = Zahlungserinnerung
dunning-level-first = 1. Mahnung
dunning-level-second = 2. Mahnung
dunning-level-final = Letzte Mahnung
dunning-level_unknown = unbekannte Mahnstufe: erwartet reminder, first, second oder final
dunning-schedule_empty = ein Mahnplan braucht mindestens eine Stufe
dunning-level_duplicate = diese Stufe steht bereits im Mahnplan
dunning-level_order = Stufen müssen der Reihenfolge Zahlungserinnerung, 1. Mahnung, 2. Mahnung, letzte Mahnung folgen
dunning-days_first = die erste Stufe muss mindestens 1 Tag nach dem Fälligkeitsdatum liegen
dunning-not_increasing = muss mindestens 1 Tag nach der vorigen Stufe liegen
dunning-days_range = darf höchstens { $max } Tage sein
dunning-payment_days_range = zwischen 1 und { $max } Tagen
dunning-block_reason_required = Bitte einen Grund angeben
dunning-block_reason_long = höchstens { $max } Zeichen in einer Zeile
dunning-block_until_past = Das Enddatum darf nicht in der Vergangenheit liegen
dunning-fee_negative = eine Gebühr kann nicht negativ sein

## domain/dunning/base_rate.rs

base_rate-empty = die Basiszinstabelle braucht mindestens einen Eintrag
base_rate-date = der Basiszinssatz ändert sich nur zum 1. Januar und 1. Juli
base_rate-duplicate_date = { $date } ist doppelt aufgeführt
base_rate-percent = Basiszinssatz muss zwischen { $min } und { $max } Prozent liegen, mit höchstens 2 Nachkommastellen

## domain/dunning/interest.rs

dunning-interest_no_base_rate = kein Basiszinssatz für den { $date } bekannt
dunning-interest_negative_principal = der offene Betrag kann nicht negativ sein
dunning-interest_steps_order = die Änderungen des offenen Betrags müssen nach Datum geordnet sein

## domain/dunning/claims.rs

dunning-claim_negative = darf nicht negativ sein

## The activity log.

admin-activity-reminder_issued = Mahnung erstellt

## Admin

admin-nav-dunning = Mahnwesen
admin-dunning-title = Mahnwesen
admin-dunning-intro = Überfällige Rechnungen aller Kunden mit der erreichten Mahnstufe und der Stufe, die ein Lauf heute erstellen würde.
admin-dunning-col-days = Tage überfällig
admin-dunning-col-reached = Erreichte Stufe
admin-dunning-col-due_level = Jetzt fällige Stufe
admin-dunning-reached = { $level } am { $date }
admin-dunning-none = Keine überfälligen Rechnungen.
admin-dunning-run = Mahnlauf jetzt starten
admin-dunning-run_hint = Erstellt je Kunde eine Mahnung für alle heute fälligen Stufen und versendet sie mit dem PDF im Anhang.
admin-dunning-disabled = Der regelmäßige Mahnlauf ist für diese Firma ausgeschaltet: Mahnungen entstehen nur, wenn Sie hier einen Lauf starten.
admin-dunning-outdated = Die Basiszinstabelle deckt heute nicht ab; Mahnungen fordern daher keine Verzugszinsen, bis sie aktualisiert ist.
admin-dunning-outdated_link = Basiszinssätze aktualisieren
admin-dunning-settings_link = Mahnwesen-Einstellungen
admin-flash-dunning_run =
    { $count ->
        [0] Keine Mahnung erstellt: nichts war fällig.
        [one] 1 Mahnung erstellt.
       *[other] { $count } Mahnungen erstellt.
    }
admin-flash-dunning_failed =
    { $count ->
        [one] Für 1 Kunden konnte keine Mahnung erstellt werden (Ursache im Server-Protokoll); die anderen wurden gemahnt, der nächste Lauf versucht es erneut.
       *[other] Für { $count } Kunden konnte keine Mahnung erstellt werden (Ursache im Server-Protokoll); die anderen wurden gemahnt, der nächste Lauf versucht es erneut.
    }
admin-reminders-title = Mahnungen
admin-reminders-none = Noch keine Mahnungen.
admin-reminders-col-level = Stufe
admin-invoice-dunning = Mahnstufe
admin-settings-dunning_link = Mahnwesen: Stufen, Gebühren, Zinsen und Basiszinssätze
admin-dunning_settings-title = Mahnwesen-Einstellungen
admin-dunning_settings-back = Einstellungen
admin-dunning_settings-general = Allgemein
admin-dunning_settings-enabled = Mahnungen automatisch erstellen (regelmäßiger Lauf)
admin-dunning_settings-reminder_prefix = Format der Mahnungsnummern
admin-dunning_settings-payment_days = Zahlungsfrist nach einer Mahnung (Tage)
admin-dunning_settings-levels = Stufen
admin-dunning_settings-levels_hint = Die erste Stufe zählt ihre Tage ab dem Fälligkeitsdatum, jede weitere ab dem Tag, an dem das vorige Schreiben erstellt wurde. Gebühren gelten nur für Geschäftskunden.
admin-dunning_settings-level = Stufe
admin-dunning_settings-included = Verwendet
admin-dunning_settings-days = Tage
admin-dunning_settings-fee = Gebühr (EUR)
admin-dunning_settings-interest = Fordert Zinsen
admin-dunning_settings-base_rates = Basiszinssätze (§ 247 BGB)
admin-dunning_settings-base_rates_hint = Lassen Sie alle Zeilen leer, um die eingebauten Werte der Bundesbank zu verwenden. Der Basiszinssatz ändert sich nur zum 1. Januar und 1. Juli.
admin-dunning_settings-valid_from = Gültig ab
admin-dunning_settings-percent = Prozent
admin-dunning_settings-add_rate = Zeile hinzufügen
