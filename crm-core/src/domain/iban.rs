//! Bank accounts: IBANs (ISO 13616, with their check digits), BICs (ISO 9362) and the
//! company's account that invoices name and the GiroCode pays into.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::address::Country;
use super::validation::{Collector, ValidationErrors, ValueError, optional_text};

/// Longest IBAN of any country (ISO 13616).
const MAX_IBAN: usize = 34;
/// Longest account holder: the beneficiary name of an EPC QR code (GiroCode) has 70.
pub const MAX_HOLDER: usize = 70;
/// Longest bank name.
pub const MAX_BANK_NAME: usize = 100;

/// The length of the IBANs of every country in the SWIFT IBAN registry (release 100, 2025),
/// sorted by code for binary search. Territories that use their parent's IBANs (Åland: FI;
/// Guernsey, Jersey, Isle of Man: GB; the French overseas departments: FR) have no entry of
/// their own.
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// Kosovo: it has IBANs and BICs under `XK`, a code ISO 3166-1 does not assign.
const KOSOVO: &str = "XK";

/// The European Economic Area outside the EU, where (as in the EU) a SEPA transfer needs no
/// BIC.
const EEA_NON_EU: &[&str] = &["IS", "LI", "NO"];

/// The registry's IBAN length for a country code.
fn iban_length(code: &str) -> Option<usize> {
    LENGTHS
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| LENGTHS.get(i))
        .map(|(_, n)| *n)
}

/// Characters that pasting brings along and that never belong to an account number:
/// whitespace of every kind (spaces, tabs, line breaks, no-break and narrow spaces) and the
/// invisible zero-width space, word joiner and byte order mark.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// Strips a leading label such as `IBAN`, `IBAN:` or `BIC ` (any case) off pasted text.
fn strip_label<'a>(input: &'a str, label: &str) -> &'a str {
    let Some(head) = input.get(..label.len()) else {
        return input;
    };
    if !head.eq_ignore_ascii_case(label) {
        return input;
    }
    let rest = &input[label.len()..];
    let after = rest.trim_start_matches(is_separator);
    match after.strip_prefix(':') {
        Some(r) => r,
        // A label needs a separator after it; otherwise the letters may be the value itself.
        None if after.len() < rest.len() => after,
        None => input,
    }
}

/// The input without separators, uppercased; the first character that is no ASCII letter
/// or digit is the error.
fn compact(input: &str) -> Result<String, ValueError> {
    let mut out = String::with_capacity(input.len());
    for c in input.chars().filter(|c| !is_separator(*c)) {
        if !c.is_ascii_alphanumeric() {
            return Err(ValueError::new("iban.invalid_char").arg("char", format!("{c:?}")));
        }
        out.push(c.to_ascii_uppercase());
    }
    Ok(out)
}

/// The remainder mod 97 of an ISO 13616 string read as a number, letters counting as 10–35.
/// `None` for other characters.
fn mod97(chars: impl Iterator<Item = u8>) -> Option<u32> {
    let mut r: u32 = 0;
    for b in chars {
        let v = char::from(b).to_digit(36)?;
        r = if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        };
    }
    Some(r)
}

/// Whether an ISO 13616 / ISO 11649 string (code and check digits first) checks: moved
/// behind the rest, the whole is 1 mod 97.
pub(crate) fn mod97_checks(compact: &str) -> bool {
    let bytes = compact.as_bytes();
    if bytes.len() < 5 {
        return false;
    }
    let (head, rest) = bytes.split_at(4);
    mod97(rest.iter().chain(head).copied()) == Some(1)
}

/// A validated International Bank Account Number.
///
/// Stored compact (uppercase, no spaces: `DE89370400440532013000`); shown in groups of four
/// (`DE89 3704 0044 0532 0130 00`), as banks print it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Iban(String);

impl Iban {
    /// Parses an IBAN as people paste it: with spaces (also no-break spaces), in lower case,
    /// with an `IBAN` or `IBAN:` label in front.
    ///
    /// It must start with the code of a country that has IBANs, be exactly as long as that
    /// country's IBANs are, and its check digits (the third and fourth characters, ISO 13616
    /// mod 97) must match the rest.
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let trimmed = input.trim_matches(is_separator);
        if trimmed.is_empty() {
            return Err(ValueError::new("iban.empty"));
        }
        let s = compact(strip_label(trimmed, "IBAN"))?;
        if s.is_empty() {
            return Err(ValueError::new("iban.empty"));
        }
        if s.len() > MAX_IBAN {
            return Err(ValueError::new("iban.too_long").arg("max", MAX_IBAN));
        }
        let country = s.get(..2).unwrap_or(&s);
        let Some(expected) = iban_length(country) else {
            return Err(ValueError::new("iban.country").arg("country", country));
        };
        let check = s.get(2..4).unwrap_or_default();
        if check.len() != 2 || !check.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValueError::new("iban.format"));
        }
        if s.len() != expected {
            return Err(ValueError::new("iban.length")
                .arg("country", country)
                .arg("expected", expected)
                .arg("n", s.len()));
        }
        // 00, 01 and 99 are never issued (ISO 13616: 98 − remainder gives 02 to 98), though
        // 01 and 99 can pass the mod 97 test.
        if matches!(check, "00" | "01" | "99") || !mod97_checks(&s) {
            return Err(ValueError::new("iban.checksum"));
        }
        Ok(Self(s))
    }

    /// The compact form, e.g. `DE89370400440532013000`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter country code it starts with (`XK` for Kosovo).
    pub fn country_code(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }

    /// The country of the account; `None` only for Kosovo (`XK`), which has IBANs but no
    /// ISO 3166-1 code.
    pub fn country(&self) -> Option<Country> {
        Country::parse(self.country_code()).ok()
    }

    /// The two check digits.
    pub fn check_digits(&self) -> &str {
        self.0.get(2..4).unwrap_or_default()
    }

    /// The national account number (Basic Bank Account Number) after the check digits.
    pub fn bban(&self) -> &str {
        self.0.get(4..).unwrap_or_default()
    }

    /// Whether the account is in the European Economic Area, where a SEPA credit transfer
    /// needs no BIC.
    pub fn is_eea(&self) -> bool {
        self.country().is_some_and(Country::is_eu_member)
            || EEA_NON_EU.contains(&self.country_code())
    }
}

impl fmt::Display for Iban {
    /// Groups of four, separated by spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.0.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            // IBANs are ASCII, so every chunk is valid UTF-8.
            f.write_str(std::str::from_utf8(chunk).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl Serialize for Iban {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Iban {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A validated Business Identifier Code (ISO 9362, "SWIFT code"): 4 letters of the
/// institution, the 2-letter country, 2 letters or digits of the location and, optionally,
/// 3 of the branch (`COBADEFFXXX`, `DEUTDEFF`).
///
/// Stored uppercase without spaces, with as many characters as given (`DEUTDEFF` and
/// `DEUTDEFFXXX` name the same office, and both are kept as written).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Bic(String);

impl Bic {
    /// Parses a BIC, ignoring case, spaces and a `BIC`/`SWIFT` label in front.
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let trimmed = input.trim_matches(is_separator);
        if trimmed.is_empty() {
            return Err(ValueError::new("bic.empty"));
        }
        let unlabelled = strip_label(strip_label(trimmed, "BIC"), "SWIFT");
        let s: String = unlabelled
            .chars()
            .filter(|c| !is_separator(*c))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let b = s.as_bytes();
        let shape = (b.len() == 8 || b.len() == 11)
            && b.iter().take(6).all(u8::is_ascii_uppercase)
            && b.iter()
                .skip(6)
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !shape {
            return Err(ValueError::new("bic.format"));
        }
        let country = s.get(4..6).unwrap_or_default();
        if country != KOSOVO && Country::parse(country).is_err() {
            return Err(ValueError::new("bic.country").arg("country", country));
        }
        Ok(Self(s))
    }

    /// The code, e.g. `COBADEFFXXX`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country part (characters 5 and 6).
    pub fn country_code(&self) -> &str {
        self.0.get(4..6).unwrap_or_default()
    }
}

impl fmt::Display for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Bic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bic {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The company's bank account: printed on invoices, and the account the GiroCode (EPC QR
/// code) on open invoices pays into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    /// Who holds the account, when it is not the company's name as printed.
    #[serde(default)]
    pub holder: Option<String>,
    /// The account.
    pub iban: Iban,
    /// The bank's BIC (needed for transfers from or to outside the EEA).
    #[serde(default)]
    pub bic: Option<Bic>,
    /// The bank's name.
    #[serde(default)]
    pub bank_name: Option<String>,
}

/// A bank account as the user types it; [`BankAccountInput::validate`] makes a
/// [`BankAccount`] of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccountInput {
    /// Account holder (optional; at most 70 characters).
    #[serde(default)]
    pub holder: Option<String>,
    /// IBAN, with or without spaces.
    pub iban: String,
    /// BIC (optional within the EEA).
    #[serde(default)]
    pub bic: Option<String>,
    /// Bank name (optional).
    #[serde(default)]
    pub bank_name: Option<String>,
}

impl BankAccountInput {
    /// The input of a stored account (for forms that edit it).
    pub fn of(account: &BankAccount) -> Self {
        Self {
            holder: account.holder.clone(),
            iban: account.iban.to_string(),
            bic: account.bic.as_ref().map(|b| b.as_str().to_owned()),
            bank_name: account.bank_name.clone(),
        }
    }

    /// Checks every field; errors name the fields `iban`, `bic`, `holder` and `bank_name`.
    ///
    /// An IBAN outside the EEA needs a BIC: SEPA transfers to such accounts require it.
    pub fn validate(&self) -> Result<BankAccount, ValidationErrors> {
        let mut c = Collector::new();
        let text = |v: &Option<String>, max| optional_text(v.as_deref().unwrap_or_default(), max);
        let holder = c.check("holder", text(&self.holder, MAX_HOLDER));
        let iban = c.check("iban", Iban::parse(&self.iban));
        let bic = c.check(
            "bic",
            match self.bic.as_deref().map(|b| b.trim_matches(is_separator)) {
                Some(b) if !b.is_empty() => Bic::parse(b).map(Some),
                _ => Ok(None),
            },
        );
        let bank_name = c.check("bank_name", text(&self.bank_name, MAX_BANK_NAME));
        if let (Some(iban), Some(None)) = (&iban, &bic)
            && !iban.is_eea()
        {
            c.push(
                "bic",
                ValueError::new("bic.required").arg("country", iban.country_code()),
            );
        }
        c.finish()?;
        match (holder, iban, bic, bank_name) {
            (Some(holder), Some(iban), Some(bic), Some(bank_name)) => Ok(BankAccount {
                holder,
                iban,
                bic,
                bank_name,
            }),
            // The collector reported an error for every field that is missing here.
            _ => Err(ValidationErrors::single(
                "iban",
                ValueError::new("iban.empty"),
            )),
        }
    }
}

#[cfg(test)]
mod tests;
