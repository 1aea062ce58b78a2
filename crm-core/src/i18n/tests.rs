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
