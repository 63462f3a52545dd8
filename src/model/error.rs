//! The one error type of GridLink. Server functions return it; the browser
//! shows it through [`AppError::message_key`] in the user's language. Internal
//! causes never reach the user: the server logs them and sends `Internal`.

use crate::model::account::PasswordProblem;
use crate::model::Field;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("please log in")]
    Unauthenticated,
    /// Unknown number, wrong password, locked or deactivated account: one
    /// answer for all, so that nobody learns which numbers are registered.
    #[error("login failed")]
    LoginFailed,
    /// Also used for records outside the caller's scope, so that their
    /// existence is not revealed.
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input: {0}")]
    Invalid(Field),
    #[error("password rejected: {0:?}")]
    PasswordRejected(PasswordProblem),
    /// A temporary password must be replaced before anything else.
    #[error("password change required")]
    PasswordChangeRequired,
    /// The request body is larger than this function takes.
    #[error("request too large")]
    TooLarge,
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// The request never got a proper answer (offline, timeout, bad payload).
    #[error("request failed: {0}")]
    Network(String),
}

/// Which translated sentence describes an error; the UI maps it with `t!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorMessage {
    Unauthenticated,
    LoginFailed,
    NotFound,
    Forbidden,
    Invalid,
    PasswordTooShort,
    PasswordTooCommon,
    PasswordWrong,
    TooManyAttempts,
    PasswordChangeRequired,
    TooLarge,
    Unavailable,
    Internal,
    Network,
}

impl AppError {
    pub fn message_key(&self) -> ErrorMessage {
        match self {
            AppError::Unauthenticated => ErrorMessage::Unauthenticated,
            AppError::LoginFailed => ErrorMessage::LoginFailed,
            AppError::NotFound => ErrorMessage::NotFound,
            AppError::Forbidden => ErrorMessage::Forbidden,
            AppError::Invalid(_) => ErrorMessage::Invalid,
            AppError::PasswordRejected(PasswordProblem::TooShort) => ErrorMessage::PasswordTooShort,
            AppError::PasswordRejected(PasswordProblem::TooCommon) => ErrorMessage::PasswordTooCommon,
            AppError::PasswordRejected(PasswordProblem::WrongCurrent) => ErrorMessage::PasswordWrong,
            AppError::PasswordRejected(PasswordProblem::TooManyAttempts) => ErrorMessage::TooManyAttempts,
            AppError::PasswordChangeRequired => ErrorMessage::PasswordChangeRequired,
            AppError::TooLarge => ErrorMessage::TooLarge,
            AppError::Unavailable => ErrorMessage::Unavailable,
            AppError::Internal => ErrorMessage::Internal,
            AppError::Network(_) => ErrorMessage::Network,
        }
    }

    /// The field a validation error names, shown after the sentence.
    pub fn field(&self) -> Option<Field> {
        match self {
            AppError::Invalid(field) => Some(*field),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server these are failures to read the request (arguments that
    /// do not decode, a body over the limit): the client's fault, answered
    /// 4xx (`server::http` sets the status from the error). In the browser
    /// they are failures to reach the server or to read its answer.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(detail)
            | ServerFnErrorErr::MissingArg(detail)
            | ServerFnErrorErr::Deserialization(detail) => request_error(&detail),
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::Invalid(Field::Request),
            other => AppError::Network(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
fn request_error(detail: &str) -> AppError {
    tracing::info!(%detail, "unreadable request");
    // axum's body limit, as server_fn reports it.
    if detail.contains("length limit exceeded") {
        AppError::TooLarge
    } else {
        AppError::Invalid(Field::Request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_errors_become_network_errors() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Request("timeout".into()));
        assert_eq!(error.message_key(), ErrorMessage::Network);
    }

    #[test]
    fn only_validation_errors_name_a_field() {
        assert_eq!(AppError::Invalid(Field::Name).field(), Some(Field::Name));
        assert_eq!(AppError::Internal.field(), None);
    }
}
