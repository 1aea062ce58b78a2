//! Posted forms: `application/x-www-form-urlencoded` pairs (read once by the CSRF check),
//! indexed rows (`contacts[0].email`), decimals as people type them, and field errors.

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use crm_core::domain::{Locale, ValidationErrors};
use rust_decimal::Decimal;
use serde_json::{Value, json};

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

/// Parses an amount as typed: `1234.50`, `1234,50`, `1.234,50` (German) or `1,234.50`.
pub(crate) fn parse_decimal(input: &str) -> Option<Decimal> {
    let s: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return None;
    }
    let normalized = match (s.rfind(','), s.rfind('.')) {
        // Both: the later one is the decimal separator.
        (Some(c), Some(d)) if c > d => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (Some(_), None) => s.replace(',', "."),
        _ => s,
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

    /// The message of `field`, or null.
    pub(crate) fn of(&self, field: &str) -> Value {
        self.0.get(field).map_or(Value::Null, |m| json!(m))
    }

    /// A form field for templates: `{ name, value, error }`.
    pub(crate) fn field(&self, name: &str, value: &str) -> Value {
        json!({ "name": name, "value": value, "error": self.of(name) })
    }

    /// Every message, for the summary at the top of a form.
    pub(crate) fn summary(&self) -> Vec<Value> {
        self.0
            .iter()
            .map(|(f, m)| json!({ "field": f, "message": m }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_typed() {
        let d = |s: &str| parse_decimal(s).map(|d| d.to_string());
        assert_eq!(d("1234.50").as_deref(), Some("1234.50"));
        assert_eq!(d("1234,50").as_deref(), Some("1234.50"));
        assert_eq!(d("1.234,50").as_deref(), Some("1234.50"));
        assert_eq!(d("1,234.50").as_deref(), Some("1234.50"));
        assert_eq!(d(" 19 ").as_deref(), Some("19"));
        assert_eq!(d("abc"), None);
        assert_eq!(d(""), None);
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
