//! The example server's configuration parsing (`examples/server/config.rs`), tested here
//! because `cargo test` builds examples as programs, not as test harnesses.

#[path = "../../examples/server/config.rs"]
#[allow(dead_code)]
mod config;
