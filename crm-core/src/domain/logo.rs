//! The company's logo: a PNG or JPEG image, checked from its bytes (never from a file name or a
//! media type the client claims), printed in the PDF letterhead and shown in the portal header.
//!
//! The bytes are kept content-addressed in the document archive (like frozen PDFs); the
//! company keeps a small [`LogoRef`] (hash, format, size), and every issued document's
//! [`Seller`](super::Seller) snapshot freezes that reference, so a document re-rendered later
//! shows the logo it was issued with.

use serde::{Deserialize, Serialize};

use super::archive::DocumentHash;
use super::validation::ValueError;

/// Largest logo file accepted, in bytes (512 KiB).
pub const MAX_LOGO_BYTES: usize = 512 * 1024;
/// Largest width and height accepted, in pixels.
pub const MAX_LOGO_SIDE: u32 = 2000;

/// The image formats a logo may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogoFormat {
    /// PNG (any colour type; transparency kept).
    Png,
    /// Baseline or progressive JPEG, greyscale or colour (not CMYK).
    Jpeg,
}

impl LogoFormat {
    /// The media type served (`image/png`, `image/jpeg`).
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }
}

/// What the company (and each issued document's seller snapshot) keeps of its logo: the
/// bytes themselves live in the archive under `sha256`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogoRef {
    /// SHA-256 of the image file: its name in the archive (hex in JSON).
    #[serde(with = "hex_hash")]
    pub sha256: DocumentHash,
    /// The format, sniffed from the bytes.
    pub format: LogoFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// File size in bytes.
    pub size: u64,
}

mod hex_hash {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use super::DocumentHash;

    pub fn serialize<S: Serializer>(h: &DocumentHash, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&h.to_hex())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DocumentHash, D::Error> {
        let s = String::deserialize(d)?;
        DocumentHash::from_hex(&s).ok_or_else(|| D::Error::custom("not a SHA-256 in hex"))
    }
}

/// Why an upload is not a usable logo. Each has a stable code, also its catalogue key
/// (`locales/*/logo.ftl`); a use case reports it as the field error of `logo`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    /// Neither PNG nor JPEG, nor any image format known (text, PDF, empty).
    #[error("the file is not a PNG or JPEG image")]
    NotAnImage,
    /// An image of another format (GIF, WebP, BMP, TIFF, SVG).
    #[error("{0} images are not supported: upload a PNG or JPEG")]
    UnsupportedFormat(&'static str),
    /// Larger than [`MAX_LOGO_BYTES`].
    #[error("the file has {size} bytes, more than {MAX_LOGO_BYTES}")]
    TooLarge {
        /// Its size in bytes (or at least this many, when the upload was cut off).
        size: usize,
    },
    /// Wider or taller than [`MAX_LOGO_SIDE`].
    #[error("the image has {width}×{height} pixels, more than {MAX_LOGO_SIDE} per side")]
    TooManyPixels {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Starts like a PNG or JPEG but does not decode (truncated, damaged).
    #[error("the image is damaged or incomplete")]
    Corrupt,
    /// A JPEG variant documents cannot show faithfully (CMYK, 12-bit, lossless, arithmetic).
    #[error("this kind of JPEG is not supported: {0}")]
    UnsupportedJpeg(&'static str),
}

impl LogoError {
    /// The stable code (`logo.not_an_image`, `logo.too_large`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotAnImage => "logo.not_an_image",
            Self::UnsupportedFormat(_) => "logo.unsupported_format",
            Self::TooLarge { .. } => "logo.too_large",
            Self::TooManyPixels { .. } => "logo.too_many_pixels",
            Self::Corrupt => "logo.corrupt",
            Self::UnsupportedJpeg(_) => "logo.unsupported_jpeg",
        }
    }
}

impl From<LogoError> for ValueError {
    fn from(e: LogoError) -> Self {
        let v = ValueError::new(e.code());
        match e {
            LogoError::UnsupportedFormat(f) => v.arg("format", f),
            LogoError::TooLarge { .. } => v.arg("max_kib", MAX_LOGO_BYTES / 1024),
            LogoError::TooManyPixels { width, height } => v
                .arg("width", width)
                .arg("height", height)
                .arg("max", MAX_LOGO_SIDE),
            LogoError::UnsupportedJpeg(what) => v.arg("kind", what),
            LogoError::NotAnImage | LogoError::Corrupt => v,
        }
    }
}

/// A checked logo: its bytes and what was read from them.
#[derive(Clone, PartialEq, Eq)]
pub struct Logo {
    reference: LogoRef,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logo")
            .field("reference", &self.reference)
            .finish_non_exhaustive()
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

impl Logo {
    /// Checks `bytes`: at most [`MAX_LOGO_BYTES`], a PNG or JPEG by its signature, at most
    /// [`MAX_LOGO_SIDE`] pixels per side (read from the header, before decoding), and — PNG —
    /// decoding completely, or — JPEG — a well-formed marker structure up to its end.
    ///
    /// # Errors
    /// The first [`LogoError`] found.
    pub fn parse(bytes: Vec<u8>) -> Result<Self, LogoError> {
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge { size: bytes.len() });
        }
        let (format, width, height) = if bytes.starts_with(PNG_SIGNATURE) {
            let (w, h) = png_check(&bytes)?;
            (LogoFormat::Png, w, h)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            let (w, h) = jpeg_check(&bytes)?;
            (LogoFormat::Jpeg, w, h)
        } else {
            return Err(match other_format(&bytes) {
                Some(f) => LogoError::UnsupportedFormat(f),
                None => LogoError::NotAnImage,
            });
        };
        Ok(Self {
            reference: LogoRef {
                sha256: DocumentHash::of(&bytes),
                format,
                width,
                height,
                size: bytes.len() as u64,
            },
            bytes,
        })
    }

    /// What the company keeps of it.
    pub fn reference(&self) -> &LogoRef {
        &self.reference
    }

    /// The image file.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The image file, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Image formats recognised only to name them in the error.
fn other_format(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some("GIF")
    } else if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("WebP")
    } else if b.starts_with(b"BM") && b.len() >= 26 {
        Some("BMP")
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        Some("TIFF")
    } else {
        let head = String::from_utf8_lossy(&b[..b.len().min(512)]).to_ascii_lowercase();
        head.contains("<svg").then_some("SVG")
    }
}

fn too_big(width: u32, height: u32) -> Result<(u32, u32), LogoError> {
    if width == 0 || height == 0 {
        Err(LogoError::Corrupt)
    } else if width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE {
        Err(LogoError::TooManyPixels { width, height })
    } else {
        Ok((width, height))
    }
}

/// The header's size, then a full decode to the end (`IEND`): a truncated file fails here.
fn png_check(bytes: &[u8]) -> Result<(u32, u32), LogoError> {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().map_err(|_| LogoError::Corrupt)?;
    let (width, height) = reader.info().size();
    too_big(width, height)?;
    let size = reader.output_buffer_size().ok_or(LogoError::Corrupt)?;
    let mut buf = vec![0; size];
    reader
        .next_frame(&mut buf)
        .map_err(|_| LogoError::Corrupt)?;
    reader.finish().map_err(|_| LogoError::Corrupt)?;
    Ok((width, height))
}

/// The JPEG's frame header (SOF): its size and kind; the markers must be well-formed up to
/// the scan and the file must end with EOI.
fn jpeg_check(b: &[u8]) -> Result<(u32, u32), LogoError> {
    let mut i = 2;
    let mut size = None;
    loop {
        // Markers may be preceded by fill bytes 0xFF.
        if b.get(i) != Some(&0xFF) {
            return Err(LogoError::Corrupt);
        }
        while b.get(i) == Some(&0xFF) {
            i += 1;
        }
        let marker = *b.get(i).ok_or(LogoError::Corrupt)?;
        i += 1;
        match marker {
            0x01 | 0xD0..=0xD7 => continue,
            0xD8 | 0xD9 | 0x00 => return Err(LogoError::Corrupt),
            _ => {}
        }
        let len = match b.get(i..i + 2) {
            Some(l) => usize::from(u16::from_be_bytes([l[0], l[1]])),
            None => return Err(LogoError::Corrupt),
        };
        let segment = b.get(i + 2..i + len).filter(|_| len >= 2);
        let segment = segment.ok_or(LogoError::Corrupt)?;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if size.is_some() {
                    return Err(LogoError::UnsupportedJpeg("several frames"));
                }
                size = Some(jpeg_frame(marker, segment)?);
            }
            0xDA => break,
            _ => {}
        }
        i += len;
    }
    let (width, height) = size.ok_or(LogoError::Corrupt)?;
    // The entropy-coded data runs to EOI; a cut-off file lacks it (trailing zero padding
    // some writers add is tolerated).
    let end = b.iter().rposition(|&x| x != 0).ok_or(LogoError::Corrupt)?;
    if end < i + 1 || b[end - 1] != 0xFF || b[end] != 0xD9 {
        return Err(LogoError::Corrupt);
    }
    Ok((width, height))
}

/// One SOF segment: baseline, extended or progressive Huffman, 8 bits, 1 or 3 components.
fn jpeg_frame(marker: u8, seg: &[u8]) -> Result<(u32, u32), LogoError> {
    let kind = match marker {
        0xC0..=0xC2 => None,
        0xC3 | 0xC7 | 0xCB | 0xCF => Some("lossless"),
        0xC5 | 0xC6 | 0xCD | 0xCE => Some("hierarchical"),
        _ => Some("arithmetic coding"),
    };
    if let Some(kind) = kind {
        return Err(LogoError::UnsupportedJpeg(kind));
    }
    if seg.len() < 6 {
        return Err(LogoError::Corrupt);
    }
    if seg[0] != 8 {
        return Err(LogoError::UnsupportedJpeg("not 8 bits per sample"));
    }
    let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
    let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
    let components = usize::from(seg[5]);
    if seg.len() < 6 + 3 * components {
        return Err(LogoError::Corrupt);
    }
    match components {
        1 | 3 => {}
        // CMYK JPEGs print in inverted or wrong colours unless the Adobe transform is
        // honoured per reader; refuse rather than print a wrong logo.
        4 => return Err(LogoError::UnsupportedJpeg("CMYK")),
        _ => return Err(LogoError::Corrupt),
    }
    if height == 0 {
        // The height comes later in a DNL marker: legal, rare, and readers differ.
        return Err(LogoError::UnsupportedJpeg("height defined later (DNL)"));
    }
    too_big(width, height)
}

/// Small generated images for tests and the demo.
pub mod samples {
    /// A `width`×`height` RGBA PNG: a two-colour mark on a transparent background.
    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, width, height);
            enc.set_color(png::ColorType::Rgba);
            enc.set_depth(png::BitDepth::Eight);
            let mut data = Vec::with_capacity((width * height * 4) as usize);
            for y in 0..height {
                for x in 0..width {
                    let inside = x * 3 < width * 2 && y * 4 > height;
                    let px: [u8; 4] = if inside {
                        [0x1f, 0x4e, 0x8c, 0xff]
                    } else if (x + y) % 7 == 0 {
                        [0xe0, 0x7a, 0x1f, 0xc0]
                    } else {
                        [0, 0, 0, 0]
                    };
                    data.extend_from_slice(&px);
                }
            }
            // Writing to memory cannot fail for a consistent header and buffer.
            if let Ok(mut w) = enc.write_header() {
                let _ = w.write_image_data(&data);
            }
        }
        out
    }

    /// A JPEG of `width`×`height` with `components` and the frame marker `sof` (`0xC0`
    /// baseline, `0xC2` progressive, …) whose markers are well-formed but whose scan is empty:
    /// enough for the header checks and `pdfimages -list`, not for showing.
    pub fn jpeg_header_only(width: u16, height: u16, components: u8, sof: u8) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        let mut sof_seg = vec![8];
        sof_seg.extend_from_slice(&height.to_be_bytes());
        sof_seg.extend_from_slice(&width.to_be_bytes());
        sof_seg.push(components);
        for c in 0..components {
            sof_seg.extend_from_slice(&[c + 1, 0x11, 0]);
        }
        b.extend_from_slice(&[0xFF, sof]);
        b.extend_from_slice(&((sof_seg.len() + 2) as u16).to_be_bytes());
        b.extend_from_slice(&sof_seg);
        b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x00, 0xFF, 0xD9]);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_is_sniffed_sized_and_decoded() {
        let bytes = samples::png(120, 40);
        let logo = Logo::parse(bytes.clone()).expect("a valid PNG");
        let r = logo.reference();
        assert_eq!((r.format, r.width, r.height), (LogoFormat::Png, 120, 40));
        assert_eq!(r.sha256, DocumentHash::of(&bytes));
        assert_eq!(r.size, bytes.len() as u64);
        // Cut off anywhere after the signature: refused as damaged.
        for cut in [bytes.len() - 1, bytes.len() / 2, 20] {
            assert_eq!(
                Logo::parse(bytes[..cut].to_vec()).map(|_| ()),
                Err(LogoError::Corrupt),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn bad_input_has_its_own_code() {
        let code = |b: Vec<u8>| Logo::parse(b).map(|_| ()).map_err(|e| e.code());
        assert_eq!(code(b"hello, world".to_vec()), Err("logo.not_an_image"));
        assert_eq!(code(Vec::new()), Err("logo.not_an_image"));
        assert_eq!(
            code(b"GIF89a\x01\0\x01\0".to_vec()),
            Err("logo.unsupported_format")
        );
        assert_eq!(
            code(b"<?xml version='1.0'?><svg xmlns='x'/>".to_vec()),
            Err("logo.unsupported_format")
        );
        let mut big = samples::png(10, 10);
        big.resize(MAX_LOGO_BYTES + 1, 0);
        assert_eq!(code(big), Err("logo.too_large"));
        assert_eq!(code(samples::png(2001, 3)), Err("logo.too_many_pixels"));
        assert_eq!(
            code(samples::jpeg_header_only(100, 2500, 3, 0xC0)),
            Err("logo.too_many_pixels")
        );
        assert_eq!(
            code(samples::jpeg_header_only(100, 50, 4, 0xC0)),
            Err("logo.unsupported_jpeg")
        );
        assert_eq!(
            code(samples::jpeg_header_only(100, 50, 3, 0xC9)),
            Err("logo.unsupported_jpeg")
        );
        let jpeg = samples::jpeg_header_only(100, 50, 3, 0xC2);
        let logo = Logo::parse(jpeg.clone()).expect("progressive is fine");
        assert_eq!(logo.reference().format, LogoFormat::Jpeg);
        assert_eq!((logo.reference().width, logo.reference().height), (100, 50));
        assert_eq!(
            code(jpeg[..jpeg.len() - 2].to_vec()),
            Err("logo.corrupt"),
            "no EOI"
        );
        assert_eq!(code(jpeg[..9].to_vec()), Err("logo.corrupt"));
    }

    #[test]
    fn the_reference_reads_back_from_json_with_a_hex_hash() {
        let logo = Logo::parse(samples::png(4, 4)).expect("valid");
        let json = serde_json::to_value(logo.reference()).expect("serialises");
        assert_eq!(json["sha256"], logo.reference().sha256.to_hex());
        assert_eq!(json["format"], "png");
        let back: LogoRef = serde_json::from_value(json).expect("reads back");
        assert_eq!(&back, logo.reference());
    }
}
