//! One file per screen of the app.

mod home;
mod not_found;
mod placeholder;

pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use placeholder::{IssuesPage, MePage, TasksPage, VisitsPage};
