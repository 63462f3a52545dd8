use crate::api::org::get_street_overview;
use crate::components::ErrorNotice;
use crate::i18n::*;
use crate::model::org::StreetOverview;
use crate::offline::use_online_status;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_street_overview());
    let online = use_online_status();
    view! {
        <section class="card">
            <h1>{t!(i18n, home_title)}</h1>
            <Show when=move || !online.get()>
                <p class="notice" data-testid="offline-hint">{t!(i18n, home_offline_hint)}</p>
            </Show>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(figures) => view! { <Overview figures /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Overview(figures: StreetOverview) -> impl IntoView {
    let i18n = use_i18n();
    if figures.is_empty() {
        return view! { <p class="muted">{t!(i18n, home_no_data)}</p> }.into_any();
    }
    view! {
        <p class="street-name" data-testid="street-name">{figures.street_name.clone()}</p>
        <dl class="stats">
            <div><dt>{t!(i18n, stat_communities)}</dt><dd>{figures.communities}</dd></div>
            <div><dt>{t!(i18n, stat_grids)}</dt><dd>{figures.grids}</dd></div>
            <div><dt>{t!(i18n, stat_buildings)}</dt><dd>{figures.buildings}</dd></div>
            <div><dt>{t!(i18n, stat_households)}</dt><dd>{figures.households}</dd></div>
        </dl>
    }
    .into_any()
}
