//! Tax treatments: which VAT rule an invoice (or one of its lines) falls under, the EN 16931
//! category it maps to, the sentence the document must print, and the proposal the system
//! makes from the company's and the client's data (`shared/COMPLIANCE.md` §2).
//!
//! One typed value carries the category code, the exemption reason and the sentence, so the
//! PDF and a later e-invoice can never disagree. The system **proposes** a treatment
//! ([`propose`]); staff may override it; issuing refuses only clear contradictions
//! ([`check_issue`](super::issue_rules::check_issue)).
//!
//! Out of scope (said so rather than guessed): distance sales to EU consumers above the OSS
//! threshold, margin schemes, triangular transactions; choose `Standard` or `Exempt` with the
//! norm and check with the tax adviser.

use serde::{Deserialize, Serialize};

use super::address::Country;
use super::client::{Client, ClientKind};
use super::company::Company;
use super::validation::ValueError;

/// How VAT applies to a supply.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TaxTreatment {
    /// Domestic VAT at the line's rate (19 %, 7 %, …); also EU consumers and business
    /// buyers without a VAT ID.
    #[default]
    Standard,
    /// Reverse charge (§13b UStG; intra-EU B2B services, §3a Abs. 2): the buyer owes the VAT.
    ReverseCharge,
    /// Tax-free intra-community supply of goods (§4 Nr. 1b, §6a UStG).
    IntraCommunitySupply,
    /// Tax-free export of goods outside the EU (§4 Nr. 1a, §6 UStG).
    Export,
    /// A service not taxable in Germany (B2B service to a buyer outside the EU).
    NotTaxable,
    /// Exempt under a norm such as "§ 4 Nr. 21 UStG".
    Exempt {
        /// The exempting norm as printed ("§ 4 Nr. 21 UStG").
        norm: String,
    },
    /// The company is a small business (§19 UStG): no VAT is charged or shown.
    SmallBusiness,
}

/// The VAT category of EN 16931 (UNTDID 5305) a treatment maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VatCategory {
    /// S: standard rate.
    Standard,
    /// Z: zero-rated (standard treatment at 0 %).
    ZeroRated,
    /// AE: VAT reverse charge.
    ReverseCharge,
    /// K: intra-community supply.
    IntraCommunity,
    /// G: export outside the EU.
    Export,
    /// O: outside the scope of VAT.
    OutOfScope,
    /// E: exempt.
    Exempt,
}

impl VatCategory {
    /// The UNTDID 5305 code (`S`, `AE`, `K`, `G`, `O`, `E`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Standard => "S",
            Self::ZeroRated => "Z",
            Self::ReverseCharge => "AE",
            Self::IntraCommunity => "K",
            Self::Export => "G",
            Self::OutOfScope => "O",
            Self::Exempt => "E",
        }
    }
}

/// Goods or a service: decides intra-community supply vs reverse charge, and export vs not
/// taxable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplyKind {
    /// Goods shipped or handed over.
    Goods,
    /// A service (the default: most of what our users invoice).
    #[default]
    Service,
}

/// Longest exemption norm accepted.
const MAX_NORM: usize = 200;

impl TaxTreatment {
    /// The stable name of the variant (`standard`, `reverse_charge`, …), as in the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::ReverseCharge => "reverse_charge",
            Self::IntraCommunitySupply => "intra_community_supply",
            Self::Export => "export",
            Self::NotTaxable => "not_taxable",
            Self::Exempt { .. } => "exempt",
            Self::SmallBusiness => "small_business",
        }
    }

    /// Every variant name, in the order forms list them.
    pub const NAMES: [&'static str; 7] = [
        "standard",
        "reverse_charge",
        "intra_community_supply",
        "export",
        "not_taxable",
        "exempt",
        "small_business",
    ];

    /// Builds a treatment from its name and, for `exempt`, the norm. Errors name the problem
    /// with the catalogue code (`treatment.unknown`, `treatment.norm_required`).
    pub fn from_parts(name: &str, norm: Option<&str>) -> Result<Self, ValueError> {
        Ok(match name.trim() {
            "standard" => Self::Standard,
            "reverse_charge" => Self::ReverseCharge,
            "intra_community_supply" => Self::IntraCommunitySupply,
            "export" => Self::Export,
            "not_taxable" => Self::NotTaxable,
            "small_business" => Self::SmallBusiness,
            "exempt" => Self::Exempt {
                norm: valid_norm(norm.unwrap_or_default())?,
            },
            other => {
                return Err(ValueError::new("treatment.unknown").arg("shown", other.to_owned()));
            }
        })
    }

    /// Checks the free-text part (the exemption norm) of a treatment that arrived whole, e.g.
    /// as JSON.
    pub fn validated(self) -> Result<Self, ValueError> {
        match self {
            Self::Exempt { norm } => Ok(Self::Exempt {
                norm: valid_norm(&norm)?,
            }),
            other => Ok(other),
        }
    }

    /// The EN 16931 category.
    pub fn category(&self) -> VatCategory {
        match self {
            Self::Standard => VatCategory::Standard,
            Self::ReverseCharge => VatCategory::ReverseCharge,
            Self::IntraCommunitySupply => VatCategory::IntraCommunity,
            Self::Export => VatCategory::Export,
            Self::NotTaxable => VatCategory::OutOfScope,
            Self::Exempt { .. } | Self::SmallBusiness => VatCategory::Exempt,
        }
    }

    /// The category of a line at `rate`: standard VAT at 0 % is zero-rated (Z).
    pub fn category_at(&self, rate: super::money::TaxRate) -> VatCategory {
        match self.category() {
            VatCategory::Standard if rate.percent().is_zero() => VatCategory::ZeroRated,
            other => other,
        }
    }

    /// The VATEX exemption reason code (BT-121), where the list has one.
    pub fn vatex(&self) -> Option<&'static str> {
        match self {
            Self::Standard => None,
            Self::ReverseCharge => Some("VATEX-EU-AE"),
            Self::IntraCommunitySupply => Some("VATEX-EU-IC"),
            Self::Export => Some("VATEX-EU-G"),
            Self::NotTaxable => Some("VATEX-EU-O"),
            Self::Exempt { .. } | Self::SmallBusiness => None,
        }
    }

    /// Whether VAT is charged at the line's rate (only [`Self::Standard`]).
    pub fn charges_vat(&self) -> bool {
        matches!(self, Self::Standard)
    }

    /// Whether the buyer's VAT ID must be on the invoice (and valid) for this treatment.
    pub fn needs_buyer_vat_id(&self) -> bool {
        matches!(self, Self::ReverseCharge | Self::IntraCommunitySupply)
    }

    /// The catalogue key of the sentence the document prints (`None` for standard VAT). The
    /// exempt sentence takes the argument `norm`.
    pub fn sentence_key(&self) -> Option<&'static str> {
        match self {
            Self::Standard => None,
            Self::ReverseCharge => Some("treatment.sentence.reverse_charge"),
            Self::IntraCommunitySupply => Some("treatment.sentence.intra_community_supply"),
            Self::Export => Some("treatment.sentence.export"),
            Self::NotTaxable => Some("treatment.sentence.not_taxable"),
            Self::Exempt { .. } => Some("treatment.sentence.exempt"),
            Self::SmallBusiness => Some("treatment.sentence.small_business"),
        }
    }

    /// The sentence in `locale` ("Steuerschuldnerschaft des Leistungsempfängers"), or `None`
    /// for standard VAT.
    pub fn sentence(&self, locale: super::locale::Locale) -> Option<String> {
        let key = self.sentence_key()?;
        let args = match self {
            Self::Exempt { norm } => vec![("norm", crate::i18n::Arg::from(norm.clone()))],
            _ => Vec::new(),
        };
        Some(crate::i18n::text_args(locale, key, &args))
    }

    /// A short name for the totals block ("Reverse Charge", "Steuerfrei").
    pub fn short_label_key(&self) -> &'static str {
        match self {
            Self::Standard => "treatment.short.standard",
            Self::ReverseCharge => "treatment.short.reverse_charge",
            Self::IntraCommunitySupply => "treatment.short.intra_community_supply",
            Self::Export => "treatment.short.export",
            Self::NotTaxable => "treatment.short.not_taxable",
            Self::Exempt { .. } => "treatment.short.exempt",
            Self::SmallBusiness => "treatment.short.small_business",
        }
    }

    /// The name of the treatment in words, for forms and the admin pages.
    pub fn label_key(&self) -> &'static str {
        match self {
            Self::Standard => "treatment.name.standard",
            Self::ReverseCharge => "treatment.name.reverse_charge",
            Self::IntraCommunitySupply => "treatment.name.intra_community_supply",
            Self::Export => "treatment.name.export",
            Self::NotTaxable => "treatment.name.not_taxable",
            Self::Exempt { .. } => "treatment.name.exempt",
            Self::SmallBusiness => "treatment.name.small_business",
        }
    }
}

fn valid_norm(norm: &str) -> Result<String, ValueError> {
    let norm = norm.trim();
    if norm.is_empty() {
        return Err(ValueError::new("treatment.norm_required"));
    }
    if norm.chars().count() > MAX_NORM || norm.chars().any(char::is_control) {
        return Err(ValueError::new("treatment.norm_invalid").arg("max", MAX_NORM));
    }
    Ok(norm.to_owned())
}

/// What the proposal needs to know about the buyer.
#[derive(Debug, Clone, Copy)]
pub struct Buyer {
    /// The buyer's country.
    pub country: Country,
    /// Business or consumer.
    pub kind: ClientKind,
    /// Whether the buyer has a valid VAT ID of an EU state other than the seller's.
    pub foreign_eu_vat_id: bool,
}

impl Buyer {
    /// The buyer data of `client` as seen from a seller in `seller_country`.
    pub fn of(client: &Client, seller_country: Country) -> Self {
        let country = client.address.country();
        Self {
            country,
            kind: client.kind,
            foreign_eu_vat_id: has_foreign_eu_vat_id(client, seller_country),
        }
    }
}

/// Whether `client` holds a VAT ID of an EU member state other than `seller_country`.
pub fn has_foreign_eu_vat_id(client: &Client, seller_country: Country) -> bool {
    client.tax_id.as_ref().is_some_and(|id| {
        id.is_vat()
            && id
                .country()
                .is_some_and(|c| c.is_eu_member() && c != seller_country)
    })
}

/// The treatment the law expects for a supply of `kind` from `company` to `buyer`
/// (`shared/COMPLIANCE.md` §2):
///
/// | seller | buyer | goods | service |
/// | --- | --- | --- | --- |
/// | §19 | anyone | small business | small business |
/// | — | same country | standard | standard |
/// | — | other EU state, business with VAT ID | intra-community supply | reverse charge |
/// | — | other EU state, consumer or without VAT ID | standard | standard |
/// | — | outside the EU, business | export | not taxable |
/// | — | outside the EU, consumer | export | standard |
pub fn propose(company: &Company, buyer: &Buyer, kind: SupplyKind) -> TaxTreatment {
    if company.legal.small_business {
        return TaxTreatment::SmallBusiness;
    }
    let seller = company.address.country();
    if buyer.country == seller {
        return TaxTreatment::Standard;
    }
    if buyer.country.is_eu_member() {
        if buyer.kind == ClientKind::Business && buyer.foreign_eu_vat_id {
            return match kind {
                SupplyKind::Goods => TaxTreatment::IntraCommunitySupply,
                SupplyKind::Service => TaxTreatment::ReverseCharge,
            };
        }
        return TaxTreatment::Standard;
    }
    match (kind, buyer.kind) {
        (SupplyKind::Goods, _) => TaxTreatment::Export,
        (SupplyKind::Service, ClientKind::Business) => TaxTreatment::NotTaxable,
        (SupplyKind::Service, ClientKind::Consumer) => TaxTreatment::Standard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Locale;

    #[test]
    fn categories_and_codes_come_from_the_one_value() {
        let cases = [
            (TaxTreatment::Standard, "S", None),
            (TaxTreatment::ReverseCharge, "AE", Some("VATEX-EU-AE")),
            (TaxTreatment::IntraCommunitySupply, "K", Some("VATEX-EU-IC")),
            (TaxTreatment::Export, "G", Some("VATEX-EU-G")),
            (TaxTreatment::NotTaxable, "O", Some("VATEX-EU-O")),
            (TaxTreatment::SmallBusiness, "E", None),
        ];
        for (t, code, vatex) in cases {
            assert_eq!(t.category().code(), code, "{t:?}");
            assert_eq!(t.vatex(), vatex, "{t:?}");
        }
    }

    #[test]
    fn sentences_in_both_languages() {
        assert_eq!(
            TaxTreatment::ReverseCharge.sentence(Locale::De).as_deref(),
            Some("Steuerschuldnerschaft des Leistungsempfängers")
        );
        let exempt = TaxTreatment::from_parts("exempt", Some(" § 4 Nr. 21 UStG ")).expect("valid");
        assert_eq!(
            exempt.sentence(Locale::De).as_deref(),
            Some("Steuerfrei gemäß § 4 Nr. 21 UStG")
        );
        assert!(
            TaxTreatment::SmallBusiness
                .sentence(Locale::En)
                .is_some_and(|s| s.contains("§19 UStG") || s.contains("§ 19 UStG"))
        );
        assert_eq!(TaxTreatment::Standard.sentence(Locale::De), None);
    }

    #[test]
    fn exempt_needs_a_norm_and_names_are_stable() {
        assert_eq!(
            TaxTreatment::from_parts("exempt", Some("  "))
                .expect_err("no norm")
                .code(),
            "treatment.norm_required"
        );
        assert_eq!(
            TaxTreatment::from_parts("zero", None)
                .expect_err("unknown")
                .code(),
            "treatment.unknown"
        );
        for name in TaxTreatment::NAMES {
            let t = TaxTreatment::from_parts(name, Some("§ 4 Nr. 14 UStG")).expect("known");
            assert_eq!(t.as_str(), name);
        }
        let json = serde_json::to_string(&TaxTreatment::Exempt {
            norm: "§ 4 Nr. 21 UStG".into(),
        })
        .expect("json");
        assert_eq!(json, r#"{"kind":"exempt","norm":"§ 4 Nr. 21 UStG"}"#);
    }
}
