//! The cross-crate tests of the root package, one binary (one link) with a module each.

mod db_outage;
mod scale_out;
mod server;
