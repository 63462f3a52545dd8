//! Building blocks shared by the pages.

mod connection_badge;
mod error_notice;
mod header;
mod language_switch;
mod role_name;
mod tab_bar;

pub use connection_badge::ConnectionBadge;
pub use error_notice::ErrorNotice;
pub use header::Header;
pub use language_switch::LanguageSwitch;
pub use role_name::role_name;
pub use tab_bar::TabBar;
