//! The bundled DejaVu Sans faces (licence: `assets/fonts/LICENSE-DejaVu.txt`), parsed once
//! per process, and text measurement and wrapping with their metrics.

use std::sync::{Arc, OnceLock};

use printpdf::ParsedFont;

use super::subset::FontProgram;
use crate::ports::RenderError;

const REGULAR_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));
const BOLD_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold.ttf"
));

/// Parsing both faces costs a few ms, so it happens once per process.
static SHARED: OnceLock<Arc<Fonts>> = OnceLock::new();

/// Which of the two faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Regular,
    Bold,
}

/// Characters below this have their glyph and width in a table (Latin-1, Latin Extended-A
/// and -B: nearly every character of a European invoice).
const TABLE_CHARS: usize = 0x250;

/// What a face shows for a character it has no glyph for: the replacement character, or a
/// question mark in a face without one. PDF/A forbids showing `.notdef` (glyph 0; ISO
/// 19005-3, 6.2.11.8), and a visible substitute tells the reader something is missing.
const REPLACEMENTS: [char; 2] = ['\u{FFFD}', '?'];

/// The parsed faces: for layout (printpdf's `ParsedFont`) and for subsetting.
pub(crate) struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
    regular_program: FontProgram,
    bold_program: FontProgram,
    /// Per face: the glyph shown and its width in 1/1000 em for each of the first
    /// [`TABLE_CHARS`] characters, so the common case skips the `cmap` lookup.
    regular_table: Vec<(u16, i64)>,
    bold_table: Vec<(u16, i64)>,
    /// Per face: the glyph shown for characters the face lacks (see [`REPLACEMENTS`]).
    regular_missing: u16,
    bold_missing: u16,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts(DejaVu Sans, DejaVu Sans Bold)")
    }
}

impl Fonts {
    /// The process-wide parsed faces.
    pub(crate) fn shared() -> Result<Arc<Fonts>, RenderError> {
        if let Some(fonts) = SHARED.get() {
            return Ok(fonts.clone());
        }
        let parsed = Arc::new(Self::parse()?);
        // Two threads may race here; both parses are equal and one of them is kept.
        Ok(SHARED.get_or_init(|| parsed).clone())
    }

    fn parse() -> Result<Self, RenderError> {
        let program = |bytes, name| {
            FontProgram::parse(bytes).map_err(|e| {
                RenderError(format!("the bundled font {name} could not be parsed: {e}"))
            })
        };
        let regular = parse_face(REGULAR_TTF, "DejaVu Sans")?;
        let bold = parse_face(BOLD_TTF, "DejaVu Sans Bold")?;
        let (regular_missing, bold_missing) = (missing_glyph(&regular)?, missing_glyph(&bold)?);
        Ok(Self {
            regular_table: char_table(&regular, regular_missing),
            bold_table: char_table(&bold, bold_missing),
            regular_missing,
            bold_missing,
            regular,
            bold,
            regular_program: program(REGULAR_TTF, "DejaVu Sans")?,
            bold_program: program(BOLD_TTF, "DejaVu Sans Bold")?,
        })
    }

    /// The glyph `face` shows for `c`: its own, or the replacement glyph for a character the
    /// face lacks — never `.notdef`.
    pub(crate) fn glyph(&self, face: Face, c: char) -> u16 {
        match self.table(face).get(c as usize) {
            Some(&(glyph, _)) => glyph,
            None => self
                .face(face)
                .lookup_glyph_index(u32::from(c))
                .filter(|g| *g != 0)
                .unwrap_or_else(|| self.missing(face)),
        }
    }

    fn missing(&self, face: Face) -> u16 {
        match face {
            Face::Regular => self.regular_missing,
            Face::Bold => self.bold_missing,
        }
    }

    fn table(&self, face: Face) -> &[(u16, i64)] {
        match face {
            Face::Regular => &self.regular_table,
            Face::Bold => &self.bold_table,
        }
    }

    /// The parsed face.
    pub(crate) fn face(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// The face's font program, for subsetting.
    pub(crate) fn program(&self, face: Face) -> &FontProgram {
        match face {
            Face::Regular => &self.regular_program,
            Face::Bold => &self.bold_program,
        }
    }

    /// Which bundled face `font` is (compared by the hash of its bytes), if any.
    pub(crate) fn which(&self, font: &ParsedFont) -> Option<Face> {
        [Face::Regular, Face::Bold]
            .into_iter()
            .find(|f| self.face(*f).hash == font.hash)
    }

    /// Width of `text` in pt at `size`.
    ///
    /// Computed exactly like the `/W` widths printpdf writes (advance × 1000 / units-per-em,
    /// truncated), so right-aligned columns line up in the viewer.
    pub(crate) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let font = self.face(face);
        let table = self.table(face);
        let units: i64 = text
            .chars()
            .map(|c| match table.get(c as usize) {
                Some(&(_, width)) => width,
                None => glyph_width(font, self.glyph(face, c)),
            })
            .sum();
        units as f32 * size / 1000.0
    }

    /// Breaks `text` into lines no wider than `max_width` pt. Line breaks in the text are
    /// kept, runs of spaces collapse, and a word wider than a line is split between
    /// characters. An empty text gives no lines.
    pub(crate) fn wrap(&self, face: Face, size: f32, text: &str, max_width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let space = self.width(face, size, " ");
        for paragraph in text.lines() {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split_whitespace() {
                let word_width = self.width(face, size, word);
                let gap = if line.is_empty() { 0.0 } else { space };
                if line_width + gap + word_width <= max_width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_width += gap + word_width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                if word_width <= max_width {
                    line.push_str(word);
                    line_width = word_width;
                    continue;
                }
                // An over-long word (an IBAN, a URL): split it where it reaches the margin.
                for ch in word.chars() {
                    let w = self.width(face, size, ch.encode_utf8(&mut [0; 4]));
                    if line_width + w > max_width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(ch);
                    line_width += w;
                }
            }
            // An empty paragraph is a deliberate blank line, except at the very start.
            if !line.is_empty() || !lines.is_empty() {
                lines.push(line);
            }
        }
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    /// `text` shortened with `…` so it fits into `max_width` pt (for single-line cells).
    pub(crate) fn truncate(&self, face: Face, size: f32, text: &str, max_width: f32) -> String {
        if self.width(face, size, text) <= max_width {
            return text.to_owned();
        }
        let ellipsis = self.width(face, size, "…");
        let mut out = String::new();
        let mut width = 0.0;
        for ch in text.chars() {
            let w = self.width(face, size, ch.encode_utf8(&mut [0; 4]));
            if width + w + ellipsis > max_width {
                break;
            }
            out.push(ch);
            width += w;
        }
        out.push('…');
        out
    }
}

/// Advance width of a glyph in 1/1000 em, truncated like the `/W` widths in the PDF.
fn glyph_width(font: &ParsedFont, glyph: u16) -> i64 {
    let upm = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    (f32::from(font.get_horizontal_advance(glyph)) * 1000.0 / upm) as i64
}

/// Glyph shown and width of the first [`TABLE_CHARS`] characters; a character the face
/// lacks gets `missing`, the replacement glyph.
fn char_table(font: &ParsedFont, missing: u16) -> Vec<(u16, i64)> {
    (0..TABLE_CHARS)
        .map(|c| {
            let glyph = u32::try_from(c)
                .ok()
                .and_then(|c| font.lookup_glyph_index(c))
                .filter(|g| *g != 0)
                .unwrap_or(missing);
            (glyph, glyph_width(font, glyph))
        })
        .collect()
}

/// The face's glyph for the first of [`REPLACEMENTS`] it has.
fn missing_glyph(font: &ParsedFont) -> Result<u16, RenderError> {
    REPLACEMENTS
        .iter()
        .find_map(|c| font.lookup_glyph_index(u32::from(*c)).filter(|g| *g != 0))
        .ok_or_else(|| RenderError("a bundled font has no replacement glyph".into()))
}

fn parse_face(bytes: &[u8], name: &str) -> Result<ParsedFont, RenderError> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| {
        RenderError(format!(
            "the bundled font {name} could not be parsed: {warnings:?}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Arc<Fonts> {
        Fonts::shared().expect("bundled fonts parse")
    }

    #[test]
    fn measures_text_and_bold_is_wider() {
        let f = fonts();
        let regular = f.width(Face::Regular, 10.0, "Rechnung");
        let bold = f.width(Face::Bold, 10.0, "Rechnung");
        assert!(regular > 30.0 && regular < 60.0, "{regular}");
        assert!(bold > regular);
        assert_eq!(f.width(Face::Regular, 10.0, ""), 0.0);
        // Twice the size, twice the width (up to the /W truncation).
        let double = f.width(Face::Regular, 20.0, "Rechnung");
        assert!((double - 2.0 * regular).abs() < 0.01);
    }

    #[test]
    fn the_char_table_agrees_with_the_cmap() {
        let f = fonts();
        for face in [Face::Regular, Face::Bold] {
            let font = f.face(face);
            for c in (0..0x300u32)
                .filter_map(char::from_u32)
                .chain("€…–Ωж✓漢\u{10FFFF}".chars())
            {
                let own = font.lookup_glyph_index(u32::from(c)).filter(|g| *g != 0);
                let gid = own.unwrap_or(f.missing(face));
                assert_eq!(f.glyph(face, c), gid, "{c:?}");
                assert_eq!(
                    f.width(face, 1000.0, c.encode_utf8(&mut [0; 4])),
                    glyph_width(font, gid) as f32,
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn characters_the_faces_lack_show_the_replacement_glyph_never_notdef() {
        let f = fonts();
        for face in [Face::Regular, Face::Bold] {
            let replacement = f.face(face).lookup_glyph_index(0xFFFD);
            assert!(replacement.is_some_and(|g| g != 0), "DejaVu has U+FFFD");
            assert_eq!(Some(f.missing(face)), replacement);
            for c in ['\u{1}', '\t', '漢', '\u{10FFFF}'] {
                assert_eq!(f.glyph(face, c), f.missing(face), "{c:?}");
            }
            assert_ne!(f.glyph(face, 'a'), f.missing(face));
        }
    }

    #[test]
    fn covers_german_and_currency_glyphs() {
        let f = fonts();
        for ch in "äöüÄÖÜß€£¥\u{a0}–…·".chars() {
            assert!(
                f.face(Face::Regular)
                    .lookup_glyph_index(u32::from(ch))
                    .is_some(),
                "no glyph for {ch:?}"
            );
        }
    }

    #[test]
    fn wraps_words_keeps_line_breaks_and_splits_long_words() {
        let f = fonts();
        let text = "Beratung und Umsetzung der neuen Buchhaltung\nzweite Zeile";
        let lines = f.wrap(Face::Regular, 9.0, text, 100.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(lines.last().map(String::as_str), Some("zweite Zeile"));
        for l in &lines {
            assert!(f.width(Face::Regular, 9.0, l) <= 100.0, "{l}");
        }
        assert_eq!(
            lines.join(" ").split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );

        let iban = "DE89370400440532013000DE89370400440532013000";
        let lines = f.wrap(Face::Regular, 9.0, iban, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), iban);

        assert!(f.wrap(Face::Regular, 9.0, "", 60.0).is_empty());
        assert_eq!(
            f.wrap(Face::Regular, 9.0, "a\n\nb\n\n", 60.0),
            ["a", "", "b"]
        );
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        let f = fonts();
        assert_eq!(f.truncate(Face::Regular, 9.0, "kurz", 100.0), "kurz");
        let t = f.truncate(Face::Regular, 9.0, &"x".repeat(100), 50.0);
        assert!(t.ends_with('…'));
        assert!(f.width(Face::Regular, 9.0, &t) <= 50.0);
    }
}
