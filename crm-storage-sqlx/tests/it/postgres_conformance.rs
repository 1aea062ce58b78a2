//! The conformance suite on a real PostgreSQL server, each case in its own schema.

use crate::support::postgres_dyn;

crm_core::storage_conformance_tests!(postgres_dyn);
