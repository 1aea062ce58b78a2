//! A TrueType (`glyf` outline) subsetter for the bundled faces, with everything that does
//! not depend on the document parsed once per process.
//!
//! printpdf subsets through allsorts, which re-reads the whole 750 KB font on every call
//! (all ~6,200 glyph records, the full `cmap` and `post`) and keeps the 15 KB `name` table:
//! ~0.18 ms per face and document, plus compressing the name table each time. Here the
//! glyph offsets and metrics are parsed once ([`FontProgram::parse`]); a subset copies the
//! used glyphs (and the components of composite glyphs) and writes the small tables.
//!
//! The program keeps what a PDF viewer needs for a `CIDFontType2` font (ISO 32000-1,
//! 9.9: `head`, `hhea`, `loca`, `maxp`, `glyf`, `hmtx`), plus `OS/2`, a `post` table of
//! format 3, a `cmap` for the used characters and a `name` table reduced to the font's names
//! and copyright notice. Glyphs are renumbered densely in their original order; the content
//! stream, `/W` and `/ToUnicode` use the new numbers (codes == glyph ids under
//! `/CIDToGIDMap /Identity`).
//!
//! Hinting is left out: the glyph programs (about half of DejaVu's `glyf` bytes) and the
//! `fpgm`, `prep`, `cvt ` and `gasp` tables. Hints only grid-fit outlines for low-resolution
//! screens with a TrueType bytecode interpreter; printers, Acrobat, Preview, pdf.js and
//! poppler's defaults do not use them (WeasyPrint drops them by default too). Without them
//! a one-page invoice is a third smaller and compresses in half the time.

use std::collections::BTreeSet;

/// One table of the source font: its tag and bytes.
type Table = ([u8; 4], &'static [u8]);

/// A parsed source font, ready to be subset.
pub(crate) struct FontProgram {
    glyf: &'static [u8],
    /// Start of every glyph in `glyf`, plus the end of the last one.
    loca: Vec<u32>,
    /// Advance width and left side bearing of every glyph, in font units.
    metrics: Vec<(u16, i16)>,
    head: &'static [u8],
    hhea: &'static [u8],
    maxp: &'static [u8],
    post: Vec<u8>,
    name: Vec<u8>,
    /// Tables copied as they are (`OS/2`, where present).
    verbatim: Vec<Table>,
    units_per_em: u16,
}

/// A subset font program and how its glyphs are numbered.
pub(crate) struct Subset {
    /// The TrueType font file.
    pub program: Vec<u8>,
    /// Original glyph ids in new order: glyph `i` of the subset is `glyphs[i]`.
    pub glyphs: Vec<u16>,
}

impl Subset {
    /// The subset's id of an original glyph (`.notdef` if it was not included).
    pub(crate) fn code(&self, original: u16) -> u16 {
        self.glyphs
            .binary_search(&original)
            .ok()
            .and_then(|i| u16::try_from(i).ok())
            .unwrap_or(0)
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    bytes
        .get(at..at.checked_add(2)?)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at.checked_add(4)?)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn put_u16(out: &mut [u8], at: usize, value: u16) {
    if let Some(slot) = out.get_mut(at..at + 2) {
        slot.copy_from_slice(&value.to_be_bytes());
    }
}

fn put_u32(out: &mut [u8], at: usize, value: u32) {
    if let Some(slot) = out.get_mut(at..at + 4) {
        slot.copy_from_slice(&value.to_be_bytes());
    }
}

impl FontProgram {
    /// Parses the tables of a TrueType font file (not a collection, not CFF).
    pub(crate) fn parse(bytes: &'static [u8]) -> Result<Self, String> {
        let version = u32_at(bytes, 0).ok_or("not a font file")?;
        if version != 0x0001_0000 && version != u32::from_be_bytes(*b"true") {
            return Err("not a TrueType (glyf) font".into());
        }
        let count = usize::from(u16_at(bytes, 4).ok_or("truncated table directory")?);
        let mut tables: Vec<Table> = Vec::with_capacity(count);
        for i in 0..count {
            let record = 12 + 16 * i;
            let tag = bytes
                .get(record..record + 4)
                .and_then(|t| <[u8; 4]>::try_from(t).ok())
                .ok_or("truncated table directory")?;
            let offset = u32_at(bytes, record + 8).ok_or("truncated table directory")?;
            let length = u32_at(bytes, record + 12).ok_or("truncated table directory")?;
            let start = usize::try_from(offset).map_err(|e| e.to_string())?;
            let end = start
                .checked_add(usize::try_from(length).map_err(|e| e.to_string())?)
                .ok_or("table out of range")?;
            let data = bytes.get(start..end).ok_or("table out of range")?;
            tables.push((tag, data));
        }
        let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
        let required = |tag: &[u8; 4]| {
            table(tag).ok_or_else(|| format!("no {} table", String::from_utf8_lossy(tag)))
        };
        let head = required(b"head")?;
        let hhea = required(b"hhea")?;
        let maxp = required(b"maxp")?;
        let hmtx = required(b"hmtx")?;
        let loca = required(b"loca")?;
        let glyf = required(b"glyf")?;
        if head.len() < 54 || hhea.len() < 36 || maxp.len() < 6 {
            return Err("truncated head, hhea or maxp".into());
        }
        let units_per_em = u16_at(head, 18).ok_or("truncated head")?;
        let long_offsets = u16_at(head, 50).ok_or("truncated head")? != 0;
        let num_glyphs = usize::from(u16_at(maxp, 4).ok_or("truncated maxp")?);
        let num_metrics = usize::from(u16_at(hhea, 34).ok_or("truncated hhea")?);
        if num_metrics == 0 || num_metrics > num_glyphs {
            return Err("bad numberOfHMetrics".into());
        }

        let mut offsets = Vec::with_capacity(num_glyphs + 1);
        for i in 0..=num_glyphs {
            let offset = if long_offsets {
                u32_at(loca, 4 * i)
            } else {
                u16_at(loca, 2 * i).map(|o| u32::from(o) * 2)
            }
            .ok_or("truncated loca")?;
            if offset as usize > glyf.len() || offsets.last().is_some_and(|&prev| offset < prev) {
                return Err("loca out of order or out of range".into());
            }
            offsets.push(offset);
        }

        let mut metrics = Vec::with_capacity(num_glyphs);
        let mut advance = 0;
        for i in 0..num_glyphs {
            let (a, lsb) = if i < num_metrics {
                (u16_at(hmtx, 4 * i), u16_at(hmtx, 4 * i + 2))
            } else {
                // Glyphs past numberOfHMetrics share the last advance; only their side
                // bearings follow.
                (
                    Some(advance),
                    u16_at(hmtx, 4 * num_metrics + 2 * (i - num_metrics)),
                )
            };
            advance = a.ok_or("truncated hmtx")?;
            let lsb = lsb.ok_or("truncated hmtx")?;
            metrics.push((advance, i16::from_be_bytes(lsb.to_be_bytes())));
        }

        // post format 3: the fixed 32-byte header without glyph names.
        let mut post = table(b"post")
            .and_then(|p| p.get(..32))
            .map_or_else(|| vec![0; 32], <[u8]>::to_vec);
        put_u32(&mut post, 0, 0x0003_0000);

        let verbatim = [*b"OS/2"]
            .iter()
            .filter_map(|tag| table(tag).map(|d| (*tag, d)))
            .collect();

        Ok(Self {
            glyf,
            loca: offsets,
            metrics,
            head,
            hhea,
            maxp,
            post,
            name: table(b"name").map(reduced_name_table).unwrap_or_default(),
            verbatim,
            units_per_em,
        })
    }

    /// Font units per em.
    pub(crate) fn units_per_em(&self) -> u16 {
        self.units_per_em
    }

    /// Advance width of a glyph in font units (0 for an unknown glyph).
    pub(crate) fn advance(&self, glyph: u16) -> u16 {
        self.metrics
            .get(usize::from(glyph))
            .map_or(0, |(advance, _)| *advance)
    }

    fn glyph(&self, glyph: u16) -> Option<&'static [u8]> {
        let i = usize::from(glyph);
        let start = *self.loca.get(i)? as usize;
        let end = *self.loca.get(i + 1)? as usize;
        self.glyf.get(start..end)
    }

    /// A subset with `.notdef`, the given glyphs (original ids) and their components;
    /// `chars` (character, original glyph id) become the subset's `cmap`. `None` if a
    /// glyph id is out of range or a glyph is malformed.
    pub(crate) fn subset(&self, used: &BTreeSet<u16>, chars: &[(char, u16)]) -> Option<Subset> {
        let mut all: BTreeSet<u16> = used.clone();
        all.insert(0);
        let mut pending: Vec<u16> = all.iter().copied().collect();
        while let Some(glyph) = pending.pop() {
            for (_, component) in components(self.glyph(glyph)?)? {
                if all.insert(component) {
                    pending.push(component);
                }
            }
        }
        let glyphs: Vec<u16> = all.into_iter().collect();
        let count = u16::try_from(glyphs.len()).ok()?;
        let subset = Subset {
            program: Vec::new(),
            glyphs,
        };

        let mut glyf = Vec::new();
        let mut loca = Vec::with_capacity(4 * (subset.glyphs.len() + 1));
        let mut hmtx = Vec::with_capacity(4 * subset.glyphs.len());
        for &original in &subset.glyphs {
            let data = self.glyph(original)?;
            let start = glyf.len();
            loca.extend_from_slice(&u32::try_from(start).ok()?.to_be_bytes());
            let parts = components(data)?;
            append_unhinted(&mut glyf, data, &parts)?;
            for (at, component) in parts {
                put_u16(&mut glyf, start + at, subset.code(component));
            }
            glyf.resize(glyf.len().next_multiple_of(4), 0);
            let (advance, lsb) = *self.metrics.get(usize::from(original))?;
            hmtx.extend_from_slice(&advance.to_be_bytes());
            hmtx.extend_from_slice(&lsb.to_be_bytes());
        }
        loca.extend_from_slice(&u32::try_from(glyf.len()).ok()?.to_be_bytes());

        let mut head = self.head.to_vec();
        put_u32(&mut head, 8, 0); // checkSumAdjustment, set below
        put_u16(&mut head, 50, 1); // indexToLocFormat: long offsets
        let mut hhea = self.hhea.to_vec();
        put_u16(&mut hhea, 34, count); // numberOfHMetrics
        let mut maxp = self.maxp.to_vec();
        put_u16(&mut maxp, 4, count); // numGlyphs
        if maxp.len() >= 32 {
            // Version 1.0 limits of the hinting interpreter, none of which is used now:
            // twilight points, storage, function and instruction definitions, stack
            // elements, instruction size (maxZones stays at its minimum of 1 or more).
            for at in [16, 18, 20, 22, 24, 26] {
                put_u16(&mut maxp, at, 0);
            }
        }

        let mut mapped: Vec<(u16, u16)> = chars
            .iter()
            .filter_map(|&(c, glyph)| Some((u16::try_from(u32::from(c)).ok()?, glyph)))
            .filter(|&(c, _)| c != 0xFFFF)
            .map(|(c, glyph)| (c, subset.code(glyph)))
            .collect();
        mapped.sort_unstable();
        mapped.dedup_by_key(|(c, _)| *c);

        let mut tables: Vec<([u8; 4], Vec<u8>)> = vec![
            (*b"cmap", cmap_format4(&mapped)),
            (*b"glyf", glyf),
            (*b"head", head),
            (*b"hhea", hhea),
            (*b"hmtx", hmtx),
            (*b"loca", loca),
            (*b"maxp", maxp),
            (*b"post", self.post.clone()),
        ];
        if !self.name.is_empty() {
            tables.push((*b"name", self.name.clone()));
        }
        tables.extend(
            self.verbatim
                .iter()
                .map(|(tag, data)| (*tag, data.to_vec())),
        );
        Some(Subset {
            program: sfnt(tables),
            ..subset
        })
    }
}

/// The components of a composite glyph: (offset of the glyph index in `data`, glyph index).
/// Empty for a simple or empty glyph; `None` if the composite is truncated.
fn components(data: &[u8]) -> Option<Vec<(usize, u16)>> {
    if data.is_empty() || i16::from_be_bytes(u16_at(data, 0)?.to_be_bytes()) >= 0 {
        return Some(Vec::new());
    }
    composite(data).map(|(parts, _)| parts)
}

/// The components of a composite glyph and where its component records end.
fn composite(data: &[u8]) -> Option<(Vec<(usize, u16)>, usize)> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAVE_XY_SCALE: u16 = 0x0040;
    const HAVE_TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(data, at)?;
        out.push((at + 2, u16_at(data, at + 2)?));
        at += 4;
        at += if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAVE_SCALE != 0 {
            2
        } else if flags & HAVE_XY_SCALE != 0 {
            4
        } else if flags & HAVE_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return (at <= data.len()).then_some((out, at));
        }
    }
}

/// Appends glyph `data` without its instructions. `parts` are its components (empty for a
/// simple glyph). `None` if the glyph is truncated.
fn append_unhinted(out: &mut Vec<u8>, data: &[u8], parts: &[(usize, u16)]) -> Option<()> {
    const HAVE_INSTRUCTIONS: u16 = 0x0100;
    if data.is_empty() {
        return Some(());
    }
    let contours = i16::from_be_bytes(u16_at(data, 0)?.to_be_bytes());
    if contours >= 0 {
        // Header, end points, instruction length (now 0), then flags and coordinates.
        let length_at = 10 + 2 * usize::try_from(contours).ok()?;
        let instructions = usize::from(u16_at(data, length_at)?);
        let rest = data.get(length_at + 2 + instructions..)?;
        out.extend_from_slice(data.get(..length_at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        return Some(());
    }
    // Composite: the component records, without the instructions that may follow the last
    // one and without the flag that announces them.
    let (_, records_end) = composite(data)?;
    let start = out.len();
    out.extend_from_slice(data.get(..records_end)?);
    for (at, _) in parts {
        let flags_at = start + at - 2;
        let flags = u16_at(out, flags_at)?;
        put_u16(out, flags_at, flags & !HAVE_INSTRUCTIONS);
    }
    Some(())
}

/// A `cmap` with one Windows Unicode BMP subtable (format 4) for `(character, glyph)`
/// pairs sorted by character. Runs of consecutive characters with consecutive glyphs share
/// a segment.
fn cmap_format4(mapped: &[(u16, u16)]) -> Vec<u8> {
    // (start, end, delta)
    let mut segments: Vec<(u16, u16, u16)> = Vec::new();
    for &(c, glyph) in mapped {
        let delta = glyph.wrapping_sub(c);
        match segments.last_mut() {
            Some((_, end, d)) if end.checked_add(1) == Some(c) && *d == delta => *end = c,
            _ => segments.push((c, c, delta)),
        }
    }
    // The subtable length is a u16; a document that needs more segments than fit keeps the
    // ones that do (the cmap is not used for rendering, the PDF's codes are glyph ids).
    segments.truncate(8000);
    segments.push((0xFFFF, 0xFFFF, 1));
    let n = segments.len();
    let Ok(seg_count_x2) = u16::try_from(2 * n) else {
        return Vec::new();
    };
    let mut power = 1u16;
    let mut selector = 0u16;
    while usize::from(power) * 2 <= n {
        power *= 2;
        selector += 1;
    }
    let search_range = power * 2;
    let length = 16 + 8 * n;
    let mut sub = Vec::with_capacity(length);
    for v in [
        4,
        u16::try_from(length).unwrap_or(u16::MAX),
        0,
        seg_count_x2,
        search_range,
        selector,
        seg_count_x2 - search_range,
    ] {
        sub.extend_from_slice(&v.to_be_bytes());
    }
    sub.extend(segments.iter().flat_map(|s| s.1.to_be_bytes()));
    sub.extend_from_slice(&[0, 0]);
    sub.extend(segments.iter().flat_map(|s| s.0.to_be_bytes()));
    sub.extend(segments.iter().flat_map(|s| s.2.to_be_bytes()));
    sub.extend(std::iter::repeat_n(0u8, 2 * n)); // idRangeOffset
    let mut out = vec![0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12];
    out.extend_from_slice(&sub);
    out
}

/// The `name` table with only the Windows Unicode English records of the copyright notice
/// and the font's names (IDs 0–6), without the long licence text and descriptions.
fn reduced_name_table(name: &[u8]) -> Vec<u8> {
    let (Some(count), Some(strings)) = (u16_at(name, 2), u16_at(name, 4)) else {
        return Vec::new();
    };
    let mut records = Vec::new();
    let mut storage = Vec::new();
    for i in 0..usize::from(count) {
        let r = 6 + 12 * i;
        let (Some(platform), Some(encoding), Some(language), Some(id), Some(len), Some(off)) = (
            u16_at(name, r),
            u16_at(name, r + 2),
            u16_at(name, r + 4),
            u16_at(name, r + 6),
            u16_at(name, r + 8),
            u16_at(name, r + 10),
        ) else {
            return Vec::new();
        };
        if (platform, encoding, language) != (3, 1, 0x409) || id > 6 {
            continue;
        }
        let start = usize::from(strings) + usize::from(off);
        let Some(text) = name.get(start..start + usize::from(len)) else {
            continue;
        };
        let Ok(offset) = u16::try_from(storage.len()) else {
            break;
        };
        records.push([platform, encoding, language, id, len, offset]);
        storage.extend_from_slice(text);
    }
    let Ok(n) = u16::try_from(records.len()) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(6 + 12 * records.len() + storage.len());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(6 + 12 * n).to_be_bytes());
    for record in records {
        out.extend(record.iter().flat_map(|v| v.to_be_bytes()));
    }
    out.extend_from_slice(&storage);
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Assembles a TrueType file from its tables and sets `head.checkSumAdjustment`.
fn sfnt(mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|(tag, _)| *tag);
    let n = tables.len();
    let mut power = 1usize;
    let mut selector = 0u16;
    while power * 2 <= n {
        power *= 2;
        selector += 1;
    }
    let header = 12 + 16 * n;
    let total = header
        + tables
            .iter()
            .map(|(_, d)| d.len().next_multiple_of(4))
            .sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, power * 16, usize::from(selector), n * 16 - power * 16] {
        out.extend_from_slice(&u16::try_from(v).unwrap_or(0).to_be_bytes());
    }
    let mut offset = header;
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        put_u32(&mut out, at + 8, adjustment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::{Face, Fonts};

    fn glyph(fonts: &Fonts, c: char) -> u16 {
        fonts
            .face(Face::Regular)
            .lookup_glyph_index(u32::from(c))
            .expect("glyph")
    }

    #[test]
    fn subset_is_a_valid_font_with_the_same_glyphs_and_metrics() {
        let fonts = Fonts::shared().expect("fonts");
        let program = fonts.program(Face::Regular);
        let text = "Rechnung Müller & Söhne ÄÖÜß €1.234,56";
        let chars: Vec<(char, u16)> = text.chars().map(|c| (c, glyph(&fonts, c))).collect();
        let used: BTreeSet<u16> = chars.iter().map(|(_, g)| *g).collect();
        let subset = program.subset(&used, &chars).expect("subset");
        assert!(subset.program.len() < 40_000, "{}", subset.program.len());
        assert_eq!(subset.glyphs.first(), Some(&0));
        assert!(subset.glyphs.windows(2).all(|w| w[0] < w[1]));
        // .notdef and the parts of composite glyphs (umlauts) come on top.
        assert!(subset.glyphs.len() > used.len());

        // The subset parses, maps every character to the renumbered glyph, and keeps the
        // advance widths.
        let mut warnings = Vec::new();
        let parsed = printpdf::ParsedFont::from_bytes(&subset.program, 0, &mut warnings)
            .expect("subset parses");
        let original = fonts.face(Face::Regular);
        for (c, g) in &chars {
            let new = subset.code(*g);
            assert_eq!(parsed.lookup_glyph_index(u32::from(*c)), Some(new), "{c}");
            assert_eq!(
                parsed.get_horizontal_advance(new),
                original.get_horizontal_advance(*g),
                "{c}"
            );
        }
        // File checksum: the whole font sums to 0xB1B0AFBA with checkSumAdjustment in place.
        assert_eq!(checksum(&subset.program), 0xB1B0_AFBA);
        // Unused glyphs stay out.
        assert_eq!(subset.code(glyph(&fonts, 'Z')), 0);
    }

    #[test]
    fn composite_glyph_components_are_renumbered() {
        let fonts = Fonts::shared().expect("fonts");
        let program = fonts.program(Face::Regular);
        let composite = "äöüÄÖÜéèàç"
            .chars()
            .map(|c| glyph(&fonts, c))
            .find(|&g| {
                program
                    .glyph(g)
                    .is_some_and(|d| !components(d).unwrap_or_default().is_empty())
            })
            .expect("DejaVu builds some accented letters from components");
        let subset = program
            .subset(&BTreeSet::from([composite]), &[])
            .expect("subset");
        let new = usize::from(subset.code(composite));
        // Read the composite back out of the subset's glyf via its loca.
        let mut warnings = Vec::new();
        let parsed = printpdf::ParsedFont::from_bytes(&subset.program, 0, &mut warnings)
            .expect("subset parses");
        assert_eq!(usize::from(parsed.num_glyphs), subset.glyphs.len());
        let original_parts: Vec<u16> = components(program.glyph(composite).expect("glyph"))
            .expect("components")
            .into_iter()
            .map(|(_, g)| g)
            .collect();
        for part in &original_parts {
            assert_ne!(subset.code(*part), 0, "component {part} included");
        }
        let sub = FontProgram::parse(Box::leak(subset.program.clone().into_boxed_slice()))
            .expect("parse");
        let parts: Vec<u16> = components(sub.glyph(new as u16).expect("glyph"))
            .expect("components")
            .into_iter()
            .map(|(_, g)| g)
            .collect();
        let expected: Vec<u16> = original_parts.iter().map(|g| subset.code(*g)).collect();
        assert_eq!(parts, expected);
    }

    #[test]
    fn malformed_fonts_are_errors_not_panics() {
        for bytes in [&b""[..], b"\0\x01\0\0\0\x05", b"OTTO\0\0\0\0\0\0\0\0"] {
            assert!(FontProgram::parse(Box::leak(bytes.to_vec().into_boxed_slice())).is_err());
        }
        assert_eq!(components(&[0xFF, 0xFF, 0, 0]), None);
    }
}
