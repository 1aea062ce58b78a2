//! Which e-invoice a client gets (COMPLIANCE.md §4): the structured XML is the original of an
//! e-invoice, a PDF alone is not one. Chosen per client; by default ZUGFeRD for domestic
//! business clients (who must accept e-invoices from 2025 and whose suppliers must issue them
//! from 2027/2028) and a plain PDF for consumers and foreign clients.

use serde::{Deserialize, Serialize};

use super::address::Country;
use super::client::ClientKind;

/// The e-invoice format of a client's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EInvoiceFormat {
    /// A plain PDF; the XML (Factur-X EN 16931) is still available on request.
    Plain,
    /// ZUGFeRD 2.3 / Factur-X 1.0.7, profile EN 16931: a PDF/A-3 with `factur-x.xml` inside.
    Zugferd,
    /// XRechnung 3.0 in UN/CEFACT CII syntax, as a separate XML next to the PDF.
    XrechnungCii,
    /// XRechnung 3.0 in OASIS UBL 2.1 syntax, as a separate XML next to the PDF.
    XrechnungUbl,
}

impl EInvoiceFormat {
    /// Every format, in the order forms offer them.
    pub const ALL: [Self; 4] = [
        Self::Plain,
        Self::Zugferd,
        Self::XrechnungCii,
        Self::XrechnungUbl,
    ];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::Zugferd => "zugferd",
            Self::XrechnungCii => "xrechnung_cii",
            Self::XrechnungUbl => "xrechnung_ubl",
        }
    }

    /// Parses [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The format a client gets when none is chosen: ZUGFeRD for a business in the seller's
    /// country, a plain PDF for consumers and clients abroad.
    pub fn default_for(kind: ClientKind, client_country: Country, seller_country: Country) -> Self {
        if kind == ClientKind::Business && client_country == seller_country {
            Self::Zugferd
        } else {
            Self::Plain
        }
    }

    /// Whether the XML travels as its own file (XRechnung) rather than inside the PDF.
    pub fn separate_xml(self) -> bool {
        matches!(self, Self::XrechnungCii | Self::XrechnungUbl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in EInvoiceFormat::ALL {
            assert_eq!(EInvoiceFormat::parse(f.as_str()), Some(f));
        }
        assert_eq!(EInvoiceFormat::parse("pdf"), None);
    }

    #[test]
    fn domestic_businesses_get_zugferd_by_default() {
        let de = Country::parse("DE").expect("a country");
        let at = Country::parse("AT").expect("a country");
        assert_eq!(
            EInvoiceFormat::default_for(ClientKind::Business, de, de),
            EInvoiceFormat::Zugferd
        );
        assert_eq!(
            EInvoiceFormat::default_for(ClientKind::Consumer, de, de),
            EInvoiceFormat::Plain
        );
        assert_eq!(
            EInvoiceFormat::default_for(ClientKind::Business, at, de),
            EInvoiceFormat::Plain
        );
    }
}
