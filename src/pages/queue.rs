//! The secretary's issue queue: filter, sort by deadline, accept several at
//! once, open one to see its timeline and assign it. Online only.

use crate::api::issues::{act_on_issues, issue_queue, load_issue, QueueAction};
use crate::components::{action_name, answer_text, category_name, status_name, ErrorNotice};
use crate::i18n::*;
use crate::model::issue::{IssueAction, IssueCategory, IssueItem, IssueStatus, QueueFilter};
use crate::model::sync::OpAnswer;
use crate::model::time::short_time;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(QueueFilter::default());
    let version = RwSignal::new(0u32);
    let selected = RwSignal::new(Vec::<(String, IssueStatus)>::new());
    let answers = RwSignal::new(Vec::<OpAnswer>::new());
    let page = Resource::new(move || (filter.get(), version.get()), |(filter, _)| issue_queue(filter));
    let act = move |actions: Vec<QueueAction>| {
        spawn_local(async move {
            if let Ok(done) = act_on_issues(actions).await {
                answers.set(done);
            }
            selected.set(Vec::new());
            version.update(|v| *v += 1);
        });
    };
    let accept_selected = move |_| {
        let actions = selected
            .get_untracked()
            .into_iter()
            .map(|(issue_id, expected)| QueueAction {
                issue_id,
                expected,
                action: IssueAction::Accept,
                note: String::new(),
            })
            .collect();
        act(actions);
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, queue_title)}</h1>
            <Filters filter />
            <button type="button" class="primary" data-testid="accept-selected" on:click=accept_selected
                disabled=move || selected.get().is_empty()>
                {t!(i18n, queue_accept_selected)} " (" {move || selected.get().len()} ")"
            </button>
            <Answers answers />
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">{t!(i18n, queue_empty)}</p> }.into_any(),
                        Ok(page) => {
                            let now = page.now;
                            let rows = page.items.into_iter()
                                .map(|issue| view! { <QueueRow issue now selected act /> })
                                .collect_view();
                            let more = page.has_more;
                            view! {
                                <ul class="record-list">{rows}</ul>
                                <Pager filter more />
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Filters(filter: RwSignal<QueueFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let statuses = IssueStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str()>{move || status_name(i18n, s)}</option> })
        .collect_view();
    let categories = IssueCategory::ALL
        .into_iter()
        .map(|c| view! { <option value=c.as_str()>{move || category_name(i18n, c)}</option> })
        .collect_view();
    let set = move |change: Box<dyn FnOnce(&mut QueueFilter)>| {
        filter.update(|f| {
            change(f);
            f.page = 0;
        })
    };
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
            <input placeholder=move || t_string!(i18n, queue_grid) data-testid="filter-grid" on:change=move |ev| {
                let code = event_target_value(&ev);
                set(Box::new(move |f| f.grid_code = (!code.trim().is_empty()).then(|| code.trim().to_owned())));
            } />
            <label class="checkbox">
                <input type="checkbox" data-testid="filter-overdue" on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set(Box::new(move |f| f.overdue_only = on));
                } />
                {t!(i18n, queue_overdue_only)}
            </label>
            <label class="checkbox">
                <input type="checkbox" on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set(Box::new(move |f| f.include_closed = on));
                } />
                {t!(i18n, queue_include_closed)}
            </label>
        </div>
    }
}

#[component]
fn Pager(filter: RwSignal<QueueFilter>, more: bool) -> impl IntoView {
    let i18n = use_i18n();
    let first = move || filter.get().page == 0;
    view! {
        <div class="row">
            <button type="button" class="secondary" disabled=first on:click=move |_| filter.update(|f| f.page -= 1)>
                {t!(i18n, queue_previous)}
            </button>
            <button type="button" class="secondary" disabled=!more on:click=move |_| filter.update(|f| f.page += 1)>
                {t!(i18n, queue_next)}
            </button>
        </div>
    }
}

#[component]
fn Answers(answers: RwSignal<Vec<OpAnswer>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let list = answers.get();
        if list.is_empty() {
            return None;
        }
        let done = list.iter().filter(|a| a.result.is_settled()).count();
        let problems = list
            .iter()
            .filter(|a| !a.result.is_settled())
            .map(|a| view! { <li>{answer_text(i18n, &a.result)}</li> })
            .collect_view();
        Some(view! {
            <div class="notice" role="status" data-testid="queue-answers">
                {t!(i18n, queue_done)} {done}
                <ul>{problems}</ul>
            </div>
        })
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
    view! {
        <li class="record-row" data-testid="queue-row" data-status=status.as_str()>
            <input type="checkbox" class="pick" aria-label="select" on:change=toggle
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
                <p class="record-notes">{issue.description.clone()}</p>
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

#[component]
fn IssueDetailView(
    issue_id: String,
    status: IssueStatus,
    act: impl Fn(Vec<QueueAction>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = issue_id.clone();
    let detail = Resource::new(move || key.clone(), load_issue);
    let worker = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let send = move |action: IssueAction| {
        act(vec![QueueAction { issue_id: issue_id.clone(), expected: status, action, note: String::new() }]);
    };
    let send_assign = send.clone();
    let send_other = send.clone();
    let send_return = send;
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => {
                        let events = detail.events.into_iter().map(|e| {
                            let to = e.to;
                            let action = e.action.clone();
                            view! {
                                <li>{short_time(e.at)} " " {e.actor_name} " " {move || action_name(i18n, &action)}
                                    " → " {move || status_name(i18n, to)} " " {e.note}</li>
                            }
                        }).collect_view();
                        let workers = detail.workers.into_iter()
                            .map(|w| view! { <option value=w.key>{w.name}</option> })
                            .collect_view();
                        view! { <ol class="timeline" data-testid="timeline">{events}</ol>
                            <select data-testid="assign-worker" on:change=move |ev| worker.set(event_target_value(&ev))>
                                <option value="">{t!(i18n, choose)}</option>
                                {workers}
                            </select>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <div class="row-actions inline">
            <button type="button" class="primary" data-testid="assign" on:click={
                let send = send_assign.clone();
                move |_| send(IssueAction::Assign { worker: worker.get_untracked() })
            }>{t!(i18n, action_assign)}</button>
            <button type="button" class="secondary" on:click={
                let send = send_other.clone();
                move |_| send(IssueAction::Confirm)
            }>{t!(i18n, action_confirm)}</button>
            <button type="button" class="secondary" on:click={
                let send = send_other.clone();
                move |_| send(IssueAction::Escalate)
            }>{t!(i18n, action_escalate)}</button>
        </div>
        <div class="form">
            <input placeholder=move || t_string!(i18n, return_reason) prop:value=reason
                on:input=move |ev| reason.set(event_target_value(&ev)) />
            <button type="button" class="secondary" on:click=move |_| send_return(IssueAction::Return { reason: reason.get_untracked() })>
                {t!(i18n, action_return)}
            </button>
        </div>
    }
}
