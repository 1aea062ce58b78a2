//! The company logo in the letterhead: its box (top left, scaled to fit 45 × 18 mm keeping
//! its aspect ratio) and the image XObject drawn there, added to the first page after the
//! layout was converted to PDF objects (step 2 of the module docs' pipeline).
//!
//! A JPEG is embedded as it is (`/DCTDecode`); a PNG is decoded and its samples embedded
//! zlib-compressed (`/FlateDecode`), its alpha channel (or `tRNS` transparency) as a soft mask
//! (`/SMask`).

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::layout::Geometry;
use crate::domain::{Logo, LogoFormat, LogoRef};
use crate::ports::RenderError;

const PT_PER_MM: f32 = 72.0 / 25.4;
/// The box the logo is fitted into.
const BOX_W: f32 = 45.0 * PT_PER_MM;
const BOX_H: f32 = 18.0 * PT_PER_MM;
/// Space between the logo and the company name below it.
pub(crate) const GAP: f32 = 4.0 * PT_PER_MM;
/// The resource name of the image on the page.
const NAME: &str = "CrmLogo";

/// Width and height in pt of `logo` fitted into the letterhead's box.
pub(crate) fn fit(logo: &LogoRef) -> (f32, f32) {
    let (w, h) = (logo.width.max(1) as f32, logo.height.max(1) as f32);
    let scale = (BOX_W / w).min(BOX_H / h);
    (w * scale, h * scale)
}

fn failed(what: &str) -> RenderError {
    RenderError(format!("embedding the logo failed: {what}"))
}

/// Draws `logo` on the first page of `pdf` at the letterhead's top left (`geo`).
pub(crate) fn place(
    pdf: &mut lopdf::Document,
    logo: &Logo,
    geo: &Geometry,
) -> Result<(), RenderError> {
    let page = *pdf
        .get_pages()
        .get(&1)
        .ok_or_else(|| failed("no first page"))?;
    let image = image_object(pdf, logo)?;
    let (w, h) = fit(logo.reference());
    let (x, y) = (geo.left, geo.height - geo.top - h);
    // The page's own content is wrapped in q … Q so whatever state it leaves does not move
    // the image.
    let open = pdf.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
    let draw = format!("Q\nq {w:.3} 0 0 {h:.3} {x:.3} {y:.3} cm /{NAME} Do Q\n");
    let draw = pdf.add_object(Stream::new(Dictionary::new(), draw.into_bytes()));
    let resources = resources_of(pdf, page)?;
    let dict = pdf
        .get_object_mut(resources)
        .and_then(Object::as_dict_mut)
        .map_err(|_| failed("page resources"))?;
    let mut xobjects = match dict.get(b"XObject") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    xobjects.set(NAME, Object::Reference(image));
    dict.set("XObject", Object::Dictionary(xobjects));
    let page_dict = pdf
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .map_err(|_| failed("page"))?;
    let mut contents = match page_dict.get(b"Contents") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    contents.insert(0, Object::Reference(open));
    contents.push(Object::Reference(draw));
    page_dict.set("Contents", Object::Array(contents));
    Ok(())
}

/// The page's resource dictionary as an object of its own (moved out of the page if it was
/// inline), so it can be changed in place.
fn resources_of(pdf: &mut lopdf::Document, page: ObjectId) -> Result<ObjectId, RenderError> {
    let page_dict = pdf
        .get_object(page)
        .and_then(Object::as_dict)
        .map_err(|_| failed("page"))?;
    match page_dict.get(b"Resources") {
        Ok(Object::Reference(id)) => Ok(*id),
        Ok(Object::Dictionary(d)) => {
            let d = d.clone();
            let id = pdf.add_object(Object::Dictionary(d));
            if let Ok(page_dict) = pdf.get_object_mut(page).and_then(Object::as_dict_mut) {
                page_dict.set("Resources", Object::Reference(id));
            }
            Ok(id)
        }
        _ => {
            let id = pdf.add_object(Object::Dictionary(Dictionary::new()));
            if let Ok(page_dict) = pdf.get_object_mut(page).and_then(Object::as_dict_mut) {
                page_dict.set("Resources", Object::Reference(id));
            }
            Ok(id)
        }
    }
}

fn image_dict(width: u32, height: u32, color_space: &str, filter: &str) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", "XObject");
    d.set("Subtype", "Image");
    d.set("Width", i64::from(width));
    d.set("Height", i64::from(height));
    d.set("ColorSpace", color_space);
    d.set("BitsPerComponent", 8);
    d.set("Filter", filter);
    d
}

/// An image stream whose content is already encoded (`allows_compression` off, so
/// `save_lopdf` leaves it alone).
fn encoded(dict: Dictionary, content: Vec<u8>) -> Stream {
    let mut s = Stream::new(dict, content);
    s.allows_compression = false;
    s
}

fn image_object(pdf: &mut lopdf::Document, logo: &Logo) -> Result<ObjectId, RenderError> {
    let r = logo.reference();
    match r.format {
        LogoFormat::Jpeg => {
            let space = match jpeg_components(logo.bytes()) {
                Some(1) => "DeviceGray",
                _ => "DeviceRGB",
            };
            let dict = image_dict(r.width, r.height, space, "DCTDecode");
            Ok(pdf.add_object(encoded(dict, logo.bytes().to_vec())))
        }
        LogoFormat::Png => {
            let raster = decode_png(logo.bytes())?;
            let mut dict = image_dict(r.width, r.height, raster.color_space, "FlateDecode");
            if let Some(alpha) = raster.alpha {
                let mask = image_dict(r.width, r.height, "DeviceGray", "FlateDecode");
                let mask = pdf.add_object(encoded(mask, zlib(&alpha)?));
                dict.set("SMask", Object::Reference(mask));
            }
            Ok(pdf.add_object(encoded(dict, zlib(&raster.color)?)))
        }
    }
}

/// The component count of a JPEG's frame header (checked when the logo was uploaded).
fn jpeg_components(b: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        if matches!(marker, 0xC0..=0xC2) {
            return b.get(i + 9).copied();
        }
        i += 2 + len;
    }
    None
}

/// A PNG's samples as PDF wants them: 8 bits, grey or RGB, alpha apart.
struct Raster {
    color_space: &'static str,
    color: Vec<u8>,
    /// `None` when every pixel is opaque.
    alpha: Option<Vec<u8>>,
}

fn decode_png(bytes: &[u8]) -> Result<Raster, RenderError> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // Palette and low bit depths to 8 bits, tRNS to an alpha channel, 16 bits to 8.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| failed(&e.to_string()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| failed("image too large"))?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| failed(&e.to_string()))?;
    buf.truncate(info.buffer_size());
    let (channels, space, has_alpha) = match info.color_type {
        png::ColorType::Grayscale => (1, "DeviceGray", false),
        png::ColorType::GrayscaleAlpha => (2, "DeviceGray", true),
        png::ColorType::Rgb => (3, "DeviceRGB", false),
        png::ColorType::Rgba => (4, "DeviceRGB", true),
        png::ColorType::Indexed => return Err(failed("palette not expanded")),
    };
    if info.bit_depth != png::BitDepth::Eight {
        return Err(failed("not 8 bits after expansion"));
    }
    if !has_alpha {
        return Ok(Raster {
            color_space: space,
            color: buf,
            alpha: None,
        });
    }
    let colour = channels - 1;
    let pixels = buf.len() / channels;
    let mut color = Vec::with_capacity(pixels * colour);
    let mut alpha = Vec::with_capacity(pixels);
    for px in buf.chunks_exact(channels) {
        color.extend_from_slice(&px[..colour]);
        alpha.push(px[colour]);
    }
    let opaque = alpha.iter().all(|&a| a == 0xFF);
    Ok(Raster {
        color_space: space,
        color,
        alpha: (!opaque).then_some(alpha),
    })
}

fn zlib(data: &[u8]) -> Result<Vec<u8>, RenderError> {
    let mut e = ZlibEncoder::new(Vec::with_capacity(data.len() / 4 + 64), Compression::new(6));
    e.write_all(data).map_err(|e| failed(&e.to_string()))?;
    e.finish().map_err(|e| failed(&e.to_string()))
}
