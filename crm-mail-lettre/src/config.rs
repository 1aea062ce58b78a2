//! SMTP settings from one URL: `smtp://user:pass@host:port?tls=none|starttls|tls`.

use std::fmt;

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain text (only for trusted local relays and tests).
    None,
    /// Plain text, then a required STARTTLS upgrade (port 587).
    StartTls,
    /// TLS from the first byte (implicit TLS, port 465).
    Tls,
}

/// A secret that never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call only where it is used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// SMTP connection settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    /// Server host name (also the TLS server name).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Transport security.
    pub tls: TlsMode,
    /// AUTH user and password, if the server needs them.
    pub credentials: Option<(String, Secret)>,
    /// Most connections kept open in the pool.
    pub pool_size: u32,
    /// A PEM file of extra root certificates to trust (a relay with a private CA).
    pub ca_file: Option<String>,
}

/// The URL could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid SMTP URL: {0} (expected smtp://user:pass@host:port?tls=none|starttls|tls)")]
pub struct ConfigError(String);

impl SmtpConfig {
    /// Parses `smtp://[user[:pass]@]host[:port][?tls=none|starttls|tls][&pool=N][&ca=/path.pem]`;
    /// `smtps://`
    /// means implicit TLS. Default ports: 25 (none), 587 (starttls), 465 (tls). User and
    /// password are percent-decoded. The pool defaults to 16 connections: each SMTP
    /// conversation is latency-bound (lettre writes the final `.` separately, so Nagle and
    /// delayed ACKs cost ~40 ms per message), so throughput grows with connections.
    pub fn from_url(url: &str) -> Result<Self, ConfigError> {
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| ConfigError("missing scheme".into()))?;
        let mut tls = match scheme {
            "smtp" => TlsMode::StartTls,
            "smtps" => TlsMode::Tls,
            other => return Err(ConfigError(format!("unknown scheme '{other}'"))),
        };
        let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = authority.trim_end_matches('/');
        let mut pool_size = 16;
        let mut ca_file = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "tls" => {
                    tls = match v {
                        "none" => TlsMode::None,
                        "starttls" => TlsMode::StartTls,
                        "tls" => TlsMode::Tls,
                        other => return Err(ConfigError(format!("unknown tls mode '{other}'"))),
                    }
                }
                "pool" => {
                    pool_size = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=64).contains(n))
                        .ok_or_else(|| ConfigError(format!("pool must be 1–64, got '{v}'")))?
                }
                "ca" => ca_file = Some(percent_decode(v)?),
                other => return Err(ConfigError(format!("unknown parameter '{other}'"))),
            }
        }
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let credentials = match userinfo {
            Some(u) => {
                let (user, pass) = u.split_once(':').unwrap_or((u, ""));
                Some((percent_decode(user)?, Secret::new(percent_decode(pass)?)))
            }
            None => None,
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (
                h,
                Some(
                    p.parse::<u16>()
                        .map_err(|_| ConfigError(format!("bad port '{p}'")))?,
                ),
            ),
            _ => (hostport, None),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(ConfigError("missing host".into()));
        }
        let port = port.unwrap_or(match tls {
            TlsMode::None => 25,
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
        });
        Ok(Self {
            host: host.to_owned(),
            port,
            tls,
            credentials,
            pool_size,
            ca_file,
        })
    }
}

fn percent_decode(s: &str) -> Result<String, ConfigError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| ConfigError("bad percent-encoding in credentials".into()))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ConfigError("credentials are not UTF-8".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        let c = SmtpConfig::from_url("smtp://user%40x:p%3Ass@mail.example.com:2525?tls=starttls")
            .expect("valid");
        assert_eq!(
            (c.host.as_str(), c.port, c.tls),
            ("mail.example.com", 2525, TlsMode::StartTls)
        );
        let (user, pass) = c.credentials.expect("credentials");
        assert_eq!((user.as_str(), pass.expose()), ("user@x", "p:ss"));
        assert_eq!(format!("{pass:?}"), "Secret(***)");
        let c = SmtpConfig::from_url("smtp://127.0.0.1:1025?tls=none&pool=8").expect("valid");
        assert_eq!(
            (c.port, c.tls, c.pool_size, c.credentials),
            (1025, TlsMode::None, 8, None)
        );
        let c = SmtpConfig::from_url("smtps://mail.example.com").expect("valid");
        assert_eq!((c.port, c.tls), (465, TlsMode::Tls));
        assert_eq!(
            SmtpConfig::from_url("smtp://h?tls=tls")
                .expect("valid")
                .port,
            465
        );
    }

    #[test]
    fn rejects_what_it_does_not_understand() {
        for bad in [
            "http://h",
            "smtp://",
            "smtp://h:port",
            "smtp://h?tls=maybe",
            "smtp://h?x=1",
            "smtp://u:%zz@h",
        ] {
            assert!(SmtpConfig::from_url(bad).is_err(), "{bad}");
        }
    }
}
