//! Building blocks shared by the pages.

mod attachments;
mod connection_badge;
mod csv_field;
mod error_notice;
mod form_outcome;
mod header;
mod import_report;
mod labels;
mod language_switch;
mod lazy_page;
mod loaded;
mod phone_copy;
mod place_picker;
mod reporting;
mod session;
mod sync_badge;
mod tab_bar;

pub use attachments::{AttachFields, AttachPart, PhonePhotos, ServerPhotos};
pub use connection_badge::ConnectionBadge;
pub use csv_field::CsvField;
pub use error_notice::ErrorNotice;
pub use form_outcome::{action_outcome, Outcome, PhoneProblem, Problem};
pub use header::Header;
pub use import_report::{ImportOutcome, ImportReportView};
pub use labels::{
    action_name, activity_kind_name, answer_text, category_name, duty_name, event_name, field_problem,
    field_text, hours_origin_name, item_origin_name, item_status_name, level_name, line_state_name,
    list_name, manual_state_name, mark_name, need_category_name, registration_state_name, report_status_name,
    role_name, score_part_name, status_name, team_kind_name, visit_type_name,
};
pub use language_switch::LanguageSwitch;
pub use lazy_page::{ChunkError, ChunkFailed};
pub use loaded::{Loaded, PhoneData};
pub use phone_copy::{use_form_area, use_phone_copy, FormArea, FormAreaProblem, PhoneCopy};
pub use place_picker::PlacePicker;
pub use reporting::{RegistrationFacts, StatusHistory};
pub use session::{provide_session, use_session, Session, SessionMark};
pub use sync_badge::SyncBadge;
pub use tab_bar::TabBar;
