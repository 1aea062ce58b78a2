//! Unit tests of the parent module.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use proptest::prelude::*;

use super::*;
use crate::domain::locale::Locale;

fn iban(input: &str) -> Iban {
    Iban::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"))
}

fn err(input: &str) -> ValueError {
    match Iban::parse(input) {
        Ok(i) => panic!("{input} accepted as {i}"),
        Err(e) => e,
    }
}

/// The example IBANs of the SWIFT IBAN registry (and of national banks' documentation).
const EXAMPLES: &[&str] = &[
    "DE89370400440532013000",
    "AT611904300234573201",
    "BE68539007547034",
    "CH9300762011623852957",
    "FR1420041010050500013M02606",
    "GB29NWBK60161331926819",
    "NL91ABNA0417164300",
    "ES9121000418450200051332",
    "IT60X0542811101000000123456",
    "NO9386011117947",
    "LI21088100002324013AA",
    "MT84MALT011000012345MTLCAST001S",
    "PL61109010140000071219812874",
    "XK051212012345678906",
    "SE4550000000058398257466",
    "LU280019400644750000",
    "FI2112345600000785",
    "DK5000400440116243",
    "IE29AIBK93115212345678",
    "PT50000201231234567890154",
    "GR1601101250000000012300695",
    "SA0380000000608010167519",
    "BR1800360305000010009795493C1",
];

#[test]
fn registry_examples_of_many_countries_are_valid() {
    for e in EXAMPLES {
        let i = iban(e);
        assert_eq!(i.as_str(), *e);
        assert_eq!(i.country_code(), &e[..2]);
        assert_eq!(i.check_digits(), &e[2..4]);
        assert_eq!(i.bban(), &e[4..]);
        assert_eq!(i.as_str().len(), iban_length(i.country_code()).unwrap());
    }
}

#[test]
fn the_length_table_is_sorted_and_plausible() {
    assert!(
        LENGTHS.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted, unique"
    );
    assert_eq!(LENGTHS.len(), 89, "the registry's countries");
    for (code, n) in LENGTHS {
        assert!((15..=MAX_IBAN).contains(n), "{code}: {n}");
        assert!(
            *code == KOSOVO || Country::parse(code).is_ok(),
            "{code} is an ISO 3166-1 code"
        );
    }
    // Every EU and EEA member has IBANs.
    for c in [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR",
    ] {
        assert!(iban_length(c).is_some(), "{c}");
    }
    for c in [
        "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI",
    ] {
        assert!(iban_length(c).is_some(), "{c}");
    }
    for c in ["SK", "IS", "LI", "NO", "CH", "GB", "MC", "SM", "VA", "AD"] {
        assert!(iban_length(c).is_some(), "{c}");
    }
    assert_eq!(iban_length("US"), None);
}

#[test]
fn pasted_forms_are_accepted_and_stored_compact() {
    for input in [
        "DE89 3704 0044 0532 0130 00",
        "de89 3704 0044 0532 0130 00",
        "  DE89370400440532013000  ",
        "DE89\u{a0}3704\u{a0}0044\u{a0}0532\u{a0}0130\u{a0}00",
        "DE89\u{202f}3704\u{202f}0044\u{202f}0532\u{202f}0130\u{202f}00",
        "IBAN DE89 3704 0044 0532 0130 00",
        "IBAN: DE89 3704 0044 0532 0130 00",
        "iban:DE89370400440532013000",
        "DE89\t3704 0044\n0532 0130 00",
        "\u{feff}DE89\u{200b}370400440532013000",
    ] {
        assert_eq!(iban(input).as_str(), "DE89370400440532013000", "{input:?}");
    }
}

#[test]
fn display_groups_by_four() {
    assert_eq!(
        iban("DE89370400440532013000").to_string(),
        "DE89 3704 0044 0532 0130 00"
    );
    assert_eq!(iban("BE68539007547034").to_string(), "BE68 5390 0754 7034");
    assert_eq!(
        iban("MT84MALT011000012345MTLCAST001S").to_string(),
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S"
    );
}

#[test]
fn wrong_check_digits_are_refused() {
    for input in [
        "DE88370400440532013000",
        "DE89370400440532013001",
        "DE89 3704 0044 0532 0130 01",
        "GB29NWBK60161331926818",
        "NL91ABNA0417164301",
        // Two swapped digits.
        "DE89370400440523013000",
    ] {
        assert_eq!(err(input).code(), "iban.checksum", "{input}");
    }
    // 01 and 99 pass mod 97 for some numbers but are never issued.
    let bban = "370400440532013000";
    let (a, b) = (format!("DE01{bban}"), format!("DE99{bban}"));
    for c in [a, b, format!("DE00{bban}")] {
        assert_eq!(err(&c).code(), "iban.checksum", "{c}");
    }
    let e = err("DE88370400440532013000");
    assert!(e.message(Locale::En).contains("check digits"), "{e}");
    assert!(e.message(Locale::De).contains("Prüfziffer"), "{e}");
}

#[test]
fn wrong_lengths_and_shapes_are_refused_with_their_reason() {
    let e = err("DE8937040044053201300");
    assert_eq!(e.code(), "iban.length");
    assert_eq!(
        e.message(Locale::En),
        "an IBAN of DE has 22 characters, this one has 21"
    );
    assert_eq!(err("DE893704004405320130000").code(), "iban.length");
    assert_eq!(err("BE6853900754703").code(), "iban.length");
    assert_eq!(err("US12345678901234").code(), "iban.country");
    assert!(err("US12345678901234").message(Locale::En).contains("'US'"));
    assert_eq!(err("12345678").code(), "iban.country");
    assert_eq!(err("DEXX370400440532013000").code(), "iban.format");
    assert_eq!(err("DE89-3704-0044").code(), "iban.invalid_char");
    assert_eq!(
        err("DE89 3704 0044 0532 0130 0Ä").code(),
        "iban.invalid_char"
    );
    assert_eq!(err("").code(), "iban.empty");
    assert_eq!(err("   \u{a0}").code(), "iban.empty");
    assert_eq!(err("IBAN:").code(), "iban.empty");
    assert_eq!(err(&"D".repeat(60)).code(), "iban.too_long");
}

#[test]
fn country_and_eea() {
    assert_eq!(iban("DE89370400440532013000").country(), Some(Country::DE));
    assert_eq!(iban("XK051212012345678906").country(), None);
    assert_eq!(iban("XK051212012345678906").country_code(), "XK");
    assert!(iban("DE89370400440532013000").is_eea());
    assert!(iban("NO9386011117947").is_eea());
    assert!(!iban("CH9300762011623852957").is_eea());
    assert!(!iban("GB29NWBK60161331926819").is_eea());
}

#[test]
fn serde_is_the_compact_string_and_checks_again() {
    let i = iban("DE89 3704 0044 0532 0130 00");
    assert_eq!(
        serde_json::to_string(&i).unwrap(),
        "\"DE89370400440532013000\""
    );
    let back: Iban = serde_json::from_str("\"DE89370400440532013000\"").unwrap();
    assert_eq!(back, i);
    assert!(serde_json::from_str::<Iban>("\"DE88370400440532013000\"").is_err());
}

#[test]
fn bics() {
    let ok = |s: &str| Bic::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    assert_eq!(ok("COBADEFFXXX").as_str(), "COBADEFFXXX");
    assert_eq!(ok("cobadeffxxx").as_str(), "COBADEFFXXX");
    assert_eq!(ok("DEUTDEFF").as_str(), "DEUTDEFF");
    assert_eq!(ok(" BIC: BYLADEM1001 ").as_str(), "BYLADEM1001");
    assert_eq!(ok("SWIFT NWBKGB2L").as_str(), "NWBKGB2L");
    assert_eq!(ok("COBA DE FF XXX").as_str(), "COBADEFFXXX");
    assert_eq!(ok("COBADEFFXXX").country_code(), "DE");
    // Kosovo's banks use XK.
    assert_eq!(ok("TEBKXKPR").country_code(), "XK");
    for bad in [
        "COBADEF",
        "COBADEFFXX",
        "COBADEFFXXXX",
        "C0BADEFF",
        "COBA1EFF",
        "COBADE-F",
    ] {
        assert_eq!(Bic::parse(bad).unwrap_err().code(), "bic.format", "{bad}");
    }
    let e = Bic::parse("COBAQQFF").unwrap_err();
    assert_eq!(e.code(), "bic.country");
    assert!(e.message(Locale::En).contains("QQ"), "{e}");
    assert_eq!(Bic::parse("  ").unwrap_err().code(), "bic.empty");
    assert_eq!(
        serde_json::to_string(&ok("COBADEFFXXX")).unwrap(),
        "\"COBADEFFXXX\""
    );
    assert!(serde_json::from_str::<Bic>("\"COBAQQFF\"").is_err());
}

fn input(iban: &str) -> BankAccountInput {
    BankAccountInput {
        holder: Some("Muster GmbH".into()),
        iban: iban.into(),
        bic: Some("COBADEFFXXX".into()),
        bank_name: Some("Commerzbank".into()),
    }
}

#[test]
fn bank_account_input_validates_every_field() {
    let a = input("de89 3704 0044 0532 0130 00").validate().unwrap();
    assert_eq!(a.iban.as_str(), "DE89370400440532013000");
    assert_eq!(a.bic.as_ref().map(Bic::as_str), Some("COBADEFFXXX"));
    assert_eq!(a.holder.as_deref(), Some("Muster GmbH"));
    assert_eq!(a.bank_name.as_deref(), Some("Commerzbank"));
    assert_eq!(BankAccountInput::of(&a).validate().unwrap(), a);
    // Blank optional fields are none.
    let mut bare = input("DE89370400440532013000");
    bare.holder = Some("  ".into());
    bare.bic = Some(String::new());
    bare.bank_name = None;
    let a = bare.validate().unwrap();
    assert_eq!((a.holder, a.bic, a.bank_name), (None, None, None));

    let mut bad = input("DE88370400440532013000");
    bad.bic = Some("COBADEF".into());
    bad.holder = Some("x".repeat(MAX_HOLDER + 1));
    bad.bank_name = Some("Bank\nName".into());
    let e = bad.validate().unwrap_err();
    assert_eq!(e.field("iban").map(ValueError::code), Some("iban.checksum"));
    assert_eq!(e.field("bic").map(ValueError::code), Some("bic.format"));
    assert_eq!(
        e.field("holder").map(ValueError::code),
        Some("text.too_long")
    );
    assert_eq!(
        e.field("bank_name").map(ValueError::code),
        Some("text.control")
    );
}

#[test]
fn an_account_outside_the_eea_needs_a_bic() {
    let mut i = input("CH9300762011623852957");
    i.bic = None;
    let e = i.validate().unwrap_err();
    assert_eq!(e.field("bic").map(ValueError::code), Some("bic.required"));
    assert!(e.field("bic").unwrap().message(Locale::En).contains("CH"));
    i.bic = Some("UBSWCHZH80A".into());
    assert!(i.validate().is_ok());
    let mut de = input("DE89370400440532013000");
    de.bic = None;
    assert!(de.validate().is_ok());
}

#[test]
fn stored_accounts_round_trip_through_json() {
    let a = input("DE89370400440532013000").validate().unwrap();
    let json = serde_json::to_string(&a).unwrap();
    assert!(
        json.contains("\"iban\":\"DE89370400440532013000\""),
        "{json}"
    );
    let back: BankAccount = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
    let minimal: BankAccount =
        serde_json::from_str(r#"{"iban":"DE89370400440532013000"}"#).unwrap();
    assert_eq!(minimal.bic, None);
}

// ----- properties ----------------------------------------------------------------------------

/// A valid IBAN of a registry country: random BBAN characters, check digits computed.
fn valid_iban() -> impl Strategy<Value = String> {
    (0..LENGTHS.len(), proptest::collection::vec(0u32..36, 30)).prop_map(|(i, chars)| {
        let (code, len) = LENGTHS[i];
        let bban: String = chars
            .iter()
            .take(len - 4)
            .map(|v| char::from_digit(*v, 36).unwrap().to_ascii_uppercase())
            .collect();
        let zero = format!("{code}00{bban}");
        let r = mod97(zero[4..].bytes().chain(zero[..4].bytes())).unwrap();
        format!("{code}{:02}{bban}", 98 - r)
    })
}

proptest! {
    #[test]
    fn parse_never_panics(s in "\\PC{0,60}") {
        let _ = Iban::parse(&s);
        let _ = Bic::parse(&s);
    }

    #[test]
    fn parse_never_panics_on_iban_like_text(s in "(IBAN:? )?[A-Za-z]{2}[0-9 ]{0,40}") {
        let _ = Iban::parse(&s);
    }

    #[test]
    fn canonical_forms_parse_back_to_the_same(s in valid_iban()) {
        let i = Iban::parse(&s).unwrap();
        prop_assert_eq!(i.as_str(), s.as_str());
        prop_assert_eq!(Iban::parse(&i.to_string()).unwrap(), i.clone());
        prop_assert_eq!(Iban::parse(&i.to_string().to_lowercase()).unwrap(), i.clone());
        prop_assert_eq!(Iban::parse(&format!("IBAN {i}")).unwrap(), i);
    }

    #[test]
    fn a_single_changed_digit_is_refused(s in valid_iban(), pos in 0usize..34, delta in 1u8..10) {
        let digits: Vec<usize> = s
            .bytes()
            .enumerate()
            .filter(|(i, b)| *i >= 2 && b.is_ascii_digit())
            .map(|(i, _)| i)
            .collect();
        prop_assume!(!digits.is_empty());
        let at = digits[pos % digits.len()];
        let mut bytes = s.clone().into_bytes();
        bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
        let changed = String::from_utf8(bytes).unwrap();
        prop_assert!(Iban::parse(&changed).is_err(), "{} accepted", changed);
    }
}
