//! Unit tests of the parent module.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use super::*;
use crate::domain::locale::Locale;

fn pc(input: &str, country: &str) -> Result<String, ValueError> {
    normalize_postal_code(input, Country::parse(country).unwrap())
}

#[test]
fn country_table_is_complete_and_sorted() {
    assert_eq!(COUNTRIES.len(), 249);
    for w in COUNTRIES.windows(2) {
        assert!(w[0] < w[1], "{} / {}", w[0], w[1]);
    }
    assert_eq!(EU_MEMBERS.len(), 27);
    for m in EU_MEMBERS {
        assert!(COUNTRIES.contains(m), "{m}");
    }
}

#[test]
fn parses_countries_case_insensitively() {
    assert_eq!(Country::parse("DE").unwrap(), Country::DE);
    assert_eq!(Country::parse(" de ").unwrap(), Country::DE);
    assert_eq!(Country::parse("gB").unwrap(), Country::GB);
    for c in ["AX", "BQ", "CW", "SS", "SX", "XK"] {
        // XK (Kosovo) is user-assigned, not official.
        assert_eq!(Country::parse(c).is_ok(), c != "XK", "{c}");
    }
    let ch = Country::parse("ch").unwrap();
    assert_eq!(ch, Country::CH);
    assert_eq!(ch.code(), "CH");
}

#[test]
fn rejects_unknown_countries_with_a_helpful_message() {
    for bad in ["", "D", "DEU", "XX", "ZZ", "EU", "UK", "EL", "1A", "ÄÖ"] {
        let e = Country::parse(bad).unwrap_err();
        assert_eq!(e.code(), "country.unknown", "{bad}");
    }
    let e = Country::parse(" XX ").unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown country code 'XX': expected an ISO 3166-1 alpha-2 code such as DE"
    );
    assert!(e.message(Locale::De).contains("ISO-3166-1"));
    assert!(Country::parse("uk").unwrap_err().to_string().contains("GB"));
}

#[test]
fn eu_membership_and_vat_prefixes() {
    let member = |c: &str| Country::parse(c).unwrap().is_eu_member();
    for c in ["DE", "AT", "FR", "NL", "GR", "HR", "IE", "CY", "MT", "SE"] {
        assert!(member(c), "{c}");
    }
    for c in ["GB", "CH", "NO", "US", "IS", "LI", "MC", "AD"] {
        assert!(!member(c), "{c}");
    }
    let prefix = |c: &str| Country::parse(c).unwrap().vat_prefix();
    assert_eq!(prefix("DE"), Some("DE"));
    assert_eq!(prefix("GR"), Some("EL"));
    assert_eq!(prefix("CH"), Some("CHE"));
    assert_eq!(prefix("GB"), Some("GB"));
    assert_eq!(prefix("NO"), Some("NO"));
    assert_eq!(prefix("US"), None);
    assert_eq!(prefix("LI"), None);
    let with_prefix = COUNTRIES
        .iter()
        .filter(|c| Country::parse(c).unwrap().vat_prefix().is_some())
        .count();
    assert_eq!(with_prefix, 30);
}

#[test]
fn country_display_and_serde() {
    assert_eq!(Country::NL.to_string(), "NL");
    assert_eq!(serde_json::to_string(&Country::US).unwrap(), "\"US\"");
    assert_eq!(
        serde_json::from_str::<Country>("\"fr\"").unwrap(),
        Country::FR
    );
    let err = serde_json::from_str::<Country>("\"XX\"").unwrap_err();
    assert!(err.to_string().contains("ISO 3166-1"));
}

#[test]
fn postal_codes_with_digits() {
    assert_eq!(pc("10115", "DE").unwrap(), "10115");
    assert_eq!(pc(" 01067 ", "DE").unwrap(), "01067");
    assert_eq!(pc("1010", "AT").unwrap(), "1010");
    assert_eq!(pc("8001", "CH").unwrap(), "8001");
    assert_eq!(pc("75008", "FR").unwrap(), "75008");
    assert_eq!(pc("20000", "FR").unwrap(), "20000");
    assert_eq!(pc("1000", "BE").unwrap(), "1000");
    assert_eq!(pc("00184", "IT").unwrap(), "00184");
    assert_eq!(pc("28013", "ES").unwrap(), "28013");
    assert_eq!(pc("01001", "ES").unwrap(), "01001");
    assert_eq!(pc("52001", "ES").unwrap(), "52001");
    assert_eq!(pc("1050", "DK").unwrap(), "1050");
    assert_eq!(pc("0800", "DK").unwrap(), "0800");
    assert_eq!(pc("2449", "LU").unwrap(), "2449");
    assert_eq!(pc("L-2449", "LU").unwrap(), "2449");
    assert_eq!(pc("l 2449", "LU").unwrap(), "2449");
    assert_eq!(pc("11455", "SE").unwrap(), "114 55");
    assert_eq!(pc("114 55", "SE").unwrap(), "114 55");
    assert_eq!(pc("00-950", "PL").unwrap(), "00-950");
    assert_eq!(pc("00950", "PL").unwrap(), "00-950");
    assert_eq!(pc("1100-148", "PT").unwrap(), "1100-148");
    assert_eq!(pc("1100148", "PT").unwrap(), "1100-148");
}

#[test]
fn rejects_wrong_digit_codes() {
    for (bad, country) in [
        ("1011", "DE"),
        ("101155", "DE"),
        ("1O115", "DE"),
        ("D-10115", "DE"),
        ("10115", "AT"),
        ("101", "CH"),
        ("7500", "FR"),
        ("1000A", "BE"),
        ("0018", "IT"),
        ("53001", "ES"),
        ("00001", "ES"),
        ("28A13", "ES"),
        ("L-24490", "LU"),
        ("X-2449", "LU"),
        ("105", "DK"),
        ("1145", "SE"),
        ("009500", "PL"),
        ("1100-14", "PT"),
    ] {
        let e = pc(bad, country).unwrap_err();
        assert_eq!(e.code(), "postal_code.format", "{bad} {country}");
    }
}

#[test]
fn error_messages_name_the_format() {
    let e = pc("1234", "DE").unwrap_err();
    assert_eq!(e.to_string(), "expected 5 digits for DE, e.g. 10115");
    assert_eq!(
        e.message(Locale::De),
        "erwartet 5 Ziffern für DE, z. B. 10115"
    );
    let e = pc("  ", "GB").unwrap_err();
    assert_eq!(e.code(), "postal_code.empty");
    assert!(e.to_string().contains("SW1A 1AA"));
    let e = pc("ABCDEFGHIJKLM", "JP").unwrap_err();
    assert!(e.to_string().contains("1 to 12 letters"));
    assert!(e.message(Locale::De).contains("1 bis 12 Buchstaben"));
}

#[test]
fn netherlands() {
    assert_eq!(pc("1012AB", "NL").unwrap(), "1012 AB");
    assert_eq!(pc("1012 ab", "NL").unwrap(), "1012 AB");
    assert_eq!(pc(" 1012   AB ", "NL").unwrap(), "1012 AB");
    assert_eq!(pc("9999 ZZ", "NL").unwrap(), "9999 ZZ");
    for bad in [
        "1012", "0123 AB", "1012 SA", "1012 SD", "1012 ss", "1012 A1", "12345 AB",
    ] {
        assert!(pc(bad, "NL").is_err(), "{bad}");
    }
}

#[test]
fn united_kingdom() {
    for (input, expected) in [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("BT1 5GS", "BT1 5GS"),
        ("gir 0aa", "GIR 0AA"),
        ("L1 8JQ", "L1 8JQ"),
        ("S W 1 A 1 A A", "SW1A 1AA"),
    ] {
        assert_eq!(pc(input, "GB").unwrap(), expected, "{input}");
    }
    for bad in [
        "SW1A",
        "1AA",
        "SW1A 1A",
        "QW1A 1AA", // Q never first
        "SJ1A 1AA", // J never second
        "W1I 0AX",  // I not allowed as third (A9A)
        "EC1Z 1BB", // Z not allowed as fourth (AA9A)
        "M1 1CE",   // C not in the inward code
        "M1 1AV",   // V not in the inward code
        "12345",
        "SW1A 1AAA",
        "ÄW1A 1AA",
    ] {
        assert!(pc(bad, "GB").is_err(), "{bad}");
    }
}

#[test]
fn united_states() {
    assert_eq!(pc("20500", "US").unwrap(), "20500");
    assert_eq!(pc("20500-0003", "US").unwrap(), "20500-0003");
    assert_eq!(pc("20500 0003", "US").unwrap(), "20500-0003");
    assert_eq!(pc("205000003", "US").unwrap(), "20500-0003");
    for bad in [
        "2050",
        "205000",
        "2050-00003",
        "20500-003",
        "20500--0003",
        "ABCDE",
    ] {
        assert!(pc(bad, "US").is_err(), "{bad}");
    }
}

#[test]
fn other_countries_are_free_form() {
    assert_eq!(pc("100-0001", "JP").unwrap(), "100-0001");
    assert_eq!(pc("k1a  0b1", "CA").unwrap(), "K1A 0B1");
    assert_eq!(pc("D02 X285", "IE").unwrap(), "D02 X285");
    assert_eq!(pc("123456789012", "BR").unwrap(), "123456789012");
    assert!(pc("1234567890123", "BR").is_err());
    assert!(pc("12#45", "JP").is_err());
    assert!(pc("12\n45", "JP").is_ok()); // whitespace is collapsed to one space
}

fn addr(
    street: &str,
    city: &str,
    state: Option<&str>,
    postal: &str,
    country: Country,
) -> Result<PostalAddress, ValidationErrors> {
    PostalAddress::new(street, city, state, postal, country)
}

#[test]
fn builds_a_normalised_address() {
    let a = addr(
        "  Unter den Linden 1 ",
        " Berlin",
        Some("  "),
        " 10117 ",
        Country::DE,
    )
    .unwrap();
    assert_eq!(a.street(), "Unter den Linden 1");
    assert_eq!(a.city(), "Berlin");
    assert_eq!(a.state(), None);
    assert_eq!(a.postal_code(), "10117");
    assert_eq!(a.country(), Country::DE);
    assert_eq!(a.lines(), ["Unter den Linden 1", "10117 Berlin", "DE"]);
    assert_eq!(a.one_line(), "Unter den Linden 1, 10117 Berlin, DE");
    assert_eq!(a.to_string(), a.one_line());
}

#[test]
fn collects_all_field_errors() {
    let long = "x".repeat(201);
    let errors = addr("", &long, Some(&"y".repeat(101)), "1234", Country::DE).unwrap_err();
    assert_eq!(errors.0.len(), 4);
    assert_eq!(errors.field("street").unwrap().code(), "text.empty");
    assert_eq!(errors.field("city").unwrap().code(), "text.too_long");
    assert_eq!(errors.field("state").unwrap().code(), "text.too_long");
    assert_eq!(
        errors.field("postal_code").unwrap().code(),
        "postal_code.format"
    );
    let errors = addr("Main St\r\nX", "Town", None, "12345", Country::US).unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.field("street").unwrap().code(), "text.control");
}

#[test]
fn length_limits_are_inclusive() {
    let a = addr(
        &"s".repeat(200),
        &"c".repeat(200),
        Some(&"t".repeat(100)),
        "1010",
        Country::AT,
    );
    assert!(a.is_ok());
}

#[test]
fn display_lines_per_country_style() {
    let us = addr(
        "1600 Pennsylvania Ave NW",
        "Washington",
        Some("DC"),
        "20500",
        Country::US,
    )
    .unwrap();
    assert_eq!(
        us.lines(),
        ["1600 Pennsylvania Ave NW", "Washington, DC 20500", "US"]
    );
    let us_no_state = addr("1 Main St", "Springfield", None, "62701", Country::US).unwrap();
    assert_eq!(us_no_state.lines()[1], "Springfield 62701");
    let gb = addr("10 Downing Street", "London", None, "sw1a2aa", Country::GB).unwrap();
    assert_eq!(
        gb.lines(),
        ["10 Downing Street", "London", "SW1A 2AA", "GB"]
    );
    assert_eq!(gb.one_line(), "10 Downing Street, London, SW1A 2AA, GB");
    let gb_county = addr(
        "1 High St",
        "Guildford",
        Some("Surrey"),
        "GU1 3AA",
        Country::GB,
    )
    .unwrap();
    assert_eq!(
        gb_county.lines(),
        ["1 High St", "Guildford", "Surrey", "GU1 3AA", "GB"]
    );
    let nl = addr("Dam 1", "Amsterdam", None, "1012js", Country::NL).unwrap();
    assert_eq!(nl.one_line(), "Dam 1, 1012 JS Amsterdam, NL");
    let it = addr(
        "Via del Corso 1",
        "Roma",
        Some("RM"),
        "00186",
        Country::parse("IT").unwrap(),
    )
    .unwrap();
    assert_eq!(it.lines(), ["Via del Corso 1", "00186 Roma", "RM", "IT"]);
    let se = addr(
        "Drottninggatan 1",
        "Stockholm",
        None,
        "11151",
        Country::parse("SE").unwrap(),
    )
    .unwrap();
    assert_eq!(se.lines()[1], "111 51 Stockholm");
}

#[test]
fn serde_round_trips_and_validates() {
    let a = addr("Bahnhofstrasse 1", "Zürich", None, "8001", Country::CH).unwrap();
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(
        json,
        r#"{"street":"Bahnhofstrasse 1","city":"Zürich","state":null,"postal_code":"8001","country":"CH"}"#
    );
    assert_eq!(serde_json::from_str::<PostalAddress>(&json).unwrap(), a);
    // `state` may be missing; values are normalised on the way in.
    let b: PostalAddress = serde_json::from_str(
        r#"{"street":" Dam 1 ","city":"Amsterdam","postal_code":"1012js","country":"nl"}"#,
    )
    .unwrap();
    assert_eq!(b.postal_code(), "1012 JS");
    assert_eq!(b.street(), "Dam 1");
    let err = serde_json::from_str::<PostalAddress>(
        r#"{"street":"x","city":"y","postal_code":"1234","country":"DE"}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("postal_code: expected 5 digits for DE")
    );
    let err = serde_json::from_str::<PostalAddress>(
        r#"{"street":"x","city":"y","postal_code":"1234","country":"XX"}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown country code"));
}
