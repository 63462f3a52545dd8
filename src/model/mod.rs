//! Types and validation shared by the server and the browser.

/// A domain enum whose names (snake_case, the same for serde, strum and
/// the database) are written once: `named_enum! { pub enum Role { .. } }`
/// defines it with its derives, `ALL`, `as_str` and `parse`. Given only a
/// type (one deriving strum's `IntoStaticStr`, `EnumString` and
/// `VariantArray` itself), it adds the three.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($(#[$variant_meta:meta])* $variant:ident),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
            strum::IntoStaticStr, strum::EnumString, strum::VariantArray,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        $vis enum $name { $($(#[$variant_meta])* $variant),+ }

        named_enum!($name);
    };
    ($($name:ty),+ $(,)?) => {$(
        impl $name {
            pub const ALL: &'static [$name] = <$name as strum::VariantArray>::VARIANTS;

            pub fn as_str(self) -> &'static str {
                self.into()
            }

            pub fn parse(text: &str) -> Option<$name> {
                text.parse().ok()
            }
        }
    )+};
}

pub mod account;
pub mod assessment;
pub mod audit;
pub mod day;
pub mod error;
pub mod field;
pub mod household;
pub mod import;
pub mod issue;
pub mod local;
pub mod org;
pub mod photo;
pub mod reporting;
pub mod service_list;
pub mod staffing;
pub mod sync;
pub mod task;
pub mod time;
pub mod visit;
pub mod volunteer;

pub use error::AppError;
pub use field::Field;
