//! Validation errors shared by the validating newtypes and the entity constructors.
//!
//! An error carries a stable code and the arguments of its message, not sentences: the text
//! comes from the message catalogue ([`crate::i18n`], `locales/*/validation.ftl`) in the
//! language the caller asks for.

use std::fmt;

use super::locale::Locale;
use crate::i18n::{self, Arg};

/// Why one value was rejected: a stable machine code plus the key and arguments of its
/// message in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    code: &'static str,
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl ValueError {
    /// A new error. `code` is stable (e.g. `"tax_id.format"`) and is also the catalogue key of
    /// its message.
    pub fn new(code: &'static str) -> Self {
        Self::keyed(code, code)
    }

    /// A new error whose message is not the code's own: one code, several wordings
    /// (`text.control` with or without "line breaks").
    pub fn keyed(code: &'static str, key: &'static str) -> Self {
        Self {
            code,
            key,
            args: Vec::new(),
        }
    }

    /// Adds the argument `name` of the message.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The catalogue key of the message.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The arguments of the message.
    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    /// The message in the given language.
    pub fn message(&self, locale: Locale) -> String {
        i18n::text_args(locale, self.key, &self.args)
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

impl std::error::Error for ValueError {}

/// A [`ValueError`] attached to the input field it came from (`"contacts[0].email"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field in the input, as the API names it.
    pub field: String,
    /// What is wrong with it.
    pub error: ValueError,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.error)
    }
}

/// One or more invalid fields of one input. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid input: {}", display_list(.0))]
pub struct ValidationErrors(pub Vec<FieldError>);

fn display_list(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl ValidationErrors {
    /// A single-field error.
    pub fn single(field: impl Into<String>, error: ValueError) -> Self {
        Self(vec![FieldError {
            field: field.into(),
            error,
        }])
    }

    /// The errors of one field, if any.
    pub fn field(&self, field: &str) -> Option<&ValueError> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.error)
    }
}

/// Collects field errors while an input is checked, so the user sees all of them at once.
#[derive(Debug, Default)]
pub struct Collector(Vec<FieldError>);

impl Collector {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the error of `result` under `field` and returns its value, if valid.
    pub fn check<T>(
        &mut self,
        field: impl Into<String>,
        result: Result<T, ValueError>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(error) => {
                self.0.push(FieldError {
                    field: field.into(),
                    error,
                });
                None
            }
        }
    }

    /// Records an error directly.
    pub fn push(&mut self, field: impl Into<String>, error: ValueError) {
        self.0.push(FieldError {
            field: field.into(),
            error,
        });
    }

    /// Adds all errors of a nested input, prefixing their field paths.
    pub fn nested(&mut self, prefix: &str, errors: ValidationErrors) {
        for e in errors.0 {
            self.0.push(FieldError {
                field: format!("{prefix}.{}", e.field),
                error: e.error,
            });
        }
    }

    /// `Ok(())` when nothing was recorded.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.0))
        }
    }
}

/// Trims `input` and rejects it when empty, longer than `max` characters or containing control
/// characters (which would allow header injection in emails and break PDFs).
pub fn required_text(input: &str, max: usize) -> Result<String, ValueError> {
    let t = input.trim();
    if t.is_empty() {
        return Err(ValueError::new("text.empty"));
    }
    optional_text(t, max).map(|o| o.unwrap_or_default())
}

/// Like [`required_text`], but an empty input is `None`.
pub fn optional_text(input: &str, max: usize) -> Result<Option<String>, ValueError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > max {
        return Err(ValueError::new("text.too_long").arg("max", max));
    }
    if t.chars().any(char::is_control) {
        return Err(ValueError::new("text.control"));
    }
    Ok(Some(t.to_owned()))
}

/// Like [`optional_text`] but line breaks are allowed (notes, ticket messages).
pub fn multiline_text(input: &str, max: usize) -> Result<Option<String>, ValueError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > max {
        return Err(ValueError::new("text.too_long").arg("max", max));
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValueError::keyed("text.control", "text.control_multiline"));
    }
    Ok(Some(t.replace("\r\n", "\n")))
}
