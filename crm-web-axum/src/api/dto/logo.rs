//! The company's logo on the wire.

use super::*;

/// The company's logo as stored: the file is `GET /company/logo`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LogoOut {
    /// SHA-256 of the file, lower-case hex.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
    /// `image/png` or `image/jpeg`, read from the file.
    pub media_type: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// File size in bytes.
    pub size: u64,
}

impl From<&crm_core::domain::LogoRef> for LogoOut {
    fn from(r: &crm_core::domain::LogoRef) -> Self {
        Self {
            sha256: r.sha256.to_hex(),
            media_type: r.format.media_type().into(),
            width: r.width,
            height: r.height,
            size: r.size,
        }
    }
}
