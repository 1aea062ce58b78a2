//! The storage adapter's tests: the core's conformance suite on SQLite and on a real
//! PostgreSQL server, PostgreSQL concurrency, and a crash in the middle of a transaction.

mod support;

mod archive;
mod concurrency;
mod crash;
mod postgres_conformance;
mod seed;
mod sqlite;
