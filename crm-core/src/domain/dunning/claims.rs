//! What a client owes on one invoice once it is dunned, and how a payment reduces it.
//!
//! # The order (§367 Abs. 1 BGB)
//!
//! A payment that does not cover everything owed goes first to the **costs** (the dunning
//! fees, including the flat 40 € of §288 Abs. 5 BGB), then to the **interest**, and last to the
//! **principal**. Each part is reduced at most to zero; what is left after all three is the
//! remainder, reported to the caller (an overpayment to refund or to keep as credit — not this
//! module's decision). The debtor may name a different order when paying, which the creditor
//! may refuse (§367 Abs. 2 BGB); a service that supports it would allocate explicitly rather
//! than through [`allocate`]. Which of several invoices a payment settles (§366 BGB) is decided
//! before, per invoice.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::currency::Currency;
use crate::domain::money::exact_amount;
use crate::domain::validation::{Collector, ValidationErrors, ValueError};

/// The open claim on one invoice: principal, default interest and fees, each non-negative and
/// exact to the cent (EUR). Not deserialisable: it is built by [`Claims::new`], which checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Claims {
    principal: Decimal,
    interest: Decimal,
    fees: Decimal,
}

impl Claims {
    /// Validates the parts. Field errors are `principal`, `interest` and `fees`: negative
    /// (`dunning.claim_negative`) or finer than a cent (`amount.precision`).
    pub fn new(
        principal: Decimal,
        interest: Decimal,
        fees: Decimal,
    ) -> Result<Self, ValidationErrors> {
        let mut c = Collector::new();
        let mut part = |name: &'static str, amount: Decimal| {
            if amount < Decimal::ZERO {
                c.push(name, ValueError::new("dunning.claim_negative"));
                None
            } else {
                c.check(name, exact_amount(amount, Currency::EUR))
            }
        };
        let principal = part("principal", principal);
        let interest = part("interest", interest);
        let fees = part("fees", fees);
        c.finish()?;
        Ok(Self {
            principal: principal.unwrap_or_default(),
            interest: interest.unwrap_or_default(),
            fees: fees.unwrap_or_default(),
        })
    }

    /// The open principal (the invoice's balance).
    pub fn principal(&self) -> Decimal {
        self.principal
    }

    /// The open default interest.
    pub fn interest(&self) -> Decimal {
        self.interest
    }

    /// The open fees (costs).
    pub fn fees(&self) -> Decimal {
        self.fees
    }

    /// Everything owed.
    pub fn total(&self) -> Decimal {
        self.principal + self.interest + self.fees
    }

    /// Whether nothing is owed.
    pub fn is_settled(&self) -> bool {
        self.total().is_zero()
    }
}

/// How one payment was applied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// Applied to the fees.
    pub fees: Decimal,
    /// Applied to the interest.
    pub interest: Decimal,
    /// Applied to the principal.
    pub principal: Decimal,
    /// What was left after all claims were settled (zero unless the payment exceeded them).
    pub remainder: Decimal,
}

impl Allocation {
    /// The part of the payment applied to claims.
    pub fn applied(&self) -> Decimal {
        self.fees + self.interest + self.principal
    }
}

/// Applies `payment` to `open`: fees first, then interest, then principal (§367 Abs. 1 BGB;
/// see the module docs). Returns how it was applied and the claims still open. Always
/// `applied + remainder == payment`, and no part goes below zero. A payment of zero or less
/// applies nothing and is all remainder (a refund is not a payment to allocate).
pub fn allocate(payment: Decimal, open: Claims) -> (Allocation, Claims) {
    if payment <= Decimal::ZERO {
        let nothing = Allocation {
            remainder: payment,
            ..Allocation::default()
        };
        return (nothing, open);
    }
    let mut left = payment;
    let mut take = |owed: Decimal| {
        let part = left.min(owed);
        left -= part;
        part
    };
    let fees = take(open.fees);
    let interest = take(open.interest);
    let principal = take(open.principal);
    let allocation = Allocation {
        fees,
        interest,
        principal,
        remainder: left,
    };
    let rest = Claims {
        principal: open.principal - principal,
        interest: open.interest - interest,
        fees: open.fees - fees,
    };
    (allocation, rest)
}

/// The fees and interest reminders claimed on one invoice, and what payments settled of them.
/// The invoice keeps it on its [`super::DunningMark`]; the principal is the invoice's own
/// balance. A later letter claims the fees of every level reached (the fee claim never falls)
/// and the interest recomputed until its date (see [`DunningCosts::claim`]); a waiver
/// forgives what is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningCosts {
    /// Fees claimed so far (Σ of the levels reached).
    #[serde(default)]
    pub fees: Decimal,
    /// Default interest claimed so far (accrued until the latest letter).
    #[serde(default)]
    pub interest: Decimal,
    /// Paid towards the fees.
    #[serde(default)]
    pub fees_paid: Decimal,
    /// Paid towards the interest.
    #[serde(default)]
    pub interest_paid: Decimal,
}

impl DunningCosts {
    /// Fees still open.
    pub fn fees_open(&self) -> Decimal {
        (self.fees - self.fees_paid).max(Decimal::ZERO)
    }

    /// Interest still open.
    pub fn interest_open(&self) -> Decimal {
        (self.interest - self.interest_paid).max(Decimal::ZERO)
    }

    /// Fees and interest still open.
    pub fn open(&self) -> Decimal {
        self.fees_open() + self.interest_open()
    }

    /// What payments settled of fees and interest.
    pub fn paid(&self) -> Decimal {
        self.fees_paid + self.interest_paid
    }

    /// A new letter claims `fees` (of all levels reached: the fee claim never falls) and,
    /// where it computed it, `interest` accrued until its date. Interest is recomputed from
    /// the start each time, so it replaces the earlier figure — lower after a corrective
    /// credit took part of the principal back — but never below what was paid of it. A letter
    /// that computed none (`None`: its level claims none, or the base-rate table is out of
    /// date) leaves the interest claimed as it was.
    pub fn claim(&mut self, fees: Decimal, interest: Option<Decimal>) {
        self.fees = self.fees.max(fees);
        if let Some(accrued) = interest {
            self.interest = accrued.max(self.interest_paid);
        }
    }

    /// Staff waive what is open: the claim shrinks to what was paid.
    pub fn waive(&mut self) {
        self.fees = self.fees_paid;
        self.interest = self.interest_paid;
    }

    /// The claims of an invoice whose open principal is `principal`.
    pub fn with_principal(&self, principal: Decimal) -> Claims {
        Claims {
            principal: principal.max(Decimal::ZERO),
            interest: self.interest_open(),
            fees: self.fees_open(),
        }
    }

    /// Records how a payment was applied.
    pub fn settle(&mut self, applied: &Allocation) {
        self.fees_paid += applied.fees;
        self.interest_paid += applied.interest;
    }

    /// Takes back the fee and interest parts of a refund.
    pub fn unsettle(&mut self, refunded: &Allocation) {
        self.fees_paid -= refunded.fees;
        self.interest_paid -= refunded.interest;
    }
}

/// How a refund of `amount` comes off a payment applied as `applied`, of which `refunded` was
/// refunded before: principal first, then interest, then fees — the reverse of the order the
/// payment settled them in, so what the client gets back is what they paid last. `remainder`
/// is what exceeds the payment (the caller refuses it).
pub fn refund_split(applied: &Allocation, refunded: Decimal, amount: Decimal) -> Allocation {
    let taken = |total: Decimal| {
        let mut left = total.max(Decimal::ZERO);
        let mut take = |part: Decimal| {
            let t = left.min(part);
            left -= t;
            t
        };
        let principal = take(applied.principal);
        let interest = take(applied.interest);
        let fees = take(applied.fees);
        Allocation {
            fees,
            interest,
            principal,
            remainder: left,
        }
    };
    let before = taken(refunded);
    let after = taken(refunded + amount);
    Allocation {
        fees: after.fees - before.fees,
        interest: after.interest - before.interest,
        principal: after.principal - before.principal,
        remainder: after.remainder - before.remainder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::dec;

    fn claims(principal: Decimal, interest: Decimal, fees: Decimal) -> Claims {
        Claims::new(principal, interest, fees).expect("valid")
    }

    #[test]
    fn payments_go_to_fees_then_interest_then_principal() {
        let open = claims(dec!(1000.00), dec!(12.34), dec!(40.00));
        // Not even the fees.
        let (a, rest) = allocate(dec!(25.00), open);
        assert_eq!(
            (a.fees, a.interest, a.principal),
            (dec!(25.00), dec!(0), dec!(0))
        );
        assert_eq!(rest, claims(dec!(1000.00), dec!(12.34), dec!(15.00)));
        // Fees and part of the interest.
        let (a, rest) = allocate(dec!(50.00), open);
        assert_eq!(
            (a.fees, a.interest, a.principal),
            (dec!(40.00), dec!(10.00), dec!(0))
        );
        assert_eq!(rest, claims(dec!(1000.00), dec!(2.34), dec!(0)));
        // Fees, interest and part of the principal.
        let (a, rest) = allocate(dec!(500.00), open);
        assert_eq!(
            (a.fees, a.interest, a.principal, a.remainder),
            (dec!(40.00), dec!(12.34), dec!(447.66), dec!(0))
        );
        assert_eq!(rest, claims(dec!(552.34), dec!(0), dec!(0)));
        // Everything, with a remainder.
        let (a, rest) = allocate(dec!(1100.00), open);
        assert_eq!(a.remainder, dec!(47.66));
        assert_eq!(a.applied(), dec!(1052.34));
        assert!(rest.is_settled());
        // Nothing to allocate.
        let (a, rest) = allocate(dec!(0), open);
        assert_eq!(a.applied(), dec!(0));
        assert_eq!(rest, open);
    }

    #[test]
    fn bad_claims_name_their_fields() {
        let e = Claims::new(dec!(-1), dec!(0.001), dec!(0)).expect_err("bad");
        assert_eq!(
            e.field("principal").map(ValueError::code),
            Some("dunning.claim_negative")
        );
        assert_eq!(
            e.field("interest").map(ValueError::code),
            Some("amount.precision")
        );
        assert_eq!(e.0.len(), 2);
    }

    #[test]
    fn costs_rise_with_letters_settle_with_payments_and_waive_to_what_was_paid() {
        let mut costs = DunningCosts::default();
        costs.claim(dec!(40.00), Some(dec!(3.21)));
        costs.claim(dec!(0), None); // the fee never falls; no interest computed: kept
        assert_eq!((costs.fees, costs.interest), (dec!(40.00), dec!(3.21)));
        let (a, _) = allocate(dec!(41.00), costs.with_principal(dec!(100.00)));
        costs.settle(&a);
        assert_eq!(
            (costs.fees_open(), costs.interest_open()),
            (dec!(0), dec!(2.21))
        );
        // Recomputed lower (a credit took principal back): never below what was paid.
        let mut lower = costs;
        lower.claim(dec!(40.00), Some(dec!(0.50)));
        assert_eq!(
            (lower.interest, lower.interest_open()),
            (dec!(1.00), dec!(0))
        );
        lower.claim(dec!(40.00), Some(dec!(2.00)));
        assert_eq!(lower.interest_open(), dec!(1.00));
        costs.waive();
        assert_eq!((costs.open(), costs.paid()), (dec!(0), dec!(41.00)));
    }

    #[test]
    fn refunds_come_off_the_principal_first() {
        let applied = Allocation {
            fees: dec!(40.00),
            interest: dec!(5.00),
            principal: dec!(55.00),
            remainder: dec!(0),
        };
        let r = refund_split(&applied, dec!(0), dec!(60.00));
        assert_eq!(
            (r.principal, r.interest, r.fees, r.remainder),
            (dec!(55.00), dec!(5.00), dec!(0), dec!(0))
        );
        let r = refund_split(&applied, dec!(60.00), dec!(50.00));
        assert_eq!(
            (r.principal, r.interest, r.fees, r.remainder),
            (dec!(0), dec!(0), dec!(40.00), dec!(10.00))
        );
    }

    fn cents() -> impl Strategy<Value = Decimal> {
        (0i64..=10_000_000).prop_map(|c| Decimal::new(c, 2))
    }

    proptest! {
        /// Allocation never creates or loses money and never drives a claim below zero; the
        /// order holds: a later part is touched only once the earlier ones are settled.
        #[test]
        fn allocation_never_creates_money(
            principal in cents(),
            interest in cents(),
            fees in cents(),
            payment in (-1_000_000i64..=40_000_000).prop_map(|c| Decimal::new(c, 2)),
        ) {
            let open = claims(principal, interest, fees);
            let (a, rest) = allocate(payment, open);
            prop_assert_eq!(a.applied() + a.remainder, payment);
            prop_assert_eq!(rest.total() + a.applied(), open.total());
            let left = [rest.principal(), rest.interest(), rest.fees()];
            let parts = left.into_iter().chain([a.fees, a.interest, a.principal]);
            for part in parts {
                prop_assert!(part >= Decimal::ZERO);
            }
            if a.interest > Decimal::ZERO {
                prop_assert!(rest.fees().is_zero());
            }
            if a.principal > Decimal::ZERO {
                prop_assert!(rest.fees().is_zero() && rest.interest().is_zero());
            }
            if a.remainder > Decimal::ZERO {
                prop_assert!(rest.is_settled());
            }
            // The rest is itself a valid claim.
            prop_assert_eq!(
                Claims::new(rest.principal(), rest.interest(), rest.fees()),
                Ok(rest)
            );
        }
    }
}
