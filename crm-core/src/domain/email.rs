//! Email addresses, checked strictly enough to be safe in mail headers.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::validation::ValueError;

/// Maximum length of a whole address (RFC 5321 path limit minus the angle brackets).
const MAX_LEN: usize = 254;
/// Maximum length of the part before the `@` (RFC 5321).
const MAX_LOCAL_LEN: usize = 64;
/// Maximum length of one DNS label (RFC 1035).
const MAX_LABEL_LEN: usize = 63;

/// A syntactically valid email address: an RFC 5322 dot-atom local part, an `@` and a DNS
/// domain name with a top-level domain.
///
/// The domain is stored lowercased (it is case-insensitive); the local part is kept as typed,
/// because strictly it may be case-sensitive. Use [`EmailAddress::normalized`] for lookups.
/// Quoted local parts, IP-literal domains and non-ASCII addresses are rejected: they are legal
/// but almost always typos, and the mail path may not support them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses an address typed by a user; surrounding whitespace is ignored.
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let t = input.trim();
        if t.is_empty() {
            return Err(ValueError::new("email.empty"));
        }
        // Checked before anything else: CR/LF would allow header injection.
        if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ValueError::new("email.invalid_char"));
        }
        if t.chars().count() > MAX_LEN {
            return Err(ValueError::new("email.too_long").arg("max_len", MAX_LEN));
        }
        let (local, domain) = match t.split_once('@') {
            Some((l, d)) if !d.contains('@') => (l, d),
            _ => {
                return Err(ValueError::new("email.at_sign"));
            }
        };
        if !is_dot_atom(local) || local.len() > MAX_LOCAL_LEN {
            return Err(ValueError::new("email.local_part").arg("max_local_len", MAX_LOCAL_LEN));
        }
        let domain = domain.to_ascii_lowercase();
        if !is_domain(&domain) {
            return Err(ValueError::new("email.domain"));
        }
        Ok(Self(format!("{local}@{domain}")))
    }

    /// The address as stored: local part as typed, domain lowercased.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(l, _)| l)
    }

    /// The domain (lowercase), e.g. `example.com`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, d)| d)
    }

    /// The fully lowercased address, for duplicate checks and lookups (virtually every mail
    /// server treats the local part case-insensitively).
    pub fn normalized(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

/// RFC 5322 `atext`: the characters allowed in an unquoted local part besides dots.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

/// A dot-atom: atoms of `atext` separated by single dots, no leading or trailing dot.
fn is_dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
}

/// A lowercase DNS name with at least two labels whose last label is a plausible TLD.
fn is_domain(d: &str) -> bool {
    let labels: Vec<&str> = d.split('.').collect();
    if labels.len() < 2 || !labels.iter().all(|l| is_ldh_label(l)) {
        return false;
    }
    labels.last().is_some_and(|tld| {
        // Punycode TLDs (xn--p1ai) are IDN TLDs in ASCII form; numeric TLDs do not exist.
        tld.starts_with("xn--") && tld.len() > 4
            || tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_lowercase())
    })
}

/// A letter-digit-hyphen label of 1–63 characters, not starting or ending with a hyphen.
fn is_ldh_label(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= MAX_LABEL_LEN
        && !l.starts_with('-')
        && !l.ends_with('-')
        && l.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for EmailAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for EmailAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::domain::locale::Locale;

    fn code(input: &str) -> &'static str {
        EmailAddress::parse(input).unwrap_err().code()
    }

    #[test]
    fn accepts_common_addresses() {
        for ok in [
            "name@example.com",
            "first.last@example.co.uk",
            "user+tag@sub.example.org",
            "x@ab.de",
            "o'brien@example.ie",
            "a!#$%&'*+-/=?^_`{|}~z@example.com",
            "123@456.example",
            "info@my-company.de",
            "user@xn--mller-kva.de",
            "user@example.xn--p1ai",
        ] {
            let e = EmailAddress::parse(ok).unwrap();
            assert_eq!(e.as_str(), ok);
        }
    }

    #[test]
    fn trims_and_lowercases_only_the_domain() {
        let e = EmailAddress::parse("  John.Doe@Example.COM \n").unwrap();
        assert_eq!(e.as_str(), "John.Doe@example.com");
        assert_eq!(e.local_part(), "John.Doe");
        assert_eq!(e.domain(), "example.com");
        assert_eq!(e.normalized(), "john.doe@example.com");
        assert_eq!(e.to_string(), "John.Doe@example.com");
        assert_eq!(e.as_ref(), "John.Doe@example.com");
    }

    #[test]
    fn equal_when_only_domain_case_differs() {
        assert_eq!(
            EmailAddress::parse("a@EXAMPLE.com").unwrap(),
            EmailAddress::parse("a@example.COM").unwrap()
        );
        assert_ne!(
            EmailAddress::parse("A@example.com").unwrap(),
            EmailAddress::parse("a@example.com").unwrap()
        );
    }

    #[test]
    fn rejects_empty() {
        assert_eq!(code(""), "email.empty");
        assert_eq!(code("   "), "email.empty");
    }

    #[test]
    fn rejects_header_injection_and_whitespace() {
        for bad in [
            "a@example.com\r\nBcc: victim@example.com",
            "a@example.com\nx",
            "a\r@example.com",
            "a b@example.com",
            "a@exa mple.com",
            "a\t@example.com",
            "a@example.com\u{0}",
            "a\u{a0}b@example.com",
        ] {
            assert_eq!(code(bad), "email.invalid_char", "{bad:?}");
        }
    }

    #[test]
    fn requires_exactly_one_at() {
        assert_eq!(code("example.com"), "email.at_sign");
        assert_eq!(code("a@b@example.com"), "email.at_sign");
        assert_eq!(code("\"a@b\"@example.com"), "email.at_sign");
    }

    #[test]
    fn rejects_bad_local_parts() {
        for bad in [
            "@example.com",
            ".a@example.com",
            "a.@example.com",
            "a..b@example.com",
            "a(b)@example.com",
            "a,b@example.com",
            "a:b@example.com",
            "a;b@example.com",
            "a<b@example.com",
            "a\\b@example.com",
            "\"ab\"@example.com",
            "müller@example.com",
        ] {
            assert_eq!(code(bad), "email.local_part", "{bad}");
        }
        let max = format!("{}@example.com", "a".repeat(64));
        assert!(EmailAddress::parse(&max).is_ok());
        let over = format!("{}@example.com", "a".repeat(65));
        assert_eq!(code(&over), "email.local_part");
    }

    #[test]
    fn rejects_bad_domains() {
        for bad in [
            "a@",
            "a@localhost",
            "a@example",
            "a@.example.com",
            "a@example.com.",
            "a@example..com",
            "a@-example.com",
            "a@example-.com",
            "a@exa_mple.com",
            "a@example.c",
            "a@example.c0m",
            "a@example.123",
            "a@[127.0.0.1]",
            "a@127.0.0.1",
            "a@müller.de",
            "a@example.xn--",
        ] {
            assert_eq!(code(bad), "email.domain", "{bad}");
        }
        let label63 = format!("a@{}.com", "b".repeat(63));
        assert!(EmailAddress::parse(&label63).is_ok());
        let label64 = format!("a@{}.com", "b".repeat(64));
        assert_eq!(code(&label64), "email.domain");
    }

    #[test]
    fn enforces_total_length() {
        // 64 + 1 + 189 = 254 characters.
        let domain = format!(
            "{}.{}.{}.com",
            "a".repeat(61),
            "b".repeat(61),
            "c".repeat(61)
        );
        let ok = format!("{}@{domain}", "x".repeat(64));
        assert_eq!(ok.len(), 254);
        assert!(EmailAddress::parse(&ok).is_ok());
        let long = format!("{}@{domain}x", "x".repeat(64));
        assert_eq!(code(&long), "email.too_long");
    }

    #[test]
    fn messages_explain_the_expected_format_in_both_languages() {
        let e = EmailAddress::parse("no-at-sign").unwrap_err();
        assert!(e.to_string().contains("name@example.com"));
        assert!(e.message(Locale::De).contains("genau ein '@'"));
        let e = EmailAddress::parse("a@b").unwrap_err();
        assert!(e.message(Locale::En).contains("top-level domain"));
        assert!(e.message(Locale::De).contains("Top-Level-Domain"));
        let e = EmailAddress::parse("a..b@example.com").unwrap_err();
        assert!(e.message(Locale::En).contains("{ | }"));
    }

    #[test]
    fn serde_round_trips_as_a_string_and_validates() {
        let e = EmailAddress::parse("Jane@Example.org").unwrap();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, "\"Jane@example.org\"");
        let back: EmailAddress = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        let err = serde_json::from_str::<EmailAddress>("\"a@b\\r\\nBcc: x@y.z\"").unwrap_err();
        assert!(err.to_string().contains("line breaks"), "{err}");
        assert!(serde_json::from_str::<EmailAddress>("42").is_err());
    }
}
