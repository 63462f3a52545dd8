//! Types and validation shared by the server and the browser.

pub mod account;
pub mod audit;
pub mod error;
pub mod household;
pub mod import;
pub mod issue;
pub mod local;
pub mod org;
pub mod staffing;
pub mod sync;
pub mod time;
pub mod visit;

pub use error::AppError;
