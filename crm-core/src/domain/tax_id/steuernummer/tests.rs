//! Unit tests of the parent module.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use super::*;
use crate::domain::locale::Locale;

fn ok(input: &str, state: Option<Bundesland>) -> Steuernummer {
    Steuernummer::parse(input, state).unwrap_or_else(|e| panic!("{input}: {e}"))
}

fn err(input: &str, state: Option<Bundesland>) -> ValueError {
    match Steuernummer::parse(input, state) {
        Ok(s) => panic!("{input} accepted as {} ({:?})", s.as_str(), s.state()),
        Err(e) => e,
    }
}

#[test]
fn layouts_are_consistent() {
    for (l, state) in LAYOUTS.iter().zip(Bundesland::ALL) {
        assert_eq!(l.state, state, "LAYOUTS is in the order of ALL");
        assert_eq!(state.layout().code, l.code);
        assert_eq!(Bundesland::from_code(l.code), Some(state));
        assert_eq!(l.federal.len(), 13, "{}", l.name);
        assert_eq!(&l.federal[4..5], "0", "{}", l.name);
        // Same placeholders in both forms, so transcribing loses nothing.
        let letters = |p: &str| {
            let mut v: Vec<char> = p.chars().filter(|c| "FBUP".contains(*c)).collect();
            v.sort_unstable();
            v
        };
        assert_eq!(letters(l.regional), letters(l.federal), "{}", l.name);
        // The example is written in the state's form.
        assert_eq!(groups(l.example), groups(l.regional), "{}", l.name);
        let digits: String = l.example.chars().filter(char::is_ascii_digit).collect();
        assert!(fits(l.regional, &digits), "{}", l.name);
    }
    assert_eq!(
        Bundesland::from_code("de-nw"),
        Some(Bundesland::NordrheinWestfalen)
    );
    assert_eq!(Bundesland::from_code("XX"), None);
    // No two federal prefixes overlap: every federal form names one state.
    for a in &LAYOUTS {
        let fixed: String = a.federal.chars().take_while(char::is_ascii_digit).collect();
        for b in &LAYOUTS {
            let other: String = b.federal.chars().take_while(char::is_ascii_digit).collect();
            if a.code != b.code {
                assert!(!other.starts_with(&fixed), "{} {}", a.code, b.code);
            }
        }
    }
}

#[test]
fn examples_of_every_state_round_trip() {
    for l in &LAYOUTS {
        let s = ok(l.example, Some(l.state));
        assert_eq!(s.state(), l.state);
        assert_eq!(s.regional(), l.example, "{}", l.name);
        assert_eq!(s.to_string(), l.example);
        assert_eq!(s.as_str().len(), 13);
        // The federal form parses back to the same number, with or without the state.
        assert_eq!(ok(s.as_str(), None), s);
        assert_eq!(ok(s.as_str(), Some(l.state)), s);
        assert_eq!(Steuernummer::from_stored(s.as_str()).unwrap(), s);
    }
}

#[test]
fn the_brief_s_examples() {
    let by = ok("181/815/08155", Some(Bundesland::Bayern));
    assert_eq!(by.as_str(), "9181081508155");
    assert_eq!(ok("9181081508155", None), by);
    assert_eq!(ok("9181 0815 08155", None), by);
    let nw = ok("133/8150/8159", None); // written as only NRW writes it
    assert_eq!(nw.state(), Bundesland::NordrheinWestfalen);
    assert_eq!(nw.as_str(), "5133081508159");
    assert_eq!(nw.to_string(), "133/8150/8159");
    let be = ok("21/815/08150", Some(Bundesland::Berlin));
    assert_eq!(be.as_str(), "1121081508150");
    let he = ok("013 815 08153", None); // the spaces and the 0 say Hessen
    assert_eq!(he.state(), Bundesland::Hessen);
    assert_eq!(he.as_str(), "2613081508153");
    let rp = ok("22/815/0815/4", None);
    assert_eq!(rp.state(), Bundesland::RheinlandPfalz);
    assert_eq!(rp.as_str(), "2722081508154");
    let bw = ok("93815/08152", None);
    assert_eq!(bw.state(), Bundesland::BadenWuerttemberg);
    assert_eq!(bw.as_str(), "2893081508152");
    // The state's form with other separators, when the state is named.
    assert_eq!(ok("181 815 08155", Some(Bundesland::Bayern)), by);
    assert_eq!(ok("18181508155", Some(Bundesland::Bayern)), by);
    // Spaces around the separators do not hide how a number is written.
    assert_eq!(ok("133 / 8150 / 8159", None), nw);
    assert_eq!(ok(" 22/815/0815/4 ", None), rp);
}

#[test]
fn ambiguous_regional_numbers_need_the_state() {
    let e = err("21/815/08150", None);
    assert_eq!(e.code(), "steuernummer.ambiguous");
    let text = e.to_string();
    assert!(text.contains("Berlin, Hamburg, Niedersachsen"), "{text}");
    assert!(e.message(Locale::De).contains("Bundesland wählen"));
    // Bayern, Sachsen-Anhalt and Thüringen write 181/815/08155 alike.
    let e = err("181/815/08155", None);
    assert_eq!(e.code(), "steuernummer.ambiguous");
    assert!(e.to_string().contains("Bayern"), "{e}");
}

#[test]
fn wrong_numbers() {
    assert_eq!(err("", None).code(), "steuernummer.empty");
    assert_eq!(err("  ", None).code(), "steuernummer.empty");
    for bad in [
        "181/815/081",
        "12345",
        "181/815/08155/1234",
        "181#815",
        "DE136695976",
    ] {
        assert_eq!(err(bad, None).code(), "steuernummer.format", "{bad}");
    }
    // Hessen's numbers start with 0.
    let e = err("113 815 08153", Some(Bundesland::Hessen));
    assert_eq!(e.code(), "steuernummer.state_format");
    assert!(e.to_string().contains("013 815 08153"), "{e}");
    assert!(
        e.message(Locale::De)
            .starts_with("ungültige Steuernummer für Hessen")
    );
    // NRW's form has 11 digits.
    assert_eq!(
        err("21/815/08150", Some(Bundesland::NordrheinWestfalen)).code(),
        "steuernummer.state_format"
    );
    // 13 digits with an unknown state number, or without the 0 after the office.
    assert_eq!(err("6181081508155", None).code(), "steuernummer.federal");
    assert_eq!(err("9181181508155", None).code(), "steuernummer.federal");
    // The federal form of Bayern is not Berlin's.
    let e = err("9181081508155", Some(Bundesland::Berlin));
    assert_eq!(e.code(), "steuernummer.state_mismatch");
    assert_eq!(
        e.to_string(),
        "this tax number was issued in Bayern, not in Berlin"
    );
    // Stored values are the federal form only.
    assert_eq!(
        Steuernummer::from_stored("181/815/08155")
            .unwrap_err()
            .code(),
        "steuernummer.federal"
    );
}

#[test]
fn serde_as_the_federal_form() {
    let s = ok("133/8150/8159", None);
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(json, "\"5133081508159\"");
    let back: Steuernummer = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.as_ref(), "5133081508159");
    assert!(serde_json::from_str::<Steuernummer>("\"133/8150/8159\"").is_err());
}
