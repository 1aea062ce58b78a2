//! Invoices, quotes, line items, totals and payments on the wire.

use super::*;
use crm_core::domain::Unit;

/// A line item as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemIn {
    /// What.
    #[schema(min_length = 1)]
    pub description: String,
    /// How many (decimal string).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "2")]
    pub quantity: String,
    /// Net price per unit (decimal string).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "100.00")]
    pub unit_price: String,
    /// Tax rate in percent (decimal string).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "19")]
    pub tax_rate: String,
    /// Net discount on the line (decimal string).
    #[serde(default)]
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$")]
    pub discount: Option<String>,
    /// `goods` or `service` (the default).
    #[serde(default)]
    #[schema(pattern = "^(goods|service)$", example = "service")]
    pub kind: Option<String>,
    /// A tax treatment of the line's own, overriding the invoice's.
    #[serde(default)]
    pub treatment: Option<TreatmentDto>,
    /// The line's own date of supply or service period.
    #[serde(default)]
    pub service_period: Option<PeriodDto>,
    /// Unit of measure of the quantity, a UN/ECE Rec. 20 code of the list (`HUR` hour,
    /// `DAY` day, …); `C62` ("one", a plain count) when omitted.
    #[serde(default)]
    #[schema(schema_with = unit_in_schema)]
    pub unit: Option<String>,
}

/// The `unit` of a line as sent: one of the codes the core knows, or null (= omitted, `C62`).
/// The enum comes from the core's own list, so the document cannot drift from what the server
/// accepts. (The field is read as a string so an unknown code is a field error of the
/// catalogue, `unit.unknown`, not serde's message.)
fn unit_in_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{SchemaType, Type};
    let codes = Unit::ALL
        .iter()
        .map(|u| serde_json::Value::from(u.code()))
        .chain([serde_json::Value::Null]);
    unit_schema_of(SchemaType::from_iter([Type::String, Type::Null]), codes)
}

/// The `unit` of a line as answered: always one of the codes.
fn unit_out_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{SchemaType, Type};
    let codes = Unit::ALL.iter().map(|u| serde_json::Value::from(u.code()));
    unit_schema_of(SchemaType::Type(Type::String), codes)
}

fn unit_schema_of(
    schema_type: utoipa::openapi::schema::SchemaType,
    codes: impl Iterator<Item = serde_json::Value>,
) -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(schema_type)
        .enum_values(Some(codes))
        .description(Some(
            "Unit of measure, a UN/ECE Recommendation 20 code: C62 one (a plain count, the \
             default), H87 piece, HUR hour, MIN minute, DAY day, WEE week, MON month, ANN year, \
             KGM kilogram, GRM gram, TNE tonne, MTR metre, KMT kilometre, MTK square metre, \
             MTQ cubic metre, LTR litre, KWH kilowatt hour, SET set, LS lump sum, PR pair.",
        ))
        .examples([serde_json::json!("HUR")])
        .build()
}

/// A tax treatment (`shared/COMPLIANCE.md` §2).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TreatmentDto {
    /// `standard`, `reverse_charge`, `intra_community_supply`, `export`, `not_taxable`,
    /// `exempt` or `small_business`.
    #[schema(
        pattern = "^(standard|reverse_charge|intra_community_supply|export|not_taxable|exempt|small_business)$",
        example = "reverse_charge"
    )]
    pub kind: String,
    /// The exempting norm, for `exempt` (e.g. `§ 4 Nr. 21 UStG`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub norm: Option<String>,
}

impl TreatmentDto {
    /// The wire form of `t`.
    pub fn of(t: &TaxTreatment) -> Self {
        Self {
            kind: t.as_str().to_owned(),
            norm: match t {
                TaxTreatment::Exempt { norm } => Some(norm.clone()),
                _ => None,
            },
        }
    }

    /// Parses; errors on `field`.
    pub fn parse(&self, errors: &mut Collector, field: &str) -> Option<TaxTreatment> {
        errors.check(
            field,
            TaxTreatment::from_parts(&self.kind, self.norm.as_deref()),
        )
    }
}

/// The cash discount of an issued invoice.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SkontoOut {
    /// Percent off.
    pub percent: String,
    /// Last day it applies.
    pub until: NaiveDate,
    /// The discount.
    pub discount: String,
    /// What is due when paid by `until`.
    pub pay: String,
}

/// A date of supply (`from` alone) or a service period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodDto {
    /// First day (or the date of supply).
    pub from: NaiveDate,
    /// Last day; the same as `from` when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

impl PeriodDto {
    /// The wire form of `p`.
    pub fn of(p: &ServicePeriod) -> Self {
        Self {
            from: p.from(),
            to: (!p.is_single_date()).then(|| p.to()),
        }
    }

    /// Parses; errors on `field`.
    pub fn parse(&self, errors: &mut Collector, field: &str) -> Option<ServicePeriod> {
        errors.check(
            field,
            ServicePeriod::new(self.from, self.to.unwrap_or(self.from)),
        )
    }
}

fn supply_kind(errors: &mut Collector, field: &str, kind: Option<&str>) -> Option<SupplyKind> {
    match kind {
        None => None,
        Some("goods") => Some(SupplyKind::Goods),
        Some("service") => Some(SupplyKind::Service),
        Some(other) => {
            errors.push(
                field.to_owned(),
                crm_core::domain::ValueError::new("supply_kind.unknown")
                    .arg("shown", other.to_owned()),
            );
            None
        }
    }
}

/// Parses items; errors as `items[i].field`.
pub fn items(errors: &mut Collector, items: &[ItemIn]) -> Vec<LineItemInput> {
    items
        .iter()
        .enumerate()
        .map(|(i, it)| LineItemInput {
            description: it.description.clone(),
            quantity: decimal(errors, &format!("items[{i}].quantity"), &it.quantity),
            unit_price: decimal(errors, &format!("items[{i}].unit_price"), &it.unit_price),
            tax_rate: decimal(errors, &format!("items[{i}].tax_rate"), &it.tax_rate),
            discount: it.discount.as_deref().map_or(Decimal::ZERO, |d| {
                decimal(errors, &format!("items[{i}].discount"), d)
            }),
            kind: supply_kind(errors, &format!("items[{i}].kind"), it.kind.as_deref()),
            treatment: it
                .treatment
                .as_ref()
                .and_then(|t| t.parse(errors, &format!("items[{i}].treatment"))),
            service_period: it
                .service_period
                .as_ref()
                .and_then(|p| p.parse(errors, &format!("items[{i}].service_period"))),
            unit: it
                .unit
                .as_deref()
                .and_then(|u| errors.check(format!("items[{i}].unit"), Unit::parse(u))),
        })
        .collect()
}

/// A new invoice (a draft).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceCreate {
    /// The client.
    pub client_id: Uuid,
    /// Line items.
    #[schema(min_items = 1)]
    pub items: Vec<ItemIn>,
    /// Due date; the company's payment terms when omitted.
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    /// Notes printed on the invoice.
    #[serde(default)]
    pub notes: Option<String>,
    /// Terms printed on the invoice.
    #[serde(default)]
    pub terms: Option<String>,
    /// Tax treatment of the lines without their own; proposed from the company's and the
    /// client's data when omitted.
    #[serde(default)]
    pub treatment: Option<TreatmentDto>,
    /// Date of supply or service period; "same as the invoice date" when omitted.
    #[serde(default)]
    pub service_period: Option<PeriodDto>,
    /// Issue date (not in the future, not before the previous invoice); the day of issue
    /// when omitted.
    #[serde(default)]
    pub issue_date: Option<NaiveDate>,
    /// For a client billed in a foreign currency: euros per unit of it (decimal string, e.g.
    /// `"0.9234"` for 1 USD = 0.9234 EUR), which states the VAT in euros on the PDF and the
    /// e-invoice (§16 Abs. 6 UStG). Required to issue such an invoice when it charges VAT;
    /// refused on a euro invoice.
    #[serde(default)]
    #[schema(pattern = r"^[0-9]+(\.[0-9]+)?$", example = "0.9234")]
    pub eur_rate: Option<String>,
}

impl InvoiceCreate {
    /// The core's input; field errors go to `errors`.
    pub fn to_core(&self, errors: &mut Collector) -> InvoiceInput {
        InvoiceInput {
            client_id: ClientId::from_uuid(self.client_id),
            items: items(errors, &self.items),
            due_date: self.due_date,
            notes: self.notes.clone(),
            terms: self.terms.clone(),
            treatment: self
                .treatment
                .as_ref()
                .and_then(|t| t.parse(errors, "treatment")),
            service_period: self
                .service_period
                .as_ref()
                .and_then(|p| p.parse(errors, "service_period")),
            issue_date: self.issue_date,
            eur_rate: self
                .eur_rate
                .as_deref()
                .map(|r| decimal(errors, "eur_rate", r)),
        }
    }
}

/// A new quote (a draft).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteCreate {
    /// The client.
    pub client_id: Uuid,
    /// Line items.
    #[schema(min_items = 1)]
    pub items: Vec<ItemIn>,
    /// Valid until.
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
    /// Notes printed on the quote.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A line item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemOut {
    /// What.
    #[schema(min_length = 1)]
    pub description: String,
    /// How many.
    pub quantity: String,
    /// Net price per unit.
    pub unit_price: String,
    /// Tax rate in percent.
    pub tax_rate: String,
    /// Net discount.
    pub discount: String,
    /// Net of the line (rounded).
    pub net: String,
    /// `goods` or `service`.
    pub kind: String,
    /// The line's own treatment, if it overrides the document's.
    pub treatment: Option<TreatmentDto>,
    /// The line's own service period.
    pub service_period: Option<PeriodDto>,
    /// Unit of measure of the quantity (UN/ECE Rec. 20 code; `C62` for a plain count).
    #[schema(schema_with = unit_out_schema)]
    pub unit: String,
}

pub(crate) fn item_out(l: &LineItem, c: crm_core::domain::Currency) -> ItemOut {
    ItemOut {
        description: l.description().to_owned(),
        quantity: l.quantity().normalize().to_string(),
        unit_price: l.unit_price().normalize().to_string(),
        tax_rate: l.tax_rate().percent().normalize().to_string(),
        discount: money(l.discount(), c),
        net: money(l.net(), c),
        kind: match l.kind() {
            SupplyKind::Goods => "goods",
            SupplyKind::Service => "service",
        }
        .to_owned(),
        treatment: l.treatment().map(TreatmentDto::of),
        service_period: l.service_period().as_ref().map(PeriodDto::of),
        unit: l.unit().code().to_owned(),
    }
}

/// Net and tax of one treatment and rate.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaxOut {
    /// The treatment of the lines summed here.
    pub treatment: TreatmentDto,
    /// EN 16931 VAT category code (`S`, `Z`, `AE`, `K`, `G`, `O`, `E`).
    pub category: String,
    /// Rate in percent.
    pub rate: String,
    /// Net of the lines with this rate.
    pub net: String,
    /// Tax.
    pub tax: String,
}

/// Document totals.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotalsOut {
    /// Net.
    pub net: String,
    /// Tax per rate.
    pub taxes: Vec<TaxOut>,
    /// Tax.
    pub tax: String,
    /// Gross.
    pub total: String,
}

pub(crate) fn totals_out(t: &Totals, c: crm_core::domain::Currency) -> TotalsOut {
    TotalsOut {
        net: money(t.net, c),
        taxes: t
            .taxes
            .iter()
            .map(|x| TaxOut {
                treatment: TreatmentDto::of(&x.treatment),
                category: x.treatment.category_at(x.rate).code().to_owned(),
                rate: x.rate.percent().normalize().to_string(),
                net: money(x.net, c),
                tax: money(x.tax, c),
            })
            .collect(),
        tax: money(t.tax, c),
        total: money(t.total, c),
    }
}

/// An invoice.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvoiceOut {
    /// Id.
    pub id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// Number (drafts have none).
    pub number: Option<String>,
    /// `draft`, `sent`, `partial`, `paid` or `cancelled`.
    pub status: String,
    /// Whether it is past due with a balance.
    pub overdue: bool,
    /// ISO 4217.
    pub currency: String,
    /// Line items.
    pub items: Vec<ItemOut>,
    /// Tax treatment of the lines without their own.
    pub treatment: TreatmentDto,
    /// Date of supply or service period (none: the same as the issue date).
    pub service_period: Option<PeriodDto>,
    /// The cash discount offered, frozen at issue.
    pub skonto: Option<SkontoOut>,
    /// Totals.
    pub totals: TotalsOut,
    /// Euros per unit of a foreign currency (decimal string), frozen at issue.
    pub eur_rate: Option<String>,
    /// The VAT total in euros at `eur_rate`, as the PDF and the e-invoice state it.
    pub tax_eur: Option<String>,
    /// The last dunning level it reached.
    pub dunning: Option<DunningMarkOut>,
    /// Paid towards the invoice itself so far (net of refunds; without what went to dunning
    /// fees and interest).
    pub amount_paid: String,
    /// Everything paid on it, net of refunds: `amount_paid` plus the fees and interest paid.
    pub total_paid: String,
    /// Open balance.
    pub balance: String,
    /// Everything owed on it: the balance plus open dunning fees and interest.
    pub amount_due: String,
    /// Σ of its corrective credits: the total less this is what it asks for.
    pub credited: String,
    /// What was paid beyond what it asks for (all of it once cancelled): to be refunded.
    pub refund_due: String,
    /// The cancellation invoice that cancelled it.
    pub cancelled_by: Option<CorrectionRefOut>,
    /// Issued.
    pub issue_date: Option<NaiveDate>,
    /// Due.
    pub due_date: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
    /// Terms.
    pub terms: Option<String>,
    /// The quote it came from.
    pub quote_id: Option<Uuid>,
    /// First opened in the portal.
    pub viewed_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// SHA-256 (hex) of the PDF frozen when the invoice was issued — `GET …/pdf` serves
    /// exactly those bytes. Null for drafts, and for an invoice issued before PDFs were
    /// frozen until its PDF is first requested.
    pub pdf_sha256: Option<String>,
}

impl InvoiceOut {
    /// With the SHA-256 of its frozen PDF.
    pub fn with_pdf_sha256(mut self, sha256: Option<crm_core::domain::DocumentHash>) -> Self {
        self.pdf_sha256 = sha256.map(|h| h.to_hex());
        self
    }

    /// Converts, resolving `overdue` against `today`.
    pub fn new(i: &Invoice, today: NaiveDate) -> Self {
        Self {
            id: i.id.as_uuid(),
            client_id: i.client_id.as_uuid(),
            number: i.number.clone(),
            status: i.status.as_str().to_owned(),
            overdue: i.is_overdue(today),
            currency: i.currency.code().to_owned(),
            items: i.lines.iter().map(|l| item_out(l, i.currency)).collect(),
            treatment: TreatmentDto::of(&i.treatment),
            service_period: i.service_period.as_ref().map(PeriodDto::of),
            skonto: i.skonto.map(|s| SkontoOut {
                percent: s.percent.normalize().to_string(),
                until: s.until,
                discount: money(s.discount, i.currency),
                pay: money(s.pay, i.currency),
            }),
            totals: totals_out(&i.totals, i.currency),
            eur_rate: i.eur_rate.map(|r| r.to_string()),
            dunning: i.dunning.map(|m| DunningMarkOut {
                level: m.level.as_str().to_owned(),
                on: m.on,
                reminder_id: m.reminder.map(|r| r.as_uuid()),
                waived: m.waived,
                fees: money(m.costs.fees, i.currency),
                interest: money(m.costs.interest, i.currency),
                fees_paid: money(m.costs.fees_paid, i.currency),
                interest_paid: money(m.costs.interest_paid, i.currency),
            }),
            tax_eur: i
                .eur_rate
                .map(|r| money(r.to_eur(i.totals.tax), crm_core::domain::Currency::EUR)),
            amount_paid: money(i.amount_paid, i.currency),
            total_paid: money(i.amount_paid + i.costs().paid(), i.currency),
            balance: money(i.balance, i.currency),
            amount_due: money(i.amount_due(), i.currency),
            credited: money(i.credited, i.currency),
            refund_due: money(i.refund_due(), i.currency),
            cancelled_by: i.cancelled_by.as_ref().map(|c| CorrectionRefOut {
                id: c.id.as_uuid(),
                number: c.number.clone(),
                issue_date: c.issue_date,
            }),
            issue_date: i.issue_date,
            due_date: i.due_date,
            notes: i.notes.clone(),
            terms: i.terms.clone(),
            quote_id: i.quote_id.map(|q| q.as_uuid()),
            viewed_at: i.viewed_at,
            created_at: i.created_at,
            updated_at: i.updated_at,
            pdf_sha256: None,
        }
    }
}

/// A correction as an invoice names it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CorrectionRefOut {
    /// Its id (`GET /corrections/{id}`).
    pub id: Uuid,
    /// Its number.
    pub number: String,
    /// Its issue date.
    pub issue_date: NaiveDate,
}

/// A quote.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteOut {
    /// Id.
    pub id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// Number (drafts have none).
    pub number: Option<String>,
    /// `draft`, `sent`, `approved`, `rejected`.
    pub status: String,
    /// ISO 4217.
    pub currency: String,
    /// Line items.
    pub items: Vec<ItemOut>,
    /// Totals.
    pub totals: TotalsOut,
    /// Issued.
    pub issue_date: Option<NaiveDate>,
    /// Valid until.
    pub valid_until: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
    /// Why the client rejected it.
    pub rejection_reason: Option<String>,
    /// The invoice it was converted to.
    pub invoice_id: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<&Quote> for QuoteOut {
    fn from(q: &Quote) -> Self {
        Self {
            id: q.id.as_uuid(),
            client_id: q.client_id.as_uuid(),
            number: q.number.clone(),
            status: q.status.as_str().to_owned(),
            currency: q.currency.code().to_owned(),
            items: q.lines.iter().map(|l| item_out(l, q.currency)).collect(),
            totals: totals_out(&q.totals, q.currency),
            issue_date: q.issue_date,
            valid_until: q.valid_until,
            notes: q.notes.clone(),
            rejection_reason: q.rejection_reason.clone(),
            invoice_id: q.invoice_id.map(|i| i.as_uuid()),
            created_at: q.created_at,
            updated_at: q.updated_at,
        }
    }
}

/// A manual payment.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentCreate {
    /// Amount (decimal string, > 0, at most what is owed: the balance plus open dunning fees
    /// and interest, which it settles first).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "119.00")]
    pub amount: String,
    /// `card`, `bank_transfer`, `direct_debit`, `cash`, `cheque` or `other`.
    #[schema(
        pattern = "^(card|bank_transfer|direct_debit|cash|cheque|other)$",
        example = "bank_transfer"
    )]
    pub method: String,
    /// Reference (unique per company; repeating it is idempotent).
    #[serde(default)]
    pub reference: Option<String>,
    /// Date; today when omitted.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Email a receipt to the primary contact.
    #[serde(default)]
    pub send_receipt: bool,
}

/// A payment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentOut {
    /// Id.
    pub id: Uuid,
    /// Invoice.
    pub invoice_id: Uuid,
    /// Amount.
    pub amount: String,
    /// ISO 4217.
    pub currency: String,
    /// Date.
    pub date: NaiveDate,
    /// Method.
    pub method: String,
    /// Reference.
    pub reference: Option<String>,
    /// Refunded so far.
    pub refunded: String,
    /// The part applied to dunning fees (§367 BGB: fees, then interest, then the invoice).
    pub to_fees: String,
    /// The part applied to default interest.
    pub to_interest: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<&Payment> for PaymentOut {
    fn from(p: &Payment) -> Self {
        Self {
            id: p.id.as_uuid(),
            invoice_id: p.invoice_id.as_uuid(),
            amount: money(p.amount, p.currency),
            currency: p.currency.code().to_owned(),
            date: p.date,
            method: p.method.as_str().to_owned(),
            reference: p.reference.clone(),
            refunded: money(p.refunded, p.currency),
            to_fees: money(p.to_fees, p.currency),
            to_interest: money(p.to_interest, p.currency),
            created_at: p.created_at,
        }
    }
}

/// What recording a payment did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentResult {
    /// The payment (the earlier one when `already_recorded`).
    pub payment: PaymentOut,
    /// True when the reference was recorded before; nothing changed.
    pub already_recorded: bool,
    /// The invoice as updated (absent when nothing changed).
    pub invoice: Option<InvoiceOut>,
}

/// A refund of (part of) a payment, recorded by staff (e.g. a bank transfer back).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundCreate {
    /// Amount (decimal string, > 0, at most what remains of the payment).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "50.00")]
    pub amount: String,
    /// Date; today when omitted.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
    /// Reference (unique per company; repeating it is idempotent).
    #[serde(default)]
    pub reference: Option<String>,
    /// `manual` (the default: money already sent back, e.g. by transfer) or `gateway`: the
    /// refund is made now through the payment provider that took a card payment, and its
    /// reference is the provider's refund id.
    #[serde(default)]
    #[schema(pattern = "^(manual|gateway)$")]
    pub via: Option<String>,
}

/// A refund.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RefundOut {
    /// Id.
    pub id: Uuid,
    /// The payment refunded.
    pub payment_id: Uuid,
    /// Its invoice.
    pub invoice_id: Uuid,
    /// Amount.
    pub amount: String,
    /// ISO 4217.
    pub currency: String,
    /// Date.
    pub date: NaiveDate,
    /// Reference.
    pub reference: Option<String>,
    /// Why.
    pub reason: Option<String>,
}

impl From<&crm_core::domain::Refund> for RefundOut {
    fn from(r: &crm_core::domain::Refund) -> Self {
        Self {
            id: r.id.as_uuid(),
            payment_id: r.payment_id.as_uuid(),
            invoice_id: r.invoice_id.as_uuid(),
            amount: money(r.amount, r.currency),
            currency: r.currency.code().to_owned(),
            date: r.date,
            reference: r.reference.clone(),
            reason: r.reason.clone(),
        }
    }
}

/// What recording a refund did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RefundResult {
    /// The refund (absent when `already_recorded`).
    pub refund: Option<RefundOut>,
    /// True when the reference was recorded before; nothing changed.
    pub already_recorded: bool,
    /// The invoice as updated (absent when nothing changed).
    pub invoice: Option<InvoiceOut>,
}
