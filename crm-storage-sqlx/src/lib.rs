//! # crm-storage-sqlx
//!
//! The storage adapter of `crm`: every storage port of `crm-core` on **SQLite** (the embedded
//! default: one file, created on first run) and **PostgreSQL** (any number of stateless app
//! instances on one database). Both pass `crm-core`'s conformance suite.
//!
//! - Migrations are embedded per backend and applied at start-up unless
//!   [`OpenOptions::migrate`] is off.
//! - Money is stored as BIGINT minor units (exact; `SUM` stays exact), times in UTC.
//! - Every use case is one transaction; client metrics are maintained in it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), crm_storage_sqlx::StorageError> {
//! let store = crm_storage_sqlx::open("sqlite://crm-data/crm.db", &Default::default()).await?;
//! # Ok(()) }
//! ```
//!
//! ## One store, two backends
//!
//! The SQL is the same on SQLite and PostgreSQL but for a few pieces: the `BEGIN` of a write
//! transaction, the row lock of a read for update, `SKIP LOCKED` in the outbox claim, the
//! collation of text sort keys, and a JSON cast in the seeding inserts. So the store is
//! written once, in `src/store/` — one file per area of `crm-core`'s storage port (`company`,
//! `clients`, `documents`, `payments`, `access`, `tickets`, `staff`, `outbox`), `query.rs`
//! for the shared reads, `rows.rs` for row mapping, `seed.rs` for bulk seeding — as plain
//! Rust against a backend named `Db` and a few dialect macros (`begin!`, `for_update!`,
//! `skip_locked!`, `collate!`, `json_cast!`, the dunning selection's packing and a reminder's
//! due date read from its JSON body) that expand to string literals, so
//! `concat!("SELECT … WHERE id = $2", for_update!())` stays one `&'static str`. The backend
//! modules `sqlite.rs` and `postgres.rs` define `Db`, their handle types and the macros, and
//! mount the directory as their own module (`#[path = "store/mod.rs"] mod store;`). Every line
//! is compiled and type-checked for both backends, rustfmt formats it once, and each
//! statement exists once.
//!
//! Why not code generic over `sqlx::Database`: every executor call, bound value and decoded
//! column needs a bound on the database's associated types (`for<'c> &'c mut
//! DB::Connection: Executor<'c, Database = DB>`, `Uuid: Encode<'q, DB> + Type<DB>`, … for each
//! type), and Rust does not imply bounds on associated types, so each function would repeat
//! a long where-clause. Why not `sqlx::Any`: it maps values to a small common set of types
//! (no UUID, timestamps or JSON), converts every value at run time, and still cannot express
//! the dialect differences above.

mod common;

#[cfg(feature = "postgres")]
pub mod postgres;
pub mod seed;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use std::sync::Arc;

use crm_core::ports::Store;

#[cfg(feature = "postgres")]
pub use postgres::PgStore;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;

/// Why a store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The URL or options are invalid, or the backend is not compiled in.
    #[error("storage configuration: {0}")]
    Config(String),
    /// The database could not be reached.
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(String),
    /// A query failed.
    #[error(transparent)]
    Store(#[from] crm_core::ports::StoreError),
}

/// How to open a store.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Apply the embedded migrations at start (default `true`; operators who migrate
    /// separately turn it off).
    pub migrate: bool,
    /// Pool size (default 8 for SQLite, 10 for PostgreSQL).
    pub max_connections: Option<u32>,
    /// PostgreSQL only: work inside this schema, created if missing.
    pub schema: Option<String>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            migrate: true,
            max_connections: None,
            schema: None,
        }
    }
}

/// Opens the store a URL names: `sqlite://…` or `postgres://…`.
pub async fn open(url: &str, options: &OpenOptions) -> Result<Arc<dyn Store>, StorageError> {
    if url.starts_with("sqlite:") {
        #[cfg(feature = "sqlite")]
        return Ok(Arc::new(SqliteStore::open(url, options).await?));
        #[cfg(not(feature = "sqlite"))]
        return Err(StorageError::Config(
            "built without the `sqlite` feature".into(),
        ));
    }
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        #[cfg(feature = "postgres")]
        return Ok(Arc::new(PgStore::open(url, options).await?));
        #[cfg(not(feature = "postgres"))]
        return Err(StorageError::Config(
            "built without the `postgres` feature".into(),
        ));
    }
    let _ = options;
    Err(StorageError::Config(format!(
        "unsupported database URL '{url}': expected sqlite://… or postgres://…"
    )))
}
