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

/// The EU members whose currency is the euro (Bulgaria since 1 January 2026).
const EURO_AREA: &[&str] = &[
    "AT", "BE", "BG", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU", "LV",
    "MT", "NL", "PT", "SI", "SK",
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

    /// Whether the country's currency is the euro (the 21 euro-area members from 2026): a
    /// seller there declares its VAT in euros, whatever currency it invoices in.
    pub fn is_euro_area(self) -> bool {
        EURO_AREA.contains(&self.0)
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
mod tests;
