//! One file per screen of the app.

mod accounts;
mod activities;
mod assessment;
mod audit;
mod certificate;
mod home;
mod hours;
mod hours_totals;
mod hours_verify;
mod household;
mod households;
mod issues;
mod login;
mod me;
mod not_found;
mod org_admin;
mod queue;
mod report_in;
mod reporting;
mod service_lists;
mod staffing;
mod sync;
mod task_reviews;
mod tasks;
mod teams;
mod unit_members;
mod visits;

pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use visits::VisitsPage;

// Every other screen is a wasm chunk fetched when first opened
// (`components::lazy_page`) and precached by the service worker, so it opens
// offline too: the login page and the visits screen above, where a phone
// starts, download only the shell and themselves.
use accounts::AccountsPage;
use activities::ActivitiesPage;
use assessment::AssessmentPage;
use audit::AuditPage;
use certificate::CertificatePage;
use home::HomePage;
use hours::HoursPage;
use hours_totals::HoursTotalsPage;
use hours_verify::HoursVerifyPage;
use household::HouseholdPage;
use households::HouseholdsPage;
use issues::IssuesPage;
use me::MePage;
use org_admin::OrgAdminPage;
use queue::QueuePage;
use report_in::ReportInPage;
use reporting::ReportingPage;
use service_lists::ServiceListsPage;
use staffing::StaffingPage;
use sync::SyncPage;
use task_reviews::TaskReviewsPage;
use tasks::TasksPage;
use teams::TeamsPage;
use unit_members::UnitMembersPage;

crate::lazy_page!(HomeRoute, home_screen, HomePage);
crate::lazy_page!(IssuesRoute, issues_screen, IssuesPage);
crate::lazy_page!(MeRoute, me_screen, MePage);
crate::lazy_page!(SyncRoute, sync_screen, SyncPage);
crate::lazy_page!(TasksRoute, tasks_screen, TasksPage);
crate::lazy_page!(AccountsRoute, accounts_screen, AccountsPage);
crate::lazy_page!(AssessmentRoute, assessment_screen, AssessmentPage);
crate::lazy_page!(AuditRoute, audit_screen, AuditPage);
crate::lazy_page!(HouseholdsRoute, households_screen, HouseholdsPage);
crate::lazy_page!(OrgAdminRoute, org_admin_screen, OrgAdminPage);
crate::lazy_page!(QueueRoute, queue_screen, QueuePage);
crate::lazy_page!(ReportInRoute, report_in_screen, ReportInPage);
crate::lazy_page!(ReportingRoute, reporting_screen, ReportingPage);
crate::lazy_page!(ServiceListsRoute, lists_screen, ServiceListsPage);
crate::lazy_page!(StaffingRoute, staffing_screen, StaffingPage);
crate::lazy_page!(TaskReviewsRoute, task_reviews_screen, TaskReviewsPage);
crate::lazy_page!(UnitMembersRoute, unit_members_screen, UnitMembersPage);
crate::lazy_page!(ActivitiesRoute, activities_screen, ActivitiesPage);
crate::lazy_page!(HoursRoute, hours_screen, HoursPage);
crate::lazy_page!(HoursVerifyRoute, hours_verify_screen, HoursVerifyPage);
crate::lazy_page!(HoursTotalsRoute, hours_totals_screen, HoursTotalsPage);
crate::lazy_page!(CertificateRoute, certificate_screen, CertificatePage);
crate::lazy_page!(TeamsRoute, teams_screen, TeamsPage);
crate::lazy_page!(HouseholdRoute, household_screen, HouseholdPage);
