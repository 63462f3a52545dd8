use crate::components::FormArea;
use crate::i18n::*;
use leptos::prelude::*;

/// The building and household selects of the field forms, filled from the
/// area kept on the phone; choosing a building clears the household. Until
/// the area is here the first line says why the lists are empty.
#[component]
pub fn PlacePicker(
    area: RwSignal<FormArea>,
    building: RwSignal<String>,
    household: RwSignal<String>,
    /// Show the household's contact name beside its unit.
    #[prop(optional)]
    with_contact: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    // `selected` as the options are made: a choice set (from the address,
    // a correction) while the lists were still empty is kept when they fill.
    let buildings = move || {
        let chosen = building.get_untracked();
        area.with(|state| {
            let Some(a) = state.area() else { return Vec::new() };
            a.buildings
                .iter()
                .map(|b| {
                    let label = format!("{} {}", b.grid_name, b.name);
                    view! { <option value=b.key.clone() selected=b.key == chosen>{label}</option> }
                })
                .collect::<Vec<_>>()
        })
    };
    let households = move || {
        let chosen = building.get();
        let picked = household.get_untracked();
        area.with(|state| {
            let Some(a) = state.area() else { return Vec::new() };
            a.households
                .iter()
                .filter(|h| h.building == chosen)
                .map(|h| {
                    let label = if with_contact {
                        format!("{} {}", h.unit, h.contact_name.clone().unwrap_or_default())
                    } else {
                        h.unit.clone()
                    };
                    view! { <option value=h.key.clone() selected=h.key == picked>{label}</option> }
                })
                .collect::<Vec<_>>()
        })
    };
    let first_line = move || {
        area.with(|state| match state {
            FormArea::Reading => t_string!(i18n, loading),
            FormArea::Missing | FormArea::Unreadable(_) => t_string!(i18n, area_missing),
            FormArea::Here(_) => t_string!(i18n, choose),
        })
    };
    view! {
        <label>
            {t!(i18n, visit_building)}
            <select name="building" prop:value=building on:change=move |ev| {
                building.set(event_target_value(&ev));
                household.set(String::new());
            }>
                <option value="">{first_line}</option>
                {buildings}
            </select>
        </label>
        <label>
            {t!(i18n, visit_household)}
            <select name="household" prop:value=household on:change=move |ev| household.set(event_target_value(&ev))>
                <option value="">{first_line}</option>
                {households}
            </select>
        </label>
    }
}
