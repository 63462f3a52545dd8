//! The secretary's confirmation queue: claims on tasks reported done, to
//! confirm (writing the hours, points and the unit's credit), send back
//! with a reason, or, once confirmed, undo with a reason.

use crate::api::tasks::{list_reviews, ReviewClaim};
use crate::components::{action_outcome, Loaded, Outcome};
use crate::i18n::*;
use crate::model::task::{ClaimReview, ClaimState, ReviewStep};
use leptos::prelude::*;

#[component]
pub fn TaskReviewsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h1>{t!(i18n, reviews_title)}</h1>
            <Reviews />
        </section>
    }
}

/// Claims reported done, and confirmations that may still be undone.
#[component]
fn Reviews() -> impl IntoView {
    let i18n = use_i18n();
    let review = ServerAction::<ReviewClaim>::new();
    let reviews = Resource::new(move || review.version().get(), |_| list_reviews());
    view! {
        <Outcome outcome=action_outcome(review.value()) saved=move || t_string!(i18n, saved) />
        <Loaded resource=reviews view={move |list: Vec<ClaimReview>| {
            if list.is_empty() {
                return view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any();
            }
            let rows = list.into_iter().map(|row| view! { <ReviewRow row review /> }).collect_view();
            view! { <ul class="list">{rows}</ul> }.into_any()
        }} />
    }
}

#[component]
fn ReviewRow(row: ClaimReview, review: ServerAction<ReviewClaim>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let ClaimReview { claim_key, task_title, member_name, unit_name, state, done_note, hours_tenths, points } =
        row;
    let key = StoredValue::new(claim_key);
    let send = move |step: ReviewStep| {
        move |_| {
            let reason = reason.get_untracked();
            review.dispatch(ReviewClaim { claim_key: key.get_value(), step, reason });
        }
    };
    let done = state == ClaimState::Done;
    view! {
        <li class="row" data-testid="review-row">
            <div>
                <strong>{task_title}</strong> " " <span class="muted">{member_name} {unit_name.map(|u| format!(" · {u}"))}</span>
                <br />
                <span class="muted">
                    {format!("{}.{}", hours_tenths / 10, hours_tenths % 10)} " " {t!(i18n, task_hours)} " · " {points} " "
                    {t!(i18n, task_points)} " · "
                    {move || if done { t_string!(i18n, review_waiting) } else { t_string!(i18n, review_confirmed) }}
                </span>
                <p class="notes">{done_note}</p>
                <label>{t!(i18n, review_reason)}
                    <input maxlength="500" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="actions">
                <Show when=move || done>
                    <button type="button" class="primary" on:click=send(ReviewStep::Confirm)>{t!(i18n, review_confirm)}</button>
                    <button type="button" class="secondary" on:click=send(ReviewStep::SendBack)>{t!(i18n, review_send_back)}</button>
                </Show>
                <Show when=move || !done>
                    <button type="button" class="secondary" on:click=send(ReviewStep::Undo)>{t!(i18n, review_undo)}</button>
                </Show>
            </div>
        </li>
    }
}
