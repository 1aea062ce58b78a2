//! Integration tests of the core: the conformance suite on the in-memory store, property
//! tests of the money and metric invariants, the PDF renderer checked with real tools, and
//! ZIP bundles of invoices.

mod conformance;
mod corrections;
mod cpu;
mod dunning_properties;
mod einvoice;
mod einvoice_frozen;
mod girocode;
mod logo;
mod pdf;
mod pdfa;
mod properties;
mod reminders;
mod scenarios;
mod stdnum_differential;
mod throttle;
mod treatments;
mod zip;
