//! The message catalogue: every user-facing text, one set of Fluent files per language.
//!
//! The files live in `crm-core/locales/<language>/*.ftl` and are compiled into the crate. The
//! core (PDF labels, validation messages, built-in email templates) and the web crate (portal
//! and admin pages) look their texts up here, so a text exists once per language.
//!
//! # Keys
//!
//! Code names a text with dots (`nav.statement`, `text.too_long`); Fluent identifiers cannot
//! contain dots, so the files write hyphens instead (`nav-statement`, `text-too_long`). Keys
//! never contain a hyphen of their own.
//!
//! # Arguments
//!
//! Texts with placeables take [`Arg`]s: pre-formatted strings (money, dates and percentages
//! come from [`crate::render::format`], so their de/en formats stay in one place), integers
//! (for plural selection, `{ $count -> [one] … *[other] … }`) or the key of another text,
//! looked up in the same language.
//!
//! # Languages and fallback
//!
//! A language is a folder of `.ftl` files plus a line in `BUILTIN`. A key missing in a
//! language falls back to English, per key, so a partial translation is usable.
//!
//! ```
//! use crm_core::domain::Locale;
//! use crm_core::i18n::{self, Arg};
//!
//! assert_eq!(i18n::text(Locale::De, "nav.invoices"), Some("Rechnungen"));
//! let one = i18n::text_args(Locale::De, "statement.overdue_invoices", &[("count", Arg::from(1))]);
//! assert_eq!(one, "1 überfällige Rechnung");
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::domain::Locale;

#[cfg(test)]
mod tests;

/// The language every other one falls back to, per missing key.
pub const FALLBACK: &str = "en";

/// The built-in languages: tag and Fluent sources. Adding a language is adding its files here
/// (and a [`Locale`] variant to select it).
const BUILTIN: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            include_str!("../../locales/en/portal.ftl"),
            include_str!("../../locales/en/admin.ftl"),
            include_str!("../../locales/en/pdf.ftl"),
            include_str!("../../locales/en/validation.ftl"),
            include_str!("../../locales/en/email.ftl"),
            include_str!("../../locales/en/api.ftl"),
            include_str!("../../locales/en/invoice.ftl"),
            include_str!("../../locales/en/countries.ftl"),
            include_str!("../../locales/en/corrections.ftl"),
            include_str!("../../locales/en/mail_layout.ftl"),
            include_str!("../../locales/en/logo.ftl"),
            include_str!("../../locales/en/einvoice_xml.ftl"),
            include_str!("../../locales/en/einvoice.ftl"),
            include_str!("../../locales/en/dunning.ftl"),
            include_str!("../../locales/en/reminder.ftl"),
            include_str!("../../locales/en/units.ftl"),
        ],
    ),
    (
        "de",
        &[
            include_str!("../../locales/de/portal.ftl"),
            include_str!("../../locales/de/admin.ftl"),
            include_str!("../../locales/de/pdf.ftl"),
            include_str!("../../locales/de/validation.ftl"),
            include_str!("../../locales/de/email.ftl"),
            include_str!("../../locales/de/api.ftl"),
            include_str!("../../locales/de/invoice.ftl"),
            include_str!("../../locales/de/countries.ftl"),
            include_str!("../../locales/de/corrections.ftl"),
            include_str!("../../locales/de/mail_layout.ftl"),
            include_str!("../../locales/de/logo.ftl"),
            include_str!("../../locales/de/einvoice_xml.ftl"),
            include_str!("../../locales/de/einvoice.ftl"),
            include_str!("../../locales/de/dunning.ftl"),
            include_str!("../../locales/de/reminder.ftl"),
            include_str!("../../locales/de/units.ftl"),
        ],
    ),
];

/// The sources of the built-in languages (tag, Fluent files), for tests and tools.
pub fn builtin_sources() -> &'static [(&'static str, &'static [&'static str])] {
    BUILTIN
}

/// One argument of a text with placeables.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Arg {
    /// A string shown as is (names, codes, pre-formatted amounts and dates).
    Str(Cow<'static, str>),
    /// An integer: shown as digits, and the value plural selectors choose by.
    Int(i64),
    /// The key of another text, looked up in the same language.
    Text(&'static str),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Str(Cow::Owned(s.to_owned()))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self::Str(Cow::Owned(s))
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

impl From<i32> for Arg {
    fn from(n: i32) -> Self {
        Self::Int(n.into())
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Self::Int(n.into())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Why a catalogue could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    /// A Fluent file does not parse.
    #[error("language {language}: syntax error in a Fluent file: {message}")]
    Syntax {
        /// The language tag.
        language: String,
        /// What the parser said.
        message: String,
    },
    /// A key is defined twice in one language.
    #[error("language {language}: {message}")]
    Duplicate {
        /// The language tag.
        language: String,
        /// What the bundle said.
        message: String,
    },
    /// The fallback language is not among the languages.
    #[error("the fallback language {0} has no files")]
    NoFallback(String),
}

struct Language {
    tag: String,
    bundle: FluentBundle<FluentResource>,
    /// Texts without placeables, formatted once: dotted key → text.
    plain: HashMap<String, String>,
    /// Every key of the language, dotted.
    keys: Vec<String>,
}

/// A set of languages, each a Fluent bundle, with per-key fallback to one of them.
pub struct Catalogue {
    languages: Vec<Language>,
    fallback: usize,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tags: Vec<&str> = self.languages.iter().map(|l| l.tag.as_str()).collect();
        f.debug_struct("Catalogue")
            .field("languages", &tags)
            .finish()
    }
}

/// The Fluent identifier of a dotted key.
fn fluent_id(key: &str) -> Cow<'_, str> {
    if key.contains('.') {
        Cow::Owned(key.replace('.', "-"))
    } else {
        Cow::Borrowed(key)
    }
}

impl Catalogue {
    /// A catalogue of `languages` (tag, Fluent sources) falling back to `fallback`, or the
    /// first problem found: a syntax error, a key defined twice, a missing fallback.
    pub fn new(languages: &[(&str, &[&str])], fallback: &str) -> Result<Self, CatalogueError> {
        let (catalogue, mut errors) = Self::build(languages, fallback);
        match errors.drain(..).next() {
            Some(e) => Err(e),
            None => Ok(catalogue),
        }
    }

    /// Builds what it can and reports every problem (the built-in catalogue must not fail at
    /// run time; a test asserts it has no problems).
    fn build(languages: &[(&str, &[&str])], fallback: &str) -> (Self, Vec<CatalogueError>) {
        let mut errors = Vec::new();
        let mut built = Vec::with_capacity(languages.len());
        for (tag, sources) in languages {
            let id: LanguageIdentifier = tag.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Unicode isolation marks around placeables would change every output.
            bundle.set_use_isolating(false);
            let mut keys = Vec::new();
            for source in *sources {
                let resource = match FluentResource::try_new((*source).to_owned()) {
                    Ok(r) => r,
                    Err((r, parse_errors)) => {
                        errors.extend(parse_errors.into_iter().map(|e| CatalogueError::Syntax {
                            language: (*tag).to_owned(),
                            message: e.to_string(),
                        }));
                        r
                    }
                };
                keys.extend(resource.entries().filter_map(|e| match e {
                    ast::Entry::Message(m) => Some(m.id.name.replace('-', ".")),
                    _ => None,
                }));
                if let Err(dups) = bundle.add_resource(resource) {
                    errors.extend(dups.into_iter().map(|e| CatalogueError::Duplicate {
                        language: (*tag).to_owned(),
                        message: e.to_string(),
                    }));
                }
            }
            let plain = keys
                .iter()
                .filter_map(|key| {
                    let pattern = bundle.get_message(&fluent_id(key))?.value()?;
                    let mut errs = Vec::new();
                    let text = bundle.format_pattern(pattern, None, &mut errs);
                    // A text that needs arguments is not plain.
                    errs.is_empty().then(|| (key.clone(), text.into_owned()))
                })
                .collect();
            built.push(Language {
                tag: (*tag).to_owned(),
                bundle,
                plain,
                keys,
            });
        }
        let fallback = built
            .iter()
            .position(|l| l.tag == fallback)
            .unwrap_or_else(|| {
                errors.push(CatalogueError::NoFallback(fallback.to_owned()));
                0
            });
        (
            Self {
                languages: built,
                fallback,
            },
            errors,
        )
    }

    /// The built-in catalogue (English and German).
    pub fn builtin() -> &'static Catalogue {
        static BUILT: OnceLock<Catalogue> = OnceLock::new();
        BUILT.get_or_init(|| Self::build(BUILTIN, FALLBACK).0)
    }

    /// The tags of the languages, in the order given.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.tag.as_str())
    }

    /// Every key `language` defines itself (without fallback), dotted.
    pub fn keys(&self, language: &str) -> impl Iterator<Item = &str> {
        self.languages
            .iter()
            .filter(move |l| l.tag == language)
            .flat_map(|l| l.keys.iter().map(String::as_str))
    }

    /// The language `language`, then the fallback.
    fn candidates(&self, language: &str) -> impl Iterator<Item = &Language> {
        let first = self.languages.iter().find(|l| l.tag == language);
        first.into_iter().chain(self.languages.get(self.fallback))
    }

    /// Whether `key` exists in `language` or the fallback.
    pub fn has(&self, language: &str, key: &str) -> bool {
        let id = fluent_id(key);
        self.candidates(language).any(|l| l.bundle.has_message(&id))
    }

    /// The text `key` without placeables in `language` (or the fallback), if there is one.
    pub fn get(&self, language: &str, key: &str) -> Option<&str> {
        self.candidates(language)
            .find_map(|l| l.plain.get(key))
            .map(String::as_str)
    }

    /// The text `key` in `language` (or the fallback) with `args` filled in; `None` when no
    /// language has the key. A missing argument shows as `{$name}`.
    pub fn format(&self, language: &str, key: &str, args: &[(&str, Arg)]) -> Option<String> {
        let id = fluent_id(key);
        let lang = self
            .candidates(language)
            .find(|l| l.bundle.has_message(&id))?;
        let pattern = lang.bundle.get_message(&id)?.value()?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Str(s) => FluentValue::from(s.as_ref()),
                Arg::Int(n) => FluentValue::from(*n),
                Arg::Text(k) => FluentValue::from(self.get(&lang.tag, k).unwrap_or(k)),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = lang
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }
}

/// The built-in text `key` in `locale`, if it exists and has no placeables.
pub fn text(locale: Locale, key: &str) -> Option<&'static str> {
    Catalogue::builtin().get(locale.language(), key)
}

/// The built-in text `key` in `locale` with `args` filled in; the key itself when it does not
/// exist (a test proves every key the code uses exists).
pub fn text_args(locale: Locale, key: &str, args: &[(&str, Arg)]) -> String {
    Catalogue::builtin()
        .format(locale.language(), key, args)
        .unwrap_or_else(|| key.to_owned())
}
