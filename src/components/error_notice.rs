use crate::i18n::*;
use crate::model::error::{AppError, ErrorMessage};
use leptos::prelude::*;

/// Shows an [`AppError`] as a plain sentence in the user's language.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let key = error.message_key();
    let field = error.field();
    let detail = move || field.map(|field| crate::components::field_problem(i18n, field));
    let sentence = move || match key {
        ErrorMessage::Unauthenticated => t_string!(i18n, error_unauthenticated),
        ErrorMessage::LoginFailed => t_string!(i18n, error_login_failed),
        ErrorMessage::NotFound => t_string!(i18n, error_not_found),
        ErrorMessage::Forbidden => t_string!(i18n, error_forbidden),
        ErrorMessage::Invalid => t_string!(i18n, error_invalid),
        ErrorMessage::PasswordTooShort => t_string!(i18n, error_password_too_short),
        ErrorMessage::PasswordTooCommon => t_string!(i18n, error_password_too_common),
        ErrorMessage::PasswordWrong => t_string!(i18n, error_password_wrong),
        ErrorMessage::TooManyAttempts => t_string!(i18n, error_too_many_attempts),
        ErrorMessage::PasswordChangeRequired => t_string!(i18n, error_password_change_required),
        ErrorMessage::TooLarge => t_string!(i18n, error_too_large),
        ErrorMessage::Unavailable => t_string!(i18n, error_unavailable),
        ErrorMessage::Internal => t_string!(i18n, error_internal),
        ErrorMessage::Network => t_string!(i18n, error_network),
    };
    view! {
        <p class="notice notice-error" role="alert">
            {sentence}
            {detail}
        </p>
    }
}
