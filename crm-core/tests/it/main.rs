//! Integration tests of the core: the conformance suite on the in-memory store, and property
//! tests of the money and metric invariants.

mod conformance;
mod properties;
