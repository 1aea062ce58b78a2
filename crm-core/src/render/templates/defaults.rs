//! The built-in email templates and the `link_validity` phrase, both from the message
//! catalogue (`locales/*/email.ftl`).

use chrono::Duration;

use crate::domain::{EmailTemplate, LinkPurpose, Locale, TemplateKind};
use crate::i18n::{self, Arg};

/// The ready-made phrase for the `link_validity` variable of `portal_login` emails, in
/// `locale`: how long the link works and, for a sign-in link, that it works once
/// (`15 Minuten gültig und kann einmal verwendet werden`, `valid for 30 days`). It completes
/// "Er ist …" / "It is …". `ttl` is shown in the largest whole unit (days, hours, minutes).
pub fn link_validity(purpose: LinkPurpose, ttl: Duration, locale: Locale) -> String {
    let (count, unit) = if ttl.num_days() > 0 && ttl == Duration::days(ttl.num_days()) {
        (ttl.num_days(), Unit::Day)
    } else if ttl.num_hours() > 0 && ttl == Duration::hours(ttl.num_hours()) {
        (ttl.num_hours(), Unit::Hour)
    } else {
        (ttl.num_minutes().max(1), Unit::Minute)
    };
    let unit = match unit {
        Unit::Day => "day",
        Unit::Hour => "hour",
        Unit::Minute => "minute",
    };
    let key = match purpose {
        LinkPurpose::Login => "email.link_validity.login",
        LinkPurpose::Document => "email.link_validity.document",
    };
    i18n::text_args(
        locale,
        key,
        &[("count", Arg::Int(count)), ("unit", Arg::from(unit))],
    )
}

#[derive(Debug, Clone, Copy)]
enum Unit {
    Day,
    Hour,
    Minute,
}

/// Every variable a built-in template uses; the catalogue names it with `_` for `.`.
const TEMPLATE_VARIABLES: [&str; 26] = [
    "company.name",
    "contact.name",
    "correction.amount",
    "correction.issue_date",
    "correction.number",
    "correction.refund_due",
    "correction.title",
    "invoice.balance",
    "invoice.due_date",
    "invoice.issue_date",
    "invoice.number",
    "invoice.total",
    "link_validity",
    "payment.amount",
    "payment.date",
    "portal_url",
    "quote.number",
    "quote.total",
    "quote.valid_until",
    "reminder.due_date",
    "reminder.invoices",
    "reminder.number",
    "reminder.total",
    "ticket.author",
    "ticket.message",
    "ticket.subject",
];

/// The built-in template of `kind` in `locale`, from the catalogue (`email.<kind>.subject`
/// and `.body`, `locales/*/email.ftl`): each `$invoice_number` becomes `{{invoice.number}}`.
pub fn default_template(kind: TemplateKind, locale: Locale) -> EmailTemplate {
    let args: Vec<(String, Arg)> = TEMPLATE_VARIABLES
        .iter()
        .map(|v| (v.replace('.', "_"), Arg::from(format!("{{{{{v}}}}}"))))
        .collect();
    let args: Vec<(&str, Arg)> = args.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    let part = |part: &str| {
        let key = format!("email.{}.{part}", kind.as_str());
        i18n::text_args(locale, &key, &args)
    };
    EmailTemplate {
        subject: part("subject"),
        body: part("body"),
    }
}
