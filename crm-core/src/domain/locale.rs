//! The languages the product speaks: German and English.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::validation::ValueError;

/// A supported language and its formatting conventions (`de-DE`: `1.234,56 €`; `en`: `€1,234.56`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    /// German (Germany).
    #[serde(rename = "de-DE", alias = "de")]
    De,
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// Parses a language tag: `de`, `de-DE`, `de_AT` → German; `en`, `en-GB`, … → English.
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let lang = input
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match lang.as_str() {
            "de" => Ok(Self::De),
            "en" => Ok(Self::En),
            _ => Err(ValueError::new("locale.unsupported").arg("input", input.trim())),
        }
    }

    /// The canonical tag (`de-DE` or `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Self::De => "de-DE",
            Self::En => "en",
        }
    }

    /// The two-letter language code.
    pub fn language(self) -> &'static str {
        match self {
            Self::De => "de",
            Self::En => "en",
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}
