//! Integration tests of the core: the conformance suite on the in-memory store, property
//! tests of the money and metric invariants, and the PDF renderer checked with real tools.

mod conformance;
mod pdf;
mod properties;
