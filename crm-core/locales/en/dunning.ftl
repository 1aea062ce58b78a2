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

## Admin

admin-nav-dunning = Dunning
admin-dunning-title = Dunning
admin-dunning-intro = Overdue invoices across clients, with the level they reached and the level a run today would issue.
admin-dunning-col-days = Days overdue
admin-dunning-col-reached = Level reached
admin-dunning-col-due_level = Level due now
admin-dunning-reached = { $level } on { $date }
admin-dunning-none = No overdue invoices.
admin-dunning-run = Run dunning now
admin-dunning-run_hint = Issues one reminder per client for every level due today and emails it with the PDF attached.
admin-dunning-disabled = The periodic run is off for this company: reminders are issued only when you start a run here.
admin-dunning-outdated = The base-rate table does not cover today, so reminders claim no default interest until it is updated.
admin-dunning-outdated_link = Update the base rates
admin-dunning-settings_link = Dunning settings
admin-flash-dunning_run =
    { $count ->
        [0] No reminders issued: nothing was due.
        [one] 1 reminder issued.
       *[other] { $count } reminders issued.
    }
admin-flash-dunning_failed =
    { $count ->
        [one] The letter to 1 client could not be issued (the cause is in the server log); the others were reminded, and the next run tries again.
       *[other] The letters to { $count } clients could not be issued (the cause is in the server log); the others were reminded, and the next run tries again.
    }
admin-reminders-title = Reminders
admin-reminders-none = No reminders yet.
admin-reminders-col-level = Level
admin-invoice-dunning = Dunning level
admin-settings-dunning_link = Dunning: levels, fees, interest and base rates
admin-dunning_settings-title = Dunning settings
admin-dunning_settings-back = Settings
admin-dunning_settings-general = General
admin-dunning_settings-enabled = Issue reminders automatically (periodic run)
admin-dunning_settings-reminder_prefix = Reminder number format
admin-dunning_settings-payment_days = Days to pay after a reminder
admin-dunning_settings-levels = Levels
admin-dunning_settings-levels_hint = The first level counts its days from the due date, every other level from the day the previous letter was issued. Fees apply to business clients only.
admin-dunning_settings-level = Level
admin-dunning_settings-included = Included
admin-dunning_settings-days = Days
admin-dunning_settings-fee = Fee (EUR)
admin-dunning_settings-interest = Claims interest
admin-dunning_settings-base_rates = Base rates (§ 247 BGB)
admin-dunning_settings-base_rates_hint = Leave every row empty to use the built-in Bundesbank values. The base rate changes only on 1 January and 1 July.
admin-dunning_settings-valid_from = Valid from
admin-dunning_settings-percent = Percent
admin-dunning_settings-add_rate = Add a rate
