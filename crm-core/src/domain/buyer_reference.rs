//! The buyer reference of a client (EN 16931 BT-10): what the buyer wants quoted on every
//! invoice so it reaches the right desk. Public buyers in Germany require their **Leitweg-ID**
//! there (XRechnung BR-DE-15).
//!
//! A reference is free text (trimmed, 1–200 characters, no control characters). Text shaped
//! like a Leitweg-ID — `Grobadressierung[-Feinadressierung]-Prüfziffer`: 2–12 digits, an
//! optional part of up to 30 letters and digits, two check digits — must carry the right check
//! digits (KoSIT "Formatspezifikation Leitweg-ID": ISO/IEC 7064 MOD 97-10 over the id without
//! hyphens, letters read as A = 10 … Z = 35), so a typo is refused at the edge and not by the
//! buyer's invoice portal weeks later.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::validation::{ValueError, optional_text};

/// Longest reference accepted.
pub const MAX_BUYER_REFERENCE: usize = 200;

/// A validated buyer reference (BT-10).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BuyerReference(String);

impl BuyerReference {
    /// Validates `input`: trimmed, not empty, at most [`MAX_BUYER_REFERENCE`] characters, no
    /// control characters; a Leitweg-ID's check digits must be right.
    ///
    /// # Errors
    /// `buyer_reference.empty`, `text.too_long` (`max`), `text.control`, or
    /// `buyer_reference.check_digits` with the `expected` digits.
    ///
    /// ```
    /// use crm_core::domain::BuyerReference;
    ///
    /// assert!(BuyerReference::parse("04011000-1234512345-06").unwrap().is_leitweg_id());
    /// let err = BuyerReference::parse("04011000-1234512345-07").unwrap_err();
    /// assert_eq!(err.code(), "buyer_reference.check_digits");
    /// assert!(!BuyerReference::parse("PO 4711").unwrap().is_leitweg_id());
    /// ```
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let Some(text) = optional_text(input, MAX_BUYER_REFERENCE)? else {
            return Err(ValueError::new("buyer_reference.empty"));
        };
        if let Some((base, given)) = leitweg_parts(&text) {
            let expected = leitweg_check_digits(base);
            if given != expected {
                return Err(ValueError::new("buyer_reference.check_digits")
                    .arg("expected", expected)
                    .arg("given", given.to_owned()));
            }
        }
        Ok(Self(text))
    }

    /// The reference as entered (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the reference has the shape of a Leitweg-ID (its check digits then are right).
    pub fn is_leitweg_id(&self) -> bool {
        leitweg_parts(&self.0).is_some()
    }
}

/// The id without its check digits and the check digits, when `s` is shaped like a
/// Leitweg-ID: 2–12 digits, optionally `-` and 1–30 ASCII letters or digits, `-`, 2 digits.
fn leitweg_parts(s: &str) -> Option<(&str, &str)> {
    let (base, check) = s.rsplit_once('-')?;
    if check.len() != 2 || !check.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (coarse, fine) = match base.split_once('-') {
        Some((coarse, fine)) => (coarse, Some(fine)),
        None => (base, None),
    };
    let coarse_ok = (2..=12).contains(&coarse.len()) && coarse.bytes().all(|b| b.is_ascii_digit());
    let fine_ok = fine.is_none_or(|f| {
        (1..=30).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    (coarse_ok && fine_ok).then_some((base, check))
}

/// The two MOD 97-10 check digits of `base` (hyphens skipped, letters A = 10 … Z = 35 in
/// either case): 98 − (base · 100 mod 97), computed digit by digit.
fn leitweg_check_digits(base: &str) -> String {
    let mut rest: u32 = 0;
    let mut push = |digit: u32| rest = (rest * 10 + digit) % 97;
    for c in base.chars().filter(|&c| c != '-') {
        // `leitweg_parts` admitted only ASCII letters and digits.
        let value = c.to_digit(36).unwrap_or_default();
        if value >= 10 {
            push(value / 10);
        }
        push(value % 10);
    }
    push(0);
    push(0);
    format!("{:02}", 98 - rest)
}

impl fmt::Display for BuyerReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for BuyerReference {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for BuyerReference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for BuyerReference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::i18n::Arg;

    #[test]
    fn known_leitweg_ids_verify() {
        // The worked example of the KoSIT format specification, a test id of the XRechnung
        // test suite, a coarse part alone, and a fine part with lower-case letters.
        for id in [
            "04011000-1234512345-06",
            "991-33333TEST-33",
            "991-33333test-33",
            "05315-61",
        ] {
            let r = BuyerReference::parse(id).unwrap();
            assert!(r.is_leitweg_id(), "{id}");
            assert_eq!(r.as_str(), id);
        }
        assert_eq!(leitweg_check_digits("04011000-1234512345"), "06");
        assert_eq!(leitweg_check_digits("991-33333TEST"), "33");
    }

    #[test]
    fn wrong_check_digits_are_refused_with_the_expected_ones() {
        for (id, expected) in [
            ("04011000-1234512345-07", "06"),
            ("04011000-1234512345-60", "06"),
            ("991-33333TEST-34", "33"),
            ("991-33333TSET-33", "72"),
            ("04011001-1234512345-06", "53"),
        ] {
            let err = BuyerReference::parse(id).unwrap_err();
            assert_eq!(err.code(), "buyer_reference.check_digits", "{id}");
            let args = err.args();
            assert!(
                args.iter()
                    .any(|(n, v)| *n == "expected" && *v == Arg::from(expected)),
                "{id}: {args:?}"
            );
        }
    }

    #[test]
    fn other_references_are_free_text() {
        for r in [
            "PO 4711",
            "Bestellung 2026/17",
            "1-12",              // the coarse part is at least 2 digits
            "1234567890123-45",  // and at most 12
            "04011000-12 45-06", // a space is no part of an id
            "ABC-1234-06",       // the coarse part is digits
        ] {
            let parsed = BuyerReference::parse(r).unwrap();
            assert!(!parsed.is_leitweg_id(), "{r}");
        }
        let long_fine = format!("991-{}-00", "A".repeat(31));
        assert!(!BuyerReference::parse(&long_fine).unwrap().is_leitweg_id());
        assert_eq!(BuyerReference::parse("  PO 1  ").unwrap().as_str(), "PO 1");
    }

    #[test]
    fn empty_long_and_control_text_are_refused() {
        assert_eq!(
            BuyerReference::parse("   ").unwrap_err().code(),
            "buyer_reference.empty"
        );
        assert_eq!(
            BuyerReference::parse(&"x".repeat(201)).unwrap_err().code(),
            "text.too_long"
        );
        assert!(BuyerReference::parse(&"x".repeat(200)).is_ok());
        assert_eq!(
            BuyerReference::parse("a\nb").unwrap_err().code(),
            "text.control"
        );
    }

    #[test]
    fn serde_validates() {
        let r = BuyerReference::parse("991-33333TEST-33").unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, "\"991-33333TEST-33\"");
        assert_eq!(serde_json::from_str::<BuyerReference>(&json).unwrap(), r);
        assert!(serde_json::from_str::<BuyerReference>("\"991-33333TEST-34\"").is_err());
    }
}
