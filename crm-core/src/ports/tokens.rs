/// Randomness for secret tokens.
///
/// # Contract
/// - Every call returns 32 bytes from a cryptographically secure generator; two calls never
///   return the same bytes in practice. A deterministic source is for tests only.
pub trait TokenSource: Send + Sync {
    /// 256 fresh random bits.
    fn random_bytes(&self) -> [u8; 32];
}

/// The operating system's CSPRNG.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsTokenSource;

impl TokenSource for OsTokenSource {
    fn random_bytes(&self) -> [u8; 32] {
        let mut buf = [0u8; 32];
        // The OS generator failing is unrecoverable: issuing a predictable token would be worse.
        #[allow(clippy::expect_used)]
        getrandom::fill(&mut buf).expect("the OS random number generator failed");
        buf
    }
}
