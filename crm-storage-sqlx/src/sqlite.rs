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

crate::rows::impl_rows!(sqlx::Sqlite, sqlx::sqlite::SqliteRow);
crate::store_impl::impl_store!(
    db: sqlx::Sqlite,
    store: SqliteStore,
    tx: SqliteTx,
    begin: "BEGIN IMMEDIATE",
    for_update: "",
    skip_locked: "",
    collate: "",
);
crate::seed::impl_seed!(sqlx::Sqlite, SqliteStore, "");
