use crate::i18n::*;
use crate::model::local::Area;
use leptos::prelude::*;

/// The building and household selects of the field forms, filled from the
/// area kept on the phone; choosing a building clears the household.
#[component]
pub fn PlacePicker(
    area: StoredValue<Area>,
    building: RwSignal<String>,
    household: RwSignal<String>,
    /// Show the household's contact name beside its unit.
    #[prop(optional)]
    with_contact: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let buildings = move || {
        area.with_value(|a| {
            a.buildings
                .iter()
                .map(|b| view! { <option value=b.key.clone()>{format!("{} {}", b.grid_name, b.name)}</option> })
                .collect_view()
        })
    };
    let households = move || {
        let chosen = building.get();
        area.with_value(|a| {
            a.households
                .iter()
                .filter(|h| h.building == chosen)
                .map(|h| {
                    let label = if with_contact {
                        format!("{} {}", h.unit, h.contact_name.clone().unwrap_or_default())
                    } else {
                        h.unit.clone()
                    };
                    view! { <option value=h.key.clone()>{label}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <label>
            {t!(i18n, visit_building)}
            <select name="building" prop:value=building on:change=move |ev| {
                building.set(event_target_value(&ev));
                household.set(String::new());
            }>
                <option value="">{t!(i18n, choose)}</option>
                {buildings}
            </select>
        </label>
        <label>
            {t!(i18n, visit_household)}
            <select name="household" prop:value=household on:change=move |ev| household.set(event_target_value(&ev))>
                <option value="">{t!(i18n, choose)}</option>
                {households}
            </select>
        </label>
    }
}
