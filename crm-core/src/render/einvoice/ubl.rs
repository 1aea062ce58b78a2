//! OASIS UBL 2.1 as XRechnung 3.0 UBL uses it: an `Invoice` document for invoices and
//! cancellation invoices (380, 384), a `CreditNote` for corrective credits (381). Element
//! order follows the UBL schema (the XSD checks it).

use super::model::{Address, EInvoice, Party, TypeCode};
use super::xml::{Xml, amount, number};

const INVOICE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const CREDIT_NOTE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

/// The document as UBL XML.
pub(crate) fn write(e: &EInvoice) -> Vec<u8> {
    let credit = e.type_code == TypeCode::CreditNote;
    let m = e.minor_units;
    let cur = e.currency;
    let money = |v| amount(v, m);
    let mut x = Xml::new();
    let (root, ns) = if credit {
        ("CreditNote", CREDIT_NOTE_NS)
    } else {
        ("Invoice", INVOICE_NS)
    };
    x.open(
        root,
        &[("xmlns", ns), ("xmlns:cac", CAC), ("xmlns:cbc", CBC)],
    );
    x.leaf("cbc:CustomizationID", e.profile.specification_id())
        .leaf("cbc:ProfileID", super::model::BUSINESS_PROCESS)
        .leaf("cbc:ID", &e.number)
        .leaf("cbc:IssueDate", &iso(e.issue_date));
    if !credit && let Some(d) = e.due_date {
        x.leaf("cbc:DueDate", &iso(d));
    }
    x.leaf(
        if credit {
            "cbc:CreditNoteTypeCode"
        } else {
            "cbc:InvoiceTypeCode"
        },
        e.type_code.code(),
    );
    for note in &e.notes {
        x.leaf("cbc:Note", note);
    }
    x.leaf("cbc:DocumentCurrencyCode", cur)
        .opt("cbc:TaxCurrencyCode", e.tax_currency)
        .opt("cbc:BuyerReference", e.buyer_reference.as_deref());
    if let Some((from, to)) = e.period {
        period(&mut x, from, to);
    }
    if let Some(p) = &e.preceding {
        x.open("cac:BillingReference", &[])
            .open("cac:InvoiceDocumentReference", &[])
            .leaf("cbc:ID", &p.number)
            .leaf("cbc:IssueDate", &iso(p.issue_date))
            .close()
            .close();
    }
    x.open("cac:AccountingSupplierParty", &[]);
    party(&mut x, &e.seller, true);
    x.close();
    x.open("cac:AccountingCustomerParty", &[]);
    party(&mut x, &e.buyer, false);
    x.close();
    if e.delivery_date.is_some() || e.deliver_to_country.is_some() {
        x.open("cac:Delivery", &[]);
        if let Some(d) = e.delivery_date {
            x.leaf("cbc:ActualDeliveryDate", &iso(d));
        }
        if let Some(country) = e.deliver_to_country {
            x.open("cac:DeliveryLocation", &[])
                .open("cac:Address", &[])
                .open("cac:Country", &[])
                .leaf("cbc:IdentificationCode", country)
                .close()
                .close()
                .close();
        }
        x.close();
    }
    if let Some(p) = &e.payment {
        x.open("cac:PaymentMeans", &[]).leaf_with(
            "cbc:PaymentMeansCode",
            &p.text
                .as_deref()
                .map(|t| ("name", t))
                .into_iter()
                .collect::<Vec<_>>(),
            p.code,
        );
        if credit && let Some(d) = e.due_date {
            x.leaf("cbc:PaymentDueDate", &iso(d));
        }
        x.leaf("cbc:PaymentID", &p.remittance);
        if let Some(t) = &p.transfer {
            x.open("cac:PayeeFinancialAccount", &[])
                .leaf("cbc:ID", &t.iban)
                .opt("cbc:Name", t.account_name.as_deref());
            if let Some(bic) = &t.bic {
                x.open("cac:FinancialInstitutionBranch", &[])
                    .leaf("cbc:ID", bic)
                    .close();
            }
            x.close();
        }
        x.close();
    }
    if let Some(terms) = &e.payment_terms {
        x.open("cac:PaymentTerms", &[])
            .leaf("cbc:Note", terms)
            .close();
    }
    let c = [("currencyID", cur)];
    x.open("cac:TaxTotal", &[])
        .leaf_with("cbc:TaxAmount", &c, &money(e.totals.tax));
    for v in &e.vat {
        x.open("cac:TaxSubtotal", &[])
            .leaf_with("cbc:TaxableAmount", &c, &money(v.basis))
            .leaf_with("cbc:TaxAmount", &c, &money(v.tax))
            .open("cac:TaxCategory", &[])
            .leaf("cbc:ID", v.category.code());
        if let Some(rate) = v.rate {
            x.leaf("cbc:Percent", &number(rate));
        }
        x.opt("cbc:TaxExemptionReasonCode", v.exemption_code)
            .opt("cbc:TaxExemptionReason", v.exemption_reason.as_deref());
        tax_scheme(&mut x, "VAT");
        x.close().close();
    }
    x.close();
    if let Some((code, tax)) = e.totals.tax_in_tax_currency {
        x.open("cac:TaxTotal", &[])
            .leaf_with("cbc:TaxAmount", &[("currencyID", code)], &amount(tax, 2))
            .close();
    }
    let t = &e.totals;
    x.open("cac:LegalMonetaryTotal", &[])
        .leaf_with("cbc:LineExtensionAmount", &c, &money(t.line_total))
        .leaf_with("cbc:TaxExclusiveAmount", &c, &money(t.tax_basis))
        .leaf_with("cbc:TaxInclusiveAmount", &c, &money(t.grand_total))
        .leaf_with("cbc:PrepaidAmount", &c, &money(t.prepaid))
        .leaf_with("cbc:PayableAmount", &c, &money(t.due))
        .close();
    let (line_name, qty_name) = if credit {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    } else {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    };
    for l in &e.lines {
        x.open(line_name, &[])
            .leaf("cbc:ID", &l.id.to_string())
            .leaf_with(qty_name, &[("unitCode", l.unit)], &number(l.quantity))
            .leaf_with("cbc:LineExtensionAmount", &c, &money(l.net));
        if let Some((from, to)) = l.period {
            period(&mut x, from, to);
        }
        if let Some(a) = &l.allowance {
            x.open("cac:AllowanceCharge", &[])
                .leaf("cbc:ChargeIndicator", "false")
                .leaf("cbc:AllowanceChargeReason", &a.reason)
                .leaf_with("cbc:Amount", &c, &money(a.amount))
                .close();
        }
        x.open("cac:Item", &[])
            .opt("cbc:Description", l.description.as_deref())
            .leaf("cbc:Name", &l.name)
            .open("cac:ClassifiedTaxCategory", &[])
            .leaf("cbc:ID", l.category.code());
        if let Some(rate) = l.rate {
            x.leaf("cbc:Percent", &number(rate));
        }
        tax_scheme(&mut x, "VAT");
        x.close().close();
        x.open("cac:Price", &[])
            .leaf_with("cbc:PriceAmount", &c, &number(l.price))
            .close();
        x.close();
    }
    x.finish()
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn period(x: &mut Xml, from: chrono::NaiveDate, to: chrono::NaiveDate) {
    x.open("cac:InvoicePeriod", &[])
        .leaf("cbc:StartDate", &iso(from))
        .leaf("cbc:EndDate", &iso(to))
        .close();
}

fn tax_scheme(x: &mut Xml, id: &str) {
    x.open("cac:TaxScheme", &[]).leaf("cbc:ID", id).close();
}

fn party(x: &mut Xml, p: &Party, seller: bool) {
    x.open("cac:Party", &[]);
    if let Some(email) = &p.email {
        x.leaf_with("cbc:EndpointID", &[("schemeID", "EM")], email);
    }
    if let Some(id) = &p.id {
        x.open("cac:PartyIdentification", &[])
            .leaf("cbc:ID", id)
            .close();
    }
    address(x, &p.address);
    if let Some(vat) = &p.vat_id {
        x.open("cac:PartyTaxScheme", &[]).leaf("cbc:CompanyID", vat);
        tax_scheme(x, "VAT");
        x.close();
    }
    if let Some(tax) = &p.tax_number {
        x.open("cac:PartyTaxScheme", &[]).leaf("cbc:CompanyID", tax);
        tax_scheme(x, "FC");
        x.close();
    }
    x.open("cac:PartyLegalEntity", &[])
        .leaf("cbc:RegistrationName", &p.name)
        .opt("cbc:CompanyID", p.legal_registration.as_deref());
    if seller {
        x.opt("cbc:CompanyLegalForm", p.legal_info.as_deref());
    }
    x.close();
    if let Some(c) = &p.contact {
        x.open("cac:Contact", &[])
            .opt("cbc:Name", c.name.as_deref())
            .opt("cbc:Telephone", c.phone.as_deref())
            .opt("cbc:ElectronicMail", c.email.as_deref())
            .close();
    }
    x.close();
}

fn address(x: &mut Xml, a: &Address) {
    x.open("cac:PostalAddress", &[])
        .leaf("cbc:StreetName", &a.line_one)
        .opt("cbc:AdditionalStreetName", a.line_two.as_deref())
        .leaf("cbc:CityName", &a.city)
        .leaf("cbc:PostalZone", &a.postal_code)
        .opt("cbc:CountrySubentity", a.subdivision.as_deref())
        .open("cac:Country", &[])
        .leaf("cbc:IdentificationCode", a.country)
        .close()
        .close();
}
