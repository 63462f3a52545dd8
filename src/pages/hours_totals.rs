//! 时长统计: verified volunteer hours of a period for a secretary's or
//! street admin's area, per street, community and grid, per reporting unit
//! and per person, each the sum of the ledger.

use crate::api::volunteer::get_hours_totals;
use crate::components::Loaded;
use crate::i18n::*;
use crate::model::assessment::tenths_text;
use crate::model::volunteer::{HoursTotal, HoursTotals};
use leptos::prelude::*;

#[component]
pub fn HoursTotalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let period = RwSignal::new(String::new());
    let totals = Resource::new(move || period.get(), get_hours_totals);
    view! {
        <section class="card">
            <h1>{t!(i18n, totals_title)}</h1>
            <label class="form">
                {t!(i18n, totals_period)}
                <input data-testid="totals-period" placeholder="2026 / 2026-Q4"
                    on:change=move |ev| period.set(event_target_value(&ev)) />
            </label>
            <Loaded resource=totals view={|totals: HoursTotals| view! { <Tables totals /> }} />
        </section>
    }
}

#[component]
fn Tables(totals: HoursTotals) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="muted">{totals.period.code()}</p>
        <h2>{t!(i18n, totals_areas)}</h2>
        <Rows rows=totals.areas testid="totals-area" />
        <h2>{t!(i18n, totals_units)}</h2>
        <Rows rows=totals.units testid="totals-unit" />
        <h2>{t!(i18n, totals_people)}</h2>
        <Rows rows=totals.people testid="totals-person" />
    }
}

#[component]
fn Rows(rows: Vec<HoursTotal>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let rows = rows
        .into_iter()
        .map(|row| {
            view! {
                <li class="row" data-testid=testid>
                    <span>{row.name} " " <span class="muted">{row.volunteers} " " {t!(i18n, totals_volunteers)}</span></span>
                    <strong>{tenths_text(row.tenths)}</strong>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="list">{rows}</ul> }
}
