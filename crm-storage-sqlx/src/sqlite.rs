//! The SQLite store: one file, created on first run; WAL, foreign keys, a busy timeout, and
//! `BEGIN IMMEDIATE` write transactions (SQLite has one writer at a time, so taking the write
//! lock up front serialises writers instead of failing a read-then-write upgrade).

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{OpenOptions, StorageError};

/// Store over a SQLite database file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite://path/to/file.db`) and
    /// applies the migrations unless `options.migrate` is off.
    pub async fn open(url: &str, options: &OpenOptions) -> Result<Self, StorageError> {
        let connect = SqliteConnectOptions::from_str(url)
            .map_err(|e| StorageError::Config(format!("invalid SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(path) = connect.get_filename().parent()
            && !path.as_os_str().is_empty()
        {
            std::fs::create_dir_all(path).map_err(|e| {
                StorageError::Config(format!("cannot create {}: {e}", path.display()))
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections.unwrap_or(8))
            .acquire_timeout(Duration::from_secs(30))
            // A file database cannot drop a connection: the liveness ping sqlx sends on every
            // acquire would only add a round trip to the connection's worker thread.
            .test_before_acquire(false)
            .connect_with(connect)
            .await
            .map_err(|e| StorageError::Connect(e.to_string()))?;
        let store = Self { pool };
        if options.migrate {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// A store over a pool the host application already has (its own settings, shared with
    /// its own tables). The pool's connections must have foreign keys on (sqlx's default for
    /// SQLite) and should use WAL and a busy timeout; call [`SqliteStore::migrate`] once.
    pub fn from_pool(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// Applies the embedded migrations.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        sqlx::migrate!("./migrations/sqlite")
            .run(&self.pool)
            .await
            .map_err(|e| StorageError::Migrate(e.to_string()))
    }
}

/// One read-write transaction on SQLite (rolled back when dropped without commit).
pub struct SqliteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
}

// The shared store code (`store/`), compiled for SQLite: the backend and the dialect pieces
// it is written against.
type Db = sqlx::Sqlite;
type DbStore = SqliteStore;
type DbTx = SqliteTx;

/// A write transaction takes the write lock up front (see the module docs).
macro_rules! begin {
    () => {
        "BEGIN IMMEDIATE"
    };
}

/// Appended to a read that locks its row: nothing, SQLite's write lock is the whole database
/// and the transaction holds it from `BEGIN IMMEDIATE` on.
macro_rules! for_update {
    () => {
        ""
    };
}

/// Appended to the outbox claim's inner select: nothing, one writer at a time.
macro_rules! skip_locked {
    () => {
        ""
    };
}

/// Appended to a text sort key: nothing, SQLite's default `BINARY` collation already sorts by
/// code point, as PostgreSQL's `"C"` does.
macro_rules! collate {
    () => {
        ""
    };
}

/// Appended to a bound JSON text in the seeding inserts: nothing, SQLite stores JSON as text.
macro_rules! json_cast {
    () => {
        ""
    };
}

/// Whether the dunning selection comes back packed into one value (`dunning_packed!`) rather
/// than as rows: on SQLite, yes. Handing 100,000 rows one by one from sqlx's connection thread
/// took 130–170 ms where the query itself took 6 ms (see BENCHMARKS.md, "Dunning").
macro_rules! dunning_packs {
    () => {
        true
    };
}

/// The dunning selection's rows packed into one text value, one line per invoice: id and
/// client id in hex, the due date, the dunning mark's JSON (minified) or nothing, separated by
/// spaces.
macro_rules! dunning_packed {
    () => {
        "group_concat(hex(id) || ' ' || hex(client_id) || ' ' || due_date || ' ' || \
         coalesce(json(dunning), ''), char(10))"
    };
}

/// A reminder's new due date, read from its stored body (the history lists it).
macro_rules! reminder_due_date {
    () => {
        "json_extract(body, '$.due_date')"
    };
}

// Mounted by both backends on purpose: one source, compiled for each.
#[allow(clippy::duplicate_mod)]
#[path = "store/mod.rs"]
mod store;
