//! Property tests of [`TaxId::parse`]: it never panics, its canonical form reads back as
//! itself, and a valid number with one digit changed is refused wherever the country's scheme
//! detects every single-digit error.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use proptest::prelude::*;

use super::*;

/// Characters VAT IDs and their paste forms are made of, plus some that are not.
fn vatish_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::char::range('0', '9'),
        4 => prop::char::range('A', 'Z'),
        1 => prop::char::range('a', 'z'),
        2 => prop::sample::select(vec![
            ' ', '.', '-', '/', ':', '(', ')', '+', '*', ',', '\u{a0}', '\u{202f}', '\u{2013}',
            '\u{200b}', 'É', 'ß', '\u{0}', '\n',
        ]),
    ]
}

/// A known prefix (any case) followed by VAT-ish characters: reaches the country rules.
fn prefixed() -> impl Strategy<Value = String> {
    let prefixes: Vec<&'static str> = RULES
        .iter()
        .map(|r| r.prefix)
        .chain(["ATU", "GR", "el", "che", "Xi"])
        .collect();
    (
        prop::sample::select(prefixes),
        prop::collection::vec(vatish_char(), 0..18),
    )
        .prop_map(|(p, rest)| format!("{p}{}", rest.into_iter().collect::<String>()))
}

/// Schemes that detect every single-digit error: a body template per prefix, where `?` is
/// filled with the digits that make it valid (found by trying them all) and `#` with any
/// digit. Left out on purpose: EL, RO, PT, CZ, LT, BG (two remainders share one check
/// digit), GB (residues 0 and 42 both valid: 6 × 7 = 42), NL (two schemes), and the letter
/// schemes (ES, IE).
const TEMPLATES: &[(&str, &str)] = &[
    ("DE", "1#######?"),
    ("AT", "U#######?"),
    ("BE", "0#######??"),
    ("DK", "2######?"),
    ("EE", "10######?"),
    ("FI", "#######?"),
    ("HR", "##########?"),
    ("HU", "#######?"),
    ("IT", "3######05#?"),
    ("LU", "1#####??"),
    ("PL", "#########?"),
    ("SE", "#########?01"),
    ("SI", "1######?"),
    ("SK", "2#3######?"),
    ("CHE", "########?"),
    ("NO", "9#######?"),
    ("MT", "1#####??"),
    ("FR", "??########?"),
];

/// The template filled with `random` digits, then the first valid filling of the `?`s.
fn complete(prefix: &str, template: &str, random: &[u8]) -> Option<String> {
    let mut random = random.iter().cycle();
    let with_random: String = template
        .chars()
        .map(|c| match c {
            '#' => char::from(b'0' + random.next().copied().unwrap_or(0) % 10),
            c => c,
        })
        .collect();
    let holes = with_random.matches('?').count() as u32;
    (0..10u32.pow(holes)).find_map(|n| {
        let mut digits = format!("{n:0width$}", width = holes as usize)
            .into_bytes()
            .into_iter();
        let body: String = with_random
            .chars()
            .map(|c| match c {
                '?' => char::from(digits.next().unwrap_or(b'0')),
                c => c,
            })
            .collect();
        let candidate = format!("{prefix}{body}");
        TaxId::parse(&candidate, None)
            .ok()
            .filter(TaxId::is_vat)
            .map(|t| t.as_str().to_owned())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics_on_any_string(input in any::<String>()) {
        let _ = TaxId::parse(&input, None);
    }

    #[test]
    fn parse_never_panics_on_prefixed_input(input in prefixed()) {
        let _ = TaxId::parse(&input, Some(Country::DE));
    }

    #[test]
    fn canonical_form_reads_back_as_itself(input in prefixed()) {
        if let Ok(t) = TaxId::parse(&input, None) {
            let again = TaxId::parse(t.as_str(), None).unwrap();
            prop_assert_eq!(&again, &t);
            prop_assert_eq!(TaxId::from_stored(t.as_str()).unwrap(), t.clone());
            if t.is_vat() {
                // Canonical VAT IDs are upper case and compact.
                prop_assert!(t.as_str().chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
            }
        }
    }

    #[test]
    fn one_changed_digit_is_refused(
        which in 0..TEMPLATES.len(),
        random in prop::collection::vec(any::<u8>(), 12),
    ) {
        let (prefix, template) = TEMPLATES[which];
        // Some stems have no valid check digit (it would be 10): nothing to test there.
        let Some(valid) = complete(prefix, template, &random) else {
            return Ok(());
        };
        let body_start = valid.len() - template.len();
        for i in body_start..valid.len() {
            let original = valid.as_bytes()[i];
            if !original.is_ascii_digit() {
                continue;
            }
            for d in b'0'..=b'9' {
                if d == original {
                    continue;
                }
                let mut changed = valid.clone().into_bytes();
                changed[i] = d;
                let changed = String::from_utf8(changed).unwrap();
                let accepted = TaxId::parse(&changed, None).is_ok_and(|t| t.is_vat());
                prop_assert!(!accepted, "{} accepted ({} is valid)", changed, valid);
            }
        }
    }
}

#[test]
fn every_template_yields_valid_numbers() {
    // Else the mutation property would pass by testing nothing.
    for (prefix, template) in TEMPLATES {
        let found = (0u8..20)
            .filter_map(|seed| complete(prefix, template, &[seed, 7, seed / 3, 1, 9, seed]))
            .count();
        assert!(found >= 10, "{prefix}: only {found} of 20 stems complete");
    }
}
