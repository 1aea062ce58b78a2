# Dunning: level names and the validation messages of domain/dunning.

## domain/dunning/levels.rs

dunning-level-reminder = Payment reminder
dunning-level-first = First reminder
dunning-level-second = Second reminder
dunning-level-final = Final reminder
dunning-level_unknown = unknown dunning level: expected reminder, first, second or final
dunning-schedule_empty = a dunning schedule needs at least one level
dunning-level_duplicate = this level is already in the schedule
dunning-level_order = levels must follow the order payment reminder, first, second, final reminder
dunning-days_first = the first level must come at least 1 day after the due date
dunning-not_increasing = must be at least 1 day after the previous level
dunning-days_range = must be at most { $max } days
dunning-payment_days_range = between 1 and { $max } days
dunning-block_reason_required = enter a reason
dunning-block_reason_long = at most { $max } characters on one line
dunning-block_until_past = the end date may not be in the past
dunning-fee_negative = a fee cannot be negative

## domain/dunning/base_rate.rs

base_rate-empty = the base rate table needs at least one entry
base_rate-date = the base rate changes only on 1 January and 1 July
base_rate-duplicate_date = { $date } is listed twice
base_rate-percent = base rate must be between { $min } and { $max } percent with at most 2 decimal places

## domain/dunning/interest.rs

dunning-interest_no_base_rate = no base rate is known for { $date }
dunning-interest_negative_principal = the open amount cannot be negative
dunning-interest_steps_order = the changes of the open amount must be in date order

## domain/dunning/claims.rs

dunning-claim_negative = must not be negative

## The activity log.

admin-activity-reminder_issued = Reminder issued
