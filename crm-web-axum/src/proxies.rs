//! Trusted reverse proxies by address range, and the keys rate limits count a client under.
//!
//! `X-Forwarded-For` is whatever the sender wrote, so it is read only when the TCP peer is a
//! proxy the operator named (`CRM_TRUSTED_PROXIES=10.0.0.0/8,…`); then the header is walked from
//! the right, past the entries of further trusted proxies, to the first address that is not one:
//! the client. Rate limits count an IPv6 client by its /64, which one subscriber owns whole.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::atomic::{AtomicBool, Ordering};

/// A range of addresses (`10.0.0.0/8`, `fd00::/8`, or a single address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    base: IpAddr,
    prefix: u8,
}

/// A range that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an address range: {0:?} (expected e.g. 10.0.0.0/8 or fd00::/8)")]
pub struct RangeError(pub String);

impl IpRange {
    /// Parses `addr/prefix` or a bare address (a range of one).
    pub fn parse(s: &str) -> Result<Self, RangeError> {
        let bad = || RangeError(s.to_owned());
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().map_err(|_| bad())?)),
            None => (s.trim(), None),
        };
        let base = canonical(addr.parse::<IpAddr>().map_err(|_| bad())?);
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return Err(bad());
        }
        Ok(Self { base, prefix })
    }

    /// Parses a comma-separated list; empty entries are skipped.
    pub fn parse_list(s: &str) -> Result<Vec<Self>, RangeError> {
        s.split(',')
            .filter(|p| !p.trim().is_empty())
            .map(Self::parse)
            .collect()
    }

    /// Loopback and the private ranges (RFC 1918, unique-local IPv6): where a reverse proxy in
    /// front of the server usually sits.
    pub fn private() -> Vec<Self> {
        [
            "127.0.0.0/8",
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "::1/128",
            "fc00::/7",
        ]
        .iter()
        .filter_map(|r| Self::parse(r).ok())
        .collect()
    }

    /// Whether `ip` is in the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, canonical(ip)) {
            (IpAddr::V4(b), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(b) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(b), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(b) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for IpRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.base, self.prefix)
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, as dual-stack sockets report IPv4 peers) as
/// the IPv4 address they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy; then the rightmost
/// entry of `forwarded` (the `X-Forwarded-For` values, in order) that is not a trusted proxy.
pub fn client_behind(peer: IpAddr, forwarded: &[&str], trusted: &[IpRange]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|r| r.contains(ip));
    let peer = canonical(peer);
    if !is_trusted(peer) {
        if !forwarded.is_empty() && is_private(peer) {
            warn_once(
                &UNTRUSTED_HEADER,
                peer,
                "X-Forwarded-For from a peer that is not a trusted proxy is ignored (set CRM_TRUSTED_PROXIES to the proxy's range)",
            );
        }
        return peer;
    }
    let entries: Vec<IpAddr> = forwarded
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok().map(canonical))
        .collect();
    if entries.is_empty() {
        warn_once(
            &MISSING_HEADER,
            peer,
            "a request from a trusted proxy carries no X-Forwarded-For: rate limits count the proxy",
        );
    }
    let mut client = peer;
    for ip in entries.iter().rev() {
        client = *ip;
        if !is_trusted(*ip) {
            break;
        }
    }
    client
}

fn is_private(ip: IpAddr) -> bool {
    // Parsed once, not on every request that carries the header.
    static PRIVATE: std::sync::OnceLock<Vec<IpRange>> = std::sync::OnceLock::new();
    PRIVATE
        .get_or_init(IpRange::private)
        .iter()
        .any(|r| r.contains(ip))
}

static UNTRUSTED_HEADER: AtomicBool = AtomicBool::new(false);
static MISSING_HEADER: AtomicBool = AtomicBool::new(false);

/// Logs a misconfiguration once per process (not once per request).
fn warn_once(flag: &AtomicBool, peer: IpAddr, message: &'static str) {
    if !flag.swap(true, Ordering::Relaxed) {
        tracing::warn!(peer = %peer, "{message}");
    }
}

/// The key a rate limit counts `ip` under: the address itself for IPv4, its /64 for IPv6.
pub fn rate_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let net = u128::from(v6) & (u128::MAX << 64);
            format!("{}/64", Ipv6Addr::from(net))
        }
    }
}

/// The address of in-process requests that carry no peer (tests, `oneshot`).
pub const UNKNOWN: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

#[cfg(test)]
mod tests;
