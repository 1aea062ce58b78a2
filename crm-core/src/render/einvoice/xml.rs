//! A small XML writer: elements in document order, text escaped, no dependency. The two
//! syntaxes write a few hundred elements per document; building them as strings is the fast
//! and simple way, and the escaping here is the one place that must be right.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// An XML document being written.
pub(crate) struct Xml {
    out: String,
    open: Vec<&'static str>,
}

impl Xml {
    /// A document with the XML declaration.
    pub(crate) fn new() -> Self {
        let mut out = String::with_capacity(8 * 1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Self {
            out,
            open: Vec::new(),
        }
    }

    /// Opens `name` with `attrs` (values escaped).
    pub(crate) fn open(&mut self, name: &'static str, attrs: &[(&str, &str)]) -> &mut Self {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape(&mut self.out, v);
            self.out.push('"');
        }
        self.out.push_str(">\n");
        self.open.push(name);
        self
    }

    /// Closes the innermost open element.
    pub(crate) fn close(&mut self) -> &mut Self {
        if let Some(name) = self.open.pop() {
            self.indent();
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push_str(">\n");
        }
        self
    }

    /// `<name attrs>text</name>`.
    pub(crate) fn leaf_with(
        &mut self,
        name: &'static str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> &mut Self {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape(&mut self.out, v);
            self.out.push('"');
        }
        self.out.push('>');
        escape(&mut self.out, text);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
        self
    }

    /// `<name>text</name>`.
    pub(crate) fn leaf(&mut self, name: &'static str, text: &str) -> &mut Self {
        self.leaf_with(name, &[], text)
    }

    /// `<name>text</name>` when there is a text.
    pub(crate) fn opt(&mut self, name: &'static str, text: Option<&str>) -> &mut Self {
        if let Some(t) = text {
            self.leaf(name, t);
        }
        self
    }

    /// The finished document.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        while !self.open.is_empty() {
            self.close();
        }
        self.out.into_bytes()
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }
}

/// Escapes text and attribute values; drops characters XML 1.0 cannot carry at all (most
/// control characters), which validated input never has.
fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// An amount with exactly `minor` decimals (`1234.50`), as EN 16931 amounts are written.
pub(crate) fn amount(v: Decimal, minor: u32) -> String {
    let mut d = v.round_dp(minor);
    d.rescale(minor);
    d.to_string()
}

/// A quantity, price or rate without trailing zeros (`1.5`, `19`).
pub(crate) fn number(v: Decimal) -> String {
    let d = v.normalize();
    if d.is_zero() {
        "0".to_owned()
    } else {
        d.to_string()
    }
}

/// `YYYYMMDD` (format 102 of UNTDID 2379; also UBL's dates without dashes are not used).
pub(crate) fn date102(d: NaiveDate) -> String {
    let mut s = String::with_capacity(8);
    let _ = write!(s, "{}", d.format("%Y%m%d"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_controls_dropped() {
        let mut x = Xml::new();
        x.open("a", &[("k", "\"<&>")])
            .leaf("b", "Müller & Söhne <GmbH>\u{1}")
            .close();
        let s = String::from_utf8(x.finish()).expect("utf-8");
        assert!(s.contains("<a k=\"&quot;&lt;&amp;&gt;\">"), "{s}");
        assert!(s.contains("<b>Müller &amp; Söhne &lt;GmbH&gt;</b>"), "{s}");
        assert!(s.ends_with("</a>\n"));
    }

    #[test]
    fn numbers_are_written_as_the_standard_wants() {
        let dec = |s: &str| s.parse::<Decimal>().expect("a decimal");
        assert_eq!(amount(dec("1234.5"), 2), "1234.50");
        assert_eq!(amount(dec("-0.1"), 2), "-0.10");
        assert_eq!(amount(dec("7"), 0), "7");
        assert_eq!(number(dec("19.00")), "19");
        assert_eq!(number(dec("1.250")), "1.25");
        assert_eq!(number(dec("0.000")), "0");
        assert_eq!(
            date102(NaiveDate::from_ymd_opt(2026, 3, 9).expect("date")),
            "20260309"
        );
    }
}
