//! UN/CEFACT Cross Industry Invoice (CII D16B), as Factur-X / ZUGFeRD profile EN 16931 and
//! XRechnung 3.0 use it. Element order follows the CII schema (the XSD checks it).

use super::model::{Address, EInvoice, Party};
use super::xml::{Xml, amount, date102, number};

const RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
const RAM: &str =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
const QDT: &str = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
const UDT: &str = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";

/// The document as CII XML.
pub(crate) fn write(e: &EInvoice) -> Vec<u8> {
    let m = e.minor_units;
    let cur = e.currency;
    let mut x = Xml::new();
    x.open(
        "rsm:CrossIndustryInvoice",
        &[
            ("xmlns:rsm", RSM),
            ("xmlns:qdt", QDT),
            ("xmlns:ram", RAM),
            ("xmlns:udt", UDT),
        ],
    );

    x.open("rsm:ExchangedDocumentContext", &[]);
    if e.profile == super::Profile::XRechnung {
        x.open("ram:BusinessProcessSpecifiedDocumentContextParameter", &[])
            .leaf("ram:ID", super::model::BUSINESS_PROCESS)
            .close();
    }
    x.open("ram:GuidelineSpecifiedDocumentContextParameter", &[])
        .leaf("ram:ID", e.profile.specification_id())
        .close();
    x.close();

    x.open("rsm:ExchangedDocument", &[])
        .leaf("ram:ID", &e.number)
        .leaf("ram:TypeCode", e.type_code.code());
    date_time(&mut x, "ram:IssueDateTime", e.issue_date);
    for note in &e.notes {
        x.open("ram:IncludedNote", &[])
            .leaf("ram:Content", note)
            .close();
    }
    x.close();

    x.open("rsm:SupplyChainTradeTransaction", &[]);
    for l in &e.lines {
        x.open("ram:IncludedSupplyChainTradeLineItem", &[]);
        x.open("ram:AssociatedDocumentLineDocument", &[])
            .leaf("ram:LineID", &l.id.to_string())
            .close();
        x.open("ram:SpecifiedTradeProduct", &[])
            .leaf("ram:Name", &l.name)
            .opt("ram:Description", l.description.as_deref())
            .close();
        x.open("ram:SpecifiedLineTradeAgreement", &[])
            .open("ram:NetPriceProductTradePrice", &[])
            .leaf("ram:ChargeAmount", &number(l.price))
            .close()
            .close();
        x.open("ram:SpecifiedLineTradeDelivery", &[])
            .leaf_with(
                "ram:BilledQuantity",
                &[("unitCode", l.unit)],
                &number(l.quantity),
            )
            .close();
        x.open("ram:SpecifiedLineTradeSettlement", &[]);
        x.open("ram:ApplicableTradeTax", &[])
            .leaf("ram:TypeCode", "VAT")
            .leaf("ram:CategoryCode", l.category.code());
        if let Some(rate) = l.rate {
            x.leaf("ram:RateApplicablePercent", &number(rate));
        }
        x.close();
        if let Some((from, to)) = l.period {
            period(&mut x, from, to);
        }
        if let Some(a) = &l.allowance {
            x.open("ram:SpecifiedTradeAllowanceCharge", &[])
                .open("ram:ChargeIndicator", &[])
                .leaf("udt:Indicator", "false")
                .close()
                .leaf("ram:ActualAmount", &amount(a.amount, m))
                .leaf("ram:Reason", &a.reason)
                .close();
        }
        x.open("ram:SpecifiedTradeSettlementLineMonetarySummation", &[])
            .leaf("ram:LineTotalAmount", &amount(l.net, m))
            .close();
        x.close();
        x.close();
    }

    x.open("ram:ApplicableHeaderTradeAgreement", &[]);
    x.opt("ram:BuyerReference", e.buyer_reference.as_deref());
    party(&mut x, "ram:SellerTradeParty", &e.seller, true);
    party(&mut x, "ram:BuyerTradeParty", &e.buyer, false);
    x.close();

    x.open("ram:ApplicableHeaderTradeDelivery", &[]);
    if let Some(country) = e.deliver_to_country {
        x.open("ram:ShipToTradeParty", &[])
            .open("ram:PostalTradeAddress", &[])
            .leaf("ram:CountryID", country)
            .close()
            .close();
    }
    if let Some(d) = e.delivery_date {
        x.open("ram:ActualDeliverySupplyChainEvent", &[]);
        date_time(&mut x, "ram:OccurrenceDateTime", d);
        x.close();
    }
    x.close();

    x.open("ram:ApplicableHeaderTradeSettlement", &[]);
    if let Some(p) = &e.payment {
        x.leaf("ram:PaymentReference", &p.remittance);
    }
    x.opt("ram:TaxCurrencyCode", e.tax_currency);
    x.leaf("ram:InvoiceCurrencyCode", cur);
    if let Some(p) = &e.payment {
        x.open("ram:SpecifiedTradeSettlementPaymentMeans", &[])
            .leaf("ram:TypeCode", p.code)
            .opt("ram:Information", p.text.as_deref());
        if let Some(t) = &p.transfer {
            x.open("ram:PayeePartyCreditorFinancialAccount", &[])
                .leaf("ram:IBANID", &t.iban)
                .opt("ram:AccountName", t.account_name.as_deref())
                .close();
            if let Some(bic) = &t.bic {
                x.open("ram:PayeeSpecifiedCreditorFinancialInstitution", &[])
                    .leaf("ram:BICID", bic)
                    .close();
            }
        }
        x.close();
    }
    for v in &e.vat {
        x.open("ram:ApplicableTradeTax", &[])
            .leaf("ram:CalculatedAmount", &amount(v.tax, m))
            .leaf("ram:TypeCode", "VAT")
            .opt("ram:ExemptionReason", v.exemption_reason.as_deref())
            .leaf("ram:BasisAmount", &amount(v.basis, m))
            .leaf("ram:CategoryCode", v.category.code())
            .opt("ram:ExemptionReasonCode", v.exemption_code);
        if let Some(rate) = v.rate {
            x.leaf("ram:RateApplicablePercent", &number(rate));
        }
        x.close();
    }
    if let Some((from, to)) = e.period {
        period(&mut x, from, to);
    }
    if e.payment_terms.is_some() || e.due_date.is_some() {
        x.open("ram:SpecifiedTradePaymentTerms", &[])
            .opt("ram:Description", e.payment_terms.as_deref());
        if let Some(d) = e.due_date {
            date_time(&mut x, "ram:DueDateDateTime", d);
        }
        x.close();
    }
    let t = &e.totals;
    x.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation", &[])
        .leaf("ram:LineTotalAmount", &amount(t.line_total, m))
        .leaf("ram:TaxBasisTotalAmount", &amount(t.tax_basis, m))
        .leaf_with(
            "ram:TaxTotalAmount",
            &[("currencyID", cur)],
            &amount(t.tax, m),
        );
    if let Some((code, tax)) = t.tax_in_tax_currency {
        x.leaf_with(
            "ram:TaxTotalAmount",
            &[("currencyID", code)],
            &amount(tax, 2),
        );
    }
    x.leaf("ram:GrandTotalAmount", &amount(t.grand_total, m))
        .leaf("ram:TotalPrepaidAmount", &amount(t.prepaid, m))
        .leaf("ram:DuePayableAmount", &amount(t.due, m))
        .close();
    if let Some(p) = &e.preceding {
        x.open("ram:InvoiceReferencedDocument", &[])
            .leaf("ram:IssuerAssignedID", &p.number)
            .open("ram:FormattedIssueDateTime", &[])
            .leaf_with(
                "qdt:DateTimeString",
                &[("format", "102")],
                &date102(p.issue_date),
            )
            .close()
            .close();
    }
    x.close();
    x.close();
    x.finish()
}

fn date_time(x: &mut Xml, name: &'static str, d: chrono::NaiveDate) {
    x.open(name, &[])
        .leaf_with("udt:DateTimeString", &[("format", "102")], &date102(d))
        .close();
}

fn period(x: &mut Xml, from: chrono::NaiveDate, to: chrono::NaiveDate) {
    x.open("ram:BillingSpecifiedPeriod", &[]);
    date_time(x, "ram:StartDateTime", from);
    date_time(x, "ram:EndDateTime", to);
    x.close();
}

fn party(x: &mut Xml, name: &'static str, p: &Party, seller: bool) {
    x.open(name, &[]);
    x.opt("ram:ID", p.id.as_deref());
    x.leaf("ram:Name", &p.name);
    if seller {
        x.opt("ram:Description", p.legal_info.as_deref());
    }
    if let Some(reg) = &p.legal_registration {
        x.open("ram:SpecifiedLegalOrganization", &[])
            .leaf("ram:ID", reg)
            .close();
    }
    if let Some(c) = &p.contact {
        x.open("ram:DefinedTradeContact", &[])
            .opt("ram:PersonName", c.name.as_deref());
        if let Some(phone) = &c.phone {
            x.open("ram:TelephoneUniversalCommunication", &[])
                .leaf("ram:CompleteNumber", phone)
                .close();
        }
        if let Some(email) = &c.email {
            x.open("ram:EmailURIUniversalCommunication", &[])
                .leaf("ram:URIID", email)
                .close();
        }
        x.close();
    }
    address(x, &p.address);
    if let Some(email) = &p.email {
        x.open("ram:URIUniversalCommunication", &[])
            .leaf_with("ram:URIID", &[("schemeID", "EM")], email)
            .close();
    }
    if let Some(vat) = &p.vat_id {
        x.open("ram:SpecifiedTaxRegistration", &[])
            .leaf_with("ram:ID", &[("schemeID", "VA")], vat)
            .close();
    }
    if let Some(tax) = &p.tax_number {
        x.open("ram:SpecifiedTaxRegistration", &[])
            .leaf_with("ram:ID", &[("schemeID", "FC")], tax)
            .close();
    }
    x.close();
}

fn address(x: &mut Xml, a: &Address) {
    x.open("ram:PostalTradeAddress", &[])
        .leaf("ram:PostcodeCode", &a.postal_code)
        .leaf("ram:LineOne", &a.line_one)
        .opt("ram:LineTwo", a.line_two.as_deref())
        .leaf("ram:CityName", &a.city)
        .leaf("ram:CountryID", a.country)
        .opt("ram:CountrySubDivisionName", a.subdivision.as_deref())
        .close();
}
