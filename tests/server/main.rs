//! Server tests on an in-memory SurrealDB: real queries, no mocks.
#![cfg(feature = "ssr")]

mod accounts;
mod assessment;
mod auth;
mod backup;
mod config;
mod database;
mod durability;
mod edges;
mod held;
mod households;
mod import;
mod issues;
mod migrations;
mod org_admin;
mod photos;
mod queue;
mod render;
mod reporting;
mod router;
mod scope;
mod service_lists;
mod support;
mod sync;
mod sync_batch;
mod sync_model;
mod tasks;
mod volunteer;
