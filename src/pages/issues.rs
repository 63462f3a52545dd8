//! 诉求: report a resident issue on the phone (kept offline until sent), the
//! issues of my area with status and deadline, and the work on them.

use crate::api::auth::get_current_user;
use crate::components::{
    category_name, mark_name, status_name, use_form_area, use_phone_copy, AttachFields, AttachPart, FormArea,
    FormAreaProblem, Outcome, PhoneData, PhonePhotos, PhoneProblem, PlacePicker, Problem,
};
use crate::i18n::*;
use crate::model::account::Role;
use crate::model::issue::{
    may_act, next_status, IssueAction, IssueCategory, IssueChange, IssueInput, IssueItem, IssueStatus,
    Urgency,
};
use crate::model::local::{LocalRecord, SyncMark, TakenPhotos};
use crate::model::photo::PhotoOf;
use crate::model::sync::OpKind;
use crate::model::time::short_time;
use crate::model::Field;
use crate::offline::{new_record_id, now_millis, save, save_with_photos, LocalError};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn IssuesPage() -> impl IntoView {
    let i18n = use_i18n();
    let copy = use_phone_copy();
    let area = use_form_area(copy);
    let user = Resource::new(|| (), |_| get_current_user());
    let queue_link = move || {
        let admin = user
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.roles.iter().any(|r| r.administers_accounts()));
        admin.then(|| view! { <a class="button secondary" href="/issues/queue" data-testid="open-queue">{t!(i18n, queue_open)}</a> })
    };
    // Unknown offline: then every possible step is offered and the server decides.
    let issue_list = move |records: Vec<LocalRecord>| {
        move || {
            let roles = user.get().and_then(Result::ok).flatten().map(|u| u.roles);
            view! { <IssueList records=records.clone() roles /> }
        }
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, issues_title)}</h1>
            <Suspense fallback=|| ()>{queue_link}</Suspense>
            <details class="collapsible" open>
                <summary>{t!(i18n, issue_report)}</summary>
                <IssueForm area />
            </details>
        </section>
        <section class="card">
            <h2>{t!(i18n, issue_my)}</h2>
            <PhoneData resource=copy.records view=issue_list />
        </section>
    }
}

#[component]
fn IssueList(records: Vec<LocalRecord>, roles: Option<Vec<Role>>) -> impl IntoView {
    let i18n = use_i18n();
    let mut issues: Vec<(SyncMark, IssueItem)> =
        records.iter().filter_map(|r| r.as_issue().map(|i| (r.mark, i.clone()))).collect();
    issues.sort_by_key(|(_, i)| (i.status.is_closed(), i.due()));
    if issues.is_empty() {
        return view! { <p class="muted">{t!(i18n, issue_none)}</p> }.into_any();
    }
    let now = now_millis();
    let rows = issues
        .into_iter()
        .map(|(mark, issue)| view! { <IssueRow mark issue now roles=roles.clone() /> })
        .collect_view();
    view! { <ul class="list">{rows}</ul> }.into_any()
}

#[component]
fn IssueRow(mark: SyncMark, issue: IssueItem, now: i64, roles: Option<Vec<Role>>) -> impl IntoView {
    let i18n = use_i18n();
    let (status, category) = (issue.status, issue.category);
    // A report still on the phone has no deadlines yet: they are the server's.
    let known = issue.version > 0;
    let overdue = known && issue.is_overdue(now);
    let due = if known { short_time(issue.due()) } else { String::from("—") };
    let assignee = issue.assignee_name.clone();
    let actions = [IssueAction::Start, IssueAction::Resolve, IssueAction::Escalate]
        .into_iter()
        .filter(|action| next_status(status, action).is_some())
        .filter(|action| {
            roles.as_ref().is_none_or(|roles| may_act(roles, action, issue.assignee_key.is_some()))
        })
        .map(|action| view! { <ChangeButton issue=issue.clone() action /> })
        .collect_view();
    view! {
        <li class="row" data-testid="issue-row" data-mark=format!("{mark:?}").to_lowercase()
            data-status=status.as_str()>
            <div>
                <strong>{move || category_name(i18n, category)}</strong>
                " "
                <span class="status">{move || status_name(i18n, status)}</span>
                " "
                <span class=format!("mark mark-{mark:?}").to_lowercase()>{move || mark_name(i18n, mark)}</span>
                <Show when=move || overdue>
                    " " <span class="mark mark-attention">{t!(i18n, issue_overdue)}</span>
                </Show>
                <br />
                <span class="muted">{issue.place.clone()} " · " {t!(i18n, issue_due)} {due}</span>
                <Show when={let has = assignee.is_some(); move || has}>
                    <br />
                    <span class="muted" data-testid="issue-assignee">{t!(i18n, issue_assignee)} {assignee.clone()}</span>
                </Show>
                <p class="notes">{issue.description.clone()}</p>
                <PhonePhotos of=PhotoOf::Issue record=issue.issue_id.clone() ids=issue.photos.clone() />
                <div class="actions">{actions}</div>
            </div>
        </li>
    }
}

/// A worker's step on an issue, kept offline like any record.
#[component]
fn ChangeButton(issue: IssueItem, action: IssueAction) -> impl IntoView {
    let i18n = use_i18n();
    let kind = action.kind();
    let failed = RwSignal::new(None::<LocalError>);
    let click = move |_| {
        let (issue, action) = (issue.clone(), action.clone());
        let step = crate::components::action_name(i18n, action.kind());
        spawn_local(async move { failed.set(keep_change(issue, action, step).await.err()) });
    };
    view! {
        <button type="button" class="secondary" on:click=click>
            {move || crate::components::action_name(i18n, kind)}
        </button>
        {move || failed.get().map(|error| view! { <PhoneProblem error /> })}
    }
}

/// `step`: the action's name in the user's language, for the sync page.
async fn keep_change(mut issue: IssueItem, action: IssueAction, step: &str) -> Result<(), LocalError> {
    let change = IssueChange {
        issue_id: issue.issue_id.clone(),
        expected: issue.status,
        action: action.clone(),
        note: String::new(),
    };
    if let Some(to) = next_status(issue.status, &action) {
        issue.status = to;
    }
    let summary = format!("{} · {step}", issue.place);
    let record = LocalRecord::issue(issue.issue_id.clone(), SyncMark::Pending, issue);
    save(OpKind::ChangeIssue, &change, record, summary).await
}

#[component]
fn IssueForm(area: RwSignal<FormArea>) -> impl IntoView {
    let i18n = use_i18n();
    let building = RwSignal::new(String::new());
    let household = RwSignal::new(String::new());
    let category = RwSignal::new(IssueCategory::Property);
    let urgent = RwSignal::new(false);
    let description = RwSignal::new(String::new());
    let reporter_name = RwSignal::new(String::new());
    let reporter_phone = RwSignal::new(String::new());
    let attach = AttachFields::new();
    let outcome = RwSignal::new(None::<Result<(), Problem>>);
    let categories = IssueCategory::ALL
        .iter()
        .copied()
        .map(|c| view! { <option value=c.as_str()>{move || category_name(i18n, c)}</option> })
        .collect_view();
    let optional = |text: String| (!text.trim().is_empty()).then(|| text.trim().to_owned());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let issue_id = match new_record_id() {
            Ok(id) => id,
            Err(error) => return outcome.set(Some(Err(error.into()))),
        };
        let input = IssueInput {
            issue_id,
            category: category.get_untracked(),
            description: description.get_untracked().trim().to_owned(),
            building: building.get_untracked(),
            household: optional(household.get_untracked()),
            urgency: if urgent.get_untracked() { Urgency::Urgent } else { Urgency::Normal },
            reporter_name: optional(reporter_name.get_untracked()),
            reporter_phone: optional(reporter_phone.get_untracked()),
            photos: attach.photo_ids(),
            location: attach.location(),
        };
        if let Some(field) = input.problem() {
            outcome.set(Some(Err(field.into())));
            return;
        }
        let place = area.with_untracked(|state| {
            state.area().map(|a| a.place(&input.building, input.household.as_deref(), true))
        });
        let Some(place) = place else {
            return outcome.set(Some(Err(Field::Building.into())));
        };
        let photos = attach.files(PhotoOf::Issue);
        spawn_local(async move {
            let result = keep_report(input, place, photos).await;
            if result.is_ok() {
                description.set(String::new());
                reporter_name.set(String::new());
                reporter_phone.set(String::new());
                attach.clear();
            }
            outcome.set(Some(result));
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="issue-form">
            <FormAreaProblem area />
            // Drawn by the server; usable once the app runs and the area is here.
            <fieldset class="plain" disabled=move || !area.with(FormArea::is_here)>
                <label>
                    {t!(i18n, issue_category)}
                    <select name="category" on:change=move |ev| {
                        if let Some(c) = IssueCategory::parse(&event_target_value(&ev)) {
                            category.set(c);
                        }
                    }>{categories}</select>
                </label>
                <PlacePicker area building household />
                <label>
                    {t!(i18n, issue_description)}
                    <textarea name="description" rows="4" maxlength="2000" prop:value=description
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </label>
                <label class="check">
                    <input type="checkbox" name="urgent" prop:checked=urgent on:change=move |ev| urgent.set(event_target_checked(&ev)) />
                    {t!(i18n, issue_urgent)}
                </label>
                <label>
                    {t!(i18n, issue_reporter_name)}
                    <input name="reporter_name" maxlength="50" prop:value=reporter_name
                        on:input=move |ev| reporter_name.set(event_target_value(&ev)) />
                </label>
                <label>
                    {t!(i18n, issue_reporter_phone)}
                    <input name="reporter_phone" type="tel" inputmode="numeric" prop:value=reporter_phone
                        on:input=move |ev| reporter_phone.set(event_target_value(&ev)) />
                </label>
                <AttachPart fields=attach />
                <Outcome outcome saved=move || t_string!(i18n, issue_saved) />
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </fieldset>
        </form>
    }
}

async fn keep_report(input: IssueInput, place: String, photos: Option<TakenPhotos>) -> Result<(), Problem> {
    let now = now_millis();
    let item = IssueItem {
        issue_id: input.issue_id.clone(),
        status: IssueStatus::Reported,
        category: input.category,
        urgency: input.urgency,
        description: input.description.clone(),
        place: place.clone(),
        grid_code: String::new(),
        reporter_name: input.reporter_name.clone(),
        reporter_phone_masked: input.reporter_phone.as_deref().map(crate::model::account::mask_mobile),
        assignee_name: None,
        assignee_key: None,
        captured_at: now,
        received_at: now,
        // Known once the server has it (deadlines are its settings).
        accept_due: now,
        resolve_due: now,
        version: 0,
        photos: input.photos.clone(),
        location: input.location,
    };
    let record = LocalRecord::issue(input.issue_id.clone(), SyncMark::Pending, item);
    Ok(save_with_photos(OpKind::ReportIssue, &input, record, place, photos).await?)
}
