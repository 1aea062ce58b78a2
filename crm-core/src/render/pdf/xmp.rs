//! The XMP metadata packet of a PDF/A-3b document (ISO 19005-3, 6.6), written from the same
//! [`Metadata`] as the document information dictionary, so the two agree as 6.6.2.3 requires
//! (Title ↔ `dc:title`, Author ↔ `dc:creator`, Subject ↔ `dc:description`, Keywords ↔
//! `pdf:Keywords`, Creator ↔ `xmp:CreatorTool`, Producer ↔ `pdf:Producer`, CreationDate ↔
//! `xmp:CreateDate`, ModDate ↔ `xmp:ModifyDate`, Trapped ↔ `pdf:Trapped`).
//!
//! A Factur-X / ZUGFeRD hybrid also carries the `fx` properties and, because `fx` is not a
//! schema PDF/A knows, the PDF/A extension schema that describes them (Factur-X 1.0.7, 6.2.2;
//! the same text as the reference XMP in the `factur-x` package).

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

/// The document's descriptive metadata; empty strings are left out of both places.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    /// The application that made the content (Info `/Creator`).
    pub creator: String,
    pub producer: String,
    pub created: Option<DateTime<FixedOffset>>,
    pub modified: Option<DateTime<FixedOffset>>,
    pub trapped: Option<bool>,
}

/// The `fx` properties of an embedded Factur-X invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FacturXProperties {
    pub file_name: &'static str,
    pub conformance_level: &'static str,
}

/// The Factur-X XMP namespace (the mixed case and the trailing `#` are the specification's).
pub(crate) const FX_NAMESPACE: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

/// `2026-11-27T10:00:00+00:00`, the XMP date form (ISO 8601).
pub(crate) fn xmp_date(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Text as XML character data or attribute value.
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
}

fn property(out: &mut String, name: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    let _ = write!(out, "   <{name}>");
    escape(out, value);
    let _ = writeln!(out, "</{name}>");
}

/// A language alternative with only the default entry (`dc:title`, `dc:description`).
fn alternative(out: &mut String, name: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    let _ = write!(out, "   <{name}><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    escape(out, value);
    let _ = writeln!(out, "</rdf:li></rdf:Alt></{name}>");
}

/// The packet, with the `xpacket` wrapper (writable, no padding: nobody edits it in place).
pub(crate) fn packet(meta: &Metadata, fx: Option<&FacturXProperties>) -> String {
    let mut x = String::with_capacity(if fx.is_some() { 4096 } else { 1536 });
    x.push_str(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         \x20<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
         \x20  <pdfaid:part>3</pdfaid:part>\n\
         \x20  <pdfaid:conformance>B</pdfaid:conformance>\n\
         \x20</rdf:Description>\n\
         \x20<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
         \x20  <dc:format>application/pdf</dc:format>\n",
    );
    alternative(&mut x, "dc:title", &meta.title);
    if !meta.author.is_empty() {
        x.push_str("   <dc:creator><rdf:Seq><rdf:li>");
        escape(&mut x, &meta.author);
        x.push_str("</rdf:li></rdf:Seq></dc:creator>\n");
    }
    alternative(&mut x, "dc:description", &meta.subject);
    x.push_str(
        " </rdf:Description>\n\
         \x20<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n",
    );
    property(&mut x, "xmp:CreatorTool", &meta.creator);
    let created = meta.created.as_ref().map(xmp_date).unwrap_or_default();
    let modified = meta.modified.as_ref().map(xmp_date).unwrap_or_default();
    property(&mut x, "xmp:CreateDate", &created);
    property(&mut x, "xmp:ModifyDate", &modified);
    // The metadata were last changed when the document was.
    property(&mut x, "xmp:MetadataDate", &modified);
    x.push_str(
        " </rdf:Description>\n\
         \x20<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n",
    );
    property(&mut x, "pdf:Producer", &meta.producer);
    property(&mut x, "pdf:Keywords", &meta.keywords);
    if let Some(trapped) = meta.trapped {
        property(
            &mut x,
            "pdf:Trapped",
            if trapped { "True" } else { "False" },
        );
    }
    x.push_str(" </rdf:Description>\n");
    if let Some(fx) = fx {
        factur_x(&mut x, fx);
    }
    x.push_str("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    x
}

/// The `fx` values and the extension schema describing them.
fn factur_x(x: &mut String, fx: &FacturXProperties) {
    let _ = writeln!(
        x,
        " <rdf:Description rdf:about=\"\" xmlns:fx=\"{FX_NAMESPACE}\">"
    );
    property(x, "fx:DocumentType", "INVOICE");
    property(x, "fx:DocumentFileName", fx.file_name);
    property(x, "fx:Version", "1.0");
    property(x, "fx:ConformanceLevel", fx.conformance_level);
    x.push_str(" </rdf:Description>\n");
    let _ = writeln!(
        x,
        " <rdf:Description rdf:about=\"\" \
         xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
         xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
         xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n\
         \x20  <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n\
         \x20   <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\n\
         \x20   <pdfaSchema:namespaceURI>{FX_NAMESPACE}</pdfaSchema:namespaceURI>\n\
         \x20   <pdfaSchema:prefix>fx</pdfaSchema:prefix>\n\
         \x20   <pdfaSchema:property><rdf:Seq>"
    );
    for (name, description) in [
        ("DocumentFileName", "name of the embedded XML invoice file"),
        ("DocumentType", "INVOICE"),
        ("Version", "The actual version of the Factur-X XML schema"),
        (
            "ConformanceLevel",
            "The conformance level of the embedded Factur-X data",
        ),
    ] {
        let _ = writeln!(
            x,
            "     <rdf:li rdf:parseType=\"Resource\">\
             <pdfaProperty:name>{name}</pdfaProperty:name>\
             <pdfaProperty:valueType>Text</pdfaProperty:valueType>\
             <pdfaProperty:category>external</pdfaProperty:category>\
             <pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>"
        );
    }
    x.push_str("    </rdf:Seq></pdfaSchema:property>\n   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n </rdf:Description>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Metadata {
        let t = DateTime::parse_from_rfc3339("2026-11-27T10:00:00+00:00").expect("date");
        Metadata {
            title: "Rechnung RE-00001".into(),
            author: "Müller & Söhne <GmbH>".into(),
            subject: String::new(),
            creator: "crm".into(),
            producer: "crm-core".into(),
            created: Some(t),
            modified: Some(t),
            ..Metadata::default()
        }
    }

    #[test]
    fn the_packet_claims_pdfa_3b_and_escapes_text() {
        let x = packet(&meta(), None);
        assert!(x.starts_with("<?xpacket begin=\"\u{feff}\""));
        assert!(x.ends_with("<?xpacket end=\"w\"?>"));
        assert!(x.contains("<pdfaid:part>3</pdfaid:part>"));
        assert!(x.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(x.contains("<rdf:li>Müller &amp; Söhne &lt;GmbH&gt;</rdf:li>"));
        assert!(x.contains("<xmp:CreateDate>2026-11-27T10:00:00+00:00</xmp:CreateDate>"));
        assert!(!x.contains("dc:description"), "empty values are left out");
        assert!(!x.contains("fx:"));
    }

    #[test]
    fn a_hybrid_describes_its_fx_properties() {
        let fx = FacturXProperties {
            file_name: "factur-x.xml",
            conformance_level: "EN 16931",
        };
        let x = packet(&meta(), Some(&fx));
        assert!(x.contains("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>"));
        assert!(x.contains("<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>"));
        assert!(x.contains(&format!(
            "<pdfaSchema:namespaceURI>{FX_NAMESPACE}</pdfaSchema:namespaceURI>"
        )));
        assert_eq!(x.matches("<pdfaProperty:name>").count(), 4);
    }
}
