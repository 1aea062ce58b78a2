//! Countries (ISO 3166-1) and postal addresses with per-country postal code rules.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::validation::{Collector, ValidationErrors, ValueError, optional_text, required_text};
use crate::i18n::Arg;

/// All officially assigned ISO 3166-1 alpha-2 codes (249), sorted for binary search.
const COUNTRIES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// The 27 member states of the European Union.
const EU_MEMBERS: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// A country, identified by its ISO 3166-1 alpha-2 code (`DE`, `GB`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(&'static str);

impl Country {
    /// Germany.
    pub const DE: Self = Self("DE");
    /// Austria.
    pub const AT: Self = Self("AT");
    /// Switzerland.
    pub const CH: Self = Self("CH");
    /// France.
    pub const FR: Self = Self("FR");
    /// The Netherlands.
    pub const NL: Self = Self("NL");
    /// The United Kingdom.
    pub const GB: Self = Self("GB");
    /// The United States.
    pub const US: Self = Self("US");

    /// Parses an officially assigned ISO 3166-1 alpha-2 code, ignoring case and surrounding
    /// whitespace (`" de "` → `DE`).
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let code = input.trim().to_ascii_uppercase();
        if let Ok(i) = COUNTRIES.binary_search(&code.as_str())
            && let Some(c) = COUNTRIES.get(i)
        {
            return Ok(Self(c));
        }
        // Two codes people commonly use but ISO does not assign get a hint (`UK`, `EL`).
        Err(ValueError::new("country.unknown")
            .arg("shown", input.trim())
            .arg("hint", code))
    }

    /// The two-letter code, e.g. `DE`.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// Whether the country is one of the 27 EU member states.
    pub fn is_eu_member(self) -> bool {
        EU_MEMBERS.contains(&self.0)
    }

    /// The prefix of the country's VAT identification numbers: the code for EU members except
    /// Greece (`EL`), plus `CHE` (Switzerland), `GB` and `NO`. `None` elsewhere.
    pub fn vat_prefix(self) -> Option<&'static str> {
        match self.0 {
            "GR" => Some("EL"),
            "CH" => Some("CHE"),
            "GB" | "NO" => Some(self.0),
            c if self.is_eu_member() => Some(c),
            _ => None,
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Maximum length of the street and city lines.
const MAX_LINE: usize = 200;
/// Maximum length of the state, province or county.
const MAX_STATE: usize = 100;
/// Maximum length of a postal code in a country without a specific rule.
const MAX_POSTAL: usize = 12;

/// A postal address whose postal code matches its country's format.
///
/// Built only through [`PostalAddress::new`] (or deserialisation, which runs the same checks).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PostalAddressFields")]
pub struct PostalAddress {
    street: String,
    city: String,
    state: Option<String>,
    postal_code: String,
    country: Country,
}

/// The unchecked wire form of [`PostalAddress`], so deserialisation goes through `new`.
#[derive(Deserialize)]
struct PostalAddressFields {
    street: String,
    city: String,
    #[serde(default)]
    state: Option<String>,
    postal_code: String,
    country: Country,
}

impl TryFrom<PostalAddressFields> for PostalAddress {
    type Error = ValidationErrors;

    fn try_from(f: PostalAddressFields) -> Result<Self, Self::Error> {
        Self::new(
            &f.street,
            &f.city,
            f.state.as_deref(),
            &f.postal_code,
            f.country,
        )
    }
}

/// How the city and postal code lines are arranged in a country.
enum Layout {
    /// `10115 Berlin` (most of continental Europe).
    PostalCodeFirst,
    /// `Springfield, IL 62701` (North America).
    CityStatePostalCode,
    /// City, county and postcode on their own lines (UK style; used for all other countries).
    CityThenPostalCode,
}

fn layout(country: Country) -> Layout {
    match country.code() {
        "AD" | "AT" | "BE" | "BG" | "CH" | "CY" | "CZ" | "DE" | "DK" | "EE" | "ES" | "FI"
        | "FO" | "FR" | "GL" | "GR" | "HR" | "HU" | "IS" | "IT" | "LI" | "LT" | "LU" | "MC"
        | "MX" | "NL" | "NO" | "PL" | "PT" | "RO" | "SE" | "SI" | "SK" | "SM" | "TR" | "VA" => {
            Layout::PostalCodeFirst
        }
        "US" | "CA" | "AU" => Layout::CityStatePostalCode,
        _ => Layout::CityThenPostalCode,
    }
}

impl PostalAddress {
    /// Checks and normalises all fields, reporting every invalid one at once under the field
    /// names `street`, `city`, `state` and `postal_code`.
    pub fn new(
        street: &str,
        city: &str,
        state: Option<&str>,
        postal_code: &str,
        country: Country,
    ) -> Result<Self, ValidationErrors> {
        let mut c = Collector::new();
        let street = c.check("street", required_text(street, MAX_LINE));
        let city = c.check("city", required_text(city, MAX_LINE));
        let state = c.check("state", optional_text(state.unwrap_or_default(), MAX_STATE));
        let postal_code = c.check("postal_code", normalize_postal_code(postal_code, country));
        c.finish()?;
        match (street, city, state, postal_code) {
            (Some(street), Some(city), Some(state), Some(postal_code)) => Ok(Self {
                street,
                city,
                state,
                postal_code,
                country,
            }),
            // Unreachable: `finish` fails whenever a check did; kept total without unwrap.
            _ => Err(ValidationErrors::single(
                "address",
                ValueError::new("address.invalid"),
            )),
        }
    }

    /// Street and house number (one line).
    pub fn street(&self) -> &str {
        &self.street
    }

    /// City or town.
    pub fn city(&self) -> &str {
        &self.city
    }

    /// State, province or county, if given.
    pub fn state(&self) -> Option<&str> {
        self.state.as_deref()
    }

    /// The normalised postal code, e.g. `10115`, `SW1A 1AA`, `1012 AB`.
    pub fn postal_code(&self) -> &str {
        &self.postal_code
    }

    /// The country.
    pub fn country(&self) -> Country {
        self.country
    }

    /// The address as display lines in the country's usual order, ending with the country
    /// code: `["Unter den Linden 1", "10117 Berlin", "DE"]`,
    /// `["1600 Pennsylvania Ave NW", "Washington, DC 20500", "US"]`.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.street.clone()];
        let state = self.state.as_deref();
        match layout(self.country) {
            Layout::PostalCodeFirst => {
                lines.push(format!("{} {}", self.postal_code, self.city));
                lines.extend(state.map(str::to_owned));
            }
            Layout::CityStatePostalCode => lines.push(match state {
                Some(s) if self.country == Country::US || self.country.code() == "CA" => {
                    format!("{}, {s} {}", self.city, self.postal_code)
                }
                Some(s) => format!("{} {s} {}", self.city, self.postal_code),
                None => format!("{} {}", self.city, self.postal_code),
            }),
            Layout::CityThenPostalCode => {
                lines.push(self.city.clone());
                lines.extend(state.map(str::to_owned));
                lines.push(self.postal_code.clone());
            }
        }
        lines.push(self.country.code().to_owned());
        lines
    }

    /// The address on one line, e.g. `Unter den Linden 1, 10117 Berlin, DE`.
    pub fn one_line(&self) -> String {
        self.lines().join(", ")
    }
}

impl fmt::Display for PostalAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.one_line())
    }
}

/// What a country's postal codes look like: the catalogue key of the rule, and an example.
fn postal_format(country: Country) -> Option<(&'static str, &'static str)> {
    const DIGITS_4: &str = "postal_code.rule.digits_4";
    const DIGITS_5: &str = "postal_code.rule.digits_5";
    Some(match country.code() {
        "DE" => (DIGITS_5, "10115"),
        "AT" => (DIGITS_4, "1010"),
        "CH" => (DIGITS_4, "8001"),
        "FR" => (DIGITS_5, "75008"),
        "NL" => ("postal_code.rule.nl", "1012 AB"),
        "GB" => ("postal_code.rule.gb", "SW1A 1AA"),
        "US" => ("postal_code.rule.us", "20500 or 20500-0003"),
        "BE" => (DIGITS_4, "1000"),
        "IT" => (DIGITS_5, "00184"),
        "ES" => ("postal_code.rule.es", "28013"),
        "LU" => (DIGITS_4, "2449"),
        "DK" => (DIGITS_4, "1050"),
        "SE" => (DIGITS_5, "114 55"),
        "PL" => (DIGITS_5, "00-950"),
        "PT" => ("postal_code.rule.digits_7", "1100-148"),
        _ => return None,
    })
}

fn postal_error(country: Country, empty: bool) -> ValueError {
    let code = if empty {
        "postal_code.empty"
    } else {
        "postal_code.format"
    };
    match postal_format(country) {
        Some((rule, example)) => ValueError::new(code)
            .arg("rule", Arg::Text(rule))
            .arg("country", country.code())
            .arg("example", example),
        None => {
            let key = if empty {
                "postal_code.empty_free"
            } else {
                "postal_code.format_free"
            };
            ValueError::keyed(code, key)
                .arg("max", MAX_POSTAL)
                .arg("country", country.code())
        }
    }
}

/// Checks a postal code against its country's format and returns its canonical form: trimmed,
/// uppercased, runs of whitespace collapsed, and separators as the post office writes them
/// (`1234ab` → `1234 AB` for NL, `sw1a1aa` → `SW1A 1AA` for GB, `11455` → `114 55` for SE).
pub fn normalize_postal_code(input: &str, country: Country) -> Result<String, ValueError> {
    let s = input
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    if s.is_empty() {
        return Err(postal_error(country, true));
    }
    let fail = || postal_error(country, false);
    let exactly =
        |code: &str, n: usize| only_digits(code).filter(|d| d.len() == n).ok_or_else(fail);
    match country.code() {
        "DE" | "FR" | "IT" => exactly(&s, 5),
        "AT" | "CH" | "BE" | "DK" => exactly(&s, 4),
        // Luxembourg codes are often written with the old "L-" country prefix.
        "LU" => {
            let rest = s.strip_prefix('L').map_or(s.as_str(), str::trim_start);
            exactly(rest.strip_prefix('-').unwrap_or(rest), 4)
        }
        "ES" => exactly(&s, 5).and_then(|d| match d.get(..2).and_then(|p| p.parse::<u8>().ok()) {
            // The first two digits are the province, 01 to 52.
            Some(1..=52) => Ok(d),
            _ => Err(fail()),
        }),
        "SE" => exactly(&s, 5).map(|d| format!("{} {}", &d[..3], &d[3..])),
        "PL" => exactly(&s, 5).map(|d| format!("{}-{}", &d[..2], &d[2..])),
        "PT" => exactly(&s, 7).map(|d| format!("{}-{}", &d[..4], &d[4..])),
        "US" => {
            let d = only_digits(&s).ok_or_else(fail)?;
            // ZIP+4 may be written with a hyphen, a space or nothing, but only after 5 digits.
            let sep_ok = s.len() == d.len() || matches!(s.as_bytes().get(5), Some(b'-' | b' '));
            match d.len() {
                5 if s.len() == 5 => Ok(d),
                9 if sep_ok && s.len() <= 10 => Ok(format!("{}-{}", &d[..5], &d[5..])),
                _ => Err(fail()),
            }
        }
        "NL" => {
            let c: String = s.chars().filter(|c| *c != ' ').collect();
            let b = c.as_bytes();
            let ok = b.len() == 6
                && (b'1'..=b'9').contains(&b[0])
                && b[1..4].iter().all(u8::is_ascii_digit)
                && b[4..].iter().all(u8::is_ascii_uppercase)
                // SA, SD and SS are not issued for historical reasons.
                && !matches!(&c[4..], "SA" | "SD" | "SS");
            if ok {
                Ok(format!("{} {}", &c[..4], &c[4..]))
            } else {
                Err(fail())
            }
        }
        "GB" => {
            let c: String = s.chars().filter(|c| *c != ' ').collect();
            if is_uk_postcode(&c) {
                let split = c.len() - 3;
                Ok(format!("{} {}", &c[..split], &c[split..]))
            } else {
                Err(fail())
            }
        }
        _ => {
            let ok = s.chars().count() <= MAX_POSTAL
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
            if ok { Ok(s) } else { Err(fail()) }
        }
    }
}

/// The digits of a code written with spaces or hyphens anywhere; `None` if anything else is in it.
/// Digit-only formats are lenient about separators and re-insert them canonically.
fn only_digits(code: &str) -> Option<String> {
    let d: String = code.chars().filter(|c| *c != ' ' && *c != '-').collect();
    d.bytes().all(|b| b.is_ascii_digit()).then_some(d)
}

/// The Royal Mail postcode pattern (outward code `A9`, `A99`, `AA9`, `AA99`, `A9A` or `AA9A`,
/// then inward code `9AA`), with the letters each position may hold, plus `GIR 0AA`.
/// `c` is uppercase without spaces.
fn is_uk_postcode(c: &str) -> bool {
    if c == "GIR0AA" {
        return true;
    }
    let b = c.as_bytes();
    if !(5..=7).contains(&b.len()) || !b.is_ascii() {
        return false;
    }
    let (outward, inward) = b.split_at(b.len() - 3);
    let inward_ok = inward[0].is_ascii_digit()
        && inward[1..]
            .iter()
            .all(|l| l.is_ascii_uppercase() && !b"CIKMOV".contains(l));
    let first_ok = |l: u8| l.is_ascii_uppercase() && !b"QVX".contains(&l);
    let second_ok = |l: u8| l.is_ascii_uppercase() && !b"IJZ".contains(&l);
    let d = |l: u8| l.is_ascii_digit();
    let outward_ok = match *outward {
        [a, n] => first_ok(a) && d(n),
        [a, n, m] if d(n) => first_ok(a) && (d(m) || b"ABCDEFGHJKPSTUW".contains(&m)),
        [a, b2, n] => first_ok(a) && second_ok(b2) && d(n),
        [a, b2, n, m] => {
            first_ok(a) && second_ok(b2) && d(n) && (d(m) || b"ABEHMNPRVWXY".contains(&m))
        }
        _ => false,
    };
    outward_ok && inward_ok
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
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
}
