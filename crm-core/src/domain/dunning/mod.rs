//! Dunning: payment reminders, dunning levels, default interest and the claims a payment
//! reduces. Pure: the service decides when to run it and stores what was issued.
//!
//! # The model
//!
//! - [`levels`]: the four customary levels (Zahlungserinnerung, 1., 2. and final Mahnung), a
//!   company's [`DunningSchedule`] of waiting days, fees and whether interest is claimed, and
//!   [`level_due`], the one level an open invoice is due for today. Catching up after an
//!   outage issues one reminder at the next level, never one per missed day, and never skips a
//!   level: each level waits its full period after the previous one was actually issued.
//! - [`base_rate`]: the Basiszinssatz of §247 BGB as a dated table ([`BaseRateTable`]), with the
//!   Bundesbank's published values built in.
//! - [`interest`]: default interest of §288 BGB (base rate + 9 points between businesses, + 5
//!   for consumers), per day from the day after the due date, split where the base rate or the
//!   open principal changes, rounded to the cent once.
//! - [`reminder`]: the letter itself, a frozen document listing a client's overdue invoices,
//!   and the [`DunningMark`] an invoice keeps of the last level it reached.
//! - [`claims`]: principal, interest and fees of one invoice, and [`allocate`], which applies a
//!   payment to costs, then interest, then principal (§367 Abs. 1 BGB); [`DunningCosts`], the
//!   fees and interest an invoice's letters claimed and what was paid of them.
//!
//! See `COMPLIANCE.md` §5 for the legal background.

pub mod base_rate;
pub mod block;
pub mod claims;
pub mod interest;
pub mod levels;
pub mod reminder;
pub mod settings;

pub use base_rate::{BaseRateEntry, BaseRateTable};
pub use block::DunningBlock;
pub use claims::{Allocation, Claims, DunningCosts, allocate, refund_split};
pub use interest::{
    InterestBreakdown, InterestError, InterestSegment, PrincipalStep, default_interest, margin,
};
pub use levels::{DunningLevel, DunningSchedule, FLAT_FEE_B2B, LevelRule, level_due};
pub use reminder::{DunningMark, Reminder, ReminderItem};
pub use settings::DunningSettings;
