//! 首页: for everyone, the area's figures; below them, for grid workers
//! and building leaders, the day's work (follow-ups due, issues assigned
//! to them by deadline, households nobody has visited for a while, today's
//! activities, what waits to be sent): drawn by the server for the first
//! paint, then from the phone's copy, offline too.

use crate::api::auth::get_current_user;
use crate::api::day::first_paint_draft;
use crate::api::issues::get_queue_summary;
use crate::api::org::get_overview;
use crate::components::{use_phone_copy, ErrorNotice, Loaded, PhoneCopy, PhoneProblem};
use crate::i18n::*;
use crate::model::account::{CurrentUser, Role};
use crate::model::day::{
    day_list, search, DayDraft, DayInput, DayList, DrawnDay, FollowUp, QuietHousehold, SearchHits,
    FIELD_ROLES,
};
use crate::model::issue::{IssueItem, QueueSummary};
use crate::model::local::{Area, LocalRecord};
use crate::model::org::{AreaOverview, OrgLevel};
use crate::model::time::{date, short_time, DAY_MS};
use crate::model::AppError;
use crate::offline::{cached_user, now_millis, signed_in_here, use_online_status, use_sync, LocalError};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_online_status();
    // Set after hydration: the server renders this screen online and without
    // the user, and a phone that opens it offline must first hydrate that HTML.
    let offline = RwSignal::new(false);
    Effect::new(move |_| offline.set(!online.get()));
    let user = RwSignal::new(None::<CurrentUser>);
    Effect::new(move |_| leptos::task::spawn_local(async move { user.set(home_user().await) }));
    let has = move |roles: &[Role]| {
        user.with(|u| u.as_ref().is_some_and(|u| u.roles.iter().any(|r| roles.contains(r))))
    };
    let draft = Resource::new(|| (), |_| first_paint_draft(drawn_day));
    view! {
        <Show when=move || offline.get()>
            <p class="notice" data-testid="offline-hint">{t!(i18n, home_offline_hint)}</p>
        </Show>
        // The figures and the day's work come rendered by the server; the
        // queue card needs the user and comes after hydration, below them,
        // so nothing on screen moves.
        <OverviewCard />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let draft = draft.await;
                view! { <DayCard user draft /> }
            })}
        </Suspense>
        {move || has(&DESK_ROLES).then(|| view! { <QueueSummaryCard /> })}
    }
}

/// Who gets the queue in figures.
const DESK_ROLES: [Role; 2] = [Role::Secretary, Role::StreetAdmin];

/// The user logged in on this phone: from the phone when it knows them
/// (offline too), else from the server.
async fn home_user() -> Option<CurrentUser> {
    if !signed_in_here().await.unwrap_or(false) {
        return None;
    }
    match cached_user().await {
        Ok(Some(user)) => Some(user),
        _ => get_current_user().await.ok().flatten(),
    }
}

/// A secretary's queue at a glance (online: the queue is the server's).
#[component]
fn QueueSummaryCard() -> impl IntoView {
    let i18n = use_i18n();
    let summary = LocalResource::new(get_queue_summary);
    let figures = move || {
        summary.get().map(|answer| match answer {
            Ok(summary) => view! { <SummaryFigures summary /> }.into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    view! {
        <section class="card" data-testid="queue-summary">
            <h1>{t!(i18n, summary_title)}</h1>
            <Suspense fallback=|| ()>{figures}</Suspense>
            <a class="button primary" href="/issues/queue">{t!(i18n, queue_open)}</a>
        </section>
    }
}

#[component]
fn SummaryFigures(summary: QueueSummary) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="stats">
            <div data-testid="summary-awaiting"><dt>{t!(i18n, summary_awaiting)}</dt><dd>{summary.awaiting}</dd></div>
            <div data-testid="summary-overdue"><dt>{t!(i18n, summary_overdue)}</dt><dd>{summary.overdue}</dd></div>
            <div data-testid="summary-due-soon"><dt>{t!(i18n, summary_due_soon)}</dt><dd>{summary.due_soon}</dd></div>
            <div data-testid="summary-to-confirm"><dt>{t!(i18n, summary_to_confirm)}</dt><dd>{summary.to_confirm}</dd></div>
            <div data-testid="summary-open"><dt>{t!(i18n, summary_open)}</dt><dd>{summary.open}</dd></div>
        </dl>
    }
}

#[component]
fn OverviewCard() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <section class="card">
            <h1>{t!(i18n, home_title)}</h1>
            <Loaded resource=overview view={|figures| view! { <Overview figures /> }} />
        </section>
    }
}

/// The day's work of a field worker: the server's draft until the phone
/// has read its own copy.
#[component]
fn DayCard(user: RwSignal<Option<CurrentUser>>, draft: Result<Option<DrawnDay>, AppError>) -> impl IntoView {
    let draft_me = draft.as_ref().ok().flatten().map(|d| d.me.clone());
    // The phone's user once it knows them, else the server's.
    let me = Memo::new(move |_| match user.get() {
        Some(user) => user.roles.iter().any(|r| FIELD_ROLES.contains(r)).then_some(user.id),
        None => draft_me.clone(),
    });
    let draft = StoredValue::new(draft);
    move || {
        me.get().map(|me| {
            let draft = draft.get_value().map(|d| d.filter(|d| d.me == me));
            view! { <DayPage me draft /> }
        })
    }
}

/// The server's draft drawn as HTML (on the server only): the page carries
/// it as text, so the phone needs no code to read the lists' records back
/// (5.4 KB brotli of the home screen's chunk). Leptos escapes what it draws.
fn drawn_day(draft: DayDraft) -> DrawnDay {
    let DayDraft { me, list, quiet_days, drawn_at } = draft;
    let html = view! {
        <Hits hits=SearchHits::default() />
        <Day list quiet_days now=drawn_at />
    }
    .to_html();
    DrawnDay { me, drawn_at, html }
}

#[component]
fn DayPage(me: String, draft: Result<Option<DrawnDay>, AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let phone = use_phone_day(use_phone_copy());
    let drawn_at = draft.as_ref().ok().flatten().map(|d| d.drawn_at);
    let (me, draft) = (StoredValue::new(me), StoredValue::new(draft));
    // Outside the lists: they are rebuilt after each sync, the text stays.
    let query = RwSignal::new(String::new());
    let fresh = move || {
        let at = sync.last_sync.get().or(drawn_at);
        at.map(short_time).unwrap_or_else(|| t_string!(i18n, sync_never).to_owned())
    };
    // A phone without an area yet keeps the server's draft, which has one.
    let has_draft = draft.with_value(|d| matches!(d, Ok(Some(_))));
    let from_phone = move || {
        phone.with(|p| match p {
            Some(Ok((area, _))) => area.is_some() || !has_draft,
            _ => false,
        })
    };
    let lists = move || match (phone.get(), draft.get_value()) {
        (Some(Ok((area, records))), _) if from_phone() => {
            view! { <PhoneDay area=area.unwrap_or_default() records me=me.get_value() query /> }.into_any()
        }
        (Some(Err(error)), _) => view! { <PhoneProblem error /> }.into_any(),
        (_, Ok(Some(draft))) => view! { <div class="drawn" inner_html=draft.html></div> }.into_any(),
        (_, Err(error)) => view! { <ErrorNotice error /> }.into_any(),
        (_, Ok(None)) => view! { <p class="muted">{t!(i18n, loading)}</p> }.into_any(),
    };
    view! {
        <section class="card" data-testid="day">
            <h1>{t!(i18n, day_title)}</h1>
            <p class="muted" data-testid="day-fresh">{t!(i18n, day_copy_from)} " " {fresh}</p>
            // The search reads the phone's copy: it waits for it, as the forms do.
            <input type="search" class="search" data-testid="day-search" placeholder=move || t_string!(i18n, day_search)
                disabled=move || !from_phone() prop:value=query on:input=move |ev| query.set(event_target_value(&ev)) />
            {lists}
        </section>
    }
}

type PhoneDayCopy = Result<(Option<Area>, Vec<LocalRecord>), LocalError>;

/// The phone's area and records together, once both are read (read in the
/// browser only; on the server and until then, none).
fn use_phone_day(copy: PhoneCopy) -> RwSignal<Option<PhoneDayCopy>> {
    let phone = RwSignal::new(None);
    Effect::new(move |_| {
        let (Some(area), Some(records)) = (copy.area.get(), copy.records.get()) else { return };
        phone.set(Some(area.and_then(|area| Ok((area, records?)))));
    });
    phone
}

/// The day's work and the search, from the phone's copy.
#[component]
fn PhoneDay(area: Area, records: Vec<LocalRecord>, me: String, query: RwSignal<String>) -> impl IntoView {
    let now = now_millis();
    let list = day_list(&DayInput {
        area: &area,
        records: &records,
        me: &me,
        now,
        quiet_days: i64::from(area.quiet_days),
    });
    let quiet_days = area.quiet_days;
    let (area, records) = (StoredValue::new(area), StoredValue::new(records));
    let hits = move || {
        let text = query.get();
        area.with_value(|area| records.with_value(|records| search(area, records, &text)))
    };
    view! {
        {move || view! { <Hits hits=hits() /> }}
        <Day list quiet_days now />
    }
}

#[component]
fn Day(list: DayList, quiet_days: u32, now: i64) -> impl IntoView {
    let i18n = use_i18n();
    let DayList { follow_ups, issues, quiet, quiet_total, activities, waiting } = list;
    let follow_ups = follow_ups.into_iter().map(|f| view! { <FollowUpLine f /> }).collect_view();
    let issues = issues.into_iter().map(|issue| view! { <IssueLine issue now /> }).collect_view();
    let quiet = quiet.into_iter().map(|q| view! { <QuietLine q /> }).collect_view();
    let activities = activities
        .into_iter()
        .map(|a| {
            view! {
                <li class="row" data-testid="day-activity">
                    <a href="/activities">{a.title}</a>
                    <span class="muted">{short_time(a.starts_at)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <Show when=move || { waiting > 0 }>
            <a class="notice" href="/sync" data-testid="day-waiting">{t!(i18n, day_waiting)} " " {waiting}</a>
        </Show>
        <h2>{t!(i18n, day_follow_ups)}</h2>
        <ul class="list" data-testid="day-follow-ups">{follow_ups}</ul>
        <h2>{t!(i18n, day_issues)}</h2>
        <ul class="list" data-testid="day-issues">{issues}</ul>
        <h2>{t!(i18n, day_activities)}</h2>
        <ul class="list">{activities}</ul>
        <h2>{t!(i18n, day_quiet)} " " {quiet_days} " " {t!(i18n, day_days)} " (" {quiet_total} ")"</h2>
        <ul class="list" data-testid="day-quiet">{quiet}</ul>
    }
}

/// What the search box found in the phone's copy.
#[component]
fn Hits(hits: SearchHits) -> impl IntoView {
    let households = hits
        .households
        .into_iter()
        .map(|hit| {
            let href = format!("/households/{}", hit.household);
            view! {
                <li class="row" data-testid="search-household">
                    <a href=href>{hit.place}</a>
                    <span class="muted">{hit.contact_name}</span>
                </li>
            }
        })
        .collect_view();
    let issues = hits
        .issues
        .into_iter()
        .map(|issue| {
            view! {
                <li class="row" data-testid="search-issue">
                    <a href="/issues">{issue.description}</a>
                    <span class="muted">{issue.place}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="list" data-testid="search-hits">{households}{issues}</ul> }
}

#[component]
fn FollowUpLine(f: FollowUp) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/visits?household={}", f.household);
    let overdue = f.overdue;
    view! {
        <li class="row" data-testid="day-follow-up">
            <a href=href>{f.place}</a>
            <span class="muted">
                {f.due_on}
                <Show when=move || overdue>" " <span class="mark mark-attention">{t!(i18n, issue_overdue)}</span></Show>
            </span>
        </li>
    }
}

#[component]
fn IssueLine(issue: IssueItem, now: i64) -> impl IntoView {
    let i18n = use_i18n();
    let left = issue.due() - now;
    let hours = left.abs() / 3_600_000;
    let when = if left < 0 {
        format!("{} {hours}h", t_string!(i18n, issue_overdue))
    } else if left < 2 * DAY_MS {
        format!("{} {hours}h", t_string!(i18n, day_left))
    } else {
        format!("{} {}", t_string!(i18n, issue_due), date(issue.due()))
    };
    view! {
        <li class="row" data-testid="day-issue">
            <a href="/issues">{issue.description} <br /> <span class="muted">{issue.place}</span></a>
            <span class=if left < 0 { "mark mark-attention" } else { "muted" }>{when}</span>
        </li>
    }
}

#[component]
fn QuietLine(q: QuietHousehold) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/visits?household={}", q.household);
    let last = q.last_visit_at.map(date).unwrap_or_else(|| t_string!(i18n, day_never).to_owned());
    view! {
        <li class="row" data-testid="day-quiet-household">
            <a href=href>{q.place}</a>
            <span class="muted">{last}</span>
        </li>
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
