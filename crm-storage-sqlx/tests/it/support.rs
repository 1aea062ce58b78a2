//! Fresh databases per test: a temporary SQLite file, or a new PostgreSQL schema.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crm_core::ports::Store;
use crm_storage_sqlx::{OpenOptions, PgStore, SqliteStore};

/// A new, migrated SQLite database in its own temporary directory.
pub async fn sqlite() -> (Arc<SqliteStore>, tempdir::Dir) {
    let dir = tempdir::Dir::new();
    let url = format!("sqlite://{}/crm.db", dir.path.display());
    let store = SqliteStore::open(&url, &OpenOptions::default())
        .await
        .expect("open sqlite");
    (Arc::new(store), dir)
}

/// The PostgreSQL server tests use.
pub fn postgres_url() -> String {
    std::env::var("CRM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn required() -> bool {
    std::env::var("CRM_REQUIRE_ALL").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A new, migrated PostgreSQL schema, or `None` (with a loud message) when no server answers
/// and `CRM_REQUIRE_ALL` is unset. With `CRM_REQUIRE_ALL=1` a missing server fails the test.
pub async fn postgres() -> Option<Arc<PgStore>> {
    postgres_with(4).await
}

/// Like [`postgres`] with a given pool size.
pub async fn postgres_with(max_connections: u32) -> Option<Arc<PgStore>> {
    let url = postgres_url();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let schema = format!("crm_t_{now}_{}", uuid::Uuid::new_v4().simple());
    let options = OpenOptions {
        migrate: true,
        max_connections: Some(max_connections),
        schema: Some(schema),
    };
    match PgStore::open(&url, &options).await {
        Ok(store) => {
            drop_old_schemas(&store, now).await;
            Some(Arc::new(store))
        }
        Err(e) if !required() => {
            eprintln!(
                "\n*** SKIPPING a PostgreSQL test: cannot open {url}: {e}\n*** Set CRM_TEST_POSTGRES_URL or start PostgreSQL; CRM_REQUIRE_ALL=1 makes this a failure.\n"
            );
            None
        }
        Err(e) => panic!("PostgreSQL is required (CRM_REQUIRE_ALL=1) but {url} failed: {e}"),
    }
}

/// Removes test schemas older than an hour, so repeated runs on one server do not pile up.
async fn drop_old_schemas(store: &PgStore, now: u64) {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'crm\\_t\\_%'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap_or_default();
    for name in names {
        let created: u64 = name
            .split('_')
            .nth(2)
            .and_then(|t| t.parse().ok())
            .unwrap_or(now);
        if created + 3600 < now {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS \"{name}\" CASCADE"
            )))
            .execute(store.pool())
            .await;
        }
    }
}

/// As a trait object.
pub async fn postgres_dyn() -> Option<Arc<dyn Store>> {
    postgres().await.map(|s| s as Arc<dyn Store>)
}

/// As a trait object; the temporary directory lives as long as the process (tests are short).
pub async fn sqlite_dyn() -> Option<Arc<dyn Store>> {
    let (store, dir) = sqlite().await;
    std::mem::forget(dir);
    Some(store as Arc<dyn Store>)
}

pub mod tempdir {
    //! A temporary directory removed on drop.
    use std::path::PathBuf;

    pub struct Dir {
        pub path: PathBuf,
    }

    impl Dir {
        pub fn new() -> Self {
            let path =
                std::env::temp_dir().join(format!("crm-test-{}", uuid::Uuid::new_v4().simple()));
            std::fs::create_dir_all(&path).expect("create temp dir");
            Self { path }
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
