//! 住户: one household's story for the people who look after it: where it
//! is, its contact (masked), care tags, the visits to it (newest first, by
//! whom) and the open issues of it or its building. Opened from the list,
//! the search on the home screen, or a visit. Offline, the same page from
//! the phone's copy: the household, its tags, the visits and open issues
//! kept on the phone.

use crate::api::households::{get_household, SetCareTags};
use crate::components::{
    action_outcome, status_name, use_phone_copy, visit_type_name, ErrorNotice, Outcome, PhoneData,
};
use crate::i18n::*;
use crate::model::household::{HouseholdCopy, HouseholdDetail, HouseholdIssue, HouseholdVisit};
use crate::model::local::{Area, LocalRecord};
use crate::model::time::{date, short_time};
use crate::model::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn HouseholdPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let save = ServerAction::<SetCareTags>::new();
    let key = move || params.with(|p| p.get("key").unwrap_or_default());
    let household = Resource::new(move || (key(), save.version().get()), |(key, _)| get_household(key));
    let shown = move || {
        Suspend::new(async move {
            match household.await {
                Ok(detail) => view! { <Detail detail save /> }.into_any(),
                // No answer from the server: what the phone keeps of it.
                Err(AppError::Network(_)) => view! { <FromPhone key=key() /> }.into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            }
        })
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, household_title)}</h1>
            <Outcome outcome=action_outcome(save.value()) saved=move || t_string!(i18n, saved) />
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>{shown}</Suspense>
        </section>
    }
}

/// The household from the phone's copy, when the server cannot be reached.
#[component]
fn FromPhone(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let copy = use_phone_copy();
    let key = StoredValue::new(key);
    let view = move |area: Option<Area>| {
        let area = StoredValue::new(area.unwrap_or_default());
        let records_view = move |records: Vec<LocalRecord>| match area
            .with_value(|area| key.with_value(|key| HouseholdCopy::of(area, &records, key)))
        {
            Some(household) => view! { <CopyDetail household key=key.get_value() /> }.into_any(),
            None => view! { <ErrorNotice error=AppError::NotFound /> }.into_any(),
        };
        view! { <PhoneData resource=copy.records view=records_view /> }
    };
    view! {
        <p class="notice" data-testid="household-from-phone">{t!(i18n, household_from_phone)}</p>
        <PhoneData resource=copy.area view />
    }
}

#[component]
fn CopyDetail(household: HouseholdCopy, key: String) -> impl IntoView {
    let i18n = use_i18n();
    let HouseholdCopy { place, contact_name, care_tags, last_visit_at, visits, open_issues } = household;
    let tags = care_tags
        .into_iter()
        .map(|t| view! { <span class="tag" data-testid="care-tag">{t}</span> " " })
        .collect_view();
    let last = last_visit_at.map(date);
    let visits = visits.into_iter().map(|visit| view! { <VisitLine visit /> }).collect_view();
    let issues = open_issues.into_iter().map(|issue| view! { <IssueLine issue /> }).collect_view();
    view! {
        <p class="lead" data-testid="household-place">{place}</p>
        <p>{contact_name}</p>
        <p data-testid="care-tags">{tags}</p>
        {last.map(|on| view! { <p class="muted">{t!(i18n, household_last_visit)} " " {on}</p> })}
        <a class="button primary" href=format!("/visits?household={key}")>{t!(i18n, household_visit_now)}</a>
        <h2>{t!(i18n, household_visits_here)}</h2>
        <ul class="list" data-testid="household-visits">{visits}</ul>
        <h2>{t!(i18n, household_issues)}</h2>
        <ul class="list" data-testid="household-issues">{issues}</ul>
    }
}

#[component]
fn Detail(detail: HouseholdDetail, save: ServerAction<SetCareTags>) -> impl IntoView {
    let i18n = use_i18n();
    let HouseholdDetail {
        key,
        place,
        contact_name,
        phone_masked,
        care_tags,
        tag_choices,
        visits,
        open_issues,
    } = detail;
    let tags =
        care_tags.iter().map(|t| view! { <span class="tag" data-testid="care-tag">{t.clone()}</span> " " });
    let tags = tags.collect_view();
    let editor =
        (!tag_choices.is_empty()).then(|| view! { <TagEditor key=key.clone() care_tags tag_choices save /> });
    let visit_href = format!("/visits?household={key}");
    let visits = visits.into_iter().map(|visit| view! { <VisitLine visit /> }).collect_view();
    let issues = open_issues.into_iter().map(|issue| view! { <IssueLine issue /> }).collect_view();
    view! {
        <p class="lead" data-testid="household-place">{place}</p>
        <p>{contact_name} " " <span class="muted">{phone_masked}</span></p>
        <p data-testid="care-tags">{tags}</p>
        {editor}
        <a class="button primary" href=visit_href>{t!(i18n, household_visit_now)}</a>
        <h2>{t!(i18n, household_visits)}</h2>
        <ul class="list" data-testid="household-visits">{visits}</ul>
        <h2>{t!(i18n, household_issues)}</h2>
        <ul class="list" data-testid="household-issues">{issues}</ul>
    }
}

#[component]
fn TagEditor(
    key: String,
    care_tags: Vec<String>,
    tag_choices: Vec<String>,
    save: ServerAction<SetCareTags>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(care_tags);
    let key = StoredValue::new(key);
    let boxes = tag_choices
        .into_iter()
        .map(|tag| {
            let name = StoredValue::new(tag.clone());
            let checked = move || chosen.with(|c| c.contains(&name.get_value()));
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                chosen.update(|c| {
                    c.retain(|t| *t != name.get_value());
                    if on {
                        c.push(name.get_value());
                    }
                });
            };
            view! { <label class="check"><input type="checkbox" prop:checked=checked on:change=toggle /> {tag}</label> }
        })
        .collect_view();
    let send = move |_| {
        save.dispatch(SetCareTags { key: key.get_value(), tags: chosen.get_untracked() });
    };
    view! {
        <details class="collapsible">
            <summary>{t!(i18n, household_tags_edit)}</summary>
            <div class="form">
                {boxes}
                <button type="button" class="primary" data-testid="save-tags" on:click=send>{t!(i18n, save)}</button>
            </div>
        </details>
    }
}

#[component]
fn VisitLine(visit: HouseholdVisit) -> impl IntoView {
    let i18n = use_i18n();
    let kind = visit.visit_type;
    view! {
        <li class="row" data-testid="household-visit">
            <div>
                <strong>{short_time(visit.at)}</strong> " " {visit.visitor_name} " "
                <span class="tag">{move || visit_type_name(i18n, kind)}</span>
                <br />
                <span>{visit.notes}</span>
                {visit.follow_up_on.map(|on| view! { <br /> <span class="muted">{t!(i18n, household_follow_up)} " " {on}</span> })}
            </div>
        </li>
    }
}

#[component]
fn IssueLine(issue: HouseholdIssue) -> impl IntoView {
    let i18n = use_i18n();
    let status = issue.status;
    view! {
        <li class="row" data-testid="household-issue">
            <div>
                <a href="/issues">{issue.description}</a>
                <br />
                <span class="muted">{date(issue.captured_at)} " · " {move || status_name(i18n, status)}
                    {(!issue.this_household).then(|| format!(" · {}", t_string!(i18n, household_building_issue)))}</span>
            </div>
        </li>
    }
}
