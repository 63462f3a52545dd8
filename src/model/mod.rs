//! Types and validation shared by the server and the browser.

pub mod account;
pub mod audit;
pub mod error;
pub mod household;
pub mod import;
pub mod org;
pub mod staffing;

pub use error::AppError;
