//! One file per screen of the app.

mod accounts;
mod assessment;
mod audit;
mod home;
mod households;
mod issues;
mod login;
mod me;
mod not_found;
mod org_admin;
mod queue;
mod service_lists;
mod staffing;
mod sync;
mod task_reviews;
mod tasks;
mod visits;

pub use home::HomePage;
pub use issues::IssuesPage;
pub use login::LoginPage;
pub use me::MePage;
pub use not_found::NotFoundPage;
pub use sync::SyncPage;
pub use tasks::TasksPage;
pub use visits::VisitsPage;

// Admin and secretary screens: each is a wasm chunk fetched when first
// opened (`components::lazy_page`); the field screens above are in the
// main bundle.
use accounts::AccountsPage;
use assessment::AssessmentPage;
use audit::AuditPage;
use households::HouseholdsPage;
use org_admin::OrgAdminPage;
use queue::QueuePage;
use service_lists::ServiceListsPage;
use staffing::StaffingPage;
use task_reviews::TaskReviewsPage;

crate::lazy_page!(AccountsRoute, accounts_screen, AccountsPage);
crate::lazy_page!(AssessmentRoute, assessment_screen, AssessmentPage);
crate::lazy_page!(AuditRoute, audit_screen, AuditPage);
crate::lazy_page!(HouseholdsRoute, households_screen, HouseholdsPage);
crate::lazy_page!(OrgAdminRoute, org_admin_screen, OrgAdminPage);
crate::lazy_page!(QueueRoute, queue_screen, QueuePage);
crate::lazy_page!(ServiceListsRoute, lists_screen, ServiceListsPage);
crate::lazy_page!(StaffingRoute, staffing_screen, StaffingPage);
crate::lazy_page!(TaskReviewsRoute, task_reviews_screen, TaskReviewsPage);
