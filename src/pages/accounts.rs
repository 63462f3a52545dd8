use crate::api::accounts::{list_accounts, SetAccountActive};
use crate::components::{role_name, ErrorNotice};
use crate::i18n::*;
use crate::model::account::AccountSummary;
use leptos::prelude::*;

/// Street admins and secretaries: the accounts of their subtree.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = ServerAction::<SetAccountActive>::new();
    let accounts = Resource::new(move || toggle.version().get(), |_| list_accounts());
    let toggle_error = move || match toggle.value().get() {
        Some(Err(error)) => Some(view! { <ErrorNotice error /> }),
        _ => None,
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, accounts_title)}</h1>
            {toggle_error}
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(list) => {
                            let rows = list
                                .into_iter()
                                .map(|account| view! { <AccountRow account toggle /> })
                                .collect_view();
                            view! { <ul class="account-list">{rows}</ul> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AccountRow(account: AccountSummary, toggle: ServerAction<SetAccountActive>) -> impl IntoView {
    let i18n = use_i18n();
    let AccountSummary { key, name, mobile_masked, roles, org_name, active } = account;
    let roles = move || roles.iter().map(|role| role_name(i18n, *role)).collect::<Vec<_>>().join("、");
    let label = move || if active { t_string!(i18n, deactivate) } else { t_string!(i18n, activate) };
    let flip = move |_| {
        toggle.dispatch(SetAccountActive { key: key.clone(), active: !active });
    };
    view! {
        <li class="account-row" data-testid="account-row" data-active=active.to_string()>
            <div>
                <strong>{name}</strong>
                " "
                <span class="muted">{mobile_masked}</span>
                <br />
                <span class="muted">{org_name} " · " {roles}</span>
            </div>
            <button type="button" class="secondary" on:click=flip>{label}</button>
        </li>
    }
}
