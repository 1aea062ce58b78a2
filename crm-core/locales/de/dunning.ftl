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
