//! One file per screen of the app.

mod accounts;
mod audit;
mod home;
mod households;
mod login;
mod me;
mod not_found;
mod org_admin;
mod placeholder;
mod staffing;

pub use accounts::AccountsPage;
pub use audit::AuditPage;
pub use home::HomePage;
pub use households::HouseholdsPage;
pub use login::LoginPage;
pub use me::MePage;
pub use not_found::NotFoundPage;
pub use org_admin::OrgAdminPage;
pub use placeholder::{IssuesPage, TasksPage, VisitsPage};
pub use staffing::StaffingPage;
