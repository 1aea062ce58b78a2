//! Step 2 without printpdf's serialiser, for documents drawn with the bundled faces and the
//! handful of operations the layout produces.
//!
//! printpdf's `to_lopdf_document` subsets through allsorts (re-reading the whole font per
//! face and document), decodes glyph outlines only to read their advance widths, builds a
//! `lopdf` operation object per operator, and re-parses every subset. That was ~0.85 ms of a
//! one-page invoice. Here the content streams are written as bytes, the fonts are subset
//! with [`FontProgram`] (parsed once per process) and the PDF objects are built directly:
//! the same structure as printpdf writes (`Type0` fonts with `Identity-H`, `CIDFontType2`
//! descendants with `/W` widths, a `/ToUnicode` map and a `FontFile2` subset).
//!
//! [`to_lopdf`] returns `None` for anything else — another font, images, layers, bookmarks,
//! PDF/X conformance, an operation it does not know — and the caller falls back to printpdf.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use lopdf::{Dictionary, Object, Stream};
use printpdf::{
    Color, FontId, Op, PaintMode, PdfDocument, PdfFontHandle, Polygon, Rect, TextItem,
    WindingOrder, font::FontEmbeddingMode,
};
use sha2::{Digest, Sha256};

use super::fonts::{Face, Fonts};
use super::subset::{FontProgram, Subset};
use crate::domain::Locale;

/// Default glyph width (`/DW`) for codes missing from `/W` (none are, but it is required).
const DEFAULT_WIDTH: i64 = 1000;

/// A font resource of the document: its name, face, and what the pages use of it.
struct UsedFont {
    id: FontId,
    face: Face,
    glyphs: BTreeSet<u16>,
    /// Characters shown with this font and their original glyph ids, first use first.
    chars: Vec<(char, u16)>,
    /// Characters seen so far: a bit per character below 0x800, a set above.
    seen_low: Vec<u64>,
    seen_high: BTreeSet<char>,
}

impl UsedFont {
    /// Records a character shown with this font.
    fn show(&mut self, fonts: &Fonts, c: char) {
        let code = c as usize;
        let first = match self.seen_low.get_mut(code / 64) {
            Some(bits) => {
                let bit = 1u64 << (code % 64);
                let first = *bits & bit == 0;
                *bits |= bit;
                first
            }
            None => self.seen_high.insert(c),
        };
        if first {
            let glyph = fonts.glyph(self.face, c);
            self.glyphs.insert(glyph);
            self.chars.push((c, glyph));
        }
    }
}

/// The document as PDF objects (uncompressed streams), or `None` if it uses anything the
/// fast path does not handle.
pub(crate) fn to_lopdf(
    fonts: &Fonts,
    doc: &PdfDocument,
    locale: Locale,
) -> Option<lopdf::Document> {
    let info = &doc.metadata.info;
    let resources = &doc.resources;
    if !resources.xobjects.map.is_empty()
        || !resources.extgstates.map.is_empty()
        || !resources.shadings.map.is_empty()
        || !resources.layers.map.is_empty()
        || !doc.bookmarks.map.is_empty()
        || info.conformance.must_have_icc_profile()
        || info.conformance.must_have_xmp_metadata()
    {
        return None;
    }
    let mut used: Vec<UsedFont> = Vec::new();
    for (id, font) in &resources.fonts.map {
        let plain_name = !id.0.is_empty() && id.0.bytes().all(|b| b.is_ascii_alphanumeric());
        if !plain_name || font.meta.embedding_mode != FontEmbeddingMode::Subset {
            return None;
        }
        used.push(UsedFont {
            id: id.clone(),
            face: fonts.which(&font.parsed_font)?,
            glyphs: BTreeSet::new(),
            chars: Vec::new(),
            seen_low: vec![0; 0x800 / 64],
            seen_high: BTreeSet::new(),
        });
    }

    // Pass 1: check every operation and collect the glyphs each font shows.
    for page in &doc.pages {
        let mut font: Option<usize> = None;
        let mut in_text = false;
        for op in &page.ops {
            match op {
                Op::StartTextSection if !in_text => in_text = true,
                Op::EndTextSection if in_text => in_text = false,
                Op::SetFont {
                    font: PdfFontHandle::External(id),
                    ..
                } => font = Some(used.iter().position(|f| f.id == *id)?),
                Op::ShowText { items } if in_text => {
                    let f = used.get_mut(font?)?;
                    for item in items {
                        let TextItem::Text(text) = item else {
                            return None;
                        };
                        for c in text.chars() {
                            f.show(fonts, c);
                        }
                    }
                }
                Op::SetTextMatrix { .. } if in_text => {}
                Op::SetFillColor { col } | Op::SetOutlineColor { col }
                    if !matches!(col, Color::SpotColor(_)) => {}
                Op::SetOutlineThickness { .. } => {}
                Op::DrawLine { line } if line.points.iter().all(|p| !p.bezier) => {}
                Op::DrawRectangle { rectangle }
                    if rectangle.mode.is_some() && rectangle.winding_order.is_none() => {}
                Op::DrawPolygon { polygon }
                    if polygon.mode != PaintMode::Clip
                        && polygon
                            .rings
                            .iter()
                            .all(|r| r.points.iter().all(|p| !p.bezier)) => {}
                _ => return None,
            }
        }
        if in_text {
            return None;
        }
    }
    used.retain(|f| !f.glyphs.is_empty());
    let subsets: Vec<Subset> = used
        .iter()
        .map(|f| fonts.program(f.face).subset(&f.glyphs, &f.chars))
        .collect::<Option<_>>()?;

    // Pass 2: content streams.
    let mut contents: Vec<Vec<u8>> = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let mut out = Vec::with_capacity(page.ops.len() * 24);
        let mut font: Option<usize> = None;
        for op in &page.ops {
            write_op(&mut out, op, &used, &subsets, fonts, &mut font)?;
        }
        contents.push(out);
    }

    let mut pdf = lopdf::Document::with_version("1.4");
    let pages_id = pdf.new_object_id();
    let mut font_dict = Dictionary::new();
    for (f, subset) in used.iter().zip(&subsets) {
        let id = add_font(&mut pdf, fonts, f, subset);
        font_dict.set(f.id.0.as_bytes().to_vec(), Object::Reference(id));
    }
    let resources_id = pdf.add_object(Dictionary::from_iter([(
        "Font",
        Object::Dictionary(font_dict),
    )]));

    let mut kids = Vec::with_capacity(doc.pages.len());
    for (page, content) in doc.pages.iter().zip(&contents) {
        let content_id = pdf.add_object(Stream::new(Dictionary::new(), content.clone()));
        let page_id = pdf.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages_id)),
            ("MediaBox", rect_array(&page.media_box)),
            ("TrimBox", rect_array(&page.trim_box)),
            ("CropBox", rect_array(&page.crop_box)),
            ("Resources", Object::Reference(resources_id)),
            ("Contents", Object::Reference(content_id)),
        ]));
        kids.push(Object::Reference(page_id));
    }
    let count = i64::try_from(kids.len()).ok()?;
    pdf.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Count", Object::Integer(count)),
            ("Kids", Object::Array(kids)),
        ])),
    );
    let catalog_id = pdf.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
        ("Lang", Object::string_literal(locale.tag())),
    ]));

    let mut info_dict = Dictionary::from_iter([
        ("Title", lopdf::text_string(&info.document_title)),
        ("Author", lopdf::text_string(&info.author)),
        ("Subject", lopdf::text_string(&info.subject)),
        ("Creator", lopdf::text_string(&info.creator)),
        ("Producer", lopdf::text_string(&info.producer)),
        (
            "CreationDate",
            Object::string_literal(pdf_date(info.creation_date.unix_timestamp())),
        ),
        (
            "ModDate",
            Object::string_literal(pdf_date(info.modification_date.unix_timestamp())),
        ),
    ]);
    if !info.keywords.is_empty() {
        info_dict.set("Keywords", lopdf::text_string(&info.keywords.join(", ")));
    }
    if info.trapped {
        info_dict.set("Trapped", Object::Name(b"True".to_vec()));
    }
    let info_id = pdf.add_object(info_dict);

    // A file identifier derived from what the document shows, so equal input gives equal
    // output (printpdf uses random ones).
    let mut hash = Sha256::new();
    hash.update(info.document_title.as_bytes());
    hash.update(info.creation_date.unix_timestamp().to_be_bytes());
    hash.update(info.modification_date.unix_timestamp().to_be_bytes());
    for content in &contents {
        hash.update(content);
    }
    let digest = hash.finalize();
    let file_id = Object::String(digest[..16].to_vec(), lopdf::StringFormat::Hexadecimal);

    pdf.trailer.set("Root", Object::Reference(catalog_id));
    pdf.trailer.set("Info", Object::Reference(info_id));
    pdf.trailer
        .set("ID", Object::Array(vec![file_id.clone(), file_id]));
    Some(pdf)
}

/// Appends one operation to a content stream. `None` for an operation pass 1 would have
/// rejected.
fn write_op(
    out: &mut Vec<u8>,
    op: &Op,
    used: &[UsedFont],
    subsets: &[Subset],
    fonts: &Fonts,
    font: &mut Option<usize>,
) -> Option<()> {
    match op {
        Op::StartTextSection => out.extend_from_slice(b"BT\n"),
        Op::EndTextSection => out.extend_from_slice(b"ET\n"),
        Op::SetFont {
            font: PdfFontHandle::External(id),
            size,
        } => {
            // A font without any shown glyph was dropped from `used`; text in it shows
            // nothing, so the operator can go as well.
            *font = used.iter().position(|f| f.id == *id);
            if font.is_some() {
                out.push(b'/');
                out.extend_from_slice(id.0.as_bytes());
                out.push(b' ');
                num(out, size.0);
                out.extend_from_slice(b" Tf\n");
            }
        }
        Op::ShowText { items } => {
            let Some(i) = *font else {
                return Some(());
            };
            let (f, subset) = (used.get(i)?, subsets.get(i)?);
            out.push(b'<');
            for item in items {
                let TextItem::Text(text) = item else {
                    return None;
                };
                for c in text.chars() {
                    let code = subset.code(fonts.glyph(f.face, c));
                    hex16(out, code);
                }
            }
            out.extend_from_slice(b"> Tj\n");
        }
        Op::SetTextMatrix { matrix } => {
            for v in matrix.as_array() {
                num(out, v);
                out.push(b' ');
            }
            out.extend_from_slice(b"Tm\n");
        }
        Op::SetFillColor { col } => color(out, col, false)?,
        Op::SetOutlineColor { col } => color(out, col, true)?,
        Op::SetOutlineThickness { pt } => {
            num(out, pt.0);
            out.extend_from_slice(b" w\n");
        }
        Op::DrawLine { line } => {
            for (i, point) in line.points.iter().enumerate() {
                num(out, point.p.x.0);
                out.push(b' ');
                num(out, point.p.y.0);
                out.extend_from_slice(if i == 0 { b" m\n" } else { b" l\n" });
            }
            if line.is_closed {
                out.extend_from_slice(b"h\n");
            }
            out.extend_from_slice(b"S\n");
        }
        Op::DrawRectangle { rectangle: r } => {
            for v in [r.x.0, r.y.0, r.width.0, r.height.0] {
                num(out, v);
                out.push(b' ');
            }
            out.extend_from_slice(match r.mode? {
                PaintMode::Fill => b"re f\n",
                PaintMode::Stroke => b"re S\n",
                PaintMode::FillStroke => b"re B\n",
                PaintMode::Clip => return None,
            });
        }
        Op::DrawPolygon { polygon } => polygon_path(out, polygon)?,
        _ => return None,
    }
    Some(())
}

/// A polygon as one path (the 2D code's modules): axis-aligned four-point rings as `re`,
/// others as `m`/`l`/`h`, then one paint operator for all of them.
fn polygon_path(out: &mut Vec<u8>, polygon: &Polygon) -> Option<()> {
    for ring in &polygon.rings {
        let p = &ring.points;
        let rect = match p.as_slice() {
            [a, b, c, d]
                if a.p.y == b.p.y && b.p.x == c.p.x && c.p.y == d.p.y && d.p.x == a.p.x =>
            {
                Some((a.p.x.0, a.p.y.0, b.p.x.0 - a.p.x.0, c.p.y.0 - b.p.y.0))
            }
            _ => None,
        };
        if let Some((x, y, w, h)) = rect {
            for v in [x, y, w, h] {
                num(out, v);
                out.push(b' ');
            }
            out.extend_from_slice(b"re\n");
            continue;
        }
        for (i, point) in p.iter().enumerate() {
            num(out, point.p.x.0);
            out.push(b' ');
            num(out, point.p.y.0);
            out.extend_from_slice(if i == 0 { b" m\n" } else { b" l\n" });
        }
        if !p.is_empty() {
            out.extend_from_slice(b"h\n");
        }
    }
    let even_odd = polygon.winding_order == WindingOrder::EvenOdd;
    out.extend_from_slice(match (polygon.mode, even_odd) {
        (PaintMode::Fill, false) => b"f\n",
        (PaintMode::Fill, true) => b"f*\n",
        (PaintMode::Stroke, _) => b"S\n",
        (PaintMode::FillStroke, false) => b"B\n",
        (PaintMode::FillStroke, true) => b"B*\n",
        (PaintMode::Clip, _) => return None,
    });
    Some(())
}

fn color(out: &mut Vec<u8>, col: &Color, stroke: bool) -> Option<()> {
    let (values, fill_op, stroke_op): (Vec<f32>, &[u8], &[u8]) = match col {
        Color::Greyscale(g) => (vec![g.percent], b"g", b"G"),
        Color::Rgb(c) => (vec![c.r, c.g, c.b], b"rg", b"RG"),
        Color::Cmyk(c) => (vec![c.c, c.m, c.y, c.k], b"k", b"K"),
        Color::SpotColor(_) => return None,
    };
    for v in values {
        num(out, v.clamp(0.0, 1.0));
        out.push(b' ');
    }
    out.extend_from_slice(if stroke { stroke_op } else { fill_op });
    out.push(b'\n');
    Some(())
}

/// A number in a content stream: up to four decimals, no exponent, no trailing zeros.
fn num(out: &mut Vec<u8>, v: f32) {
    let v = if v.is_finite() { f64::from(v) } else { 0.0 };
    let scaled = (v * 10_000.0).round() as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let abs = scaled.unsigned_abs();
    let (mut int, frac) = (abs / 10_000, abs % 10_000);
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (int % 10) as u8;
        int /= 10;
        if int == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
    if frac != 0 {
        out.push(b'.');
        let decimals = [frac / 1000, frac / 100 % 10, frac / 10 % 10, frac % 10];
        let len = 4 - decimals.iter().rev().take_while(|d| **d == 0).count();
        out.extend(decimals[..len].iter().map(|d| b'0' + *d as u8));
    }
}

fn hex16(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from((v >> shift) & 0xF)]);
    }
}

fn rect_array(r: &Rect) -> Object {
    Object::Array(
        [r.x.0, r.y.0, r.x.0 + r.width.0, r.y.0 + r.height.0]
            .into_iter()
            .map(Object::Real)
            .collect(),
    )
}

/// `D:20261127100000Z` for a Unix time (UTC).
fn pdf_date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .format("D:%Y%m%d%H%M%S+00'00'")
        .to_string()
}

/// The six capital letters that tag a subset font's name (`DJVSRG+DejaVuSans`): the
/// resource name when it is such a tag already, else derived from it.
fn subset_tag(id: &FontId) -> String {
    if id.0.len() == 6 && id.0.bytes().all(|b| b.is_ascii_uppercase()) {
        return id.0.clone();
    }
    Sha256::digest(id.0.as_bytes())
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// Adds a `Type0` font with its descendant, descriptor, subset program and `/ToUnicode`
/// map; returns the font dictionary's id.
fn add_font(
    pdf: &mut lopdf::Document,
    fonts: &Fonts,
    f: &UsedFont,
    subset: &Subset,
) -> lopdf::ObjectId {
    let parsed = fonts.face(f.face);
    let program: &FontProgram = fonts.program(f.face);
    let family = parsed
        .font_name
        .clone()
        .unwrap_or_else(|| f.id.0.clone())
        .replace(
            |c: char| !c.is_ascii_graphic() || "()<>[]{}/%#".contains(c),
            "",
        );
    let name = Object::Name(format!("{}+{family}", subset_tag(&f.id)).into_bytes());

    // Metrics in glyph space (1/1000 em), as printpdf computes them.
    let m = &parsed.pdf_font_metrics;
    let upm = f32::from(program.units_per_em().max(1));
    let scale = |v: f32| (v * 1000.0 / upm).round() as i64;
    let ascent = scale(parsed.font_metrics.ascent.trunc());
    let descent = scale(parsed.font_metrics.descent.trunc());
    let cap_height = parsed.font_metrics.cap_height.map_or(ascent, scale);
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run)
            .atan2(f32::from(m.caret_slope_rise))
            .to_degrees())
        .round() as i64
    };
    const NONSYMBOLIC: i64 = 1 << 5;
    const ITALIC: i64 = 1 << 6;
    let flags = NONSYMBOLIC | if italic_angle != 0 { ITALIC } else { 0 };
    let stem_v = if m.us_weight_class == 0 {
        80
    } else {
        50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
    };

    let widths: Vec<Object> = subset
        .glyphs
        .iter()
        .map(|g| Object::Integer((f32::from(program.advance(*g)) * 1000.0 / upm) as i64))
        .collect();

    let mut file_dict = Dictionary::new();
    file_dict.set(
        "Length1",
        Object::Integer(i64::try_from(subset.program.len()).unwrap_or(0)),
    );
    let file_id = pdf.add_object(Stream::new(file_dict, subset.program.clone()));
    let descriptor_id = pdf.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", name.clone()),
        ("Flags", Object::Integer(flags)),
        (
            "FontBBox",
            Object::Array(
                [m.x_min, m.y_min, m.x_max, m.y_max]
                    .into_iter()
                    .map(|v| Object::Integer(scale(f32::from(v))))
                    .collect(),
            ),
        ),
        ("ItalicAngle", Object::Integer(italic_angle)),
        ("Ascent", Object::Integer(ascent)),
        ("Descent", Object::Integer(descent)),
        ("CapHeight", Object::Integer(cap_height)),
        ("StemV", Object::Integer(stem_v)),
        ("FontFile2", Object::Reference(file_id)),
    ]));
    let to_unicode_id = pdf.add_object(Stream::new(
        Dictionary::new(),
        to_unicode(&f.chars, subset).into_bytes(),
    ));
    let descendant = Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
        ("BaseFont", name.clone()),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter([
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor_id)),
        ("DW", Object::Integer(DEFAULT_WIDTH)),
        (
            "W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
        ),
        ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
    ]);
    pdf.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", name),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(descendant)]),
        ),
        ("ToUnicode", Object::Reference(to_unicode_id)),
    ]))
}

/// The `/ToUnicode` CMap: subset glyph id → the character it was shown for (the first one,
/// when several share a glyph).
fn to_unicode(chars: &[(char, u16)], subset: &Subset) -> String {
    let mut map: BTreeMap<u16, char> = BTreeMap::new();
    for &(c, glyph) in chars {
        map.entry(subset.code(glyph)).or_insert(c);
    }
    map.remove(&0);
    let mut s = String::with_capacity(400 + 20 * map.len());
    s.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(u16, char)> = map.into_iter().collect();
    for block in entries.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", block.len());
        for (code, c) in block {
            let _ = write!(s, "<{code:04x}> <");
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(s, "{unit:04x}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(v: f32) -> String {
        let mut out = Vec::new();
        num(&mut out, v);
        String::from_utf8(out).expect("ascii")
    }

    #[test]
    fn numbers_are_plain_decimals() {
        assert_eq!(formatted(0.0), "0");
        assert_eq!(formatted(1.0), "1");
        assert_eq!(formatted(-2.5), "-2.5");
        assert_eq!(formatted(56.692_917), "56.6929");
        assert_eq!(formatted(0.000_01), "0");
        assert_eq!(formatted(-0.000_01), "0");
        assert_eq!(formatted(841.889_8), "841.8898");
        assert_eq!(formatted(f32::NAN), "0");
        assert_eq!(formatted(1e9), "1000000000");
    }

    #[test]
    fn dates_and_tags() {
        assert_eq!(pdf_date(1_795_773_600), "D:20261127100000+00'00'");
        assert_eq!(subset_tag(&FontId("DJVSRG".into())), "DJVSRG");
        let tag = subset_tag(&FontId("F1".into()));
        assert_eq!(tag.len(), 6);
        assert!(tag.bytes().all(|b| b.is_ascii_uppercase()));
    }
}
