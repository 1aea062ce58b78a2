//! Step 2b: a document from the renderer's own writer made PDF/A-3b (ISO 19005-3, level B:
//! the pages look the same everywhere, for as long as the file is kept — GoBD's ten years).
//!
//! What this adds or rewrites, and why:
//! - the document information dictionary, rebuilt from the values it had, and the XMP
//!   packet (`/Metadata`, uncompressed) from the same values, so both agree (6.6.2.3);
//! - an `/OutputIntents` entry `GTS_PDFA1` with the generated sRGB profile ([`super::icc`]):
//!   the pages use `DeviceRGB` and `DeviceGray`, which PDF/A admits only with an output
//!   intent saying what they mean (6.2.4.3);
//! - for a hybrid invoice the Factur-X attachment ([`super::facturx`]) and its XMP schema;
//! - the header version 1.7 (PDF/A-3 is based on ISO 32000-1) and a file identifier hashed
//!   from the content, so equal input still gives equal bytes (6.1.3 wants an `/ID`).
//!
//! What it relies on from the earlier steps rather than rewriting: every font embedded (the
//! writer embeds subsets; checked here, a non-embedded font is refused), widths in `/W` from
//! the font program's own advances, no `.notdef` shown (`fonts::Fonts::glyph`), no
//! transparency groups, annotations, actions, JavaScript, encryption or LZW (the writer and
//! `logo.rs` produce none; images are `DCTDecode` or `FlateDecode`, a PNG's alpha a soft mask,
//! which PDF/A-3 allows).

use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use lopdf::{Dictionary, Object, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::facturx::{self, FacturX};
use super::icc;
use super::xmp::{self, Metadata};
use crate::ports::RenderError;

fn failed(what: &str) -> RenderError {
    RenderError(format!("making the PDF PDF/A-3 failed: {what}"))
}

/// Makes `pdf` a PDF/A-3b document, with `facturx` attached if given.
///
/// # Errors
/// [`RenderError`] when the document has no catalog or uses a font that is not embedded
/// (printpdf's fallback with a built-in font: that cannot be PDF/A).
pub(crate) fn apply(
    pdf: &mut lopdf::Document,
    facturx: Option<&FacturX<'_>>,
) -> Result<(), RenderError> {
    check_fonts(pdf)?;
    pdf.trailer.remove(b"Encrypt");
    let catalog = pdf
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| failed("no catalog"))?;
    let meta = metadata(pdf);
    // Replaced in place, so no orphaned old dictionary stays in the file.
    match pdf.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            pdf.objects.insert(id, Object::Dictionary(info_dict(&meta)));
        }
        Err(_) => {
            let id = pdf.add_object(info_dict(&meta));
            pdf.trailer.set("Info", Object::Reference(id));
        }
    }

    let fx = facturx.map(FacturX::properties);
    let packet = xmp::packet(&meta, fx.as_ref());
    let mut stream = Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        packet.into_bytes(),
    );
    // PDF/A wants the packet readable without decoding (6.6.2.1 in PDF/A-1; kept for
    // tools that scan for it).
    stream.allows_compression = false;
    let metadata = pdf.add_object(stream);

    let (profile, deflated) = srgb_stream();
    let mut profile_dict = Dictionary::from_iter([("N", Object::Integer(3))]);
    if deflated {
        profile_dict.set("Filter", "FlateDecode");
    }
    let mut profile_stream = Stream::new(profile_dict, profile.to_vec());
    profile_stream.allows_compression = false;
    let profile = pdf.add_object(profile_stream);
    let intent = pdf.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        (
            "OutputConditionIdentifier",
            Object::string_literal(icc::DESCRIPTION),
        ),
        ("Info", Object::string_literal(icc::DESCRIPTION)),
        (
            "RegistryName",
            Object::string_literal("http://www.color.org"),
        ),
        ("DestOutputProfile", Object::Reference(profile)),
    ]));

    if let Some(fx) = facturx {
        let date = meta.modified.as_ref().map(pdf_date).unwrap_or_default();
        facturx::embed(pdf, catalog, fx, &date);
    }
    let dict = pdf
        .get_object_mut(catalog)
        .and_then(Object::as_dict_mut)
        .map_err(|_| failed("no catalog"))?;
    dict.set("Metadata", Object::Reference(metadata));
    dict.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );
    pdf.version = "1.7".into();

    let id = file_id(pdf, metadata, facturx);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// Every font with a descriptor has its program embedded; a simple font without a
/// descriptor is one of the standard 14, which PDF/A does not allow unembedded (6.2.11.4).
fn check_fonts(pdf: &lopdf::Document) -> Result<(), RenderError> {
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let is = |key: &[u8], value: &[u8]| {
            dict.get(key)
                .and_then(Object::as_name)
                .is_ok_and(|n| n == value)
        };
        let embedded = ["FontFile", "FontFile2", "FontFile3"]
            .iter()
            .any(|k| dict.has(k.as_bytes()));
        let simple = is(b"Type", b"Font")
            && !is(b"Subtype", b"Type0")
            && !is(b"Subtype", b"Type3")
            && !dict.has(b"FontDescriptor");
        if (is(b"Type", b"FontDescriptor") && !embedded) || simple {
            return Err(failed("a font is not embedded"));
        }
    }
    Ok(())
}

/// The information dictionary's values (text decoded, dates parsed).
fn metadata(pdf: &lopdf::Document) -> Metadata {
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| pdf.get_dictionary(id))
        .ok();
    let text = |key: &[u8]| {
        info.and_then(|d| d.get(key).ok())
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let date = |key: &[u8]| {
        info.and_then(|d| d.get(key).ok())
            .and_then(|o| o.as_str().ok())
            .and_then(|s| parse_pdf_date(&String::from_utf8_lossy(s)))
    };
    Metadata {
        title: text(b"Title"),
        author: text(b"Author"),
        subject: text(b"Subject"),
        keywords: text(b"Keywords"),
        creator: text(b"Creator"),
        producer: text(b"Producer"),
        created: date(b"CreationDate"),
        modified: date(b"ModDate"),
        trapped: info
            .and_then(|d| d.get(b"Trapped").ok())
            .and_then(|o| o.as_name().ok())
            .and_then(|n| match n {
                b"True" => Some(true),
                b"False" => Some(false),
                _ => None,
            }),
    }
}

/// The information dictionary with exactly what the XMP says.
fn info_dict(meta: &Metadata) -> Dictionary {
    let mut d = Dictionary::new();
    for (key, value) in [
        ("Title", &meta.title),
        ("Author", &meta.author),
        ("Subject", &meta.subject),
        ("Keywords", &meta.keywords),
        ("Creator", &meta.creator),
        ("Producer", &meta.producer),
    ] {
        if !value.is_empty() {
            d.set(key, lopdf::text_string(value));
        }
    }
    for (key, value) in [("CreationDate", &meta.created), ("ModDate", &meta.modified)] {
        if let Some(t) = value {
            d.set(key, Object::string_literal(pdf_date(t)));
        }
    }
    if let Some(t) = meta.trapped {
        d.set("Trapped", if t { "True" } else { "False" });
    }
    d
}

/// `D:20261127100000+00'00'`.
pub(crate) fn pdf_date(t: &DateTime<FixedOffset>) -> String {
    let offset = t.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    format!(
        "D:{}{sign}{:02}'{:02}'",
        t.format("%Y%m%d%H%M%S"),
        minutes / 60,
        minutes % 60
    )
}

/// A PDF date (`D:YYYYMMDDHHmmSS` with `Z`, `+HH'mm'` or nothing, which means UTC here;
/// trailing fields may be missing, ISO 32000-1, 7.9.4).
pub(crate) fn parse_pdf_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 4 {
        return None;
    }
    let field = |at: usize, default: u32| -> Option<u32> {
        if at + 2 <= digits {
            s.get(at..at + 2)?.parse().ok()
        } else {
            Some(default)
        }
    };
    let year: i32 = s.get(..4)?.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, field(4, 1)?, field(6, 1)?)?;
    let time = date.and_hms_opt(field(8, 0)?, field(10, 0)?, field(12, 0)?)?;
    let rest: String = s[digits..].chars().filter(|c| *c != '\'').collect();
    let offset = match rest.as_bytes().first() {
        Some(sign @ (b'+' | b'-')) => {
            let hours: i32 = rest.get(1..3)?.parse().ok()?;
            let minutes: i32 = rest.get(3..5).map_or(Some(0), |m| m.parse().ok())?;
            let secs = (hours * 60 + minutes) * 60;
            FixedOffset::east_opt(if *sign == b'-' { -secs } else { secs })?
        }
        _ => FixedOffset::east_opt(0)?,
    };
    offset.from_local_datetime(&time).single()
}

/// The sRGB profile, deflated once per process (it is the same in every document).
fn srgb_stream() -> (&'static [u8], bool) {
    static DEFLATED: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    let deflated = DEFLATED.get_or_init(|| {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(icc::srgb()).ok()?;
        e.finish().ok()
    });
    match deflated {
        Some(z) => (z, true),
        None => (icc::srgb(), false),
    }
}

/// The file identifier: a hash of the writer's identifier (title, dates, page contents), the
/// XMP packet, the images and the attachment — what the document shows and carries — so it
/// is reproducible and differs between documents. Font programs follow from the contents.
fn file_id(
    pdf: &lopdf::Document,
    metadata: lopdf::ObjectId,
    facturx: Option<&FacturX<'_>>,
) -> Object {
    let mut hash = Sha256::new();
    if let Ok(Object::Array(ids)) = pdf.trailer.get(b"ID")
        && let Some(Object::String(first, _)) = ids.first()
    {
        hash.update(first);
    }
    if let Ok(Object::Stream(xmp)) = pdf.get_object(metadata) {
        hash.update(&xmp.content);
    }
    for object in pdf.objects.values() {
        if let Object::Stream(s) = object
            && s.dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image")
        {
            hash.update(&s.content);
        }
    }
    if let Some(fx) = facturx {
        hash.update(fx.relationship.as_name());
        hash.update(fx.xml);
    }
    Object::String(hash.finalize()[..16].to_vec(), StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_round_trip() {
        let t = parse_pdf_date("D:20261127100000+00'00'").expect("date");
        assert_eq!(pdf_date(&t), "D:20261127100000+00'00'");
        assert_eq!(xmp::xmp_date(&t), "2026-11-27T10:00:00+00:00");
        let t = parse_pdf_date("D:20261127100000-05'30'").expect("date");
        assert_eq!(xmp::xmp_date(&t), "2026-11-27T10:00:00-05:30");
        let t = parse_pdf_date("D:20261127100000Z").expect("date");
        assert_eq!(pdf_date(&t), "D:20261127100000+00'00'");
        let t = parse_pdf_date("D:2026").expect("year only");
        assert_eq!(xmp::xmp_date(&t), "2026-01-01T00:00:00+00:00");
        assert_eq!(parse_pdf_date("D:20261340"), None);
        assert_eq!(parse_pdf_date("soon"), None);
    }

    #[test]
    fn a_standard_font_is_refused() {
        let mut pdf = lopdf::Document::with_version("1.4");
        let catalog = pdf.add_object(Dictionary::from_iter([("Type", Object::from("Catalog"))]));
        pdf.trailer.set("Root", Object::Reference(catalog));
        pdf.add_object(Dictionary::from_iter([
            ("Type", Object::from("Font")),
            ("Subtype", Object::from("Type1")),
            ("BaseFont", Object::from("Helvetica")),
        ]));
        assert!(apply(&mut pdf, None).is_err());
    }
}
