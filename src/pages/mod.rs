//! One file per screen of the app.

mod accounts;
mod audit;
mod home;
mod households;
mod issues;
mod login;
mod me;
mod not_found;
mod org_admin;
mod placeholder;
mod queue;
mod staffing;
mod sync;
mod visits;

pub use accounts::AccountsPage;
pub use audit::AuditPage;
pub use home::HomePage;
pub use households::HouseholdsPage;
pub use issues::IssuesPage;
pub use login::LoginPage;
pub use me::MePage;
pub use not_found::NotFoundPage;
pub use org_admin::OrgAdminPage;
pub use placeholder::TasksPage;
pub use queue::QueuePage;
pub use staffing::StaffingPage;
pub use sync::SyncPage;
pub use visits::VisitsPage;
