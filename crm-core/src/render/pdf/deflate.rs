//! zlib (`/FlateDecode`) compression at a chosen level.
//!
//! lopdf's `Document::compress` always uses level 9, which cost more than half of a one-page
//! render (1.2 ms of 2.2 ms) for a few per cent of size. The crate has no direct `flate2`
//! dependency, but `zip` already links the same zlib-rs deflate encoder: an entry written
//! into an in-memory, seekable ZIP holds exactly the raw deflate data, with its size in the
//! local header. Wrapped in a zlib header and an Adler-32 trailer that is a `/FlateDecode`
//! stream. (With `flate2` as a direct dependency this file would shrink to a
//! `ZlibEncoder` call; the output would be the same.) All streams of a document go through
//! one archive, so the encoder is set up once per document.

use std::io::{Cursor, Write};

use ::zip::write::SimpleFileOptions;
use ::zip::{CompressionMethod, ZipWriter};

/// `data` zlib-compressed at `level` (1 = fastest … 9 = smallest), or `None` if the encoder
/// failed or produced something unexpected (the caller then keeps the stream as it is).
#[cfg(test)]
pub(crate) fn zlib(data: &[u8], level: i64) -> Option<Vec<u8>> {
    zlib_all(&[data], level)?.pop()
}

/// Each of `parts` zlib-compressed at `level` (1 = fastest … 9 = smallest), or `None` if
/// the encoder failed or produced something unexpected (the caller then keeps the streams
/// as they are). One encoder serves all parts: setting one up costs more than compressing
/// a small stream.
pub(crate) fn zlib_all(parts: &[&[u8]], level: i64) -> Option<Vec<Vec<u8>>> {
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 2 + 256)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(level))
        .large_file(false);
    for (i, part) in parts.iter().enumerate() {
        zip.start_file(i.to_string(), options).ok()?;
        zip.write_all(part).ok()?;
    }
    let archive = zip.finish().ok()?.into_inner();

    // Local file headers (APPNOTE 4.3.7), one after the other: signature, version, flags at
    // 6, method at 8, compressed size at 18, name length at 26, extra length at 28, then the
    // name, the extra field and the data.
    let u16_at = |at: usize| {
        archive
            .get(at..at.checked_add(2)?)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        archive
            .get(at..at.checked_add(4)?)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut out = Vec::with_capacity(parts.len());
    let mut at = 0;
    for part in parts {
        let signature = u32_at(at)?;
        let flags = u16_at(at + 6)?;
        let method = u16_at(at + 8)?;
        // Bit 3: sizes in a trailing data descriptor rather than the header (only when the
        // writer cannot seek back, which a `Cursor` can).
        if signature != 0x0403_4b50 || flags & 0x0008 != 0 || method != 8 {
            return None;
        }
        let size = usize::try_from(u32_at(at + 18)?).ok()?;
        let start = at + 30 + usize::from(u16_at(at + 26)?) + usize::from(u16_at(at + 28)?);
        let end = start.checked_add(size)?;
        let raw = archive.get(start..end)?;
        let mut z = Vec::with_capacity(raw.len() + 6);
        // CMF 0x78: deflate, 32 KiB window; FLG 0x01 makes the header a multiple of 31 (the
        // level hint bits are informational only).
        z.extend_from_slice(&[0x78, 0x01]);
        z.extend_from_slice(raw);
        z.extend_from_slice(&adler32(part).to_be_bytes());
        out.push(z);
        at = end;
    }
    Some(out)
}

/// The Adler-32 checksum (RFC 1950) that ends a zlib stream.
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    // 5552 is the most bytes that can be summed before `b` could overflow a u32.
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(zlib: &[u8]) -> Vec<u8> {
        let mut dict = lopdf::Dictionary::new();
        dict.set("Filter", "FlateDecode");
        lopdf::Stream::new(dict, zlib.to_vec())
            .decompressed_content()
            .expect("valid zlib stream")
    }

    #[test]
    fn adler32_matches_known_values() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        // Long enough to exercise the modulo steps.
        let long: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let (mut a, mut b) = (1u64, 0u64);
        for &x in &long {
            a = (a + u64::from(x)) % 65_521;
            b = (b + a) % 65_521;
        }
        assert_eq!(adler32(&long), ((b << 16) | a) as u32);
    }

    #[test]
    fn round_trips_at_every_level() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("{i} 0 0 1 56.69 {} Tm <0012003A> Tj\n", i % 800).into_bytes())
            .collect();
        for level in 1..=9 {
            let z = zlib(&text, level).expect("compresses");
            assert!(z.len() < text.len() / 3, "level {level}: {}", z.len());
            assert_eq!(inflate(&z), text, "level {level}");
        }
        for data in [&b""[..], b"x", &[0u8, 255, 7, 9]] {
            assert_eq!(inflate(&zlib(data, 6).expect("compresses")), data);
        }
    }

    #[test]
    fn compresses_many_parts_in_one_go() {
        let parts: Vec<Vec<u8>> = (0..20)
            .map(|i| format!("part {i} ").repeat(i * 50).into_bytes())
            .collect();
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let zs = zlib_all(&refs, 1).expect("compresses");
        assert_eq!(zs.len(), parts.len());
        for (z, part) in zs.iter().zip(&parts) {
            assert_eq!(&inflate(z), part);
        }
        assert_eq!(zlib_all(&[], 1), Some(Vec::new()));
    }
}
