//! Assessment (考核): the reporting units and in-service members of the
//! caller's area ranked by score for a quarter or year, each score broken
//! into its parts, with each unit's feedback sheet to print or download.

use crate::api::assessment::assessment_table;
use crate::components::{score_part_name, Loaded};
use crate::i18n::*;
use crate::model::assessment::{tenths_text, Assessment, Period, ScoreRow};
use leptos::prelude::*;

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let i18n = use_i18n();
    // Empty: the server's current quarter.
    let period = RwSignal::new(String::new());
    let table = Resource::new(move || period.get(), assessment_table);
    view! {
        <section class="card">
            <h1>{t!(i18n, assessment_title)}</h1>
            <p class="muted">{t!(i18n, assessment_intro)}</p>
            <Loaded resource=table view=move |assessment: Assessment| view! { <Tables assessment period /> } />
        </section>
    }
}

/// The shown period, the three quarters before it and the two years around.
fn choices(shown: Period) -> Vec<Period> {
    let quarter = match shown.quarter {
        Some(_) => shown,
        None => Period { year: shown.year, quarter: Some(4) },
    };
    let mut periods = vec![quarter, quarter.previous(), quarter.previous().previous()];
    periods.push(periods[2].previous());
    periods.extend([quarter.whole_year(), quarter.whole_year().previous()]);
    periods
}

#[component]
fn Tables(assessment: Assessment, period: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = assessment.period;
    let options = choices(shown)
        .into_iter()
        .map(|p| view! { <option value=p.code() selected={p == shown}>{p.code()}</option> })
        .collect_view();
    let units =
        assessment.units.into_iter().enumerate().map(|(rank, row)| view! { <UnitRow rank row shown /> });
    let members =
        assessment.members.into_iter().enumerate().map(|(rank, row)| view! { <MemberRow rank row /> });
    view! {
        <label>{t!(i18n, assessment_period)}
            <select data-testid="assessment-period" on:change=move |ev| period.set(event_target_value(&ev))>
                {options}
            </select>
        </label>
        <h2>{t!(i18n, assessment_units)}</h2>
        <ol class="list" data-testid="unit-scores">{units.collect_view()}</ol>
        <h2>{t!(i18n, assessment_members)}</h2>
        <ol class="list" data-testid="member-scores">{members.collect_view()}</ol>
    }
}

#[component]
fn UnitRow(rank: usize, row: ScoreRow, shown: Period) -> impl IntoView {
    let i18n = use_i18n();
    let query = format!("unit={}&period={}", row.key, shown.code());
    view! {
        <li class="row" data-testid="unit-score">
            <div>
                <strong>{rank + 1} ". " {row.name.clone()}</strong> " "
                <span class="muted">{row.context.clone()} " · " {row.tally.members} " " {t!(i18n, assessment_people)}</span>
                <Parts row=row.clone() />
                <p class="actions">
                    <a class="button secondary" href=format!("/export/feedback.xlsx?{query}") download rel="external"
                        data-testid="feedback-xlsx">{t!(i18n, assessment_feedback_xlsx)}</a>
                    <a class="button secondary" href=format!("/export/feedback.html?{query}") target="_blank"
                        rel="external">{t!(i18n, assessment_feedback_print)}</a>
                </p>
            </div>
            <strong class="score" data-testid="score">{tenths_text(i64::from(row.score_tenths))}</strong>
        </li>
    }
}

#[component]
fn MemberRow(rank: usize, row: ScoreRow) -> impl IntoView {
    view! {
        <li class="row" data-testid="member-score">
            <div>
                <strong>{rank + 1} ". " {row.name.clone()}</strong> " "
                <span class="muted">{row.context.clone()}</span>
                <Parts row=row.clone() />
            </div>
            <strong class="score" data-testid="score">{tenths_text(i64::from(row.score_tenths))}</strong>
        </li>
    }
}

/// Each part of a score: what it counted, and what it earned of its weight.
#[component]
fn Parts(row: ScoreRow) -> impl IntoView {
    let i18n = use_i18n();
    let parts = row
        .parts
        .iter()
        .map(|part| {
            let (name, figure) = (part.part, row.tally.figure(part.part));
            let earned = format!(
                "{}/{}",
                tenths_text(i64::from(part.earned_tenths)),
                tenths_text(i64::from(part.max_tenths))
            );
            view! { <li>{move || score_part_name(i18n.get_locale(), name)} " " {figure} " → " {earned}</li> }
        })
        .collect_view();
    view! { <ul class="parts muted">{parts}</ul> }
}
