use crate::api::auth::LogIn;
use crate::components::{ErrorNotice, PhoneProblem};
use crate::i18n::*;
use crate::offline::LocalError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let log_in = ServerAction::<LogIn>::new();
    let result = log_in.value();
    let navigate = use_navigate();
    let mobile = RwSignal::new(String::new());
    let phone_problem = RwSignal::new(None::<LocalError>);
    // The phone's records become this account's before any page can send
    // them (a record is never sent under another person's login).
    Effect::new(move |_| {
        let Some(Ok(user)) = result.get() else { return };
        let typed = mobile.get_untracked();
        let typed = crate::model::account::normalize_mobile(&typed).unwrap_or(typed);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match crate::offline::logged_in(user, typed).await {
                Ok(()) => navigate("/me", Default::default()),
                Err(error) => phone_problem.set(Some(error)),
            }
        });
    });
    let error = move || match result.get() {
        Some(Err(error)) => Some(view! { <ErrorNotice error /> }),
        _ => None,
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, login_title)}</h1>
            <ActionForm action=log_in attr:class="form">
                <label>
                    {t!(i18n, login_mobile)}
                    <input name="mobile" type="tel" inputmode="numeric" autocomplete="username" required
                        on:input=move |ev| mobile.set(event_target_value(&ev)) />
                </label>
                <label>
                    {t!(i18n, login_password)}
                    <input name="password" type="password" autocomplete="current-password" required />
                </label>
                {error}
                {move || phone_problem.get().map(|error| view! { <PhoneProblem error /> })}
                <button type="submit" class="primary" disabled=move || log_in.pending().get()>
                    {move || {
                        if log_in.pending().get() {
                            t_string!(i18n, logging_in)
                        } else {
                            t_string!(i18n, login_submit)
                        }
                    }}
                </button>
            </ActionForm>
        </section>
    }
}
