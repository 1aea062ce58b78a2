//! The checks an invoice must pass before it is issued: the contradictions the law leaves no
//! doubt about (`shared/COMPLIANCE.md` §1–2). Each failure is a field error with a catalogue
//! code that says what to fix; anything merely unusual is left to staff.
//!
//! Field names follow the invoice input (`treatment`, `items[2].tax_rate`, `issue_date`,
//! `service_period`); problems with the company's or the client's data are reported on
//! `company.tax_id` and `client.tax_id` / `client.kind`, because that is where they are fixed.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::client::{Client, ClientKind};
use super::company::Company;
use super::invoice::Invoice;
use super::legal::Seller;
use super::tax_treatment::{SupplyKind, TaxTreatment, has_foreign_eu_vat_id};
use super::validation::{Collector, ValidationErrors, ValueError};

/// The dates an issue is checked against.
#[derive(Debug, Clone, Copy)]
pub struct IssueDates {
    /// The date the invoice will carry.
    pub issue_date: NaiveDate,
    /// Today, in the company's time.
    pub today: NaiveDate,
    /// The issue date of the latest invoice already issued in the same number range.
    pub previous: Option<NaiveDate>,
}

/// Checks `invoice` (a draft) for issue by `company` to `client` on `dates.issue_date`.
pub fn check_issue(
    invoice: &Invoice,
    company: &Company,
    client: &Client,
    dates: IssueDates,
) -> Result<(), ValidationErrors> {
    let mut c = Collector::new();
    if dates.issue_date > dates.today {
        c.push("issue_date", ValueError::new("issue_date.future"));
    }
    if let Some(previous) = dates.previous
        && dates.issue_date < previous
    {
        c.push(
            "issue_date",
            ValueError::new("issue_date.before_previous").arg("previous", previous.to_string()),
        );
    }
    let seller = Seller::of(company);
    if seller.vat_id().is_none() && seller.tax_number().is_none() {
        c.push(
            "company.tax_id",
            ValueError::new("issue.seller_tax_id_missing"),
        );
    }
    let small_business = company.legal.small_business;
    let seller_country = company.address.country();
    let buyer_country = client.address.country();
    // VAT charged in a foreign currency must be stated in euros too (Art. 230 VAT Directive).
    if invoice.totals.tax != Decimal::ZERO
        && invoice.eur_rate.is_none()
        && super::exchange_rate::needs_eur_rate(invoice.currency, seller_country)
    {
        c.push(
            "eur_rate",
            ValueError::new("issue.eur_rate_missing").arg("currency", invoice.currency.code()),
        );
    }
    let mut seen = Vec::new();
    for (i, line) in invoice.lines.iter().enumerate() {
        let treatment = line.effective_treatment(&invoice.treatment);
        let field = if line.treatment().is_some() {
            format!("items[{i}].treatment")
        } else {
            "treatment".to_owned()
        };
        // A 0 % line under standard VAT is zero-rated (category Z, e.g. §12 Abs. 3 UStG for
        // solar installations), not a contradiction.
        let rate = line.tax_rate().percent();
        if small_business && rate > Decimal::ZERO {
            c.push(
                format!("items[{i}].tax_rate"),
                ValueError::new("issue.vat_on_small_business"),
            );
        } else if !treatment.charges_vat() && rate > Decimal::ZERO {
            c.push(
                format!("items[{i}].tax_rate"),
                ValueError::new("issue.rate_not_allowed")
                    .arg("treatment", crate::i18n::Arg::Text(treatment.label_key())),
            );
        }
        if line.kind() == SupplyKind::Service
            && matches!(
                treatment,
                TaxTreatment::IntraCommunitySupply | TaxTreatment::Export
            )
        {
            c.push(
                format!("items[{i}].kind"),
                ValueError::new("issue.goods_only")
                    .arg("treatment", crate::i18n::Arg::Text(treatment.label_key())),
            );
        }
        // Checks of the treatment itself are reported once per treatment, not per line.
        if seen.contains(&treatment) {
            continue;
        }
        seen.push(treatment);
        check_treatment(
            &mut c,
            &field,
            treatment,
            company,
            client,
            invoice,
            (seller_country, buyer_country),
        );
    }
    c.finish()
}

fn check_treatment(
    c: &mut Collector,
    field: &str,
    treatment: &TaxTreatment,
    company: &Company,
    client: &Client,
    invoice: &Invoice,
    (seller_country, buyer_country): (super::address::Country, super::address::Country),
) {
    let small_business = company.legal.small_business;
    match treatment {
        TaxTreatment::SmallBusiness if !small_business => {
            c.push(field, ValueError::new("issue.small_business_not_enabled"));
        }
        t if small_business && *t != TaxTreatment::SmallBusiness => {
            c.push(field, ValueError::new("issue.small_business_only"));
        }
        TaxTreatment::ReverseCharge | TaxTreatment::IntraCommunitySupply => {
            if client.kind != ClientKind::Business {
                c.push("client.kind", ValueError::new("issue.needs_business_buyer"));
            }
            let intra_eu = buyer_country != seller_country;
            if *treatment == TaxTreatment::IntraCommunitySupply && !buyer_country.is_eu_member() {
                c.push(field, ValueError::new("issue.intra_community_outside_eu"));
            } else if *treatment == TaxTreatment::IntraCommunitySupply && !intra_eu {
                c.push(field, ValueError::new("issue.intra_community_domestic"));
            } else if *treatment == TaxTreatment::ReverseCharge && !buyer_country.is_eu_member() {
                c.push(field, ValueError::new("issue.reverse_charge_outside_eu"));
            }
            if intra_eu && !has_foreign_eu_vat_id(client, seller_country) {
                c.push(
                    "client.tax_id",
                    ValueError::new("issue.buyer_vat_id_missing"),
                );
            }
            if intra_eu && Seller::of(company).vat_id().is_none() {
                c.push(
                    "company.tax_id",
                    ValueError::new("issue.seller_vat_id_missing"),
                );
            }
            if *treatment == TaxTreatment::IntraCommunitySupply
                && invoice.service_period.is_none()
                && invoice.lines.iter().all(|l| l.service_period().is_none())
            {
                c.push(
                    "service_period",
                    ValueError::new("issue.delivery_date_missing"),
                );
            }
        }
        TaxTreatment::Export if buyer_country.is_eu_member() => {
            c.push(field, ValueError::new("issue.export_inside_eu"));
        }
        TaxTreatment::NotTaxable if buyer_country == seller_country => {
            c.push(field, ValueError::new("issue.not_taxable_domestic"));
        }
        _ => {}
    }
}
