use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// Variables used by each message of `sources`: dotted key → names.
fn variables(sources: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    fn pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expr(expression, out);
            }
        }
    }
    fn expr(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline(i, out),
        }
    }
    fn inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
                for a in &arguments.named {
                    inline(&a.value, out);
                }
            }
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    let mut all = BTreeMap::new();
    for source in sources {
        let resource = FluentResource::try_new((*source).to_owned()).expect("parses");
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut names = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern(p, &mut names);
                }
                for a in &m.attributes {
                    pattern(&a.value, &mut names);
                }
                all.insert(m.id.name.replace('-', "."), names);
            }
        }
    }
    all
}

#[test]
fn builtin_catalogue_builds_without_problems() {
    let (_, errors) = Catalogue::build(BUILTIN, FALLBACK);
    assert!(errors.is_empty(), "{errors:?}");
    for (tag, sources) in BUILTIN {
        for source in *sources {
            // Keys are dotted in code: a hyphen of its own would not survive the mapping.
            assert!(
                !source.contains('\u{2068}'),
                "{tag}: isolation mark in a file"
            );
        }
    }
}

#[test]
fn every_key_exists_in_every_language_with_the_same_placeholders() {
    let (_, en) = BUILTIN[0];
    let reference = variables(en);
    assert!(reference.len() > 300, "the English catalogue is complete");
    for (tag, sources) in &BUILTIN[1..] {
        let other = variables(sources);
        let missing: Vec<_> = reference
            .keys()
            .filter(|k| !other.contains_key(*k))
            .collect();
        let extra: Vec<_> = other
            .keys()
            .filter(|k| !reference.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "{tag} lacks {missing:?}");
        assert!(extra.is_empty(), "{tag} has keys English lacks: {extra:?}");
        for (key, names) in &reference {
            assert_eq!(names, &other[key], "{tag}: placeholders of {key}");
        }
    }
}

#[test]
fn keys_are_plain_identifiers() {
    for (tag, sources) in BUILTIN {
        for key in variables(sources).keys() {
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_'),
                "{tag}: {key}"
            );
        }
    }
}

#[test]
fn lookups_and_plurals() {
    assert_eq!(text(Locale::De, "nav.invoices"), Some("Rechnungen"));
    assert_eq!(text(Locale::En, "nav.invoices"), Some("Invoices"));
    assert_eq!(text(Locale::En, "nope"), None);
    // A text with placeables is not plain.
    assert_eq!(text(Locale::En, "statement.overdue_invoices"), None);
    let count = |l, n: usize| text_args(l, "statement.overdue_invoices", &[("count", n.into())]);
    assert_eq!(count(Locale::De, 1), "1 überfällige Rechnung");
    assert_eq!(count(Locale::De, 2), "2 überfällige Rechnungen");
    assert_eq!(count(Locale::De, 0), "0 überfällige Rechnungen");
    assert_eq!(count(Locale::En, 1), "1 overdue invoice");
    assert_eq!(count(Locale::En, 12), "12 overdue invoices");
    assert_eq!(text_args(Locale::En, "nope", &[]), "nope");
}

#[test]
fn a_partial_third_language_falls_back_to_english_per_key() {
    let (_, en) = BUILTIN[0];
    let fr: &[&str] = &[include_str!("testdata/fr.ftl")];
    let catalogue = Catalogue::new(&[("en", en), ("fr", fr)], "en").expect("catalogue");
    assert_eq!(catalogue.languages().collect::<Vec<_>>(), ["en", "fr"]);
    assert_eq!(catalogue.get("fr", "nav.invoices"), Some("Factures"));
    // Not translated: English.
    assert_eq!(catalogue.get("fr", "nav.quotes"), Some("Quotes"));
    assert!(catalogue.has("fr", "signin.title"));
    // French plural rules: 0 and 1 are "one".
    let count = |n: i64| {
        catalogue.format(
            "fr",
            "statement.overdue_invoices",
            &[("count", Arg::Int(n))],
        )
    };
    assert_eq!(count(0).as_deref(), Some("0 facture en retard"));
    assert_eq!(count(2).as_deref(), Some("2 factures en retard"));
    // An unknown language is the fallback.
    assert_eq!(catalogue.get("xx", "nav.invoices"), Some("Invoices"));
    assert_eq!(catalogue.keys("fr").count(), 2);
}

#[test]
fn broken_catalogues_are_refused() {
    let en: &[&str] = &["a = A\n"];
    let dup: &[&str] = &["a = A\n", "a = B\n"];
    let bad: &[&str] = &["a = { \n"];
    assert!(Catalogue::new(&[("en", en)], "en").is_ok());
    assert!(matches!(
        Catalogue::new(&[("en", dup)], "en"),
        Err(CatalogueError::Duplicate { .. })
    ));
    assert!(matches!(
        Catalogue::new(&[("en", bad)], "en"),
        Err(CatalogueError::Syntax { .. })
    ));
    assert!(matches!(
        Catalogue::new(&[("en", en)], "de"),
        Err(CatalogueError::NoFallback(_))
    ));
}

/// The string literal right after `opener` (skipping a `locale,` argument), if any.
fn literals_after<'a>(source: &'a str, opener: &str, out: &mut Vec<&'a str>) {
    for (at, _) in source.match_indices(opener) {
        let before = source[..at].chars().next_back().unwrap_or(' ');
        if before.is_alphanumeric() || before == '_' {
            continue;
        }
        let mut rest = source[at + opener.len()..].trim_start();
        for skip in ["locale,", "Locale::En,", "Locale::De,", "l,"] {
            if let Some(r) = rest.strip_prefix(skip) {
                rest = r.trim_start();
            }
        }
        if let Some(r) = rest.strip_prefix('"') {
            out.push(&r[..r.find('"').unwrap_or(0)]);
        }
    }
}

/// Every key the core's (non-test) code names literally exists in every language: error
/// codes, message variants, texts looked up, rule hints and keys in tables.
#[test]
fn every_key_the_core_names_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut dirs = vec![root];
    let mut sources = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                // Only the code before the test module.
                let code = text.split("#[cfg(test)]").next().unwrap_or("").to_owned();
                sources.push((path, code));
            }
        }
    }
    let openers = [
        "ValueError::new(",
        "Arg::Text(",
        "token_error(",
        "text(",
        "text_args(",
        "t(",
        "=> ",
        "hint: ",
    ];
    let prefixes = [
        "\"tax_id.rule.",
        "\"postal_code.rule.",
        "\"pdf.",
        "\"email.",
    ];
    let catalogue = Catalogue::builtin();
    let mut checked = 0;
    for (path, code) in &sources {
        let mut keys = Vec::new();
        for opener in openers {
            literals_after(code, opener, &mut keys);
        }
        // `ValueError::keyed(code, key)`: the key is the second literal.
        for (at, _) in code.match_indices("ValueError::keyed(") {
            let rest = &code[at..];
            let mut parts = rest.split('"');
            if let (Some(_), Some(_), Some(_), Some(key)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            {
                keys.push(key);
            }
        }
        for prefix in prefixes {
            for (at, _) in code.match_indices(prefix) {
                let r = &code[at + 1..];
                keys.push(&r[..r.find('"').unwrap_or(0)]);
            }
        }
        let key_shaped = |k: &&&str| {
            k.contains('.')
                && !k.contains('{')
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        };
        for key in keys.iter().filter(key_shaped) {
            for (tag, _) in BUILTIN {
                assert!(
                    catalogue.has(tag, key),
                    "{}: key '{key}' is missing in {tag}",
                    path.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "found {checked} keys");
}
