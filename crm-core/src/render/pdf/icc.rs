//! The sRGB ICC profile of the PDF/A output intent, generated here rather than bundled: an
//! ICC v2.1 display ("mntr") profile of the matrix/TRC kind, with the sRGB primaries adapted
//! to the D50 connection space (Bradford, the values the ICC's own sRGB v2 profiles carry)
//! and the IEC 61966-2-1 transfer curve sampled at 256 points (linear interpolation between
//! them is off by less than 1/65535; 1,024 points cost 1.8 KB more in every PDF for
//! nothing visible). About 1 KB; nothing to license, and every value can be checked against
//! the standard.
//!
//! Structure (ICC.1:2001-04): a 128-byte header, a tag table, then the tags `desc`, `cprt`,
//! `wtpt`, `rXYZ`/`gXYZ`/`bXYZ` and one `curv` shared by `rTRC`/`gTRC`/`bTRC` — the tags the
//! specification requires of an RGB display profile.

use std::sync::OnceLock;

/// The description written into the profile, and used as the output condition's name.
pub(crate) const DESCRIPTION: &str = "sRGB IEC61966-2.1";

/// Samples of the transfer curve.
const CURVE_POINTS: usize = 256;

/// D50, the profile connection space's illuminant (ICC.1, 7.2.16).
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];
/// The sRGB primaries' colorants adapted to D50, red, green and blue.
const COLORANTS: [[f64; 3]; 3] = [
    [0.436_074_7, 0.222_504_5, 0.013_932_2],
    [0.385_064_9, 0.716_878_6, 0.097_104_5],
    [0.143_080_4, 0.060_616_9, 0.714_173_3],
];

/// The profile's bytes, built once per process.
pub(crate) fn srgb() -> &'static [u8] {
    static PROFILE: OnceLock<Vec<u8>> = OnceLock::new();
    PROFILE.get_or_init(build)
}

/// An `s15Fixed16Number`.
fn fixed(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn xyz(v: [f64; 3]) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    for c in v {
        t.extend_from_slice(&fixed(c));
    }
    t
}

/// `textDescriptionType`: ASCII, an empty Unicode and an empty ScriptCode part (v2).
fn description(text: &str) -> Vec<u8> {
    let mut t = b"desc\0\0\0\0".to_vec();
    t.extend_from_slice(&(text.len() as u32 + 1).to_be_bytes());
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t.extend_from_slice(&[0; 8]); // Unicode language code and count
    t.extend_from_slice(&[0; 3]); // ScriptCode code and count
    t.extend_from_slice(&[0; 67]); // ScriptCode string
    t
}

fn text(text: &str) -> Vec<u8> {
    let mut t = b"text\0\0\0\0".to_vec();
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t
}

/// The sRGB transfer function (IEC 61966-2-1): linear near black, a 2.4 power above.
fn curve() -> Vec<u8> {
    let mut t = b"curv\0\0\0\0".to_vec();
    t.extend_from_slice(&(CURVE_POINTS as u32).to_be_bytes());
    for i in 0..CURVE_POINTS {
        let x = i as f64 / (CURVE_POINTS - 1) as f64;
        let y = if x <= 0.040_45 {
            x / 12.92
        } else {
            ((x + 0.055) / 1.055).powf(2.4)
        };
        t.extend_from_slice(&((y * 65535.0).round() as u16).to_be_bytes());
    }
    t
}

fn build() -> Vec<u8> {
    let trc = curve();
    // (signature, data); the three TRC tags point at the same data.
    let tags: [(&[u8; 4], Vec<u8>); 6] = [
        (b"desc", description(DESCRIPTION)),
        (b"cprt", text("No copyright, use freely")),
        (b"wtpt", xyz(D50)),
        (b"rXYZ", xyz(COLORANTS[0])),
        (b"gXYZ", xyz(COLORANTS[1])),
        (b"bXYZ", xyz(COLORANTS[2])),
    ];
    let count = tags.len() + 3;
    let start = 128 + 4 + 12 * count;
    let mut table = Vec::with_capacity(4 + 12 * count);
    table.extend_from_slice(&(count as u32).to_be_bytes());
    let entry = |table: &mut Vec<u8>, sig: &[u8; 4], at: usize, len: usize| {
        table.extend_from_slice(sig);
        table.extend_from_slice(&(at as u32).to_be_bytes());
        table.extend_from_slice(&(len as u32).to_be_bytes());
    };
    let mut data = Vec::new();
    for (sig, bytes) in tags.iter().map(|(s, b)| (*s, b)).chain([(b"rTRC", &trc)]) {
        entry(&mut table, sig, start + data.len(), bytes.len());
        data.extend_from_slice(bytes);
        // Every tag starts on a four-byte boundary (ICC.1, 6.4).
        while data.len() % 4 != 0 {
            data.push(0);
        }
    }
    let trc_at = start + data.len() - trc.len().next_multiple_of(4);
    for sig in [b"gTRC", b"bTRC"] {
        entry(&mut table, sig, trc_at, trc.len());
    }

    let size = 128 + table.len() + data.len();
    let mut profile = Vec::with_capacity(size);
    profile.extend_from_slice(&(size as u32).to_be_bytes());
    profile.extend_from_slice(&[0; 4]); // preferred CMM: none
    profile.extend_from_slice(&[2, 0x10, 0, 0]); // version 2.1.0
    profile.extend_from_slice(b"mntrRGB XYZ ");
    // Creation date, fixed so the PDFs stay reproducible: 2026-01-01 00:00:00.
    for v in [2026u16, 1, 1, 0, 0, 0] {
        profile.extend_from_slice(&v.to_be_bytes());
    }
    profile.extend_from_slice(b"acsp");
    profile.extend_from_slice(&[0; 24]); // platform, flags, manufacturer, model, attributes
    profile.extend_from_slice(&[0; 4]); // rendering intent: perceptual
    for c in D50 {
        profile.extend_from_slice(&fixed(c));
    }
    profile.resize(128, 0); // creator, profile ID (none in v2), reserved
    profile.extend_from_slice(&table);
    profile.extend_from_slice(&data);
    debug_assert_eq!(profile.len(), size);
    profile
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], at: usize) -> usize {
        u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
    }

    #[test]
    fn header_and_tag_table_are_consistent() {
        let p = srgb();
        assert_eq!(u32_at(p, 0), p.len());
        assert_eq!(&p[8..12], &[2, 0x10, 0, 0]);
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        assert_eq!(&p[68..72], &fixed(0.9642));
        let count = u32_at(p, 128);
        assert_eq!(count, 9);
        let mut sigs = Vec::new();
        for i in 0..count {
            let at = 132 + 12 * i;
            let (offset, len) = (u32_at(p, at + 4), u32_at(p, at + 8));
            assert_eq!(offset % 4, 0, "aligned");
            assert!(offset + len <= p.len(), "inside the profile");
            let sig = &p[at..at + 4];
            let kind = &p[offset..offset + 4];
            let expected: &[u8] = match sig {
                b"desc" => b"desc",
                b"cprt" => b"text",
                b"rTRC" | b"gTRC" | b"bTRC" => b"curv",
                _ => b"XYZ ",
            };
            assert_eq!(kind, expected, "{}", String::from_utf8_lossy(sig));
            sigs.push(sig.to_vec());
        }
        sigs.sort();
        sigs.dedup();
        assert_eq!(sigs.len(), 9);
    }

    #[test]
    fn the_curve_is_srgb() {
        let c = curve();
        let at = |i: usize| u16::from_be_bytes([c[12 + 2 * i], c[13 + 2 * i]]);
        assert_eq!(at(0), 0);
        assert_eq!(at(CURVE_POINTS - 1), 65535);
        // Mid grey (sample 127 ≈ 0.498) is about 21.2 % linear light.
        let mid = f64::from(at(127)) / 65535.0;
        assert!((mid - 0.2122).abs() < 0.0005, "{mid}");
        assert!((1..CURVE_POINTS).all(|i| at(i) >= at(i - 1)), "monotonic");
    }
}
