//! ISO 4217 currencies with their minor units (decimal places).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::validation::ValueError;

/// An active ISO 4217 currency, e.g. `EUR` with 2 minor units or `JPY` with none.
///
/// Only currencies that can appear on an invoice are known: the precious metals (XAU, XAG,
/// XPT, XPD), the bond-market and accounting units (XBA–XBD, XDR, XSU, XUA, XAD) and the
/// test codes (XTS, XXX) have no minor units in ISO 4217 and are rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    minor_units: u32,
}

/// Active ISO 4217 codes (list one, including the fund codes) with their minor units, sorted
/// by code so lookups can binary-search.
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BOV", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHE", 2),
    ("CHF", 2),
    ("CHW", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("COU", 2),
    ("CRC", 2),
    ("CUC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MXV", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("USN", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

impl Currency {
    /// Euro.
    pub const EUR: Self = Self::known("EUR", 2);
    /// US dollar.
    pub const USD: Self = Self::known("USD", 2);
    /// Pound sterling.
    pub const GBP: Self = Self::known("GBP", 2);
    /// Swiss franc.
    pub const CHF: Self = Self::known("CHF", 2);
    /// Japanese yen (no minor unit).
    pub const JPY: Self = Self::known("JPY", 0);

    const fn known(code: &'static str, minor_units: u32) -> Self {
        Self { code, minor_units }
    }

    /// Parses an ISO 4217 code, ignoring case and surrounding whitespace (`" eur "` → `EUR`).
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let code = input.trim().to_ascii_uppercase();
        CURRENCIES
            .binary_search_by(|(c, _)| (*c).cmp(code.as_str()))
            .ok()
            .and_then(|i| CURRENCIES.get(i))
            .map(|&(code, minor_units)| Self { code, minor_units })
            .ok_or_else(|| {
                let shown = input.trim();
                ValueError::new("currency.unknown").arg("shown", shown)
            })
    }

    /// The three-letter code, e.g. `EUR`.
    pub fn code(self) -> &'static str {
        self.code
    }

    /// Number of decimal places of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn minor_units(self) -> u32 {
        self.minor_units
    }

    /// A display symbol (`€`, `$`, `£`, …); the code itself where no unambiguous symbol exists.
    ///
    /// `$` and `¥` are used by several currencies; only the best-known one gets the bare
    /// symbol, the others a prefixed form (`CA$`, `CN¥`), so an invoice is never ambiguous.
    /// Letter abbreviations only understood locally (`kr`, `zł`, `Kč`) give the code, as CLDR
    /// does for German and English.
    pub fn symbol(self) -> &'static str {
        match self.code {
            "EUR" => "€",
            "USD" => "$",
            "GBP" => "£",
            "JPY" => "¥",
            "CNY" => "CN¥",
            "CHF" => "CHF",
            "CAD" => "CA$",
            "AUD" => "A$",
            "NZD" => "NZ$",
            "HKD" => "HK$",
            "MXN" => "MX$",
            "TWD" => "NT$",
            "BRL" => "R$",
            "INR" => "₹",
            "KRW" => "₩",
            "ILS" => "₪",
            "VND" => "₫",
            "PHP" => "₱",
            "NGN" => "₦",
            "UAH" => "₴",
            "RUB" => "₽",
            "TRY" => "₺",
            "THB" => "฿",
            other => other,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code)
    }
}

impl<'de> Deserialize<'de> for Currency {
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

    #[test]
    fn table_is_sorted_unique_and_well_formed() {
        for pair in CURRENCIES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} / {}", pair[0].0, pair[1].0);
        }
        for (code, minor) in CURRENCIES {
            assert_eq!(code.len(), 3);
            assert!(code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(*minor <= 4);
        }
    }

    #[test]
    fn parses_case_insensitively_and_trimmed() {
        assert_eq!(Currency::parse("EUR").unwrap(), Currency::EUR);
        assert_eq!(Currency::parse(" eur ").unwrap(), Currency::EUR);
        assert_eq!(Currency::parse("uSd").unwrap(), Currency::USD);
        assert_eq!(Currency::parse("gbp").unwrap(), Currency::GBP);
        assert_eq!(Currency::parse("CHF").unwrap(), Currency::CHF);
        assert_eq!(Currency::parse("jpy").unwrap(), Currency::JPY);
    }

    #[test]
    fn constants_match_the_table() {
        for c in [
            Currency::EUR,
            Currency::USD,
            Currency::GBP,
            Currency::CHF,
            Currency::JPY,
        ] {
            assert_eq!(Currency::parse(c.code()).unwrap(), c);
        }
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        let cases = [
            ("EUR", 2),
            ("USD", 2),
            ("JPY", 0),
            ("KRW", 0),
            ("ISK", 0),
            ("VND", 0),
            ("XOF", 0),
            ("XAF", 0),
            ("XPF", 0),
            ("CLP", 0),
            ("PYG", 0),
            ("UGX", 0),
            ("BIF", 0),
            ("DJF", 0),
            ("GNF", 0),
            ("KMF", 0),
            ("RWF", 0),
            ("VUV", 0),
            ("UYI", 0),
            ("BHD", 3),
            ("KWD", 3),
            ("TND", 3),
            ("JOD", 3),
            ("OMR", 3),
            ("IQD", 3),
            ("LYD", 3),
            ("CLF", 4),
            ("UYW", 4),
            ("HUF", 2),
            ("IDR", 2),
            ("MGA", 2),
            ("MRU", 2),
        ];
        for (code, minor) in cases {
            assert_eq!(
                Currency::parse(code).unwrap().minor_units(),
                minor,
                "{code}"
            );
        }
        let zero = CURRENCIES.iter().filter(|(_, m)| *m == 0).count();
        let three = CURRENCIES.iter().filter(|(_, m)| *m == 3).count();
        let four = CURRENCIES.iter().filter(|(_, m)| *m == 4).count();
        assert_eq!((zero, three, four), (17, 7, 2));
    }

    #[test]
    fn recent_codes_are_known_and_withdrawn_ones_are_not() {
        for code in ["XCG", "ZWG", "SLE", "VED", "VES", "MRU", "STN", "BYN"] {
            assert!(Currency::parse(code).is_ok(), "{code}");
        }
        for code in [
            "HRK", "ZWL", "SLL", "ANG", "DEM", "MRO", "STD", "BYR", "VEF", "LTL",
        ] {
            assert!(Currency::parse(code).is_err(), "{code}");
        }
    }

    #[test]
    fn rejects_test_metal_and_unknown_codes() {
        for code in [
            "XXX", "XTS", "XAU", "XAG", "XDR", "EUX", "", "EU", "EURO", "€", "E U",
        ] {
            assert!(Currency::parse(code).is_err(), "{code}");
        }
    }

    #[test]
    fn error_names_the_expected_format_in_both_languages() {
        let e = Currency::parse(" EUX ").unwrap_err();
        assert_eq!(e.code(), "currency.unknown");
        assert_eq!(
            e.to_string(),
            "unknown currency 'EUX': expected an ISO 4217 code such as EUR"
        );
        assert!(e.message(Locale::De).contains("ISO-4217"));
        assert!(e.message(Locale::De).contains("'EUX'"));
    }

    #[test]
    fn symbols_fall_back_to_the_code() {
        assert_eq!(Currency::EUR.symbol(), "€");
        assert_eq!(Currency::USD.symbol(), "$");
        assert_eq!(Currency::GBP.symbol(), "£");
        assert_eq!(Currency::JPY.symbol(), "¥");
        assert_eq!(Currency::CHF.symbol(), "CHF");
        assert_eq!(Currency::parse("SEK").unwrap().symbol(), "SEK");
        assert_eq!(Currency::parse("PLN").unwrap().symbol(), "PLN");
        assert_eq!(Currency::parse("KWD").unwrap().symbol(), "KWD");
        assert_eq!(Currency::parse("CAD").unwrap().symbol(), "CA$");
    }

    #[test]
    fn display_and_serde_use_the_code() {
        assert_eq!(Currency::EUR.to_string(), "EUR");
        assert_eq!(serde_json::to_string(&Currency::JPY).unwrap(), "\"JPY\"");
        let c: Currency = serde_json::from_str("\"kwd\"").unwrap();
        assert_eq!(c.code(), "KWD");
        assert_eq!(c.minor_units(), 3);
        let err = serde_json::from_str::<Currency>("\"EUX\"").unwrap_err();
        assert!(err.to_string().contains("ISO 4217"));
        assert!(serde_json::from_str::<Currency>("12").is_err());
    }
}
