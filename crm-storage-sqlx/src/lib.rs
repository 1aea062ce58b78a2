//! SQLite and PostgreSQL stores for `crm-core` (see issue: storage adapter). Not yet implemented.
