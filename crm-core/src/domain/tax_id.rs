//! Tax identifiers: European (and Swiss, British, Norwegian) VAT IDs with format and check
//! digit validation, or free-form national tax numbers.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::address::Country;
use super::validation::ValueError;
use crate::i18n::Arg;

/// Maximum length of a national tax number.
const MAX_NATIONAL: usize = 32;

/// What kind of tax identifier a [`TaxId`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TaxIdKind {
    /// A VAT identification number of the given country (`XI` numbers belong to
    /// [`Country::GB`], `EL` numbers to Greece, `GR`).
    Vat(Country),
    /// A national tax number (e.g. a German Steuernummer or a US EIN), checked only loosely.
    National,
}

/// A validated tax identifier.
///
/// VAT IDs are stored normalised (uppercase, without separators or the Swiss/Norwegian
/// `MWST`/`MVA` suffix): `DE136695976`, `CHE116281710`. National numbers are kept as typed,
/// only trimmed, because their formats are too varied to normalise safely.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TaxId {
    value: String,
    kind: TaxIdKind,
}

/// Result of checking the part of a VAT ID after its prefix.
enum Check {
    /// Valid; the canonical form of the part after the prefix.
    Valid(String),
    /// Wrong length or characters.
    Format,
    /// Right shape, wrong check digit(s).
    Checksum,
}

/// One VAT prefix and its rule.
struct VatRule {
    prefix: &'static str,
    /// ISO 3166-1 code of the issuing country.
    country: &'static str,
    /// Shown in messages: the country, or `XI` for Northern Ireland.
    label: &'static str,
    /// The catalogue key of the format description (`tax_id.rule.DE`: "DE + 9 digits …").
    hint: &'static str,
    check: fn(&str) -> Check,
}

const fn rule(
    prefix: &'static str,
    country: &'static str,
    hint: &'static str,
    check: fn(&str) -> Check,
) -> VatRule {
    VatRule {
        prefix,
        country,
        label: country,
        hint,
        check,
    }
}

/// Every known VAT prefix. Format descriptions (in the catalogue) follow the European
/// Commission's VIES rules.
const RULES: &[VatRule] = &[
    rule("AT", "AT", "tax_id.rule.AT", check_at),
    rule("BE", "BE", "tax_id.rule.BE", check_be),
    rule("BG", "BG", "tax_id.rule.BG", check_bg),
    rule("CY", "CY", "tax_id.rule.CY", check_cy),
    rule("CZ", "CZ", "tax_id.rule.CZ", check_cz),
    rule("DE", "DE", "tax_id.rule.DE", check_de),
    rule("DK", "DK", "tax_id.rule.DK", check_dk),
    rule("EE", "EE", "tax_id.rule.EE", check_ee),
    rule("EL", "GR", "tax_id.rule.EL", check_el),
    rule("ES", "ES", "tax_id.rule.ES", check_es),
    rule("FI", "FI", "tax_id.rule.FI", check_fi),
    rule("FR", "FR", "tax_id.rule.FR", check_fr),
    rule("HR", "HR", "tax_id.rule.HR", check_hr),
    rule("HU", "HU", "tax_id.rule.HU", check_hu),
    rule("IE", "IE", "tax_id.rule.IE", check_ie),
    rule("IT", "IT", "tax_id.rule.IT", check_it),
    rule("LT", "LT", "tax_id.rule.LT", check_lt),
    rule("LU", "LU", "tax_id.rule.LU", check_lu),
    rule("LV", "LV", "tax_id.rule.LV", check_lv),
    rule("MT", "MT", "tax_id.rule.MT", check_mt),
    rule("NL", "NL", "tax_id.rule.NL", check_nl),
    rule("PL", "PL", "tax_id.rule.PL", check_pl),
    rule("PT", "PT", "tax_id.rule.PT", check_pt),
    rule("RO", "RO", "tax_id.rule.RO", check_ro),
    rule("SE", "SE", "tax_id.rule.SE", check_se),
    rule("SI", "SI", "tax_id.rule.SI", check_si),
    rule("SK", "SK", "tax_id.rule.SK", check_sk),
    VatRule {
        prefix: "XI",
        country: "GB",
        label: "XI",
        hint: "tax_id.rule.XI",
        check: check_gb,
    },
    rule("GB", "GB", "tax_id.rule.GB", check_gb),
    rule("CHE", "CH", "tax_id.rule.CHE", check_ch),
    rule("NO", "NO", "tax_id.rule.NO", check_no),
];

impl TaxId {
    /// Parses a VAT ID or a national tax number.
    ///
    /// Input that starts with a VAT prefix (`DE`, `ATU`…, `EL`, `XI`, `CHE`, `GB`, `NO`) and
    /// contains digits is a VAT ID: spaces, dots and hyphens are removed, and it must match its
    /// country's format and check digit. Anything else is a national tax number of 1–32
    /// letters, digits, spaces, `.`, `-` or `/`, kept as typed.
    ///
    /// `client_country` does not change the outcome: a client may well hold a VAT ID of
    /// another country (cross-border establishments), so it is accepted for callers that know
    /// it and reserved for hints.
    pub fn parse(input: &str, client_country: Option<Country>) -> Result<Self, ValueError> {
        let _ = client_country;
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ValueError::new("tax_id.empty"));
        }
        let compact: String = trimmed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        if let Some((rule, rest)) = find_rule(&compact) {
            return parse_vat(rule, rest);
        }
        if let Some(rest) = compact.strip_prefix("GR")
            && rest.len() == 9
            && rest.bytes().all(|b| b.is_ascii_digit())
        {
            // Greece's ISO code instead of its VAT prefix: a common mistake worth explaining.
            return Err(ValueError::keyed("tax_id.format", "tax_id.format_gr"));
        }
        parse_national(trimmed)
    }

    /// Rebuilds a stored value (as returned by [`TaxId::as_str`]), checking it again.
    pub fn from_stored(value: &str) -> Result<Self, ValueError> {
        Self::parse(value, None)
    }

    /// The normalised VAT ID (`DE136695976`) or the trimmed national number.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Whether this is a VAT ID (and of which country) or a national number.
    pub fn kind(&self) -> TaxIdKind {
        self.kind
    }

    /// The issuing country of a VAT ID; `None` for national numbers.
    pub fn country(&self) -> Option<Country> {
        match self.kind {
            TaxIdKind::Vat(c) => Some(c),
            TaxIdKind::National => None,
        }
    }

    /// Whether this is a VAT ID.
    pub fn is_vat(&self) -> bool {
        matches!(self.kind, TaxIdKind::Vat(_))
    }
}

/// The rule whose prefix `compact` starts with, if what follows contains a digit (so words
/// such as "DEFERRED" stay national numbers), and the part after the prefix.
fn find_rule(compact: &str) -> Option<(&'static VatRule, &str)> {
    RULES.iter().find_map(|r| {
        compact
            .strip_prefix(r.prefix)
            .filter(|rest| rest.bytes().any(|b| b.is_ascii_digit()))
            .map(|rest| (r, rest))
    })
}

fn parse_vat(rule: &VatRule, rest: &str) -> Result<TaxId, ValueError> {
    let error = |code| {
        ValueError::new(code)
            .arg("label", rule.label)
            .arg("rule", Arg::Text(rule.hint))
    };
    match (rule.check)(rest) {
        Check::Valid(body) => {
            // The table only holds assigned codes (tested), so this cannot fail in practice.
            let country = Country::parse(rule.country).map_err(|_| error("tax_id.format"))?;
            Ok(TaxId {
                value: format!("{}{body}", rule.prefix),
                kind: TaxIdKind::Vat(country),
            })
        }
        Check::Format => Err(error("tax_id.format")),
        Check::Checksum => Err(error("tax_id.checksum")),
    }
}

fn parse_national(trimmed: &str) -> Result<TaxId, ValueError> {
    let ok = trimmed.chars().count() <= MAX_NATIONAL
        && trimmed
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '/'));
    if !ok {
        return Err(
            ValueError::keyed("tax_id.format", "tax_id.format_national").arg("max", MAX_NATIONAL)
        );
    }
    Ok(TaxId {
        value: trimmed.to_owned(),
        kind: TaxIdKind::National,
    })
}

// ----- helpers -------------------------------------------------------------------------------

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_digits_len(s: &str, n: usize) -> bool {
    s.len() == n && is_digits(s)
}

/// The digit values of an all-digit string.
fn digits(s: &str) -> Vec<u32> {
    s.bytes().map(|b| u32::from(b - b'0')).collect()
}

/// Σ digit × weight over the shorter of the two.
fn weighted(d: &[u32], weights: &[u32]) -> u32 {
    d.iter().zip(weights).map(|(a, b)| a * b).sum()
}

/// The number formed by a run of digits (at most 9, so it fits).
fn value(d: &[u32]) -> u32 {
    d.iter().fold(0, |acc, x| acc * 10 + x)
}

/// The check digit `11 - Σ mod 11` used by several countries; `None` when it would be 10
/// (such numbers are never issued).
fn mod11_check(sum: u32) -> Option<u32> {
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c),
    }
}

/// Luhn: valid when the doubled-every-second-digit sum is a multiple of 10.
fn luhn_ok(d: &[u32]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| match (i % 2 == 1, x * 2) {
            (true, y) if y > 9 => y - 9,
            (true, y) => y,
            (false, _) => x,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// ISO 7064 MOD 11,10: the last digit checks all the others.
fn iso7064_mod11_10_ok(d: &[u32]) -> bool {
    let Some((&check, body)) = d.split_last() else {
        return false;
    };
    let mut product = 10;
    for &x in body {
        let mut sum = (x + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (2 * sum) % 11;
    }
    (11 - product) % 10 == check
}

/// The remainder mod 97 of a long string of digits and letters, letters counting as 10–35
/// (as in IBANs); `None` for other characters.
fn mod97_alnum(s: &str) -> Option<u32> {
    let mut r: u32 = 0;
    for c in s.chars() {
        let v = c.to_digit(36)?;
        r = if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        };
    }
    Some(r)
}

fn valid_if(ok: bool, body: &str) -> Check {
    if ok {
        Check::Valid(body.to_owned())
    } else {
        Check::Checksum
    }
}

// ----- country rules (input: the part after the prefix, uppercase, no separators) ------------

/// Austria: U + 8 digits, Luhn-like with weights 1,2 and an offset of 4.
fn check_at(s: &str) -> Check {
    let Some(n) = s.strip_prefix('U').filter(|n| is_digits_len(n, 8)) else {
        return Check::Format;
    };
    let d = digits(n);
    let sum: u32 = d[..7]
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            if i % 2 == 1 {
                x * 2 / 10 + x * 2 % 10
            } else {
                x
            }
        })
        .sum();
    valid_if((10 - (sum + 4) % 10) % 10 == d[7], s)
}

/// Belgium: 10 digits starting with 0 or 1; the last two are 97 − (first eight mod 97).
/// Old 9-digit numbers get their implied leading 0.
fn check_be(s: &str) -> Check {
    let n = if is_digits_len(s, 9) {
        format!("0{s}")
    } else {
        s.to_owned()
    };
    if !is_digits_len(&n, 10) || !(n.starts_with('0') || n.starts_with('1')) {
        return Check::Format;
    }
    let d = digits(&n);
    valid_if(97 - value(&d[..8]) % 97 == value(&d[8..]), &n)
}

/// Bulgaria: format only (several check digit schemes by kind of person).
fn check_bg(s: &str) -> Check {
    if is_digits(s) && (s.len() == 9 || s.len() == 10) {
        Check::Valid(s.to_owned())
    } else {
        Check::Format
    }
}

/// Cyprus: 8 digits and a check letter (the letter is not verified).
fn check_cy(s: &str) -> Check {
    match s.as_bytes() {
        [body @ .., last] if body.len() == 8 && last.is_ascii_uppercase() => {
            if body.iter().all(u8::is_ascii_digit) {
                Check::Valid(s.to_owned())
            } else {
                Check::Format
            }
        }
        _ => Check::Format,
    }
}

/// Czechia: 8 to 10 digits; format only (the scheme depends on the kind of person).
fn check_cz(s: &str) -> Check {
    if is_digits(s) && (8..=10).contains(&s.len()) {
        Check::Valid(s.to_owned())
    } else {
        Check::Format
    }
}

/// Germany: 9 digits, ISO 7064 MOD 11,10.
fn check_de(s: &str) -> Check {
    if !is_digits_len(s, 9) || s.starts_with('0') {
        return Check::Format;
    }
    valid_if(iso7064_mod11_10_ok(&digits(s)), s)
}

/// Denmark: 8 digits, Σ weights 2 7 6 5 4 3 2 1 ≡ 0 (mod 11).
fn check_dk(s: &str) -> Check {
    if !is_digits_len(s, 8) || s.starts_with('0') {
        return Check::Format;
    }
    valid_if(
        weighted(&digits(s), &[2, 7, 6, 5, 4, 3, 2, 1]).is_multiple_of(11),
        s,
    )
}

/// Estonia: 9 digits starting with 10; weights 3 7 1, check = (10 − Σ mod 10) mod 10.
fn check_ee(s: &str) -> Check {
    if !is_digits_len(s, 9) || !s.starts_with("10") {
        return Check::Format;
    }
    let d = digits(s);
    let sum = weighted(&d, &[3, 7, 1, 3, 7, 1, 3, 7]);
    valid_if((10 - sum % 10) % 10 == d[8], s)
}

/// Greece: 9 digits, weights 2⁸ … 2¹, check = Σ mod 11 mod 10.
fn check_el(s: &str) -> Check {
    if !is_digits_len(s, 9) {
        return Check::Format;
    }
    let d = digits(s);
    let sum = weighted(&d, &[256, 128, 64, 32, 16, 8, 4, 2]);
    valid_if(sum % 11 % 10 == d[8], s)
}

/// Spain: NIF of a person (8 digits + letter; K/L/M + 7 digits + letter), NIE of a foreigner
/// (X/Y/Z + 7 digits + letter) or CIF of an entity (letter + 7 digits + digit or letter).
fn check_es(s: &str) -> Check {
    const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let b = s.as_bytes();
    let (first, middle, last) = match b {
        [f, m @ .., l] if b.len() == 9 => (*f, m, *l),
        _ => return Check::Format,
    };
    let shape_ok = middle.iter().all(u8::is_ascii_digit)
        && first.is_ascii_alphanumeric()
        && last.is_ascii_alphanumeric()
        // Nine digits are never a Spanish VAT ID: one end is always a letter.
        && (first.is_ascii_uppercase() || last.is_ascii_uppercase());
    if !shape_ok {
        return Check::Format;
    }
    let seven = value(&digits(&s[1..8]));
    let dni_letter = |n: u32| DNI_LETTERS.get((n % 23) as usize).copied();
    match first {
        b'0'..=b'9' => valid_if(dni_letter(value(&digits(&s[..8]))) == Some(last), s),
        b'X' | b'Y' | b'Z' => {
            let lead = u32::from(first - b'X');
            valid_if(dni_letter(lead * 10_000_000 + seven) == Some(last), s)
        }
        b'K' | b'L' | b'M' => valid_if(dni_letter(seven) == Some(last), s),
        b'A' | b'B' | b'C' | b'D' | b'E' | b'F' | b'G' | b'H' | b'J' | b'N' | b'P' | b'Q'
        | b'R' | b'S' | b'U' | b'V' | b'W' => {
            // Luhn check digit over the 7 digits, written as a digit or as a letter of JABCDEFGHI.
            let d = digits(&s[1..8]);
            let sum: u32 = d
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    if i % 2 == 0 {
                        x * 2 / 10 + x * 2 % 10
                    } else {
                        x
                    }
                })
                .sum();
            let control = (10 - sum % 10) % 10;
            let as_digit = b'0' + control as u8;
            let as_letter = b"JABCDEFGHI".get(control as usize).copied();
            valid_if(last == as_digit || Some(last) == as_letter, s)
        }
        _ => Check::Format,
    }
}

/// Finland: 8 digits, weights 7 9 10 5 8 4 2, check = 11 − Σ mod 11 (0 for 11).
fn check_fi(s: &str) -> Check {
    if !is_digits_len(s, 8) {
        return Check::Format;
    }
    let d = digits(s);
    let sum = weighted(&d, &[7, 9, 10, 5, 8, 4, 2]);
    valid_if(mod11_check(sum) == Some(d[7]), s)
}

/// France: a 2-character key and the 9-digit SIREN. A numeric key is
/// (12 + 3 × (SIREN mod 97)) mod 97; alphanumeric keys use the newer DGFiP scheme.
fn check_fr(s: &str) -> Check {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let (Some(k0), Some(k1), Some(siren)) = (s.get(..1), s.get(1..2), s.get(2..)) else {
        return Check::Format;
    };
    let (Some(i0), Some(i1)) = (ALPHABET.find(k0), ALPHABET.find(k1)) else {
        return Check::Format;
    };
    if !is_digits_len(siren, 9) {
        return Check::Format;
    }
    let siren_value = value(&digits(siren));
    let ok = if i0 < 10 && i1 < 10 {
        (12 + 3 * (siren_value % 97)) % 97 == (i0 * 10 + i1) as u32
    } else {
        let check = if i0 < 10 {
            i0 * 24 + i1 - 10
        } else {
            i0 * 34 + i1 - 100
        } as u32;
        (siren_value % 11 + 1 + check / 11) % 11 == check % 11
    };
    valid_if(ok, s)
}

/// Croatia: 11 digits (OIB), ISO 7064 MOD 11,10.
fn check_hr(s: &str) -> Check {
    if !is_digits_len(s, 11) {
        return Check::Format;
    }
    valid_if(iso7064_mod11_10_ok(&digits(s)), s)
}

/// Hungary: 8 digits, weights 9 7 3 1, check = (10 − Σ mod 10) mod 10.
fn check_hu(s: &str) -> Check {
    if !is_digits_len(s, 8) {
        return Check::Format;
    }
    let d = digits(s);
    let sum = weighted(&d, &[9, 7, 3, 1, 9, 7, 3]);
    valid_if((10 - sum % 10) % 10 == d[7], s)
}

/// Ireland: 7 digits + check letter (+ optional second letter A–I or W, since 2013), or the
/// old form digit + letter/`+`/`*` + 5 digits + check letter. Weights 8…2 (and 9 for the
/// second letter), check letter = `WABCDEFGHIJKLMNOPQRSTUV`[Σ mod 23].
fn check_ie(s: &str) -> Check {
    const CHECK: &[u8; 23] = b"WABCDEFGHIJKLMNOPQRSTUV";
    let b = s.as_bytes();
    let check_letter = |seven: &[u8], extra: u32| {
        let sum: u32 = seven
            .iter()
            .zip((2..=8).rev())
            .map(|(&c, w)| u32::from(c - b'0') * w)
            .sum::<u32>()
            + 9 * extra;
        CHECK.get((sum % 23) as usize).copied()
    };
    match b {
        [seven @ .., check] if b.len() == 8 && seven.iter().all(u8::is_ascii_digit) => {
            if !(b'A'..=b'W').contains(check) {
                return Check::Format;
            }
            valid_if(check_letter(seven, 0) == Some(*check), s)
        }
        [seven @ .., check, second] if b.len() == 9 && seven.iter().all(u8::is_ascii_digit) => {
            let Some(extra) = b"WABCDEFGHI".iter().position(|c| c == second) else {
                return Check::Format;
            };
            if !(b'A'..=b'W').contains(check) {
                return Check::Format;
            }
            valid_if(check_letter(seven, extra as u32) == Some(*check), s)
        }
        [d0, second, five @ .., check]
            if b.len() == 8
                && d0.is_ascii_digit()
                && (second.is_ascii_uppercase() || *second == b'+' || *second == b'*')
                && five.iter().all(u8::is_ascii_digit)
                && (b'A'..=b'W').contains(check) =>
        {
            // Old numbers: the leading digit moves to the end, padded with a 0 in front.
            let mut seven = vec![b'0'];
            seven.extend_from_slice(five);
            seven.push(*d0);
            valid_if(check_letter(&seven, 0) == Some(*check), s)
        }
        _ => Check::Format,
    }
}

/// Italy: 11 digits (partita IVA), Luhn, with a valid tax office code in digits 8–10.
fn check_it(s: &str) -> Check {
    if !is_digits_len(s, 11) || s.starts_with("0000000") {
        return Check::Format;
    }
    let d = digits(s);
    let office = value(&d[7..10]);
    if !matches!(office, 1..=100 | 120 | 121 | 888 | 999) {
        return Check::Format;
    }
    valid_if(luhn_ok(&d), s)
}

/// Lithuania: 9 or 12 digits; format only.
fn check_lt(s: &str) -> Check {
    if is_digits(s) && (s.len() == 9 || s.len() == 12) {
        Check::Valid(s.to_owned())
    } else {
        Check::Format
    }
}

/// Luxembourg: 8 digits, the last two are the first six mod 89.
fn check_lu(s: &str) -> Check {
    if !is_digits_len(s, 8) {
        return Check::Format;
    }
    let d = digits(s);
    valid_if(value(&d[..6]) % 89 == value(&d[6..]), s)
}

/// Latvia: 11 digits; format only (legal persons and persons use different schemes).
fn check_lv(s: &str) -> Check {
    if is_digits_len(s, 11) {
        Check::Valid(s.to_owned())
    } else {
        Check::Format
    }
}

/// Malta: 8 digits; weights 3 4 6 7 8 9, the last two digits are 37 − Σ mod 37.
fn check_mt(s: &str) -> Check {
    if !is_digits_len(s, 8) || s.starts_with('0') {
        return Check::Format;
    }
    let d = digits(s);
    let sum = weighted(&d, &[3, 4, 6, 7, 8, 9]);
    valid_if(37 - sum % 37 == value(&d[6..]), s)
}

/// Netherlands: 9 digits + B + 2 digits (not 00). Either the RSIN/BSN "11 test" (weights
/// 9…2 and −1) or, for sole proprietors since 2020, mod 97 = 1 over the whole ID with letters
/// as numbers. Leading zeros people drop are restored.
fn check_nl(s: &str) -> Check {
    let Some((number, suffix)) = s.split_once('B') else {
        return Check::Format;
    };
    if !is_digits(number)
        || !(7..=9).contains(&number.len())
        || !is_digits_len(suffix, 2)
        || suffix == "00"
    {
        return Check::Format;
    }
    let body = format!("{number:0>9}B{suffix}");
    let d = digits(&format!("{number:0>9}"));
    let eleven = i64::from(weighted(&d, &[9, 8, 7, 6, 5, 4, 3, 2])) - i64::from(d[8]);
    let old_ok = eleven.rem_euclid(11) == 0 && d.iter().any(|&x| x != 0);
    let new_ok = mod97_alnum(&format!("NL{body}")) == Some(1);
    valid_if(old_ok || new_ok, &body)
}

/// Poland: 10 digits (NIP), weights 6 5 7 2 3 4 5 6 7, check = Σ mod 11 (never 10).
fn check_pl(s: &str) -> Check {
    if !is_digits_len(s, 10) {
        return Check::Format;
    }
    let d = digits(s);
    valid_if(weighted(&d, &[6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 == d[9], s)
}

/// Portugal: 9 digits (NIF), weights 9…2, check = 11 − Σ mod 11 (0 for 10 or 11).
fn check_pt(s: &str) -> Check {
    if !is_digits_len(s, 9) {
        return Check::Format;
    }
    let d = digits(s);
    let sum = weighted(&d, &[9, 8, 7, 6, 5, 4, 3, 2]);
    valid_if(mod11_check(sum).unwrap_or(0) == d[8], s)
}

/// Romania: 2 to 10 digits (CIF); weights 7 5 3 2 1 7 5 3 2 aligned to the right,
/// check = Σ × 10 mod 11 mod 10.
fn check_ro(s: &str) -> Check {
    if !is_digits(s) || !(2..=10).contains(&s.len()) || s.starts_with('0') {
        return Check::Format;
    }
    let d = digits(&format!("{s:0>10}"));
    let sum = weighted(&d, &[7, 5, 3, 2, 1, 7, 5, 3, 2]);
    valid_if(sum * 10 % 11 % 10 == d[9], s)
}

/// Sweden: 12 digits, the organisation number (Luhn) followed by 01.
fn check_se(s: &str) -> Check {
    if !is_digits_len(s, 12) || !s.ends_with("01") {
        return Check::Format;
    }
    valid_if(luhn_ok(&digits(&s[..10])), s)
}

/// Slovenia: 8 digits, weights 8…2, check = 11 − Σ mod 11 (0 for 10; 11 never issued).
fn check_si(s: &str) -> Check {
    if !is_digits_len(s, 8) || s.starts_with('0') {
        return Check::Format;
    }
    let d = digits(s);
    let sum = weighted(&d, &[8, 7, 6, 5, 4, 3, 2]);
    let check = match 11 - sum % 11 {
        11 => None,
        10 => Some(0),
        c => Some(c),
    };
    valid_if(check == Some(d[7]), s)
}

/// Slovakia: 10 digits, the whole number divisible by 11.
fn check_sk(s: &str) -> Check {
    let b = s.as_bytes();
    if !is_digits_len(s, 10) || b[0] == b'0' || !b"234789".contains(&b[2]) {
        return Check::Format;
    }
    let rem = digits(s).iter().fold(0, |acc, x| (acc * 10 + x) % 11);
    valid_if(rem == 0, s)
}

/// United Kingdom and Northern Ireland (XI): 9 digits (or 12 with a branch), weights 8…2 plus
/// the last two digits as a number ≡ 0 (mod 97), or ≡ 42 (the "9755" scheme for numbers from
/// 100 000 000 on); or GD + 3 digits below 500 (government departments), HA + 3 digits from 500
/// (health authorities).
fn check_gb(s: &str) -> Check {
    if let Some((kind, n)) = s.split_at_checked(2)
        && (kind == "GD" || kind == "HA")
    {
        if !is_digits_len(n, 3) {
            return Check::Format;
        }
        let below_500 = value(&digits(n)) < 500;
        return if below_500 == (kind == "GD") {
            Check::Valid(s.to_owned())
        } else {
            Check::Format
        };
    }
    if !is_digits(s) || !(s.len() == 9 || s.len() == 12) {
        return Check::Format;
    }
    let d = digits(s);
    let total = weighted(&d, &[8, 7, 6, 5, 4, 3, 2]) + value(&d[7..9]);
    let ok = match total % 97 {
        0 => true,
        42 => value(&d[..3]) >= 100,
        _ => false,
    };
    valid_if(ok, s)
}

/// Switzerland: E + 9 digits (UID "CHE…"), optional MWST/TVA/IVA suffix (dropped); weights
/// 5 4 3 2 7 6 5 4, check = 11 − Σ mod 11 (0 for 11; 10 never issued).
fn check_ch(s: &str) -> Check {
    let n = ["MWST", "TVA", "IVA"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
        .unwrap_or(s);
    if !is_digits_len(n, 9) {
        return Check::Format;
    }
    let d = digits(n);
    let sum = weighted(&d, &[5, 4, 3, 2, 7, 6, 5, 4]);
    valid_if(mod11_check(sum) == Some(d[8]), n)
}

/// Norway: 9 digits (organisation number), optional MVA suffix (dropped); weights
/// 3 2 7 6 5 4 3 2, check = 11 − Σ mod 11 (0 for 11; 10 never issued).
fn check_no(s: &str) -> Check {
    let n = s.strip_suffix("MVA").unwrap_or(s);
    if !is_digits_len(n, 9) {
        return Check::Format;
    }
    let d = digits(n);
    let sum = weighted(&d, &[3, 2, 7, 6, 5, 4, 3, 2]);
    valid_if(mod11_check(sum) == Some(d[8]), n)
}

impl fmt::Display for TaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl AsRef<str> for TaxId {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl Serialize for TaxId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl<'de> Deserialize<'de> for TaxId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::from_stored(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::domain::locale::Locale;

    fn vat(input: &str) -> TaxId {
        TaxId::parse(input, None).unwrap_or_else(|e| panic!("{input}: {e}"))
    }

    fn err(input: &str) -> ValueError {
        match TaxId::parse(input, None) {
            Ok(t) => panic!("{input} accepted as {t} ({:?})", t.kind()),
            Err(e) => e,
        }
    }

    /// Real VAT IDs named in the specification; each has a check digit.
    const SPEC_SAMPLES: &[(&str, &str, &str)] = &[
        ("DE136695976", "DE136695976", "DE"),
        ("ATU13585627", "ATU13585627", "AT"),
        ("BE0428759497", "BE0428759497", "BE"),
        ("FR40303265045", "FR40303265045", "FR"),
        ("IT00743110157", "IT00743110157", "IT"),
        ("NL004495445B01", "NL004495445B01", "NL"),
        ("ESA28015865", "ESA28015865", "ES"),
        ("ESB58378431", "ESB58378431", "ES"),
        ("DK13585628", "DK13585628", "DK"),
        ("FI20774740", "FI20774740", "FI"),
        ("PL5260250995", "PL5260250995", "PL"),
        ("PT501964843", "PT501964843", "PT"),
        ("SE556703748501", "SE556703748501", "SE"),
        ("NO974760673MVA", "NO974760673", "NO"),
        ("CHE-116.281.710 MWST", "CHE116281710", "CH"),
        ("LU15027442", "LU15027442", "LU"),
        ("GB980780684", "GB980780684", "GB"),
    ];

    /// Further real VAT IDs as published by their holders (collected in python-stdnum's test
    /// data), written as found: with spaces, dots, hyphens and mixed case.
    const PUBLISHED: &[&str] = &[
        "ATU 142 43 102",
        "ATU 15159209",
        "ATU 54300000",
        "ATU 65480455",
        "ATU61195628",
        "BE 0202.239.951",
        "BE 0402 918 402",
        "BE 0897290877",
        "BE 444.503.092",
        "BE413562567",
        "BG 124 551 319",
        "BG7111042925",
        "CY 10246672X",
        "CY-10008489 A",
        "CZ 25123891",
        "CZ 640903926",
        "CZ 6956220612",
        "DE - 113866163",
        "DE 181 207 708",
        "DE 221.304.969",
        "DE 811 363 057",
        "DE812847601",
        "DK 10 50 32 80",
        "DK-27630308",
        "DK10150817",
        "EE 100 931 558",
        "EE 100523487",
        "EE101256753",
        "EL 039868210",
        "EL 094263543",
        "EL-082857563",
        "El 800 179 925",
        "ES - Q0818001J",
        "ES 54362315K",
        "ES A-28184661",
        "ES B-58378431",
        "ES F13005293",
        "ES J99216582",
        "ES Q-2818015-F",
        "ES R9600075G",
        "ES U99216426",
        "ES V99218067",
        "ES W4003922D",
        "ES X-5253868-R",
        "ES X5277343Q",
        "ES Y5277343F",
        "ES Z5277343K",
        "ES-x-2482300w",
        "Es-a58951310",
        "FI 0982651-1",
        "FI 2094606-3",
        "FI-214 95 540",
        "FI18261444",
        "FR 04409414364",
        "FR 114 248 728 36",
        "FR 2143 2146 546",
        "FR 61 954 506 077",
        "FR K 7399859412",
        "FR16000063601",
        "Fr 40 303 265 045",
        "fr 71383076817",
        "HR33392005961",
        "HU -12509403",
        "HU 10672101",
        "HU-12892312",
        "HU11377304",
        "IE 0005306C",
        "IE 632 3420 C",
        "IE 6388047V",
        "IE 9502346O",
        "IE-9696131F",
        "IE6433435IH",
        "IE6433435OA",
        "IE8D79739I",
        "IE9Y71814N",
        "IT - 01404480202",
        "IT 0 0 6 1 8 2 8 0 4 9 9",
        "IT 00 595 000 217",
        "IT 12920760159",
        "IT02087050155",
        "LT 100001354118",
        "LT 119511515",
        "LT290068995116",
        "LU 109 676 28",
        "LU.248.70.640",
        "Lu 19980500",
        "LV 4000 3521 600",
        "LV-40003241337",
        "MT 1039-6417",
        "MT 17025737",
        "MT 2029 1423",
        "NL 001241 643 B01",
        "NL 8225.69.759 b01",
        "NL-8197.38.116.B.01",
        "NL.0094.10.806.B.01",
        "NL001162938B28",
        "NL4495445B01",
        "NL68357370B01",
        "PL 584-030-44-72",
        "PL 5211355116",
        "PL-951-157-77-68",
        "PT 500 019 720",
        "PT 500135.495",
        "PT-505 856 468",
        "RO 11358544",
        "RO 1822964",
        "RO 185 472 90",
        "RO 241 30 20",
        "RO 573768",
        "Ro 15071875",
        "SE 202 100-5000 01",
        "SE 556.383.740.901",
        "SE-556666-4438-01",
        "Se 556250398601",
        "SI 26808498",
        "SI 3609 7152",
        "SI 50223054",
        "SI-89036999",
        "SK 202 274 96 19",
        "SK 2020 237 945",
        "SK2022193459",
    ];

    #[test]
    fn spec_samples_are_valid_vat_ids() {
        for &(input, normalised, country) in SPEC_SAMPLES {
            let t = vat(input);
            assert_eq!(t.as_str(), normalised, "{input}");
            let c = Country::parse(country).unwrap();
            assert_eq!(t.kind(), TaxIdKind::Vat(c), "{input}");
            assert_eq!(t.country(), Some(c));
            assert!(t.is_vat());
        }
    }

    #[test]
    fn published_numbers_are_valid() {
        for input in PUBLISHED {
            let t = vat(input);
            assert!(t.is_vat(), "{input}");
        }
    }

    #[test]
    fn more_sample_numbers_with_check_digits() {
        // Computed and cross-checked against the published algorithms.
        for (input, country) in [
            ("EE102090374", "EE"),
            ("EL094259216", "GR"),
            ("HU12892312", "HU"),
            ("IE6388047V", "IE"),
            ("HR33392005961", "HR"),
            ("SI50223054", "SI"),
            ("SK2022749619", "SK"),
            ("CHE116281710", "CH"),
            ("CHE-116.281.710 TVA", "CH"),
            ("CHE116281710IVA", "CH"),
            ("NO 974 760 673", "NO"),
            ("XI980780684", "GB"),
            ("GB980780684123", "GB"),
            ("GBGD001", "GB"),
            ("GBHA599", "GB"),
            // 2020 sole-proprietor scheme (mod 97), the Belastingdienst's example.
            ("NL000099998B57", "NL"),
            // A "9755" GB number (issued from 2010 on).
            ("GB340804329", "GB"),
        ] {
            let t = vat(input);
            assert_eq!(
                t.country(),
                Some(Country::parse(country).unwrap()),
                "{input}"
            );
        }
        assert_eq!(vat("XI980780684").as_str(), "XI980780684");
        assert_eq!(vat("el094259216").as_str(), "EL094259216");
    }

    #[test]
    fn normalises_separators_and_restores_dropped_leading_zeros() {
        assert_eq!(vat(" de 136.695-976 ").as_str(), "DE136695976");
        assert_eq!(vat("BE 428.759.497").as_str(), "BE0428759497");
        assert_eq!(vat("NL4495445B01").as_str(), "NL004495445B01");
        assert_eq!(vat("CHE-116.281.710 MWST").as_str(), "CHE116281710");
        assert_eq!(vat("NO 974 760 673 MVA").as_str(), "NO974760673");
        assert_eq!(vat("FR K 7399859412").as_str(), "FRK7399859412");
        assert_eq!(vat("ES-x-2482300w").as_str(), "ESX2482300W");
        assert_eq!(vat("DE\u{a0}136695976").as_str(), "DE136695976");
    }

    /// Changes one digit (the last digit before any trailing letters) of a valid ID.
    fn mangle(valid: &str) -> String {
        let mut chars: Vec<char> = valid.chars().collect();
        if let Some(i) = chars.iter().rposition(|c| c.is_ascii_digit()) {
            let d = chars[i].to_digit(10).unwrap();
            chars[i] = char::from_digit((d + 1) % 10, 10).unwrap();
        }
        chars.into_iter().collect()
    }

    #[test]
    fn one_changed_digit_is_a_checksum_error() {
        let samples = [
            "DE136695976",
            "ATU13585627",
            "BE0428759497",
            "FR40303265045",
            "IT00743110157",
            "ESA28015865",
            "ESB58378431",
            "DK13585628",
            "FI20774740",
            "PL5260250995",
            "PT501964843",
            "NO974760673",
            "CHE116281710",
            "LU15027442",
            "GB980780684",
            "XI980780684",
            "EE102090374",
            "EL094259216",
            "HU12892312",
            "HR33392005961",
            "SI50223054",
            "SK2022749619",
            "MT17025737",
            "RO1822964",
            "IE6388047V",
            "ES54362315K",
            "ESX5253868R",
        ];
        for valid in samples {
            let changed = mangle(valid);
            let e = err(&changed);
            assert_eq!(e.code(), "tax_id.checksum", "{changed}: {e}");
            assert!(e.to_string().contains("check digit is wrong"), "{e}");
            assert!(e.message(Locale::De).contains("Prüfziffer"), "{e:?}");
        }
        // Where the last digit is not a check digit, change one that is checked.
        assert_eq!(err("SE556703748601").code(), "tax_id.checksum");
        assert_eq!(err("NL004495446B01").code(), "tax_id.checksum");
        assert_eq!(err("NL000099999B57").code(), "tax_id.checksum");
    }

    #[test]
    fn published_mangled_numbers_fail_their_checksum() {
        // python-stdnum's list of real numbers with one digit changed.
        for bad in [
            "ATU 143 43 102",
            "ATU 15169209",
            "ATU46080904",
            "ATU61191628",
            "BE 0406.139.583",
            "BE 0793 013 186",
            "BE 456.973.432",
            "BE697449982",
            "DE 125014855",
            "DE 246 495 415",
            "DE 813 91 38 75",
            "DE - 266297673",
            "DK 11 96 56 58",
            "DK 2565 2202",
            "DK-27996592",
            "DK10159817",
            "EE 100 941 558",
            "EE 100525487",
            "EE 101586639",
            "EE101256754",
            "ES 54362415K",
            "ES K-2814015-F",
            "ES-x-2322300w",
            "Es-a48951310",
            "EL 094013834",
            "EL 094068733",
            "EL094501140",
            "FR 04409414264",
            "FR 21 326 565 603",
            "FR K 7399859312",
            "FR L 7399859412",
            "IE 4731823H",
            "IE 632 3421 C",
            "IE 5339273F",
            "IE8D79729I",
            "SK 1078449164",
            "SK 2020457679",
        ] {
            assert_eq!(err(bad).code(), "tax_id.checksum", "{bad}");
        }
    }

    #[test]
    fn wrong_shapes_are_format_errors() {
        for bad in [
            "AT1 142 43 102",
            "ATU 1515B209",
            "ATU 151592092",
            "BE 02A2.239.951",
            "BE 0220,764.971",
            "BE 2428759497",
            "BG 10X8735941",
            "BG 12345678",
            "CY-102590Z3P",
            "CY-1225903322",
            "CZ 1234567",
            "DE 246X595 415",
            "DE 011125440",
            "DE13669597",
            "DE1366959761",
            "EE 200931558",
            "ES B-583784312",
            "ES 123456789",
            "ES I2345678A",
            "FI 1234567",
            "FR000076090",
            "FR IO303265045",
            "HR 1234567890",
            "HU 1234567",
            "IE 4550C59S",
            "IE 069385V8",
            "IE 6433435FZ",
            "IT 00743111157",
            "IT 00000001001",
            "LT 1234567890",
            "LU 1234567",
            "LV 1234567890",
            "MT 01234567",
            "NL 001241643801",
            "NL 009122746B00",
            "NL B06753742B01",
            "NL 82X569759b01",
            "NL006866304B021",
            "NL 123456B01",
            "PL 123456789",
            "PT 1234567890",
            "RO 1",
            "RO 01234567",
            "RO 12345678901",
            "SE 55643359201",
            "SE 5567003255201",
            "SE 556703748502",
            "SI 01234567",
            "SK A078449064",
            "SK 012 274 96 19",
            "SK 2010 237 945",
            "GB 12345678",
            "GBGD500",
            "GBHA499",
            "GBGD12",
            "XI 1234567890",
            "CHE 12345678",
            "CHE116281710 VAT",
            "NO 97476067",
            "NO974760673 MWST",
        ] {
            let e = err(bad);
            assert_eq!(e.code(), "tax_id.format", "{bad}: {e}");
            assert!(e.to_string().starts_with("invalid VAT ID for "), "{e}");
        }
    }

    #[test]
    fn format_errors_name_the_expected_format() {
        let e = err("DE12345678");
        assert_eq!(e.code(), "tax_id.format");
        assert!(e.to_string().contains("DE + 9 digits"), "{e}");
        assert!(
            e.to_string()
                .starts_with("invalid VAT ID for DE: expected DE + 9 digits")
        );
        assert!(
            e.message(Locale::De)
                .starts_with("ungültige USt-IdNr. für DE: erwartet DE + 9 Ziffern"),
            "{}",
            e.message(Locale::De)
        );
        let e = err("NL12345678");
        assert!(e.to_string().contains("NL + 9 digits + B + 2 digits"));
        let e = err("EL12345678");
        assert_eq!(
            e.to_string(),
            "invalid VAT ID for GR: expected EL + 9 digits"
        );
        let e = err("XI12345");
        assert!(
            e.to_string()
                .starts_with("invalid VAT ID for XI: expected XI + 9 or 12 digits")
        );
        let e = err("CHE12345");
        assert!(e.to_string().contains("CHE + 9 digits"));
        assert!(e.message(Locale::De).contains("CHE + 9 Ziffern"));
    }

    #[test]
    fn every_rule_has_a_known_country_and_both_messages() {
        let prefixes: Vec<&str> = RULES.iter().map(|r| r.prefix).collect();
        assert_eq!(prefixes.len(), 31);
        for r in RULES {
            assert!(Country::parse(r.country).is_ok(), "{}", r.prefix);
            let en = crate::i18n::text(Locale::En, r.hint).unwrap_or_default();
            let de = crate::i18n::text(Locale::De, r.hint).unwrap_or_default();
            assert!(en.starts_with(r.prefix), "{}", en);
            assert!(de.starts_with(r.prefix), "{}", de);
        }
        // Every country with a VAT prefix has a rule with that prefix.
        for code in [
            "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
            "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "GB",
            "CH", "NO",
        ] {
            let prefix = Country::parse(code).unwrap().vat_prefix().unwrap();
            assert!(prefixes.contains(&prefix), "{code}");
        }
    }

    #[test]
    fn greek_iso_code_gets_a_hint() {
        let e = err("GR094259216");
        assert_eq!(e.code(), "tax_id.format");
        assert!(e.to_string().contains("start with EL"));
        assert!(e.message(Locale::De).contains("beginnen mit EL"));
    }

    #[test]
    fn cross_border_vat_ids_are_allowed() {
        let t = TaxId::parse("ATU13585627", Some(Country::DE)).unwrap();
        assert_eq!(t.country(), Some(Country::AT));
        let t = TaxId::parse("DE136695976", Some(Country::US)).unwrap();
        assert_eq!(t.country(), Some(Country::DE));
        let t = TaxId::parse("12/345/67890", Some(Country::DE)).unwrap();
        assert_eq!(t.kind(), TaxIdKind::National);
    }

    #[test]
    fn national_numbers_are_kept_as_typed() {
        for (input, kept) in [
            ("  12/345/67890 ", "12/345/67890"),
            ("12-3456789", "12-3456789"),
            ("123.456.789", "123.456.789"),
            ("B58378431", "B58378431"),
            ("RSSMRA85T10A562S", "RSSMRA85T10A562S"),
            ("Steuernummer 143 123", "Steuernummer 143 123"),
            ("DEFERRED", "DEFERRED"),
            ("x", "x"),
            ("Ünïcode 1", "Ünïcode 1"),
        ] {
            let t = TaxId::parse(input, None).unwrap();
            assert_eq!(t.as_str(), kept);
            assert_eq!(t.kind(), TaxIdKind::National);
            assert_eq!(t.country(), None);
            assert!(!t.is_vat());
        }
        let max = "1".repeat(32);
        assert!(TaxId::parse(&max, None).is_ok());
    }

    #[test]
    fn bad_national_numbers() {
        assert_eq!(err("").code(), "tax_id.empty");
        assert_eq!(err("   ").code(), "tax_id.empty");
        assert!(
            err(" ")
                .message(Locale::De)
                .contains("darf nicht leer sein")
        );
        for bad in [
            "1".repeat(33).as_str(),
            "12#34",
            "12,34",
            "12\n34",
            "12\t34",
            "<script>",
        ] {
            let e = err(bad);
            assert_eq!(e.code(), "tax_id.format", "{bad:?}");
            assert!(e.to_string().contains("1 to 32 letters"));
        }
    }

    #[test]
    fn display_serde_and_from_stored() {
        let t = vat("CHE-116.281.710 MWST");
        assert_eq!(t.to_string(), "CHE116281710");
        assert_eq!(t.as_ref(), "CHE116281710");
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"CHE116281710\"");
        let back: TaxId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        assert_eq!(TaxId::from_stored("CHE116281710").unwrap(), t);
        let national: TaxId = serde_json::from_str("\"12/345/67890\"").unwrap();
        assert_eq!(national.kind(), TaxIdKind::National);
        let e = serde_json::from_str::<TaxId>("\"DE136695975\"").unwrap_err();
        assert!(e.to_string().contains("check digit"), "{e}");
        for (input, _, _) in SPEC_SAMPLES {
            let t = vat(input);
            assert_eq!(TaxId::from_stored(t.as_str()).unwrap(), t);
        }
    }

    #[test]
    fn checksum_helpers() {
        assert!(luhn_ok(&digits("79927398713")));
        assert!(!luhn_ok(&digits("79927398710")));
        assert!(iso7064_mod11_10_ok(&digits("136695976")));
        assert!(!iso7064_mod11_10_ok(&[]));
        assert_eq!(mod97_alnum("NL000099998B57"), Some(1));
        assert_eq!(mod97_alnum("N?"), None);
        assert_eq!(mod11_check(22), Some(0));
        assert_eq!(mod11_check(23), None);
        assert_eq!(mod11_check(24), Some(9));
    }
}
