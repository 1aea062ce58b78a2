//! The PostgreSQL store: any number of stateless app instances share one database. Rows that a
//! use case changes are locked with `SELECT … FOR UPDATE`, and outbox rows are claimed with
//! `FOR UPDATE SKIP LOCKED`, so concurrent instances never double-book money or mail.

use std::str::FromStr;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::{OpenOptions, StorageError};

/// Store over a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host/db`), optionally inside `schema` (created if
    /// missing; tests use one schema each), and applies the migrations unless
    /// `options.migrate` is off.
    pub async fn open(url: &str, options: &OpenOptions) -> Result<Self, StorageError> {
        let mut connect = PgConnectOptions::from_str(url)
            .map_err(|e| StorageError::Config(format!("invalid PostgreSQL URL: {e}")))?;
        if let Some(schema) = &options.schema {
            if !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(StorageError::Config(format!(
                    "invalid schema name '{schema}'"
                )));
            }
            let bootstrap = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(connect.clone())
                .await
                .map_err(|e| StorageError::Connect(e.to_string()))?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS \"{schema}\""
            )))
            .execute(&bootstrap)
            .await
            .map_err(|e| StorageError::Connect(e.to_string()))?;
            bootstrap.close().await;
            connect = connect.options([("search_path", schema.as_str())]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.unwrap_or(10))
            // Fail fast when the database is gone (a 503 in seconds, not a 30 s hang); the pool
            // reconnects by itself when it is back.
            .acquire_timeout(Duration::from_secs(3))
            .connect_with(connect)
            .await
            .map_err(|e| StorageError::Connect(e.to_string()))?;
        let store = Self { pool };
        if options.migrate {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// A store over a pool the host application already has; its connections' `search_path`
    /// decides the schema. Call [`PgStore::migrate`] once.
    pub fn from_pool(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Applies the embedded migrations (serialised across instances by sqlx's advisory lock).
    pub async fn migrate(&self) -> Result<(), StorageError> {
        sqlx::migrate!("./migrations/postgres")
            .run(&self.pool)
            .await
            .map_err(|e| StorageError::Migrate(e.to_string()))
    }
}

/// One read-write transaction on PostgreSQL (rolled back when dropped without commit).
pub struct PgTx {
    tx: sqlx::Transaction<'static, sqlx::Postgres>,
}

// The shared store code (`store/`), compiled for PostgreSQL: the backend and the dialect
// pieces it is written against.
type Db = sqlx::Postgres;
type DbStore = PgStore;
type DbTx = PgTx;

/// A write transaction: READ COMMITTED, rows are locked as they are read for update.
macro_rules! begin {
    () => {
        "BEGIN"
    };
}

/// Appended to a read that locks its row until the transaction ends. `NO KEY` lets inserts
/// that reference the row (a payment of a locked invoice) go on.
macro_rules! for_update {
    () => {
        " FOR NO KEY UPDATE"
    };
}

/// Appended to the outbox claim's inner select: instances claim disjoint rows instead of
/// waiting for each other.
macro_rules! skip_locked {
    () => {
        " FOR UPDATE SKIP LOCKED"
    };
}

/// Appended to a text sort key: byte order, as SQLite sorts, whatever the database's locale.
macro_rules! collate {
    () => {
        " COLLATE \"C\""
    };
}

/// Appended to a bound JSON text in the seeding inserts: the column is `jsonb`.
macro_rules! json_cast {
    () => {
        "::jsonb"
    };
}

/// Whether the dunning selection comes back packed into one value: not on PostgreSQL, where
/// rows stream cheaply and `string_agg` cost more than it saved (see BENCHMARKS.md, "Dunning").
macro_rules! dunning_packs {
    () => {
        false
    };
}

/// The dunning selection's rows packed into one text value, one line per invoice: id, client
/// id, the due date (ISO, whatever the `DateStyle`), the dunning mark's JSON or nothing,
/// separated by spaces (`jsonb` prints without newlines). Unused while `dunning_packs!` is
/// false; kept so both backends compile the same code.
macro_rules! dunning_packed {
    () => {
        "string_agg(id::text || ' ' || client_id::text || ' ' || to_char(due_date, 'YYYY-MM-DD') \
         || ' ' || coalesce(dunning::text, ''), chr(10))"
    };
}

/// A reminder's new due date, read from its stored body (the history lists it).
macro_rules! reminder_due_date {
    () => {
        "CAST(body->>'due_date' AS DATE)"
    };
}

// Mounted by both backends on purpose: one source, compiled for each.
#[allow(clippy::duplicate_mod)]
#[path = "store/mod.rs"]
mod store;
