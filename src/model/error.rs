//! The one error type of GridLink. Server functions return it; the browser
//! shows it through [`AppError::message_key`] in the user's language. Internal
//! causes never reach the user: the server logs them and sends `Internal`.

use crate::model::account::PasswordProblem;
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
    Invalid(String),
    #[error("password rejected: {0:?}")]
    PasswordRejected(PasswordProblem),
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
            AppError::Unavailable => ErrorMessage::Unavailable,
            AppError::Internal => ErrorMessage::Internal,
            AppError::Network(_) => ErrorMessage::Network,
        }
    }

    /// Detail safe to show after the translated sentence (validation text).
    pub fn detail(&self) -> Option<&str> {
        match self {
            AppError::Invalid(detail) => Some(detail),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(detail) | ServerFnErrorErr::MissingArg(detail) => {
                AppError::Invalid(detail)
            }
            other => AppError::Network(other.to_string()),
        }
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
    fn only_validation_errors_carry_detail() {
        assert_eq!(AppError::Invalid("name".into()).detail(), Some("name"));
        assert_eq!(AppError::Internal.detail(), None);
    }
}
