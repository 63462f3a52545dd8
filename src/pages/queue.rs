//! The secretary's issue queue: filter, sort by deadline, accept several at
//! once, open one to see its timeline and assign it. Online only.

use crate::api::issues::{act_on_issues, issue_queue, load_issue, QueueAction};
use crate::api::org::list_org;
use crate::components::{
    action_name, answer_text, category_name, event_name, status_name, ErrorNotice, Loaded, ServerPhotos,
};
use crate::i18n::*;
use crate::model::issue::{
    next_status, IssueAction, IssueCategory, IssueDetail, IssueEvent, IssueItem, IssueStatus, QueueCursor,
    QueueFilter, QueuePage as IssuePage, WorkerChoice,
};
use crate::model::org::{OrgLevel, OrgListing};
use crate::model::photo::PhotoOf;
use crate::model::sync::OpAnswer;
use crate::model::time::short_time;
use crate::model::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(QueueFilter::default());
    let paging = Paging { filter, back: RwSignal::new(Vec::new()) };
    let version = RwSignal::new(0u32);
    let selected = RwSignal::new(Vec::<(String, IssueStatus)>::new());
    let answers = RwSignal::new(None::<Result<Vec<OpAnswer>, AppError>>);
    let page = Resource::new(move || (filter.get(), version.get()), |(filter, _)| issue_queue(filter));
    let act = move |actions: Vec<QueueAction>| {
        spawn_local(async move {
            answers.set(Some(act_on_issues(actions).await));
            selected.set(Vec::new());
            version.update(|v| *v += 1);
        });
    };
    let accept_selected = move |_| {
        let accept = |(issue_id, expected)| QueueAction {
            issue_id,
            expected,
            action: IssueAction::Accept,
            note: String::new(),
        };
        act(selected.get_untracked().into_iter().map(accept).collect());
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, queue_title)}</h1>
            <Filters paging />
            <button type="button" class="primary" data-testid="accept-selected" on:click=accept_selected
                disabled=move || selected.get().is_empty()>
                {t!(i18n, queue_accept_selected)} " (" {move || selected.get().len()} ")"
            </button>
            <Answers answers />
            <Loaded resource=page view={move |page| view! { <QueueList page paging selected act /> }} />
        </section>
    }
}

#[component]
fn QueueList(
    page: IssuePage,
    paging: Paging,
    selected: RwSignal<Vec<(String, IssueStatus)>>,
    act: impl Fn(Vec<QueueAction>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <p class="muted">{t!(i18n, queue_empty)}</p> }.into_any();
    }
    let now = page.now;
    let rows =
        page.items.into_iter().map(|issue| view! { <QueueRow issue now selected act /> }).collect_view();
    let next = page.next;
    view! {
        <ul class="list">{rows}</ul>
        <Pager paging next />
    }
    .into_any()
}

/// Which page of the queue is shown. The server pages forward from a
/// cursor (the last row of the page before), so the way back is kept here:
/// the cursor each earlier page started after.
#[derive(Clone, Copy)]
struct Paging {
    filter: RwSignal<QueueFilter>,
    back: RwSignal<Vec<Option<QueueCursor>>>,
}

impl Paging {
    /// A filter changed: back to the first page.
    fn change(self, change: impl FnOnce(&mut QueueFilter)) {
        self.back.set(Vec::new());
        self.filter.update(|f| {
            change(f);
            f.restart();
        });
    }

    fn next(self, cursor: QueueCursor) {
        let current = self.filter.with_untracked(|f| f.after.clone());
        self.back.update(|back| back.push(current));
        self.filter.update(|f| {
            f.after = Some(cursor);
            f.page += 1;
        });
    }

    fn previous(self) {
        if let Some(after) = self.back.try_update(Vec::pop).flatten() {
            self.filter.update(|f| {
                f.after = after;
                f.page = f.page.saturating_sub(1);
            });
        }
    }
}

#[component]
fn Filters(paging: Paging) -> impl IntoView {
    let i18n = use_i18n();
    let statuses = IssueStatus::ALL
        .iter()
        .copied()
        .map(|s| view! { <option value=s.as_str()>{move || status_name(i18n, s)}</option> })
        .collect_view();
    let categories = IssueCategory::ALL
        .iter()
        .copied()
        .map(|c| view! { <option value=c.as_str()>{move || category_name(i18n, c)}</option> })
        .collect_view();
    let grids = Resource::new(|| (), |_| list_org());
    let set = move |change: Box<dyn FnOnce(&mut QueueFilter)>| paging.change(change);
    view! {
        <div class="form filters">
            <select data-testid="filter-status" on:change=move |ev| {
                let status = IssueStatus::parse(&event_target_value(&ev));
                set(Box::new(move |f| f.status = status));
            }>
                <option value="">{t!(i18n, queue_status_all)}</option>
                {statuses}
            </select>
            <select data-testid="filter-category" on:change=move |ev| {
                let category = IssueCategory::parse(&event_target_value(&ev));
                set(Box::new(move |f| f.category = category));
            }>
                <option value="">{t!(i18n, queue_category_all)}</option>
                {categories}
            </select>
            <Loaded resource=grids view={move |listing: OrgListing| view! { <GridFilter listing paging /> }} />
            <label class="check">
                <input type="checkbox" data-testid="filter-overdue" on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set(Box::new(move |f| f.overdue_only = on));
                } />
                {t!(i18n, queue_overdue_only)}
            </label>
            <label class="check">
                <input type="checkbox" on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set(Box::new(move |f| f.include_closed = on));
                } />
                {t!(i18n, queue_include_closed)}
            </label>
        </div>
    }
}

/// The grids of the caller's area, by name.
#[component]
fn GridFilter(listing: OrgListing, paging: Paging) -> impl IntoView {
    let i18n = use_i18n();
    let options = listing
        .nodes
        .into_iter()
        .filter(|node| node.level == OrgLevel::Grid)
        .map(|node| view! { <option value=node.code>{node.name}</option> })
        .collect_view();
    let choose = move |ev| {
        let code = event_target_value(&ev);
        paging.change(|f| f.grid_code = (!code.is_empty()).then_some(code));
    };
    view! {
        <select data-testid="filter-grid" aria-label=move || t_string!(i18n, queue_grid) on:change=choose>
            <option value="">{t!(i18n, queue_grid_all)}</option>
            {options}
        </select>
    }
}

/// Previous and next page; the next page starts after `next`.
#[component]
fn Pager(paging: Paging, next: Option<QueueCursor>) -> impl IntoView {
    let i18n = use_i18n();
    let first = move || paging.filter.with(|f| f.page == 0);
    let last = next.is_none();
    let forward = move |_| {
        if let Some(cursor) = next.clone() {
            paging.next(cursor);
        }
    };
    view! {
        <div class="bar">
            <button type="button" class="secondary" data-testid="queue-previous" disabled=first
                on:click=move |_| paging.previous()>
                {t!(i18n, queue_previous)}
            </button>
            <button type="button" class="secondary" data-testid="queue-next" disabled=last on:click=forward>
                {t!(i18n, queue_next)}
            </button>
        </div>
    }
}

#[component]
fn Answers(answers: RwSignal<Option<Result<Vec<OpAnswer>, AppError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let list = match answers.get()? {
            Ok(list) if list.is_empty() => return None,
            Ok(list) => list,
            Err(error) => return Some(view! { <ErrorNotice error /> }.into_any()),
        };
        let done = list.iter().filter(|a| a.result.is_settled()).count();
        let problems = list
            .iter()
            .filter(|a| !a.result.is_settled())
            .map(|a| view! { <li>{answer_text(i18n, &a.result)}</li> })
            .collect_view();
        Some(
            view! {
                <div class="notice" role="status" data-testid="queue-answers">
                    {t!(i18n, queue_done)} {done}
                    <ul>{problems}</ul>
                </div>
            }
            .into_any(),
        )
    }
}

#[component]
fn QueueRow(
    issue: IssueItem,
    now: i64,
    selected: RwSignal<Vec<(String, IssueStatus)>>,
    act: impl Fn(Vec<QueueAction>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let (status, category) = (issue.status, issue.category);
    let overdue = issue.is_overdue(now);
    let due = short_time(issue.due());
    let waited = issue.offline_millis() / 60_000;
    let id = issue.issue_id.clone();
    let toggle = {
        let id = id.clone();
        move |ev| {
            let on = event_target_checked(&ev);
            selected.update(|list| {
                list.retain(|(i, _)| i != &id);
                if on {
                    list.push((id.clone(), status));
                }
            });
        }
    };
    let open = RwSignal::new(false);
    let location = issue.location.map(|place| place.text());
    view! {
        <li class="row" data-testid="queue-row" data-status=status.as_str()>
            <input type="checkbox" class="pick" aria-label=move || t_string!(i18n, queue_select) on:change=toggle
                disabled=!status.awaits_acceptance() />
            <div>
                <strong>{move || category_name(i18n, category)}</strong>
                " " <span class="status">{move || status_name(i18n, status)}</span>
                <Show when=move || overdue>" " <span class="mark mark-attention">{t!(i18n, issue_overdue)}</span></Show>
                <br />
                <span class="muted">{issue.place.clone()}</span>
                <br />
                <span class="muted" data-testid="queue-due">{t!(i18n, issue_due)} {due}</span>
                <Show when=move || { waited > 0 }>
                    " · " <span class="muted">{t!(i18n, issue_offline_for)} " " {waited} " " {t!(i18n, minutes)}</span>
                </Show>
                <p class="notes">{issue.description.clone()}</p>
                <ServerPhotos of=PhotoOf::Issue record=issue.issue_id.clone() ids=issue.photos.clone() />
                {location.map(|text| view! {
                    <span class="muted" data-testid="queue-location">{t!(i18n, location_label)} " " {text}</span>
                    <br />
                })}
                <button type="button" class="secondary" data-testid="queue-open" on:click=move |_| open.update(|o| *o = !*o)>
                    {t!(i18n, queue_timeline)}
                </button>
                <Show when=move || open.get()>
                    <IssueDetailView issue_id=id.clone() status act />
                </Show>
            </div>
        </li>
    }
    .into_any()
}

/// An issue's timeline, and the steps its status allows.
#[component]
fn IssueDetailView(
    issue_id: String,
    status: IssueStatus,
    act: impl Fn(Vec<QueueAction>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let key = issue_id.clone();
    let detail = Resource::new(move || key.clone(), load_issue);
    let send = move |action: IssueAction| {
        act(vec![QueueAction { issue_id: issue_id.clone(), expected: status, action, note: String::new() }]);
    };
    view! {
        <Loaded resource=detail view={move |detail: IssueDetail| {
            let send = send.clone();
            view! {
                <Timeline events=detail.events />
                <Steps status workers=detail.workers send />
            }
        }} />
    }
}

#[component]
fn Timeline(events: Vec<IssueEvent>) -> impl IntoView {
    let i18n = use_i18n();
    let events = events
        .into_iter()
        .map(|e| {
            let (to, action) = (e.to, e.action);
            view! {
                <li>
                    {short_time(e.at)} " " {e.actor_name} " " {move || event_name(i18n, action)}
                    " → " {move || status_name(i18n, to)} " " {e.note}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" data-testid="timeline">{events}</ol> }
}

/// Only the steps the state machine allows from `status`.
#[component]
fn Steps(
    status: IssueStatus,
    workers: Vec<WorkerChoice>,
    send: impl Fn(IssueAction) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let allowed = move |action: &IssueAction| next_status(status, action).is_some();
    let worker = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let button = |action: IssueAction, class: &'static str| {
        let send = send.clone();
        let kind = action.kind();
        allowed(&action).then(|| {
            view! {
                <button type="button" class=class data-testid=kind.as_str() on:click=move |_| send(action.clone())>
                    {move || action_name(i18n, kind)}
                </button>
            }
        })
    };
    let can_assign = allowed(&IssueAction::Assign { worker: String::new() });
    let can_return = allowed(&IssueAction::Return { reason: String::new() });
    // `Show` renders its children again when shown again: the options are made each time.
    let workers = StoredValue::new(workers);
    let options = move || {
        workers.with_value(|all| {
            all.iter().map(|w| view! { <option value=w.key.clone()>{w.name.clone()}</option> }).collect_view()
        })
    };
    let (assign, give_back) = (send.clone(), send.clone());
    view! {
        <Show when=move || can_assign>
            <div class="form">
                <select data-testid="assign-worker" aria-label=move || t_string!(i18n, action_assign)
                    on:change=move |ev| worker.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, choose)}</option>
                    {options()}
                </select>
                <button type="button" class="primary" data-testid="assign" on:click={
                    let assign = assign.clone();
                    move |_| assign(IssueAction::Assign { worker: worker.get_untracked() })
                }>{t!(i18n, action_assign)}</button>
            </div>
        </Show>
        <div class="actions">
            {button(IssueAction::Accept, "secondary")}
            {button(IssueAction::Confirm, "secondary")}
            {button(IssueAction::Escalate, "secondary")}
        </div>
        <Show when=move || can_return>
            <div class="form">
                <input placeholder=move || t_string!(i18n, return_reason) prop:value=reason
                    on:input=move |ev| reason.set(event_target_value(&ev)) />
                <button type="button" class="secondary" on:click={
                    let give_back = give_back.clone();
                    move |_| give_back(IssueAction::Return { reason: reason.get_untracked() })
                }>{t!(i18n, action_return)}</button>
            </div>
        </Show>
    }
}
