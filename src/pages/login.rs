use crate::api::auth::LogIn;
use crate::components::ErrorNotice;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let log_in = ServerAction::<LogIn>::new();
    let result = log_in.value();
    let navigate = use_navigate();
    let mobile = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            let typed = mobile.get_untracked();
            crate::offline::logged_in(crate::model::account::normalize_mobile(&typed).unwrap_or(typed));
            navigate("/me", Default::default());
        }
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
