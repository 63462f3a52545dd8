//! Accounts, passwords, sessions, scope and the audit log.

pub mod account;
pub mod audit;
pub mod cookie;
pub mod login;
pub mod password;
pub mod scope;
pub mod session;

pub use scope::{require, Scope};
