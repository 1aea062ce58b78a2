//! The XML of a Factur-X 1.0.7 / ZUGFeRD 2.3 hybrid invoice as a PDF/A-3 associated file
//! (ISO 19005-3, 6.8; Factur-X 1.0.7, 6.2): an `/EmbeddedFile` stream named
//! `factur-x.xml` with its MIME type, size and date, its `/Filespec` with the relationship to
//! the document, listed in the catalog's `/Names /EmbeddedFiles` (where readers find
//! attachments) and `/AF` (where PDF/A-3 wants associated files).

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::xmp::FacturXProperties;
use crate::render::einvoice::FACTUR_X_FILE_NAME;

/// How an embedded file relates to the document it is in (the `/AFRelationship` of its
/// file specification, ISO 32000-2, 14.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AfRelationship {
    /// The file and the PDF are equivalent representations of the same invoice. What
    /// ZUGFeRD 2.1+ / Factur-X 1.0.05+ prescribe for the profiles BASIC, EN 16931 and EXTENDED
    /// (ZUGFeRD 2.3 specification, technical appendix 6.2.2; DATEV's import, for one, insists
    /// on it), so the default here.
    #[default]
    Alternative,
    /// The PDF was produced from the file; the specification allows it for EN 16931 and
    /// EXTENDED when the buyer is outside Germany.
    Source,
    /// The file holds data the PDF shows; the only value MINIMUM and BASIC WL allow (those
    /// are not invoices, so this crate does not write them).
    Data,
}

impl AfRelationship {
    /// The PDF name.
    pub fn as_name(self) -> &'static str {
        match self {
            Self::Alternative => "Alternative",
            Self::Source => "Source",
            Self::Data => "Data",
        }
    }
}

/// The Factur-X invoice embedded into a PDF/A-3: the CII XML, profile EN 16931, and its
/// relationship to the visible document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FacturX<'a> {
    /// The CII XML, embedded byte for byte.
    pub xml: &'a [u8],
    /// How the XML relates to the PDF.
    pub relationship: AfRelationship,
}

impl<'a> FacturX<'a> {
    /// The XML of an EN 16931 invoice, an [`AfRelationship::Alternative`] of the PDF.
    pub fn en16931(xml: &'a [u8]) -> Self {
        Self {
            xml,
            relationship: AfRelationship::Alternative,
        }
    }

    /// What the XMP metadata say about the attachment.
    pub(crate) fn properties(&self) -> FacturXProperties {
        FacturXProperties {
            file_name: FACTUR_X_FILE_NAME,
            conformance_level: "EN 16931",
        }
    }
}

/// Embeds `fx` into `pdf` and lists it in the catalog; `mod_date` is a PDF date string (the
/// document's own modification date, so the output stays reproducible).
pub(crate) fn embed(
    pdf: &mut lopdf::Document,
    catalog: ObjectId,
    fx: &FacturX<'_>,
    mod_date: &str,
) {
    let mut dict = Dictionary::new();
    dict.set("Type", "EmbeddedFile");
    // The name `text/xml`, written `/text#2Fxml`.
    dict.set("Subtype", Object::Name(b"text/xml".to_vec()));
    dict.set(
        "Params",
        Dictionary::from_iter([
            ("Size", Object::Integer(fx.xml.len() as i64)),
            ("ModDate", Object::string_literal(mod_date)),
        ]),
    );
    // Compressed by `save_lopdf` like every other stream.
    let file = pdf.add_object(Stream::new(dict, fx.xml.to_vec()));
    let name = || {
        Object::String(
            FACTUR_X_FILE_NAME.as_bytes().to_vec(),
            StringFormat::Literal,
        )
    };
    let spec = pdf.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Filespec".to_vec())),
        ("F", name()),
        ("UF", name()),
        (
            "Desc",
            Object::string_literal("Factur-X / ZUGFeRD invoice, profile EN 16931"),
        ),
        (
            "AFRelationship",
            Object::Name(fx.relationship.as_name().as_bytes().to_vec()),
        ),
        (
            "EF",
            Object::Dictionary(Dictionary::from_iter([
                ("F", Object::Reference(file)),
                ("UF", Object::Reference(file)),
            ])),
        ),
    ]));
    if let Ok(catalog) = pdf.get_object_mut(catalog).and_then(Object::as_dict_mut) {
        catalog.set(
            "Names",
            Dictionary::from_iter([(
                "EmbeddedFiles",
                Object::Dictionary(Dictionary::from_iter([(
                    "Names",
                    Object::Array(vec![name(), Object::Reference(spec)]),
                )])),
            )]),
        );
        catalog.set("AF", Object::Array(vec![Object::Reference(spec)]));
    }
}
