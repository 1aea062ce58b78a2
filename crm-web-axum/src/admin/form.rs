//! Posted forms: `application/x-www-form-urlencoded` pairs (read once by the CSRF check),
//! indexed rows (`contacts[0].email`), decimals as people type them, and field errors.

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use crm_core::domain::{Locale, ValidationErrors};
use rust_decimal::Decimal;

/// The fields of a posted form, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct FormData(Vec<(String, String)>);

impl FormData {
    /// Parses a urlencoded body (invalid UTF-8 is replaced, never trusted).
    pub(crate) fn parse(body: &[u8]) -> Self {
        Self(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`, or `""`.
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The trimmed value of `name`, `None` when empty.
    pub(crate) fn opt(&self, name: &str) -> Option<String> {
        let v = self.get(name).trim();
        (!v.is_empty()).then(|| v.to_owned())
    }

    /// Whether the form has a field `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// The indexed rows `prefix[i].field`, in index order: `(i, field → value)`.
    pub(crate) fn rows(&self, prefix: &str) -> Vec<(usize, BTreeMap<String, String>)> {
        let mut rows: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
        for (k, v) in &self.0 {
            let Some(rest) = k.strip_prefix(prefix).and_then(|r| r.strip_prefix('[')) else {
                continue;
            };
            let Some((index, field)) = rest.split_once("].") else {
                continue;
            };
            // A bound on rows: a form with thousands of them is not a person typing.
            let Ok(i) = index.parse::<usize>() else {
                continue;
            };
            if i >= 200 {
                continue;
            }
            rows.entry(i)
                .or_default()
                .insert(field.to_owned(), v.clone());
        }
        rows.into_iter().collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for FormData {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<FormData>()
            .cloned()
            .unwrap_or_default())
    }
}

/// Parses a number as typed in the staff member's `locale`: German `1.234,50` / `1234,50`,
/// English `1,234.50` / `1234.50`.
///
/// The locale's grouping mark is only accepted in groups of three digits, so `1.500` is one
/// thousand five hundred for German staff (never 1.5), and `1,500` the same for English staff.
/// A single mark that cannot be grouping (`1234.50` typed by German staff) is read as the
/// decimal mark; anything else ambiguous is refused (`None`), never guessed.
pub(crate) fn parse_decimal(input: &str, locale: Locale) -> Option<Decimal> {
    let s: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return None;
    }
    let (decimal, group) = match locale {
        Locale::De => (',', '.'),
        Locale::En => ('.', ','),
    };
    let grouped_ok = |int: &str| {
        let mut parts = int.trim_start_matches(['-', '+']).split(group);
        let first_ok = parts
            .next()
            .is_some_and(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
        first_ok && parts.all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
    };
    let normalized = if s.matches(decimal).count() > 1 {
        return None;
    } else if s.contains(group) {
        let (int, frac) = match s.split_once(decimal) {
            Some((i, f)) => (i, Some(f)),
            None => (s.as_str(), None),
        };
        if grouped_ok(int) {
            let int = int.replace(group, "");
            match frac {
                Some(f) => format!("{int}.{f}"),
                None => int,
            }
        } else if frac.is_none() && s.matches(group).count() == 1 {
            // `1234.50` from German staff: the mark cannot be grouping, so it is the decimal.
            s.replace(group, ".")
        } else {
            return None;
        }
    } else {
        s.replace(decimal, ".")
    };
    normalized.parse().ok()
}

/// Field errors by field path, in the staff member's language.
#[derive(Debug, Clone, Default)]
pub(crate) struct Errors(pub(crate) BTreeMap<String, String>);

impl Errors {
    /// From the core's errors.
    pub(crate) fn from_core(errors: &ValidationErrors, locale: Locale) -> Self {
        let mut map = BTreeMap::new();
        for fe in &errors.0 {
            map.entry(fe.field.clone())
                .or_insert_with(|| fe.error.message(locale).to_owned());
        }
        Self(map)
    }

    /// Adds an error of our own (e.g. a number that does not parse).
    pub(crate) fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_insert_with(|| message.into());
    }

    /// Whether there are none.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message of `field`, if any.
    pub(crate) fn of(&self, field: &str) -> Option<String> {
        self.0.get(field).cloned()
    }

    /// A form field for templates.
    pub(crate) fn field(&self, name: &str, value: &str) -> Field {
        Field {
            name: name.to_owned(),
            value: value.to_owned(),
            error: self.of(name),
        }
    }

    /// Every message, for the summary at the top of a form.
    pub(crate) fn summary(&self) -> Vec<FieldError> {
        self.0
            .iter()
            .map(|(f, m)| FieldError {
                field: f.clone(),
                message: m.clone(),
            })
            .collect()
    }
}

/// An input of a form as templates show it: its name, what was typed, its error.
#[derive(Debug, Clone, Default)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) error: Option<String>,
}

/// A line of a form's error summary.
#[derive(Debug, Clone)]
pub(crate) struct FieldError {
    pub(crate) field: String,
    pub(crate) message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_typed_in_the_staff_locale() {
        let de = |s: &str| parse_decimal(s, Locale::De).map(|d| d.to_string());
        let en = |s: &str| parse_decimal(s, Locale::En).map(|d| d.to_string());
        assert_eq!(de("1.234,50").as_deref(), Some("1234.50"));
        assert_eq!(de("1234,50").as_deref(), Some("1234.50"));
        assert_eq!(de("1.500").as_deref(), Some("1500"), "grouping, never 1.5");
        assert_eq!(de("1.500.000").as_deref(), Some("1500000"));
        assert_eq!(
            de("1234.50").as_deref(),
            Some("1234.50"),
            "cannot be grouping"
        );
        assert_eq!(de("1.23.4"), None);
        assert_eq!(de("1,2,3"), None);
        assert_eq!(en("1,234.50").as_deref(), Some("1234.50"));
        assert_eq!(en("1234.50").as_deref(), Some("1234.50"));
        assert_eq!(en("1,500").as_deref(), Some("1500"), "grouping, never 1.5");
        assert_eq!(
            en("1234,50").as_deref(),
            Some("1234.50"),
            "cannot be grouping"
        );
        assert_eq!(en(" 19 ").as_deref(), Some("19"));
        assert_eq!(en("-1,000.5").as_deref(), Some("-1000.5"));
        assert_eq!(en("abc"), None);
        assert_eq!(en(""), None);
    }

    #[test]
    fn rows_by_index() {
        let f = FormData::parse(
            b"items[1].description=b&items[0].description=a&items[0].quantity=2&items[x].y=1&csrf=t",
        );
        let rows = f.rows("items");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1["description"], "a");
        assert_eq!(rows[1].0, 1);
        assert_eq!(rows[1].1["description"], "b");
        assert_eq!(f.get("csrf"), "t");
        assert_eq!(f.get("nope"), "");
    }
}
