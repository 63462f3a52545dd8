//! Database access, one file per feature. Functions take the database
//! handle (and, from the accounts issue on, the caller's scope) and return
//! shared model types, never `surrealdb` types.

pub mod accounts;
pub mod audit;
pub mod export;
pub mod households;
pub mod import;
pub mod org;
