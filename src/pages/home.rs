use crate::api::org::get_overview;
use crate::components::Loaded;
use crate::i18n::*;
use crate::model::org::{AreaOverview, OrgLevel};
use crate::offline::use_online_status;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_overview());
    let online = use_online_status();
    // Set after hydration: the server renders this screen online, and a phone
    // that opens it offline must first hydrate that same HTML.
    let offline = RwSignal::new(false);
    Effect::new(move |_| offline.set(!online.get()));
    view! {
        <section class="card">
            <h1>{t!(i18n, home_title)}</h1>
            <Show when=move || offline.get()>
                <p class="notice" data-testid="offline-hint">{t!(i18n, home_offline_hint)}</p>
            </Show>
            <Loaded resource=overview view={|figures| view! { <Overview figures /> }} />
        </section>
    }
}

#[component]
fn Overview(figures: AreaOverview) -> impl IntoView {
    let i18n = use_i18n();
    if figures.is_empty() {
        return view! { <p class="muted">{t!(i18n, home_no_data)}</p> }.into_any();
    }
    let (has_communities, has_grids) = (figures.covers(OrgLevel::Community), figures.covers(OrgLevel::Grid));
    view! {
        <p class="lead" data-testid="street-name">{figures.name.clone()}</p>
        <dl class="stats">
            <Show when=move || has_communities>
                <div data-testid="stat-communities"><dt>{t!(i18n, stat_communities)}</dt><dd>{figures.communities}</dd></div>
            </Show>
            <Show when=move || has_grids>
                <div data-testid="stat-grids"><dt>{t!(i18n, stat_grids)}</dt><dd>{figures.grids}</dd></div>
            </Show>
            <div data-testid="stat-buildings"><dt>{t!(i18n, stat_buildings)}</dt><dd>{figures.buildings}</dd></div>
            <div data-testid="stat-households"><dt>{t!(i18n, stat_households)}</dt><dd>{figures.households}</dd></div>
        </dl>
    }
    .into_any()
}
