//! The unit of measure of a line item: a curated set of UN/ECE Recommendation 20 codes.
//!
//! EN 16931 requires every invoice line to name its unit (BT-130) from Rec. 20 (with the
//! Rec. 21 additions). The full list has well over a thousand codes, most of them for
//! industries our users are not in; a short list keeps the editor's `<select>` usable and
//! every code printable in German and English. Lines that name none — every line stored
//! before units existed — are [`Unit::One`] (`C62`), which the PDF prints as the plain
//! number, as it always did.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::validation::ValueError;

/// A unit of measure of a line item, serialised as its UN/ECE Rec. 20 code (`"HUR"`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Unit {
    /// `C62` "one": a count without a unit of its own (the default).
    #[default]
    One,
    /// `H87` piece.
    Piece,
    /// `HUR` hour.
    Hour,
    /// `MIN` minute.
    Minute,
    /// `DAY` day.
    Day,
    /// `WEE` week.
    Week,
    /// `MON` month.
    Month,
    /// `ANN` year.
    Year,
    /// `KGM` kilogram.
    Kilogram,
    /// `GRM` gram.
    Gram,
    /// `TNE` tonne (metric ton).
    Tonne,
    /// `MTR` metre.
    Metre,
    /// `KMT` kilometre.
    Kilometre,
    /// `MTK` square metre.
    SquareMetre,
    /// `MTQ` cubic metre.
    CubicMetre,
    /// `LTR` litre.
    Litre,
    /// `KWH` kilowatt hour.
    KilowattHour,
    /// `SET` set.
    Set,
    /// `LS` lump sum.
    LumpSum,
    /// `PR` pair.
    Pair,
}

impl Unit {
    /// Every unit, in the order the editor lists them (the default first, then time, mass,
    /// length, area, volume, energy, the rest).
    pub const ALL: [Unit; 20] = [
        Self::One,
        Self::Piece,
        Self::Hour,
        Self::Minute,
        Self::Day,
        Self::Week,
        Self::Month,
        Self::Year,
        Self::Kilogram,
        Self::Gram,
        Self::Tonne,
        Self::Metre,
        Self::Kilometre,
        Self::SquareMetre,
        Self::CubicMetre,
        Self::Litre,
        Self::KilowattHour,
        Self::Set,
        Self::LumpSum,
        Self::Pair,
    ];

    /// The Rec. 20 code, as written to the e-invoice (BT-130) and the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::One => "C62",
            Self::Piece => "H87",
            Self::Hour => "HUR",
            Self::Minute => "MIN",
            Self::Day => "DAY",
            Self::Week => "WEE",
            Self::Month => "MON",
            Self::Year => "ANN",
            Self::Kilogram => "KGM",
            Self::Gram => "GRM",
            Self::Tonne => "TNE",
            Self::Metre => "MTR",
            Self::Kilometre => "KMT",
            Self::SquareMetre => "MTK",
            Self::CubicMetre => "MTQ",
            Self::Litre => "LTR",
            Self::KilowattHour => "KWH",
            Self::Set => "SET",
            Self::LumpSum => "LS",
            Self::Pair => "PR",
        }
    }

    /// Parses a code of the list, ignoring case and surrounding whitespace (`" hur "` →
    /// [`Unit::Hour`]). Any other code, including valid Rec. 20 codes outside the list, is
    /// `unit.unknown`.
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let code = input.trim().to_ascii_uppercase();
        Self::ALL
            .into_iter()
            .find(|u| u.code() == code)
            .ok_or_else(|| ValueError::new("unit.unknown").arg("shown", input.trim()))
    }

    /// Whether the PDF and pages print the plain number (only `C62`, so documents of lines
    /// without a unit look as they did before units existed).
    pub fn is_plain_count(self) -> bool {
        self == Self::One
    }

    /// The catalogue key of the unit's name, for choosing it (`unit.name.HUR`: "Stunde").
    pub fn name_key(self) -> &'static str {
        match self {
            Self::One => "unit.name.C62",
            Self::Piece => "unit.name.H87",
            Self::Hour => "unit.name.HUR",
            Self::Minute => "unit.name.MIN",
            Self::Day => "unit.name.DAY",
            Self::Week => "unit.name.WEE",
            Self::Month => "unit.name.MON",
            Self::Year => "unit.name.ANN",
            Self::Kilogram => "unit.name.KGM",
            Self::Gram => "unit.name.GRM",
            Self::Tonne => "unit.name.TNE",
            Self::Metre => "unit.name.MTR",
            Self::Kilometre => "unit.name.KMT",
            Self::SquareMetre => "unit.name.MTK",
            Self::CubicMetre => "unit.name.MTQ",
            Self::Litre => "unit.name.LTR",
            Self::KilowattHour => "unit.name.KWH",
            Self::Set => "unit.name.SET",
            Self::LumpSum => "unit.name.LS",
            Self::Pair => "unit.name.PR",
        }
    }

    /// The catalogue key of the abbreviation printed after a quantity (`unit.short.HUR`:
    /// "Std."); it takes `$count` to choose singular or plural ("1 Tag", "3 Tage").
    pub fn short_key(self) -> &'static str {
        match self {
            Self::One => "unit.short.C62",
            Self::Piece => "unit.short.H87",
            Self::Hour => "unit.short.HUR",
            Self::Minute => "unit.short.MIN",
            Self::Day => "unit.short.DAY",
            Self::Week => "unit.short.WEE",
            Self::Month => "unit.short.MON",
            Self::Year => "unit.short.ANN",
            Self::Kilogram => "unit.short.KGM",
            Self::Gram => "unit.short.GRM",
            Self::Tonne => "unit.short.TNE",
            Self::Metre => "unit.short.MTR",
            Self::Kilometre => "unit.short.KMT",
            Self::SquareMetre => "unit.short.MTK",
            Self::CubicMetre => "unit.short.MTQ",
            Self::Litre => "unit.short.LTR",
            Self::KilowattHour => "unit.short.KWH",
            Self::Set => "unit.short.SET",
            Self::LumpSum => "unit.short.LS",
            Self::Pair => "unit.short.PR",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Unit {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Unit {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Unit> for &'static str {
    fn from(value: Unit) -> Self {
        value.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Locale;
    use crate::i18n;

    #[test]
    fn codes_parse_and_serialise_both_ways() {
        for unit in Unit::ALL {
            assert_eq!(Unit::parse(unit.code()), Ok(unit));
            let json = serde_json::to_string(&unit).expect("serialise");
            assert_eq!(json, format!("\"{}\"", unit.code()));
            assert_eq!(serde_json::from_str::<Unit>(&json).expect("read"), unit);
        }
        assert_eq!(Unit::parse(" hur "), Ok(Unit::Hour));
        assert_eq!(Unit::default(), Unit::One);
        assert_eq!(Unit::One.code(), "C62");
        assert_eq!(Unit::LumpSum.code(), "LS");
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<&str> = Unit::ALL.iter().map(|u| u.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Unit::ALL.len());
    }

    #[test]
    fn unknown_codes_are_refused_with_a_code() {
        let err = Unit::parse("XYZ").expect_err("unknown");
        assert_eq!(err.code(), "unit.unknown");
        assert!(
            err.message(Locale::De).contains("XYZ"),
            "{}",
            err.message(Locale::De)
        );
        assert!(Unit::parse("").is_err());
        // A real Rec. 20 code outside the curated list is refused too.
        assert!(Unit::parse("E48").is_err());
        assert!(serde_json::from_str::<Unit>("\"hours\"").is_err());
    }

    #[test]
    fn every_unit_has_a_name_and_an_abbreviation_in_both_languages() {
        for unit in Unit::ALL {
            for locale in [Locale::De, Locale::En] {
                let name = i18n::text_args(locale, unit.name_key(), &[]);
                assert_ne!(name, unit.name_key(), "{unit} in {locale:?}");
                let short = i18n::text_args(locale, unit.short_key(), &[("count", 2.into())]);
                assert_ne!(short, unit.short_key(), "{unit} in {locale:?}");
            }
        }
    }
}
