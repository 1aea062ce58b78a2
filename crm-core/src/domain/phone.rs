//! Phone numbers as people type them, stored in a tidy but recognisable form.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::validation::ValueError;

/// Fewest digits accepted: shorter numbers are extensions or typos.
const MIN_DIGITS: usize = 5;
/// Most digits of any number (E.164).
const MAX_DIGITS: usize = 15;

/// A phone number: 5–15 digits, optionally international.
///
/// Stored as the user grouped it, with every separator (`-`, `/`, `.`, `( )`, spaces) replaced
/// by one space and a leading `+` for international numbers: `(030) 123-4567` →
/// `030 123 4567`, `0049 30 123456` → `+49 30 123456`. No country-specific numbering plan is
/// checked, so a number is kept in the form the client recognises.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

fn error_empty() -> ValueError {
    ValueError::new("phone.empty")
}

fn error_char(c: char) -> ValueError {
    ValueError::new("phone.invalid_char").arg("char", format!("{c:?}"))
}

fn error_plus() -> ValueError {
    ValueError::new("phone.plus")
}

fn error_parentheses() -> ValueError {
    ValueError::new("phone.parentheses")
}

fn error_country_code() -> ValueError {
    ValueError::new("phone.country_code")
}

fn error_length(n: usize) -> ValueError {
    ValueError::new("phone.length")
        .arg("n", n)
        .arg("min_digits", MIN_DIGITS)
        .arg("max_digits", MAX_DIGITS)
}

impl PhoneNumber {
    /// Parses human input such as `+49 30 1234567`, `(030) 123-4567`, `0049 30 123456` or
    /// `+1 (555) 123-4567`. A `00` prefix becomes `+`; the German trunk zero written as `(0)`
    /// after a country code (`+49 (0)30 …`) is dropped, since it is not dialled from abroad.
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let t = input.trim();
        if t.is_empty() {
            return Err(error_empty());
        }
        let mut international = false;
        let mut groups: Vec<String> = Vec::new();
        let mut current = String::new();
        // Index in `groups` where the open parenthesis group starts, if any.
        let mut open_paren: Option<usize> = None;
        let mut seen_digit = false;
        for c in t.chars() {
            match c {
                '0'..='9' => {
                    current.push(c);
                    seen_digit = true;
                }
                '+' if !international && !seen_digit => international = true,
                '+' => return Err(error_plus()),
                ' ' | '-' | '/' | '.' => flush(&mut groups, &mut current),
                '(' => {
                    if open_paren.is_some() {
                        return Err(error_parentheses());
                    }
                    flush(&mut groups, &mut current);
                    open_paren = Some(groups.len());
                }
                ')' => {
                    let Some(start) = open_paren.take() else {
                        return Err(error_parentheses());
                    };
                    flush(&mut groups, &mut current);
                    // "(0)" after a country code is the trunk zero; "00" counts as "+" here
                    // because it is only resolved below.
                    let after_country_code = start > 0
                        && (international || groups.first().is_some_and(|g| g.starts_with("00")));
                    if after_country_code && groups.get(start..).is_some_and(|g| g == ["0"]) {
                        groups.truncate(start);
                    }
                }
                other => return Err(error_char(other)),
            }
        }
        if open_paren.is_some() {
            return Err(error_parentheses());
        }
        flush(&mut groups, &mut current);

        if !international
            && let Some(first) = groups.first_mut()
            && let Some(rest) = first.strip_prefix("00")
        {
            *first = rest.to_owned();
            international = true;
            if first.is_empty() {
                groups.remove(0);
            }
        }
        let digits: usize = groups.iter().map(String::len).sum();
        if international && groups.first().is_some_and(|g| g.starts_with('0')) {
            return Err(error_country_code());
        }
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
            return Err(error_length(digits));
        }
        let body = groups.join(" ");
        Ok(Self(if international {
            format!("+{body}")
        } else {
            body
        }))
    }

    /// The tidy form, e.g. `+49 30 1234567`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Only the digits, without `+` and separators, e.g. `49301234567`.
    pub fn digits(&self) -> String {
        self.0.chars().filter(char::is_ascii_digit).collect()
    }

    /// Whether the number was given with a country code (`+` or `00`).
    pub fn is_international(&self) -> bool {
        self.0.starts_with('+')
    }

    /// The E.164 form (`+49301234567`) for international numbers; `None` for national ones,
    /// whose country code is unknown.
    pub fn e164(&self) -> Option<String> {
        self.is_international()
            .then(|| format!("+{}", self.digits()))
    }
}

/// Ends the current digit group, if it has any digits.
fn flush(groups: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        groups.push(std::mem::take(current));
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PhoneNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::domain::locale::Locale;

    fn tidy(input: &str) -> String {
        PhoneNumber::parse(input).unwrap().as_str().to_owned()
    }

    fn code(input: &str) -> &'static str {
        PhoneNumber::parse(input).unwrap_err().code()
    }

    #[test]
    fn tidies_typical_input() {
        assert_eq!(tidy("+49 30 1234567"), "+49 30 1234567");
        assert_eq!(tidy("(030) 123-4567"), "030 123 4567");
        assert_eq!(tidy("0049 30 123456"), "+49 30 123456");
        assert_eq!(tidy("+1 (555) 123-4567"), "+1 555 123 4567");
        assert_eq!(tidy("  +49-30-1234567 "), "+49 30 1234567");
        assert_eq!(tidy("030/1234567"), "030 1234567");
        assert_eq!(tidy("030 / 123 45 67"), "030 123 45 67");
        assert_eq!(tidy("089.123.456"), "089 123 456");
        assert_eq!(tidy("00 41 44 668 18 00"), "+41 44 668 18 00");
        assert_eq!(tidy("004930123456"), "+4930123456");
        assert_eq!(tidy("(+49) 30 1234567"), "+49 30 1234567");
        assert_eq!(tidy("+4930  --  1234567"), "+4930 1234567");
    }

    #[test]
    fn drops_the_bracketed_trunk_zero_after_a_country_code() {
        assert_eq!(tidy("+49 (0)30 1234567"), "+49 30 1234567");
        assert_eq!(tidy("+49 (0) 30 1234567"), "+49 30 1234567");
        assert_eq!(tidy("0049(0)30-1234567"), "+49 30 1234567");
        // Nationally, a bracketed area code is kept.
        assert_eq!(tidy("(0) 30 1234567"), "0 30 1234567");
    }

    #[test]
    fn digits_and_e164() {
        let p = PhoneNumber::parse("+1 (555) 123-4567").unwrap();
        assert_eq!(p.digits(), "15551234567");
        assert!(p.is_international());
        assert_eq!(p.e164().as_deref(), Some("+15551234567"));
        let n = PhoneNumber::parse("(030) 123-4567").unwrap();
        assert_eq!(n.digits(), "0301234567");
        assert!(!n.is_international());
        assert_eq!(n.e164(), None);
    }

    #[test]
    fn digit_count_limits() {
        assert_eq!(tidy("12345"), "12345");
        assert_eq!(code("1234"), "phone.length");
        assert_eq!(tidy("+123 456 789 012 345"), "+123 456 789 012 345");
        assert_eq!(code("+123 456 789 012 3456"), "phone.length");
        // The 00 prefix does not count.
        assert_eq!(tidy("00123456789012345"), "+123456789012345");
        assert_eq!(code("+"), "phone.length");
        assert_eq!(code("( )"), "phone.length");
    }

    #[test]
    fn rejects_bad_characters() {
        for bad in [
            "030 1234567 ext 12",
            "0800-FLOWERS",
            "030#1234567",
            "030\n1234567",
            "030,1234567",
            "030_1234567",
            "٠٣٠١٢٣٤٥٦٧",
        ] {
            assert_eq!(code(bad), "phone.invalid_char", "{bad:?}");
        }
        let e = PhoneNumber::parse("030 x 123").unwrap_err();
        assert!(e.to_string().contains("'x'"));
    }

    #[test]
    fn plus_only_at_the_start() {
        assert_eq!(code("49+30 1234567"), "phone.plus");
        assert_eq!(code("++49 30 1234567"), "phone.plus");
        assert_eq!(code("+49 30 +1234567"), "phone.plus");
    }

    #[test]
    fn parentheses_must_balance() {
        assert_eq!(code("(030 1234567"), "phone.parentheses");
        assert_eq!(code("030) 1234567"), "phone.parentheses");
        assert_eq!(code("((030)) 1234567"), "phone.parentheses");
    }

    #[test]
    fn country_code_cannot_start_with_zero() {
        assert_eq!(code("+049 30 1234567"), "phone.country_code");
        assert_eq!(code("000 49 30 1234567"), "phone.country_code");
    }

    #[test]
    fn empty_input() {
        assert_eq!(code(""), "phone.empty");
        assert_eq!(code("   "), "phone.empty");
    }

    #[test]
    fn messages_in_both_languages_name_the_format() {
        let e = PhoneNumber::parse("123").unwrap_err();
        assert_eq!(e.to_string(), "has 3 digits: expected 5 to 15 digits");
        assert_eq!(
            e.message(Locale::De),
            "hat 3 Ziffern: erwartet 5 bis 15 Ziffern"
        );
        let e = PhoneNumber::parse("abc").unwrap_err();
        assert!(e.message(Locale::De).contains("+49 30 1234567"));
    }

    #[test]
    fn serde_round_trips_through_parse() {
        let p = PhoneNumber::parse("0049 (0)30 123-4567").unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"+49 30 123 4567\"");
        assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), p);
        let tidied: PhoneNumber = serde_json::from_str("\"(030) 123-4567\"").unwrap();
        assert_eq!(tidied.as_str(), "030 123 4567");
        let err = serde_json::from_str::<PhoneNumber>("\"12\"").unwrap_err();
        assert!(err.to_string().contains("expected 5 to 15 digits"));
        assert_eq!(p.to_string(), "+49 30 123 4567");
    }
}
