//! zlib (`/FlateDecode`) compression at a chosen level.
//!
//! lopdf's `Document::compress` always uses level 9, which cost more than half of a one-page
//! render (1.2 ms of 2.2 ms) for a few per cent of size. The crate has no direct `flate2`
//! dependency, but `zip` already links the same zlib-rs deflate encoder: an entry written
//! into an in-memory, seekable ZIP holds exactly the raw deflate data, with its size in the
//! local header. Wrapped in a zlib header and an Adler-32 trailer that is a `/FlateDecode`
//! stream. (With `flate2` as a direct dependency this file would shrink to a
//! `ZlibEncoder` call; the output would be the same.)

use std::io::{Cursor, Write};

use ::zip::write::SimpleFileOptions;
use ::zip::{CompressionMethod, ZipWriter};

/// `data` zlib-compressed at `level` (1 = fastest … 9 = smallest), or `None` if the encoder
/// failed or produced something unexpected (the caller then keeps the stream as it is).
pub(crate) fn zlib(data: &[u8], level: i64) -> Option<Vec<u8>> {
    let raw = raw_deflate(data, level)?;
    let mut out = Vec::with_capacity(raw.len() + 6);
    // CMF 0x78: deflate, 32 KiB window; FLG 0x01 makes the header a multiple of 31 (the
    // level hint bits are informational only).
    out.extend_from_slice(&[0x78, 0x01]);
    out.extend_from_slice(&raw);
    out.extend_from_slice(&adler32(data).to_be_bytes());
    Some(out)
}

/// The raw deflate data of `data`: written as the only entry of an in-memory ZIP, then cut
/// out of it using the sizes in the entry's local file header.
fn raw_deflate(data: &[u8], level: i64) -> Option<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(data.len() / 2 + 128)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(level))
        .large_file(false);
    zip.start_file("z", options).ok()?;
    zip.write_all(data).ok()?;
    let archive = zip.finish().ok()?.into_inner();

    // Local file header (APPNOTE 4.3.7): signature, version, flags at 6, method at 8,
    // compressed size at 18, name length at 26, extra length at 28, data at 30 + both.
    let u16_at = |at: usize| {
        archive
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        archive
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let signature = u32_at(0)?;
    let flags = u16_at(6)?;
    let method = u16_at(8)?;
    // Bit 3: sizes in a trailing data descriptor rather than the header (only when the
    // writer cannot seek back, which a `Cursor` can).
    if signature != 0x0403_4b50 || flags & 0x0008 != 0 || method != 8 {
        return None;
    }
    let size = usize::try_from(u32_at(18)?).ok()?;
    let start = 30 + usize::from(u16_at(26)?) + usize::from(u16_at(28)?);
    archive
        .get(start..start.checked_add(size)?)
        .map(<[u8]>::to_vec)
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
}
