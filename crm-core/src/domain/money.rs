//! Money: the one rounding rule and the arithmetic of a document's totals.
//!
//! # The rule
//!
//! All amounts are [`Decimal`]s, never floats. A document is computed like this, and nowhere
//! else:
//!
//! 1. **line net** = quantity × unit price − discount, rounded to the currency's minor unit;
//! 2. lines are grouped by tax rate; per rate, **tax** = (sum of the rounded line nets at that
//!    rate) × rate / 100, rounded to the minor unit — tax is *not* rounded per line, so many small
//!    lines cannot accumulate rounding error;
//! 3. **net total** = Σ line nets; **tax total** = Σ per-rate taxes; **total** = net + tax.
//!
//! Rounding is commercial ("kaufmännisch"): half away from zero, to the currency's number of
//! minor units (2 for EUR, 0 for JPY, 3 for KWD).

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::currency::Currency;
use super::service_period::ServicePeriod;
use super::tax_treatment::{SupplyKind, TaxTreatment};
use super::unit::Unit;
use super::validation::{Collector, ValidationErrors, ValueError, required_text};
use crate::i18n::Arg;

/// Largest quantity accepted on a line (guards against overflow and typos).
const MAX_QUANTITY: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Largest unit price accepted on a line.
const MAX_UNIT_PRICE: Decimal = Decimal::from_parts(1_215_752_192, 23, 0, false, 0); // 10^14
/// Largest document total (10^12 in any currency): far inside what 64-bit minor units hold.
pub const MAX_DOCUMENT_TOTAL: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);
/// Decimal places accepted for quantities and unit prices.
const MAX_INPUT_SCALE: u32 = 6;

/// Rounds `amount` to `currency`'s minor unit, half away from zero. The only rounding function
/// for money in this crate.
pub fn round(amount: Decimal, currency: Currency) -> Decimal {
    amount.round_dp_with_strategy(
        currency.minor_units(),
        RoundingStrategy::MidpointAwayFromZero,
    )
}

/// Checks that `amount` is positive and already exact to the currency's minor unit (a payment
/// of 10.005 EUR is an input error, not something to round silently).
pub fn positive_amount(amount: Decimal, currency: Currency) -> Result<Decimal, ValueError> {
    if amount <= Decimal::ZERO {
        return Err(ValueError::new("amount.not_positive"));
    }
    exact_amount(amount, currency)
}

/// Checks that `amount` has no more decimal places than `currency` allows.
pub fn exact_amount(amount: Decimal, currency: Currency) -> Result<Decimal, ValueError> {
    if round(amount, currency) != amount {
        return Err(ValueError::new("amount.precision")
            .arg("minor_units", currency.minor_units())
            .arg("currency", currency.code()));
    }
    let mut exact = amount;
    exact.rescale(currency.minor_units());
    Ok(exact)
}

/// A tax rate in percent (19 for 19 %), between 0 and 100 with at most 3 decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct TaxRate(Decimal);

impl TaxRate {
    /// No tax.
    pub const ZERO: TaxRate = TaxRate(Decimal::ZERO);

    /// Validates a percentage.
    pub fn new(percent: Decimal) -> Result<Self, ValueError> {
        if percent < Decimal::ZERO
            || percent > Decimal::ONE_HUNDRED
            || percent.normalize().scale() > 3
        {
            return Err(ValueError::new("tax_rate.range"));
        }
        Ok(Self(percent.normalize()))
    }

    /// The rate in percent.
    pub fn percent(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for TaxRate {
    type Error = ValueError;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<TaxRate> for Decimal {
    fn from(value: TaxRate) -> Self {
        value.0
    }
}

/// The input of one line item, as a user or API sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineItemInput {
    /// What was sold.
    pub description: String,
    /// How many (≥ 0).
    pub quantity: Decimal,
    /// Price per unit, net (≥ 0).
    pub unit_price: Decimal,
    /// Tax rate in percent.
    pub tax_rate: Decimal,
    /// Absolute discount on the line (≥ 0, at most quantity × unit price).
    #[serde(default)]
    pub discount: Decimal,
    /// Goods or service (service when left out).
    #[serde(default)]
    pub kind: Option<SupplyKind>,
    /// A tax treatment of its own, overriding the document's.
    #[serde(default)]
    pub treatment: Option<TaxTreatment>,
    /// Its own date of supply or service period, if it differs from the document's.
    #[serde(default)]
    pub service_period: Option<ServicePeriod>,
    /// Unit of measure of the quantity ([`Unit::One`], `C62`, when left out).
    #[serde(default)]
    pub unit: Option<Unit>,
}

/// A validated line item with its computed net amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    description: String,
    quantity: Decimal,
    unit_price: Decimal,
    tax_rate: TaxRate,
    discount: Decimal,
    net: Decimal,
    #[serde(default)]
    kind: SupplyKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    treatment: Option<TaxTreatment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service_period: Option<ServicePeriod>,
    // Lines stored before units existed have none: they were counts (`C62`).
    #[serde(default)]
    unit: Unit,
}

impl LineItem {
    /// Validates one line for a document in `currency`. Field names in errors are relative
    /// (`quantity`), the caller prefixes them (`items[2].quantity`).
    pub fn new(input: &LineItemInput, currency: Currency) -> Result<Self, ValidationErrors> {
        let mut c = Collector::new();
        let description = c.check("description", required_text(&input.description, 1000));
        let quantity = c.check(
            "quantity",
            bounded("quantity", input.quantity, MAX_QUANTITY),
        );
        let unit_price = c.check(
            "unit_price",
            bounded("unit_price", input.unit_price, MAX_UNIT_PRICE),
        );
        let tax_rate = c.check("tax_rate", TaxRate::new(input.tax_rate));
        let discount = c.check("discount", {
            if input.discount < Decimal::ZERO {
                Err(ValueError::new("discount.negative"))
            } else {
                exact_amount(input.discount, currency)
            }
        });
        let treatment = c
            .check(
                "treatment",
                input
                    .treatment
                    .clone()
                    .map(TaxTreatment::validated)
                    .transpose(),
            )
            .flatten();
        if let (Some(q), Some(p), Some(d)) = (quantity, unit_price, discount)
            && d > q * p
        {
            c.push("discount", ValueError::new("discount.too_large"));
        }
        c.finish()?;
        let (Some(description), Some(quantity), Some(unit_price), Some(tax_rate), Some(discount)) =
            (description, quantity, unit_price, tax_rate, discount)
        else {
            unreachable!("collector reported no error, so every field is valid")
        };
        let net = round(quantity * unit_price - discount, currency);
        Ok(Self {
            description,
            quantity,
            unit_price,
            tax_rate,
            discount,
            net,
            kind: input.kind.unwrap_or_default(),
            treatment,
            service_period: input.service_period,
            unit: input.unit.unwrap_or_default(),
        })
    }

    /// The input that reproduces this line (for editing a draft).
    pub fn to_input(&self) -> LineItemInput {
        LineItemInput {
            description: self.description.clone(),
            quantity: self.quantity,
            unit_price: self.unit_price,
            tax_rate: self.tax_rate.percent(),
            discount: self.discount,
            kind: Some(self.kind),
            treatment: self.treatment.clone(),
            service_period: self.service_period,
            unit: Some(self.unit),
        }
    }

    /// Goods or service.
    pub fn kind(&self) -> SupplyKind {
        self.kind
    }
    /// The line's own treatment, if it overrides the document's.
    pub fn treatment(&self) -> Option<&TaxTreatment> {
        self.treatment.as_ref()
    }
    /// The treatment that applies: the line's own or the document's.
    pub fn effective_treatment<'a>(&'a self, document: &'a TaxTreatment) -> &'a TaxTreatment {
        self.treatment.as_ref().unwrap_or(document)
    }
    /// The line's own service period, if any.
    pub fn service_period(&self) -> Option<ServicePeriod> {
        self.service_period
    }
    /// Sets the line's own treatment (the proposal does this for lines that differ from the
    /// document's).
    pub fn set_treatment(&mut self, treatment: Option<TaxTreatment>) {
        self.treatment = treatment;
    }

    /// What was sold.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The unit of measure of the quantity.
    pub fn unit(&self) -> Unit {
        self.unit
    }
    /// How many.
    pub fn quantity(&self) -> Decimal {
        self.quantity
    }
    /// Net price per unit.
    pub fn unit_price(&self) -> Decimal {
        self.unit_price
    }
    /// Tax rate of the line.
    pub fn tax_rate(&self) -> TaxRate {
        self.tax_rate
    }
    /// Absolute discount.
    pub fn discount(&self) -> Decimal {
        self.discount
    }
    /// quantity × unit price − discount, rounded to the minor unit.
    pub fn net(&self) -> Decimal {
        self.net
    }

    /// The same line taken back: quantity, discount and net negated, price and tax as they
    /// were — the line of a cancellation invoice or a corrective credit. Rounding is
    /// symmetric (half away from zero), so the negated lines' totals are exactly the negated
    /// totals.
    pub fn negated(&self) -> Self {
        Self {
            quantity: -self.quantity,
            discount: -self.discount,
            net: -self.net,
            ..self.clone()
        }
    }
}

fn bounded(field: &'static str, value: Decimal, max: Decimal) -> Result<Decimal, ValueError> {
    // The field's name in the message: a catalogue text (`field.quantity`: "Menge").
    let name = match field {
        "quantity" => Arg::Text("field.quantity"),
        "unit_price" => Arg::Text("field.unit_price"),
        other => Arg::from(other),
    };
    if value < Decimal::ZERO {
        return Err(ValueError::new("number.negative").arg("field", name));
    }
    if value > max {
        return Err(ValueError::new("number.too_large")
            .arg("field", name)
            .arg("max", max.to_string()));
    }
    if value.normalize().scale() > MAX_INPUT_SCALE {
        return Err(ValueError::new("number.precision")
            .arg("field", name)
            .arg("max_input_scale", MAX_INPUT_SCALE));
    }
    Ok(value.normalize())
}

/// Net and tax of one treatment and rate on a document (per-rate and per-exemption net sums,
/// §14 Abs. 4 Nr. 7 UStG).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxLine {
    /// The treatment of the lines summed here.
    #[serde(default)]
    pub treatment: TaxTreatment,
    /// The rate.
    pub rate: TaxRate,
    /// Sum of the line nets at this rate.
    pub net: Decimal,
    /// Tax on that sum, rounded.
    pub tax: Decimal,
}

/// The computed totals of a document (see the module docs for the rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Σ line nets.
    pub net: Decimal,
    /// Per treatment and tax rate: standard VAT first, ascending by rate.
    pub taxes: Vec<TaxLine>,
    /// Σ taxes.
    pub tax: Decimal,
    /// net + tax.
    pub total: Decimal,
}

impl Totals {
    /// Computes the totals of `lines` under standard VAT (quotes, and documents whose lines
    /// carry their own treatment).
    pub fn compute(lines: &[LineItem], currency: Currency) -> Self {
        Self::compute_with(lines, &TaxTreatment::Standard, currency)
    }

    /// Computes the totals of `lines` in `currency` by the rule of this module, grouping by
    /// each line's effective treatment (its own, or `document`'s) and rate. Only standard VAT
    /// charges tax; the issue checks refuse a rate above zero under any other treatment, so a
    /// rate here never silently disappears from an issued document.
    pub fn compute_with(lines: &[LineItem], document: &TaxTreatment, currency: Currency) -> Self {
        let mut by_rate: BTreeMap<(TaxTreatment, TaxRate), Decimal> = BTreeMap::new();
        for line in lines {
            let treatment = line.effective_treatment(document).clone();
            *by_rate.entry((treatment, line.tax_rate)).or_default() += line.net;
        }
        let taxes: Vec<TaxLine> = by_rate
            .into_iter()
            .map(|((treatment, rate), net)| TaxLine {
                tax: if treatment.charges_vat() {
                    round(net * rate.percent() / Decimal::ONE_HUNDRED, currency)
                } else {
                    Decimal::ZERO
                },
                treatment,
                rate,
                net,
            })
            .collect();
        let net: Decimal = lines.iter().map(LineItem::net).sum();
        let tax: Decimal = taxes.iter().map(|t| t.tax).sum();
        Self {
            net,
            taxes,
            tax,
            total: net + tax,
        }
    }
}

/// Validates a whole list of line items; errors are reported as `items[i].field`.
pub fn validate_lines(
    inputs: &[LineItemInput],
    currency: Currency,
) -> Result<Vec<LineItem>, ValidationErrors> {
    let mut c = Collector::new();
    if inputs.is_empty() {
        c.push("items", ValueError::new("items.empty"));
    }
    if inputs.len() > 1000 {
        c.push("items", ValueError::new("items.too_many"));
    }
    let mut lines = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        match LineItem::new(input, currency) {
            Ok(l) => lines.push(l),
            Err(e) => c.nested(&format!("items[{i}]"), e),
        }
    }
    c.finish()?;
    // Storage keeps integer minor units in 64 bits; no real document comes near this bound.
    if Totals::compute(&lines, currency).total > MAX_DOCUMENT_TOTAL {
        return Err(ValidationErrors::single(
            "items",
            ValueError::new("items.total_too_large")
                .arg("max_document_total", MAX_DOCUMENT_TOTAL.to_string()),
        ));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn line(q: Decimal, p: Decimal, rate: Decimal, d: Decimal) -> LineItemInput {
        LineItemInput {
            description: "Item".into(),
            quantity: q,
            unit_price: p,
            tax_rate: rate,
            discount: d,
            ..Default::default()
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(dec!(0.005), Currency::EUR), dec!(0.01));
        assert_eq!(round(dec!(-0.005), Currency::EUR), dec!(-0.01));
        assert_eq!(round(dec!(0.0049), Currency::EUR), dec!(0.00));
        assert_eq!(round(dec!(2.5), Currency::JPY), dec!(3));
    }

    #[test]
    fn tax_is_computed_on_the_sum_per_rate() {
        // Three lines of 0.10 at 19 %: per line tax would be 3 × 0.02 = 0.06; on the sum 0.057 → 0.06.
        // Ten lines of 0.05 at 7 %: per line 10 × 0.00 = 0; on the sum 0.035 → 0.04.
        let mut inputs = vec![line(dec!(1), dec!(0.10), dec!(19), dec!(0)); 3];
        inputs.extend(vec![line(dec!(1), dec!(0.05), dec!(7), dec!(0)); 10]);
        let lines = validate_lines(&inputs, Currency::EUR).expect("valid");
        let t = Totals::compute(&lines, Currency::EUR);
        assert_eq!(t.net, dec!(0.80));
        assert_eq!(t.taxes.len(), 2);
        assert_eq!(t.taxes[0].rate.percent(), dec!(7));
        assert_eq!(t.taxes[0].tax, dec!(0.04));
        assert_eq!(t.taxes[1].tax, dec!(0.06));
        assert_eq!(t.total, dec!(0.90));
    }

    #[test]
    fn line_net_applies_discount_and_rounds() {
        let l = LineItem::new(
            &line(dec!(3), dec!(33.333), dec!(19), dec!(10)),
            Currency::EUR,
        )
        .expect("valid");
        assert_eq!(l.net(), dec!(90.00)); // 99.999 - 10 = 89.999 → 90.00
    }

    #[test]
    fn rejects_negative_quantity_and_reports_the_field() {
        let err = validate_lines(&[line(dec!(-1), dec!(1), dec!(19), dec!(0))], Currency::EUR)
            .expect_err("negative quantity");
        assert_eq!(
            err.field("items[0].quantity").map(|e| e.code()),
            Some("number.negative")
        );
    }

    #[test]
    fn rejects_bad_rates_discounts_and_empty_lists() {
        assert!(TaxRate::new(dec!(101)).is_err());
        assert!(TaxRate::new(dec!(-1)).is_err());
        assert!(TaxRate::new(dec!(7.7)).is_ok());
        let err = validate_lines(&[line(dec!(1), dec!(5), dec!(19), dec!(6))], Currency::EUR)
            .expect_err("discount too large");
        assert!(err.field("items[0].discount").is_some());
        assert!(validate_lines(&[], Currency::EUR).is_err());
    }

    #[test]
    fn the_unit_defaults_to_c62_and_round_trips() {
        let l = LineItem::new(&line(dec!(2), dec!(10), dec!(19), dec!(0)), Currency::EUR)
            .expect("valid");
        assert_eq!(l.unit(), Unit::One);
        let hours = LineItemInput {
            unit: Some(Unit::Hour),
            ..line(dec!(10), dec!(95), dec!(19), dec!(0))
        };
        let l = LineItem::new(&hours, Currency::EUR).expect("valid");
        assert_eq!(l.unit(), Unit::Hour);
        assert_eq!(l.negated().unit(), Unit::Hour);
        assert_eq!(l.to_input().unit, Some(Unit::Hour));
        let json = serde_json::to_string(&l).expect("serialise");
        assert!(json.contains(r#""unit":"HUR""#), "{json}");
        assert_eq!(serde_json::from_str::<LineItem>(&json).expect("read"), l);
    }

    #[test]
    fn lines_stored_before_units_read_as_c62() {
        // A line as the store kept it before units existed: no `unit` key.
        let stored = r#"{"description":"Beratung","quantity":"2","unit_price":"100","tax_rate":"19","discount":"0","net":"200.00","kind":"service"}"#;
        let l: LineItem = serde_json::from_str(stored).expect("old line reads");
        assert_eq!(l.unit(), Unit::One);
        assert_eq!(l.net(), dec!(200.00));
    }

    #[test]
    fn an_unknown_unit_in_input_is_refused() {
        let err = serde_json::from_str::<LineItemInput>(
            r#"{"description":"x","quantity":"1","unit_price":"1","tax_rate":"19","unit":"HOURS"}"#,
        )
        .expect_err("unknown unit");
        assert!(err.to_string().contains("HOURS"), "{err}");
    }

    #[test]
    fn amounts_must_be_exact_to_the_minor_unit() {
        assert!(positive_amount(dec!(10.005), Currency::EUR).is_err());
        assert!(positive_amount(dec!(0), Currency::EUR).is_err());
        assert!(positive_amount(dec!(10.5), Currency::JPY).is_err());
        assert_eq!(positive_amount(dec!(10.50), Currency::EUR), Ok(dec!(10.50)));
    }
}
