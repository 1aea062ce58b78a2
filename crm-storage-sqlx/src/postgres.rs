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
            .acquire_timeout(Duration::from_secs(30))
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

crate::rows::impl_rows!(sqlx::Postgres, sqlx::postgres::PgRow);
crate::store_impl::impl_store!(
    db: sqlx::Postgres,
    store: PgStore,
    tx: PgTx,
    begin: "BEGIN",
    for_update: " FOR NO KEY UPDATE",
    skip_locked: " FOR UPDATE SKIP LOCKED",
    collate: " COLLATE \"C\"",
);
crate::seed::impl_seed!(sqlx::Postgres, PgStore, "::jsonb");
