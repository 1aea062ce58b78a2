//! Mail tests against a real SMTP server (aiosmtpd, started per test) over TCP on loopback.

mod support;

mod copies;
mod delivery;
mod dev_mailbox;
mod faults;
mod links_at_rest;
mod recipients;
mod tls;
