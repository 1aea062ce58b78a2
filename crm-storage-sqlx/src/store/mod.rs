//! The storage code both backends share, one file per area of the storage port. This module
//! is not part of the crate's module tree by itself: `sqlite.rs` and `postgres.rs` each mount
//! it (`#[path = "store/mod.rs"] mod store;`) after naming their backend `Db`, their handles
//! `DbStore` and `DbTx`, and defining the dialect macros `begin!`, `for_update!`,
//! `skip_locked!`, `collate!` and `json_cast!` — so every line here is compiled, and
//! type-checked, once per backend (see the crate docs for why).
//!
//! This file holds the handles: `Store::begin` with the backend's `BEGIN`, `StoreTx::commit`,
//! and the pool for host applications, seeding and probes.

mod access;
mod archive;
mod clients;
mod company;
mod corrections;
mod documents;
mod outbox;
mod payments;
mod query;
mod reminders;
mod rows;
mod seed;
mod staff;
mod tickets;

use async_trait::async_trait;
use crm_core::ports::{Store, StoreError, StoreTx};

use super::{Db, DbStore, DbTx};
use crate::common::{acquire_error, db_error};

#[async_trait]
impl Store for DbStore {
    async fn begin(&self) -> Result<Box<dyn StoreTx>, StoreError> {
        let tx = self
            .pool
            .begin_with(begin!())
            .await
            .map_err(acquire_error)?;
        Ok(Box::new(DbTx { tx }))
    }
}

impl DbStore {
    /// The connection pool (for seeding, benchmarks and host apps sharing it).
    pub fn pool(&self) -> &sqlx::Pool<Db> {
        &self.pool
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Checks that the database answers (for readiness probes).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn conn(&self) -> Result<sqlx::pool::PoolConnection<Db>, StoreError> {
        self.pool.acquire().await.map_err(acquire_error)
    }
}

#[async_trait]
impl StoreTx for DbTx {
    async fn commit(self: Box<Self>) -> Result<(), StoreError> {
        self.tx.commit().await.map_err(db_error)
    }
}
