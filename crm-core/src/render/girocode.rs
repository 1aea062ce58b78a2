//! The GiroCode: an EPC QR code (European Payments Council, EPC069-12 "Quick Response Code:
//! Guidelines to Enable Data Capture for the Initiation of a SEPA Credit Transfer") that a
//! banking app scans to fill in a transfer.
//!
//! The payload is version `002` of the guideline, UTF-8 (character set `1`), one element per
//! line (LF):
//!
//! | line | element | here |
//! | --- | --- | --- |
//! | 1 | service tag | `BCD` |
//! | 2 | version | `002` |
//! | 3 | character set | `1` (UTF-8) |
//! | 4 | identification | `SCT` (SEPA credit transfer) |
//! | 5 | BIC of the beneficiary's bank | optional in version 002 within the EEA |
//! | 6 | name of the beneficiary | 1–70 characters |
//! | 7 | IBAN of the beneficiary | |
//! | 8 | amount | `EUR` + 0.01 to 999999999.99, a dot and two decimals |
//! | 9 | purpose (ISO 20022 code) | empty |
//! | 10 | structured remittance (ISO 11649 `RF` creditor reference, ≤ 35) | or line 11 |
//! | 11 | unstructured remittance (≤ 140 characters) | e.g. the invoice number |
//!
//! Lines 10 and 11 exclude each other. The payload ends with its last non-empty element
//! (no separator after it, as in the guideline's examples) and has at most 331 bytes. The
//! code uses error correction level M and at most QR version 13 (69 × 69 modules).
//!
//! ```
//! use crm_core::domain::{Currency, Iban};
//! use crm_core::render::girocode::{EpcPayload, Remittance, Transfer};
//! use rust_decimal::Decimal;
//!
//! let iban = Iban::parse("DE89 3704 0044 0532 0130 00")?;
//! let payload = EpcPayload::new(&Transfer {
//!     iban: &iban,
//!     bic: None,
//!     beneficiary: "Muster GmbH",
//!     currency: Currency::EUR,
//!     amount: Decimal::new(119_000, 2),
//!     remittance: Some(Remittance::Text("RE-00001")),
//! })?;
//! assert_eq!(
//!     payload.as_str(),
//!     "BCD\n002\n1\nSCT\n\nMuster GmbH\nDE89370400440532013000\nEUR1190.00\n\n\nRE-00001"
//! );
//! let qr = payload.qr()?;
//! assert!(qr.size() >= 21);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use qrcodegen::{QrCode, QrCodeEcc, QrSegment, Version};
use rust_decimal::Decimal;

use crate::domain::iban::mod97_checks;
use crate::domain::{Bic, Currency, Iban};

/// Most bytes a payload may have (QR version 13 at level M).
pub const MAX_PAYLOAD_BYTES: usize = 331;
/// Most characters of the beneficiary's name.
pub const MAX_NAME: usize = 70;
/// Most characters of the unstructured remittance text.
pub const MAX_TEXT: usize = 140;
/// Most characters of a structured creditor reference.
pub const MAX_REFERENCE: usize = 35;
/// Highest QR version the guideline allows.
pub const MAX_VERSION: u8 = 13;

/// What the transfer says it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remittance<'a> {
    /// An ISO 11649 creditor reference (`RF18 5390 0754 7034`; spaces are dropped).
    Reference(&'a str),
    /// Free text, e.g. an invoice number.
    Text(&'a str),
}

/// A SEPA credit transfer to put into an EPC QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer<'a> {
    /// The beneficiary's account.
    pub iban: &'a Iban,
    /// The beneficiary bank's BIC; required for accounts outside the EEA.
    pub bic: Option<&'a Bic>,
    /// The beneficiary's name (the account holder), 1–70 characters.
    pub beneficiary: &'a str,
    /// Must be euros: SEPA credit transfers are in euros.
    pub currency: Currency,
    /// 0.01 to 999999999.99, at most two decimals.
    pub amount: Decimal,
    /// What the payment is for.
    pub remittance: Option<Remittance<'a>>,
}

/// Why a transfer cannot become an EPC QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EpcError {
    /// Another currency than the euro.
    #[error("an EPC QR code transfers euros, not {0}")]
    NotEuro(&'static str),
    /// Below 0.01 or above 999999999.99.
    #[error("the amount must be between 0.01 and 999999999.99 euros, not {0}")]
    AmountRange(Decimal),
    /// More than two decimals (cents).
    #[error("the amount {0} has more than two decimal places")]
    AmountPrecision(Decimal),
    /// An empty beneficiary name.
    #[error("the beneficiary name is empty")]
    NameEmpty,
    /// A beneficiary name over 70 characters.
    #[error("the beneficiary name has {0} characters, at most {MAX_NAME} fit")]
    NameTooLong(usize),
    /// A remittance text over 140 characters.
    #[error("the remittance text has {0} characters, at most {MAX_TEXT} fit")]
    TextTooLong(usize),
    /// Not an ISO 11649 creditor reference (`RF`, two check digits, up to 21 letters or
    /// digits, mod 97).
    #[error("{0:?} is not an ISO 11649 creditor reference")]
    Reference(String),
    /// A line break or other control character in a text element (it would shift the lines).
    #[error("the {0} contains a line break or another control character")]
    Control(&'static str),
    /// No BIC for an account outside the EEA.
    #[error("an account in {0} (outside the EEA) needs the BIC")]
    BicRequired(String),
    /// The whole payload over 331 bytes.
    #[error("the payload has {0} bytes, at most {MAX_PAYLOAD_BYTES} fit")]
    TooLong(usize),
    /// The QR encoder found no version up to 13 that holds the payload.
    #[error("the payload does not fit a QR code of version {MAX_VERSION} at level M")]
    DoesNotFit,
}

/// A checked EPC QR code payload (version 002, UTF-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpcPayload(String);

impl EpcPayload {
    /// Builds and checks the payload of `t`.
    ///
    /// # Errors
    /// [`EpcError`] when the transfer breaks one of the guideline's limits.
    pub fn new(t: &Transfer<'_>) -> Result<Self, EpcError> {
        if t.currency != Currency::EUR {
            return Err(EpcError::NotEuro(t.currency.code()));
        }
        let amount = amount(t.amount)?;
        let name = t.beneficiary.trim();
        if name.is_empty() {
            return Err(EpcError::NameEmpty);
        }
        let chars = name.chars().count();
        if chars > MAX_NAME {
            return Err(EpcError::NameTooLong(chars));
        }
        if name.chars().any(char::is_control) {
            return Err(EpcError::Control("beneficiary name"));
        }
        if t.bic.is_none() && !t.iban.is_eea() {
            return Err(EpcError::BicRequired(t.iban.country_code().to_owned()));
        }
        let (reference, text) = match t.remittance {
            None => (String::new(), ""),
            Some(Remittance::Reference(r)) => (creditor_reference(r)?, ""),
            Some(Remittance::Text(s)) => {
                let s = s.trim();
                let n = s.chars().count();
                if n > MAX_TEXT {
                    return Err(EpcError::TextTooLong(n));
                }
                if s.chars().any(char::is_control) {
                    return Err(EpcError::Control("remittance text"));
                }
                (String::new(), s)
            }
        };
        let mut lines = vec![
            "BCD",
            "002",
            "1",
            "SCT",
            t.bic.map_or("", Bic::as_str),
            name,
            t.iban.as_str(),
            amount.as_str(),
            // Purpose code: none.
            "",
            reference.as_str(),
            text,
        ];
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        let payload = lines.join("\n");
        if payload.len() > MAX_PAYLOAD_BYTES {
            return Err(EpcError::TooLong(payload.len()));
        }
        Ok(Self(payload))
    }

    /// The payload text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The QR code: byte mode, error correction level M (never raised, as the guideline
    /// fixes it), the smallest version that holds the payload (at most 13).
    ///
    /// # Errors
    /// [`EpcError::DoesNotFit`] if no version up to 13 holds it (a checked payload always
    /// fits).
    pub fn qr(&self) -> Result<QrMatrix, EpcError> {
        let segments = [QrSegment::make_bytes(self.0.as_bytes())];
        let code = QrCode::encode_segments_advanced(
            &segments,
            QrCodeEcc::Medium,
            Version::new(1),
            Version::new(MAX_VERSION),
            None,
            false,
        )
        .map_err(|_| EpcError::DoesNotFit)?;
        let size = usize::try_from(code.size()).map_err(|_| EpcError::DoesNotFit)?;
        let mut dark = Vec::with_capacity(size * size);
        for y in 0..code.size() {
            for x in 0..code.size() {
                dark.push(code.get_module(x, y));
            }
        }
        Ok(QrMatrix {
            size,
            version: code.version().value(),
            dark,
        })
    }
}

/// `EUR1190.00`: the euro amount with a dot and two decimals.
fn amount(a: Decimal) -> Result<String, EpcError> {
    if a.normalize().scale() > 2 {
        return Err(EpcError::AmountPrecision(a));
    }
    let min = Decimal::new(1, 2);
    let max = Decimal::new(99_999_999_999, 2);
    if a < min || a > max {
        return Err(EpcError::AmountRange(a));
    }
    let mut a = a;
    a.rescale(2);
    Ok(format!("EUR{a}"))
}

/// The compact form of an ISO 11649 creditor reference, checked.
fn creditor_reference(r: &str) -> Result<String, EpcError> {
    let compact: String = r
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = (5..=25).contains(&compact.len())
        && compact.starts_with("RF")
        && compact.bytes().skip(2).take(2).all(|b| b.is_ascii_digit())
        && compact.bytes().all(|b| b.is_ascii_alphanumeric())
        && mod97_checks(&compact);
    if ok && compact.len() <= MAX_REFERENCE {
        Ok(compact)
    } else {
        Err(EpcError::Reference(r.to_owned()))
    }
}

/// The modules of a QR code, row by row (`true` = dark), without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    size: usize,
    version: u8,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Modules per side (21 for version 1, 69 for version 13).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The QR version (1–13).
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Whether the module in column `x`, row `y` is dark (`false` outside the code).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark.get(y * self.size + x) == Some(&true)
    }

    /// The dark modules as horizontal runs `(row, first column, length)`, row by row: what
    /// a drawing needs, with one rectangle per run instead of per module.
    pub fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for y in 0..self.size {
            let mut x = 0;
            while x < self.size {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.size && self.is_dark(x, y) {
                        x += 1;
                    }
                    out.push((y, start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

    use super::*;

    fn iban(s: &str) -> Iban {
        Iban::parse(s).unwrap()
    }

    fn transfer<'a>(iban: &'a Iban, amount: &str, text: &'a str) -> Transfer<'a> {
        Transfer {
            iban,
            bic: None,
            beneficiary: "Muster GmbH",
            currency: Currency::EUR,
            amount: amount.parse().unwrap(),
            remittance: Some(Remittance::Text(text)),
        }
    }

    #[test]
    fn the_payload_has_the_guidelines_lines() {
        let i = iban("DE89370400440532013000");
        let bic = Bic::parse("COBADEFFXXX").unwrap();
        let mut t = transfer(&i, "1190", "RE-00001");
        t.bic = Some(&bic);
        let p = EpcPayload::new(&t).unwrap();
        assert_eq!(
            p.as_str(),
            "BCD\n002\n1\nSCT\nCOBADEFFXXX\nMuster GmbH\nDE89370400440532013000\nEUR1190.00\n\n\nRE-00001"
        );
        let lines: Vec<&str> = p.as_str().split('\n').collect();
        assert_eq!(lines.len(), 11);
        // Without a BIC (EEA) the line stays, empty; without remittance the payload ends
        // with the amount.
        t.bic = None;
        t.remittance = None;
        t.amount = "0.5".parse().unwrap();
        assert_eq!(
            EpcPayload::new(&t).unwrap().as_str(),
            "BCD\n002\n1\nSCT\n\nMuster GmbH\nDE89370400440532013000\nEUR0.50"
        );
        // A creditor reference goes on line 10; line 11 is then left out.
        t.remittance = Some(Remittance::Reference("RF18 5390 0754 7034"));
        assert_eq!(
            EpcPayload::new(&t).unwrap().as_str(),
            "BCD\n002\n1\nSCT\n\nMuster GmbH\nDE89370400440532013000\nEUR0.50\n\nRF18539007547034"
        );
    }

    #[test]
    fn amounts_are_euros_with_two_decimals_in_range() {
        let i = iban("DE89370400440532013000");
        let ok = |a: &str| {
            let p = EpcPayload::new(&transfer(&i, a, "x")).unwrap();
            p.as_str().split('\n').nth(7).unwrap().to_owned()
        };
        assert_eq!(ok("0.01"), "EUR0.01");
        assert_eq!(ok("12.3"), "EUR12.30");
        assert_eq!(ok("1234.560"), "EUR1234.56");
        assert_eq!(ok("999999999.99"), "EUR999999999.99");
        let err = |a: &str| EpcPayload::new(&transfer(&i, a, "x")).unwrap_err();
        assert!(matches!(err("0"), EpcError::AmountRange(_)));
        assert!(matches!(err("-5"), EpcError::AmountRange(_)));
        assert!(matches!(err("1000000000"), EpcError::AmountRange(_)));
        assert!(matches!(err("0.001"), EpcError::AmountPrecision(_)));
        assert!(matches!(err("1.005"), EpcError::AmountPrecision(_)));
        let mut t = transfer(&i, "10", "x");
        t.currency = Currency::CHF;
        assert_eq!(EpcPayload::new(&t).unwrap_err(), EpcError::NotEuro("CHF"));
    }

    #[test]
    fn texts_are_limited_and_single_line() {
        let i = iban("DE89370400440532013000");
        let mut t = transfer(&i, "10", "RE-1");
        let long_name = "N".repeat(71);
        t.beneficiary = &long_name;
        assert_eq!(EpcPayload::new(&t).unwrap_err(), EpcError::NameTooLong(71));
        let name70 = "Ä".repeat(70);
        t.beneficiary = &name70;
        assert!(
            EpcPayload::new(&t).is_ok(),
            "70 characters fit, in UTF-8 too"
        );
        t.beneficiary = "  ";
        assert_eq!(EpcPayload::new(&t).unwrap_err(), EpcError::NameEmpty);
        t.beneficiary = "Muster\nGmbH";
        assert!(matches!(EpcPayload::new(&t), Err(EpcError::Control(_))));
        t.beneficiary = "Muster GmbH";
        let long_text = "t".repeat(141);
        t.remittance = Some(Remittance::Text(&long_text));
        assert_eq!(EpcPayload::new(&t).unwrap_err(), EpcError::TextTooLong(141));
        t.remittance = Some(Remittance::Text("RE-1\nEUR999"));
        assert!(matches!(EpcPayload::new(&t), Err(EpcError::Control(_))));
        for bad in [
            "RF19539007547034",
            "XX18539007547034",
            "RF18",
            "RF18 5390 0754 7034 0000 0000 0000",
        ] {
            t.remittance = Some(Remittance::Reference(bad));
            assert!(
                matches!(EpcPayload::new(&t), Err(EpcError::Reference(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_total_is_at_most_331_bytes() {
        let i = iban("MT84MALT011000012345MTLCAST001S");
        let bic = Bic::parse("MALTMTMTXXX").unwrap();
        // Multi-byte names and texts at their character limits: 70 × 2 + 140 × 2 bytes.
        let name = "Ö".repeat(70);
        let text = "ü".repeat(140);
        let t = Transfer {
            iban: &i,
            bic: Some(&bic),
            beneficiary: &name,
            currency: Currency::EUR,
            amount: "999999999.99".parse().unwrap(),
            remittance: Some(Remittance::Text(&text)),
        };
        assert!(matches!(EpcPayload::new(&t), Err(EpcError::TooLong(n)) if n > 331));
        let (name, text) = ("O".repeat(70), "u".repeat(140));
        let t = Transfer {
            beneficiary: &name,
            remittance: Some(Remittance::Text(&text)),
            ..t
        };
        let p = EpcPayload::new(&t).unwrap();
        assert!(
            p.as_str().len() <= MAX_PAYLOAD_BYTES,
            "{}",
            p.as_str().len()
        );
        // The longest payload still fits version 13 at level M.
        let qr = p.qr().unwrap();
        assert!(qr.version() <= MAX_VERSION);
        assert_eq!(qr.size(), usize::from(qr.version()) * 4 + 17);
    }

    #[test]
    fn an_account_outside_the_eea_needs_the_bic() {
        let i = iban("CH9300762011623852957");
        let t = transfer(&i, "10", "x");
        assert_eq!(
            EpcPayload::new(&t).unwrap_err(),
            EpcError::BicRequired("CH".into())
        );
        let bic = Bic::parse("UBSWCHZH80A").unwrap();
        assert!(
            EpcPayload::new(&Transfer {
                bic: Some(&bic),
                ..t
            })
            .is_ok()
        );
    }

    #[test]
    fn the_matrix_and_its_runs() {
        let i = iban("DE89370400440532013000");
        let qr = EpcPayload::new(&transfer(&i, "1190", "RE-00001"))
            .unwrap()
            .qr()
            .unwrap();
        let n = qr.size();
        assert_eq!(n, usize::from(qr.version()) * 4 + 17);
        // Finder patterns: the top left corner's 7 × 7 ring.
        for k in 0..7 {
            assert!(qr.is_dark(k, 0) && qr.is_dark(0, k) && qr.is_dark(k, 6));
        }
        assert!(!qr.is_dark(1, 1) && qr.is_dark(2, 2));
        assert!(!qr.is_dark(n, 0), "outside");
        // The runs cover exactly the dark modules.
        let mut covered = vec![false; n * n];
        for (y, x, len) in qr.runs() {
            assert!(len > 0);
            for k in x..x + len {
                assert!(!covered[y * n + k]);
                covered[y * n + k] = true;
            }
        }
        for y in 0..n {
            for x in 0..n {
                assert_eq!(covered[y * n + x], qr.is_dark(x, y), "({x}, {y})");
            }
        }
    }
}
