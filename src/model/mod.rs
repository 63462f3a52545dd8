//! Types and validation shared by the server and the browser.

/// Gives a domain enum (deriving strum's `IntoStaticStr`, `EnumString` and
/// `VariantArray` with the names serde uses) its `ALL`, `as_str` and
/// `parse`: the names are written once, in the derive.
macro_rules! named_enum {
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
pub mod audit;
pub mod error;
pub mod field;
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
pub use field::Field;
