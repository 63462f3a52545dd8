//! The one way a form says how it went: "saved", or what is wrong in the
//! user's language — a field to fix, the phone's storage, or the server.

use crate::components::{field_problem, ErrorNotice};
use crate::i18n::*;
use crate::model::{AppError, Field};
use crate::offline::LocalError;
use leptos::prelude::*;

/// Why a form could not be kept or sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A field the user must fix, found before anything was sent.
    Field(Field),
    /// The phone could not keep it.
    Phone(LocalError),
    /// The server's answer.
    Server(AppError),
}

impl From<Field> for Problem {
    fn from(field: Field) -> Self {
        Problem::Field(field)
    }
}

impl From<LocalError> for Problem {
    fn from(error: LocalError) -> Self {
        Problem::Phone(error)
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Self {
        Problem::Server(error)
    }
}

/// The outcome of a server action (its `value()`), for [`Outcome`].
pub fn action_outcome<T, S>(value: S) -> Signal<Option<Result<(), Problem>>>
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().map(|result| result.map(drop).map_err(Problem::from)))
}

#[component]
pub fn Outcome(
    #[prop(into)] outcome: Signal<Option<Result<(), Problem>>>,
    #[prop(into)] saved: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match outcome.get()? {
        Ok(()) => {
            Some(view! { <p class="notice" role="status" data-testid="saved">{saved.get()}</p> }.into_any())
        }
        Err(Problem::Server(error)) => Some(view! { <ErrorNotice error /> }.into_any()),
        Err(Problem::Field(field)) => Some(
            view! { <p class="notice notice-error" role="alert">{move || field_problem(i18n, field)}</p> }
                .into_any(),
        ),
        Err(Problem::Phone(error)) => Some(view! { <PhoneProblem error /> }.into_any()),
    }
}

/// A failure of the phone's own storage, in plain words.
#[component]
pub fn PhoneProblem(error: LocalError) -> impl IntoView {
    let i18n = use_i18n();
    leptos::logging::warn!("{error}");
    let sentence = move || match error {
        LocalError::Storage(_) | LocalError::Aborted => t_string!(i18n, phone_storage_failed),
        LocalError::Data(_) => t_string!(i18n, phone_data_unreadable),
        LocalError::NoRandom => t_string!(i18n, phone_no_random),
        LocalError::NotInBrowser => t_string!(i18n, phone_not_ready),
        LocalError::CodeNotLoaded => t_string!(i18n, phone_code_not_loaded),
    };
    view! { <p class="notice notice-error" role="alert" data-testid="phone-problem">{sentence}</p> }
}
