use std::sync::Arc;

use crm_core::ports::Store;
use crm_core::testing::MemoryStore;

async fn memory_store() -> Option<Arc<dyn Store>> {
    Some(Arc::new(MemoryStore::new()))
}

crm_core::storage_conformance_tests!(memory_store);
