//! Document number formats: a plain prefix (`RE-` → `RE-00001`) or a pattern with the year
//! and a counter (`RE-{YYYY}-{NNNN}` → `RE-2026-0001`), optionally restarting each year.
//! Numbers stay gapless and are never reused: a yearly reset only happens with a year in the
//! number, so two documents can never share one.

use chrono::{Datelike, NaiveDate};

use super::validation::ValueError;

/// Longest format accepted.
const MAX_FORMAT: usize = 40;
/// Longest plain prefix accepted.
const MAX_PREFIX: usize = 20;
/// Widest counter (`{NNNNNNNNNN}`).
const MAX_WIDTH: usize = 10;

/// A validated number format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberFormat {
    parts: Vec<Part>,
    has_year: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Year4,
    Year2,
    Month,
    Counter(usize),
}

impl NumberFormat {
    /// Parses a prefix or a pattern. Without any `{`, the text is a prefix followed by a
    /// five-digit counter (the format of earlier versions). A pattern knows `{YYYY}`, `{YY}`,
    /// `{MM}` and exactly one counter `{N…}` (its width is the number of `N`s).
    pub fn parse(format: &str) -> Result<Self, ValueError> {
        if format.chars().count() > MAX_FORMAT {
            return Err(ValueError::new("numbering.too_long").arg("max", MAX_FORMAT));
        }
        if format.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(ValueError::new("numbering.characters"));
        }
        if !format.contains('{') && !format.contains('}') {
            // A plain prefix keeps the limit it always had.
            if format.chars().count() > MAX_PREFIX {
                return Err(ValueError::new("numbering.too_long").arg("max", MAX_PREFIX));
            }
            let mut parts = Vec::new();
            if !format.is_empty() {
                parts.push(Part::Text(format.to_owned()));
            }
            parts.push(Part::Counter(5));
            return Ok(Self {
                parts,
                has_year: false,
            });
        }
        let mut parts = Vec::new();
        let mut rest = format;
        let mut counters = 0;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let end = rest
                        .find('}')
                        .ok_or_else(|| ValueError::new("numbering.placeholder"))?;
                    let name = &rest[1..end];
                    parts.push(match name {
                        "YYYY" => Part::Year4,
                        "YY" => Part::Year2,
                        "MM" => Part::Month,
                        n if !n.is_empty()
                            && n.len() <= MAX_WIDTH
                            && n.chars().all(|c| c == 'N') =>
                        {
                            counters += 1;
                            Part::Counter(n.len())
                        }
                        _ => {
                            return Err(ValueError::new("numbering.placeholder"));
                        }
                    });
                    rest = &rest[end + 1..];
                }
                Some(i) => {
                    let text = &rest[..i];
                    if text.contains('}') {
                        return Err(ValueError::new("numbering.placeholder"));
                    }
                    parts.push(Part::Text(text.to_owned()));
                    rest = &rest[i..];
                }
                None => {
                    if rest.contains('}') {
                        return Err(ValueError::new("numbering.placeholder"));
                    }
                    parts.push(Part::Text(rest.to_owned()));
                    rest = "";
                }
            }
        }
        if counters != 1 {
            return Err(ValueError::new("numbering.counter"));
        }
        let has_year = parts.iter().any(|p| matches!(p, Part::Year4 | Part::Year2));
        Ok(Self { parts, has_year })
    }

    /// The format as stored: a valid format, or — for a prefix saved by an earlier version
    /// with characters patterns do not allow — that prefix with five digits.
    pub fn stored(format: &str) -> Self {
        Self::parse(format).unwrap_or_else(|_| Self {
            parts: vec![Part::Text(format.to_owned()), Part::Counter(5)],
            has_year: false,
        })
    }

    /// Whether the number contains the year (a yearly reset is allowed only then).
    pub fn has_year(&self) -> bool {
        self.has_year
    }

    /// The number `n` of a document dated `date`.
    pub fn format(&self, n: u64, date: NaiveDate) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Year4 => out.push_str(&format!("{:04}", date.year())),
                Part::Year2 => out.push_str(&format!("{:02}", date.year().rem_euclid(100))),
                Part::Month => out.push_str(&format!("{:02}", date.month())),
                Part::Counter(w) => out.push_str(&format!("{n:0w$}", w = *w)),
            }
        }
        out
    }

    /// The counter's period for a document dated `date`: its year when `yearly_reset` (and the
    /// number shows the year), else 0 — one counter forever.
    pub fn period(&self, date: NaiveDate, yearly_reset: bool) -> u32 {
        if yearly_reset && self.has_year {
            u32::try_from(date.year()).unwrap_or_default()
        } else {
            0
        }
    }
}

/// Checks a format for the settings form: `yearly_reset` needs the year in the number.
pub fn validate_format(format: &str, yearly_reset: bool) -> Result<NumberFormat, ValueError> {
    let f = NumberFormat::parse(format)?;
    if yearly_reset && !f.has_year() {
        return Err(ValueError::new("numbering.reset_needs_year"));
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn prefixes_keep_their_five_digits_and_patterns_show_the_year() {
        let day = d("2026-03-05");
        assert_eq!(
            NumberFormat::parse("RE-").expect("prefix").format(7, day),
            "RE-00007"
        );
        let p = NumberFormat::parse("RE-{YYYY}-{NNNN}").expect("pattern");
        assert_eq!(p.format(1, day), "RE-2026-0001");
        assert_eq!(p.format(12345, day), "RE-2026-12345", "never truncated");
        assert_eq!(
            NumberFormat::parse("{YY}{MM}/{NNN}")
                .expect("pattern")
                .format(3, day),
            "2603/003"
        );
        assert_eq!(p.period(day, true), 2026);
        assert_eq!(p.period(day, false), 0);
    }

    #[test]
    fn bad_formats_are_refused_with_their_reason() {
        for (f, code) in [
            ("RE-{YYYY}", "numbering.counter"),
            ("{N}-{N}", "numbering.counter"),
            ("RE-{X}", "numbering.placeholder"),
            ("RE-{NNN", "numbering.placeholder"),
            ("RE}-{N}", "numbering.placeholder"),
            ("RE {N}", "numbering.characters"),
        ] {
            assert_eq!(NumberFormat::parse(f).expect_err(f).code(), code, "{f}");
        }
        assert_eq!(
            validate_format("RE-{NNNN}", true)
                .expect_err("no year")
                .code(),
            "numbering.reset_needs_year"
        );
    }
}
