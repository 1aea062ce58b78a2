//! Step 4 of the pipeline: streams compressed, the document serialised.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;

use crate::ports::RenderError;

/// Streams without a filter are deflated at a low level (lopdf's own `compress` uses the
/// slowest, level 9, for a few per cent of size), then the document is written.
pub(super) fn save(mut document: lopdf::Document) -> Result<Vec<u8>, RenderError> {
    let mut size = 1024;
    let mut pending: Vec<&mut lopdf::Stream> = Vec::new();
    for object in document.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            size += stream.content.len();
            // Tiny streams: the zlib header and checksum would eat the gain.
            if stream.allows_compression
                && stream.dict.get(b"Filter").is_err()
                && stream.content.len() >= 64
            {
                pending.push(stream);
            }
        }
    }
    let contents: Vec<&[u8]> = pending.iter().map(|s| s.content.as_slice()).collect();
    match zlib_all(&contents, DEFLATE_LEVEL) {
        Ok(compressed) => {
            for (stream, z) in pending.into_iter().zip(compressed) {
                // Only when it is smaller, as lopdf's `compress` does.
                if z.len() + 19 < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(z);
                }
            }
        }
        // Not expected (writing to memory); lopdf's own (slower) compression then runs.
        Err(_) => document.compress(),
    }
    let mut bytes = Vec::with_capacity(size);
    document
        .save_to(&mut bytes)
        .map_err(|e| RenderError(format!("writing the PDF failed: {e}")))?;
    Ok(bytes)
}

/// Deflate level of PDF streams. For the one-page invoice of the `render` bench (release
/// build): level 9 (lopdf's) 1.2 ms of compression; level 6 0.47 ms per render and 14.1 KB;
/// level 2 0.37 ms and 14.6 KB; level 1 0.25 ms but 17.0 KB (static Huffman codes only,
/// which suit font programs badly). Level 2 is nearly the smallest for a fifth less time.
const DEFLATE_LEVEL: u32 = 2;

/// Each of `parts` zlib-compressed (`/FlateDecode`) at `level`. One encoder serves all parts,
/// reset between them: setting one up costs more than compressing a small stream.
fn zlib_all(parts: &[&[u8]], level: u32) -> std::io::Result<Vec<Vec<u8>>> {
    let capacity = |part: Option<&&[u8]>| part.map_or(0, |p| p.len() / 2 + 64);
    let mut encoder = ZlibEncoder::new(
        Vec::with_capacity(capacity(parts.first())),
        Compression::new(level),
    );
    let mut out = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        encoder.write_all(part)?;
        out.push(encoder.reset(Vec::with_capacity(capacity(parts.get(i + 1))))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zlib_streams_round_trip_through_lopdf() {
        let parts: Vec<Vec<u8>> = (0..20)
            .map(|i| {
                format!("{i} 0 0 1 56.69 Tm <0012003A> Tj\n")
                    .repeat(i * 50)
                    .into_bytes()
            })
            .collect();
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let zs = zlib_all(&refs, DEFLATE_LEVEL).expect("compresses");
        assert_eq!(zs.len(), parts.len());
        for (z, part) in zs.iter().zip(&parts) {
            let mut dict = lopdf::Dictionary::new();
            dict.set("Filter", "FlateDecode");
            let back = lopdf::Stream::new(dict, z.clone()).decompressed_content();
            assert_eq!(&back.expect("a valid zlib stream"), part);
        }
        assert!(zs[19].len() < parts[19].len() / 10);
        assert!(zlib_all(&[], DEFLATE_LEVEL).expect("nothing").is_empty());
    }
}
