//! The texts of the pages, looked up by key in the core's message catalogue
//! ([`crm_core::i18n`], files in `crm-core/locales/`).
//!
//! Templates use `{{ t.get("key") }}` (the view's [`crate::html::Tr`] handle); Rust code uses
//! [`text`] and [`text_args`] (counts through [`crate::html::format::count`], which lets the
//! catalogue choose the plural). A test checks that every key a template or the code names
//! exists in every language, so a typo fails the tests instead of showing an empty label.

use crm_core::domain::Locale;
use crm_core::i18n::{self, Arg};

/// The text `key` in `locale`, if the catalogue has it (and it needs no arguments).
pub fn text(key: &str, locale: Locale) -> Option<&'static str> {
    i18n::text(locale, key)
}

/// The text `key` in `locale` with `args` filled in (plurals: `("count", n.into())`); the key
/// itself when the catalogue lacks it.
pub fn text_args(key: &str, locale: Locale, args: &[(&str, Arg)]) -> String {
    i18n::text_args(locale, key, args)
}

/// Whether the catalogue has `key` (with or without placeables).
pub fn has(key: &str, locale: Locale) -> bool {
    i18n::Catalogue::builtin().has(locale.language(), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(text("nav.invoices", Locale::De), Some("Rechnungen"));
        assert_eq!(text("nav.invoices", Locale::En), Some("Invoices"));
        assert_eq!(text("nope", Locale::En), None);
        assert_eq!(
            text_args(
                "statement.overdue_invoices",
                Locale::De,
                &[("count", 1.into())]
            ),
            "1 überfällige Rechnung"
        );
    }

    /// Every key a template or the Rust code names literally exists in both languages.
    #[test]
    fn every_literal_key_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("templates"), root.join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        let patterns = [
            "t.get(\"",
            "t(\"",
            "text(\"",
            "text_args(\"",
            "count(s.overdue_count, \"",
        ];
        let mut checked = 0;
        for path in files {
            let source = std::fs::read_to_string(&path).expect("read");
            for pattern in patterns {
                for (at, _) in source.match_indices(pattern) {
                    // `text(` as a name of its own, not the end of `body_text(`.
                    let before = source[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue;
                    }
                    let rest = &source[at + pattern.len()..];
                    let key = &rest[..rest.find('"').unwrap_or(0)];
                    let is_key = key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
                    if !is_key || key.is_empty() || key == "nope" || key == "key" {
                        continue;
                    }
                    for l in [Locale::De, Locale::En] {
                        assert!(has(key, l), "{}: unknown text key '{key}'", path.display());
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 200, "found {checked} keys");
    }
}
