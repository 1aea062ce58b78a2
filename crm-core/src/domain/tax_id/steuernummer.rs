//! The German Steuernummer (tax number of the local tax office), in the written form of each
//! federal state and in the 13-digit federal form used by ELSTER.
//!
//! Every state writes its numbers differently (Bayern `181/815/08155`, Nordrhein-Westfalen
//! `133/8150/8159`, Hessen `013 815 08153`, …); the federal form puts the state's number in
//! front and a `0` after the tax office (`9181081508155`). The digit layouts per state are
//! those of the ELSTER "bundeseinheitliche Steuernummer" (as also listed by python-stdnum's
//! `stdnum/de/stnr.py`); the written forms and examples are the states' own (the ELSTER test
//! numbers of each state's "Musterfinanzamt").
//!
//! The last digit is a check digit, but the procedures behind it (several per state) are not
//! published in a binding form by the tax administration; python-stdnum is format-only too.
//! So the format and the state are checked, the check digit is not.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::validation::ValueError;
use Bundesland as S;

/// A German federal state, as far as a [`Steuernummer`] tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bundesland {
    /// Baden-Württemberg (BW).
    BadenWuerttemberg,
    /// Bayern (BY).
    Bayern,
    /// Berlin (BE).
    Berlin,
    /// Brandenburg (BB).
    Brandenburg,
    /// Bremen (HB).
    Bremen,
    /// Hamburg (HH).
    Hamburg,
    /// Hessen (HE).
    Hessen,
    /// Mecklenburg-Vorpommern (MV).
    MecklenburgVorpommern,
    /// Niedersachsen (NI).
    Niedersachsen,
    /// Nordrhein-Westfalen (NW).
    NordrheinWestfalen,
    /// Rheinland-Pfalz (RP).
    RheinlandPfalz,
    /// Saarland (SL).
    Saarland,
    /// Sachsen (SN).
    Sachsen,
    /// Sachsen-Anhalt (ST).
    SachsenAnhalt,
    /// Schleswig-Holstein (SH).
    SchleswigHolstein,
    /// Thüringen (TH).
    Thueringen,
}

/// How one state writes its numbers. In the patterns `F` is a digit of the tax office,
/// `B` of the district, `U` of the taxpayer, `P` the check digit; other digits are fixed and
/// other characters are the separators the state prints.
struct Layout {
    state: Bundesland,
    code: &'static str,
    name: &'static str,
    /// The state's written form.
    regional: &'static str,
    /// The 13-digit federal form: the state's number, the tax office, a 0, the rest.
    federal: &'static str,
    /// The state's example number (ELSTER's test tax office), shown in error messages.
    example: &'static str,
}

const fn layout(
    state: Bundesland,
    code: &'static str,
    name: &'static str,
    regional: &'static str,
    federal: &'static str,
    example: &'static str,
) -> Layout {
    Layout {
        state,
        code,
        name,
        regional,
        federal,
        example,
    }
}

/// Every state's layout.
const LAYOUTS: [Layout; 16] = [
    layout(
        S::BadenWuerttemberg,
        "BW",
        "Baden-Württemberg",
        "FFBBB/UUUUP",
        "28FF0BBBUUUUP",
        "93815/08152",
    ),
    layout(
        S::Bayern,
        "BY",
        "Bayern",
        "FFF/BBB/UUUUP",
        "9FFF0BBBUUUUP",
        "181/815/08155",
    ),
    layout(
        S::Berlin,
        "BE",
        "Berlin",
        "FF/BBB/UUUUP",
        "11FF0BBBUUUUP",
        "21/815/08150",
    ),
    layout(
        S::Brandenburg,
        "BB",
        "Brandenburg",
        "0FF/BBB/UUUUP",
        "30FF0BBBUUUUP",
        "048/815/08155",
    ),
    layout(
        S::Bremen,
        "HB",
        "Bremen",
        "FF BBB UUUUP",
        "24FF0BBBUUUUP",
        "75 815 08152",
    ),
    layout(
        S::Hamburg,
        "HH",
        "Hamburg",
        "FF/BBB/UUUUP",
        "22FF0BBBUUUUP",
        "02/815/08156",
    ),
    layout(
        S::Hessen,
        "HE",
        "Hessen",
        "0FF BBB UUUUP",
        "26FF0BBBUUUUP",
        "013 815 08153",
    ),
    layout(
        S::MecklenburgVorpommern,
        "MV",
        "Mecklenburg-Vorpommern",
        "0FF/BBB/UUUUP",
        "40FF0BBBUUUUP",
        "079/815/08151",
    ),
    layout(
        S::Niedersachsen,
        "NI",
        "Niedersachsen",
        "FF/BBB/UUUUP",
        "23FF0BBBUUUUP",
        "24/815/08151",
    ),
    layout(
        S::NordrheinWestfalen,
        "NW",
        "Nordrhein-Westfalen",
        "FFF/BBBB/UUUP",
        "5FFF0BBBBUUUP",
        "133/8150/8159",
    ),
    layout(
        S::RheinlandPfalz,
        "RP",
        "Rheinland-Pfalz",
        "FF/BBB/UUUU/P",
        "27FF0BBBUUUUP",
        "22/815/0815/4",
    ),
    layout(
        S::Saarland,
        "SL",
        "Saarland",
        "0FF/BBB/UUUUP",
        "10FF0BBBUUUUP",
        "010/815/08182",
    ),
    layout(
        S::Sachsen,
        "SN",
        "Sachsen",
        "2FF/BBB/UUUUP",
        "32FF0BBBUUUUP",
        "201/123/12340",
    ),
    layout(
        S::SachsenAnhalt,
        "ST",
        "Sachsen-Anhalt",
        "1FF/BBB/UUUUP",
        "31FF0BBBUUUUP",
        "101/815/08154",
    ),
    layout(
        S::SchleswigHolstein,
        "SH",
        "Schleswig-Holstein",
        "FF BBB UUUUP",
        "21FF0BBBUUUUP",
        "29 815 08158",
    ),
    layout(
        S::Thueringen,
        "TH",
        "Thüringen",
        "1FF/BBB/UUUUP",
        "41FF0BBBUUUUP",
        "151/815/08156",
    ),
];

impl Bundesland {
    /// Every state, in alphabetical order of its name.
    pub const ALL: [Bundesland; 16] = [
        S::BadenWuerttemberg,
        S::Bayern,
        S::Berlin,
        S::Brandenburg,
        S::Bremen,
        S::Hamburg,
        S::Hessen,
        S::MecklenburgVorpommern,
        S::Niedersachsen,
        S::NordrheinWestfalen,
        S::RheinlandPfalz,
        S::Saarland,
        S::Sachsen,
        S::SachsenAnhalt,
        S::SchleswigHolstein,
        S::Thueringen,
    ];

    fn layout(self) -> &'static Layout {
        // LAYOUTS is in the order of ALL (tested), so the index is the discriminant.
        &LAYOUTS[self as usize]
    }

    /// The state's ISO 3166-2 subdivision code without the `DE-` (`BY`, `NW`, …).
    pub fn code(self) -> &'static str {
        self.layout().code
    }

    /// The state's official name (`Nordrhein-Westfalen`); proper names are not translated.
    pub fn name(self) -> &'static str {
        self.layout().name
    }

    /// The state of an ISO 3166-2 code (`BY` or `DE-BY`, any case).
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        let code = code
            .get(..3)
            .filter(|p| p.eq_ignore_ascii_case("DE-"))
            .map_or(code, |_| &code[3..]);
        Self::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(code))
    }
}

impl fmt::Display for Bundesland {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A validated German Steuernummer.
///
/// Stored (and serialised) in the 13-digit federal form, which names the state and so is
/// unambiguous: `9181081508155`. Shown ([`fmt::Display`], [`Steuernummer::regional`]) in the
/// state's own written form: `181/815/08155`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Steuernummer {
    federal: String,
    state: Bundesland,
}

/// Separators people and offices put between the digit groups.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '/' | '.' | '-' | '\u{2010}'..='\u{2015}')
}

/// The digit groups of a written number and the separator after each (`None` for the last).
fn groups(pattern_or_input: &str) -> Vec<(usize, Option<char>)> {
    let mut out: Vec<(usize, Option<char>)> = Vec::new();
    let mut run = 0;
    for c in pattern_or_input.chars() {
        // Any whitespace counts as a space: the layouts print a plain one.
        let sep = if c.is_whitespace() { ' ' } else { c };
        if c.is_ascii_alphanumeric() {
            run += 1;
        } else if run > 0 {
            out.push((run, Some(sep)));
            run = 0;
        } else if sep != ' '
            && let Some(last) = out.last_mut()
        {
            // "181 / 815": the slash, not the spaces around it, is the separator.
            last.1 = Some(sep);
        }
    }
    if run > 0 {
        out.push((run, None));
    }
    out
}

/// Whether `digits` fit `pattern` (placeholders any digit, fixed digits equal), ignoring the
/// pattern's separators.
fn fits(pattern: &str, digits: &str) -> bool {
    let p: Vec<u8> = pattern.bytes().filter(u8::is_ascii_alphanumeric).collect();
    p.len() == digits.len()
        && p.iter()
            .zip(digits.bytes())
            .all(|(&p, d)| !p.is_ascii_digit() || p == d)
}

/// Moves the digits of `digits` (written as `from`) into the pattern `to`: each placeholder
/// letter takes the next digit of the same letter; fixed digits and separators are copied.
/// Both patterns of a layout have the same placeholders (tested), so none runs short.
fn transcribe(from: &str, digits: &str, to: &str) -> String {
    let placeholders = from.chars().filter(char::is_ascii_alphanumeric);
    let mut queues: [Vec<char>; 4] = Default::default();
    for (p, d) in placeholders.zip(digits.chars()) {
        if let Some(i) = "FBUP".find(p) {
            queues[i].push(d);
        }
    }
    let mut taken = [0usize; 4];
    to.chars()
        .map(|c| match "FBUP".find(c) {
            Some(i) => {
                let d = queues[i].get(taken[i]).copied().unwrap_or('0');
                taken[i] += 1;
                d
            }
            None => c,
        })
        .collect()
}

impl Steuernummer {
    /// Parses a Steuernummer written in a state's form or in the 13-digit federal form.
    ///
    /// Separators (spaces, `/`, `.`, `-`) are free. The federal form names its state (and it
    /// must be `state` when given). A state's form needs `state` when several states write
    /// numbers the same way (Berlin, Hamburg and Niedersachsen all write `21/815/08150`);
    /// where the digits and separators fit one state only (`133/8150/8159` is
    /// Nordrhein-Westfalen's), `state` may be `None`.
    pub fn parse(input: &str, state: Option<Bundesland>) -> Result<Self, ValueError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ValueError::new("steuernummer.empty"));
        }
        if !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || is_separator(c))
        {
            return Err(ValueError::new("steuernummer.format"));
        }
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 13 {
            return Self::federal(&digits, state);
        }
        let fitting: Vec<&Layout> = LAYOUTS
            .iter()
            .filter(|l| fits(l.regional, &digits))
            .collect();
        if let Some(state) = state {
            let l = state.layout();
            return if fitting.iter().any(|f| f.state == state) {
                Ok(Self::from_regional(l, &digits))
            } else {
                Err(ValueError::new("steuernummer.state_format")
                    .arg("state", l.name)
                    .arg("example", l.example))
            };
        }
        // Without a state, the way it is written may tell which one it is.
        let written = groups(trimmed);
        let by_layout: Vec<&Layout> = fitting
            .iter()
            .copied()
            .filter(|l| written.len() > 1 && groups(l.regional) == written)
            .collect();
        let candidates = if by_layout.is_empty() {
            fitting
        } else {
            by_layout
        };
        match candidates.as_slice() {
            [] => Err(ValueError::new("steuernummer.format")),
            [one] => Ok(Self::from_regional(one, &digits)),
            several => {
                let names: Vec<&str> = several.iter().map(|l| l.name).collect();
                Err(ValueError::new("steuernummer.ambiguous")
                    .arg("states", names.join(", ").as_str()))
            }
        }
    }

    /// Rebuilds a stored value (the federal form, as returned by [`Steuernummer::as_str`]).
    pub fn from_stored(value: &str) -> Result<Self, ValueError> {
        if value.len() != 13 || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValueError::new("steuernummer.federal"));
        }
        Self::federal(value, None)
    }

    fn federal(digits: &str, state: Option<Bundesland>) -> Result<Self, ValueError> {
        let Some(l) = LAYOUTS.iter().find(|l| fits(l.federal, digits)) else {
            return Err(ValueError::new("steuernummer.federal"));
        };
        if let Some(state) = state
            && state != l.state
        {
            return Err(ValueError::new("steuernummer.state_mismatch")
                .arg("state", state.name())
                .arg("actual", l.name));
        }
        Ok(Self {
            federal: digits.to_owned(),
            state: l.state,
        })
    }

    fn from_regional(l: &Layout, digits: &str) -> Self {
        Self {
            federal: transcribe(l.regional, digits, l.federal),
            state: l.state,
        }
    }

    /// The 13-digit federal form (`9181081508155`): what is stored.
    pub fn as_str(&self) -> &str {
        &self.federal
    }

    /// The state whose tax office issued the number.
    pub fn state(&self) -> Bundesland {
        self.state
    }

    /// The number as its state writes it (`181/815/08155`).
    pub fn regional(&self) -> String {
        let l = self.state.layout();
        transcribe(l.federal, &self.federal, l.regional)
    }
}

impl fmt::Display for Steuernummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.regional())
    }
}

impl AsRef<str> for Steuernummer {
    fn as_ref(&self) -> &str {
        &self.federal
    }
}

impl Serialize for Steuernummer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.federal)
    }
}

impl<'de> Deserialize<'de> for Steuernummer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::from_stored(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
