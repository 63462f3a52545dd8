use crate::api::service_lists::{list_items, list_offices, MatchNeed, SaveItem, SetOffice, StepItem};
use crate::api::tasks::CreateTask;
use crate::components::{
    action_outcome, item_origin_name, item_status_name, list_name, need_category_name, Loaded, Outcome,
};
use crate::i18n::*;
use crate::model::service_list::{
    GridOffice, ItemStatus, ItemStep, ListKind, MatchStep, MatchedResource, NeedCategory, ServiceItem,
};
use crate::model::AppError;
use leptos::prelude::*;

/// Secretaries and street admins: the three lists, the needs residents
/// sent (drafts until read and published), and what each grid office
/// publishes on the residents' page.
#[component]
pub fn ServiceListsPage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(ListKind::Need);
    let status = RwSignal::new(None::<ItemStatus>);
    let save = ServerAction::<SaveItem>::new();
    let step = ServerAction::<StepItem>::new();
    let matching = ServerAction::<MatchNeed>::new();
    let offices = Resource::new(|| (), |_| list_offices());
    let items = Resource::new(
        move || {
            (kind.get(), status.get(), save.version().get(), step.version().get(), matching.version().get())
        },
        |(kind, status, ..)| list_items(kind, status),
    );
    let published = Resource::new(
        move || step.version().get(),
        |_| list_items(ListKind::Resource, Some(ItemStatus::Published)),
    );
    provide_context(Matching { action: matching, published });
    view! {
        <section class="card">
            <h1>{t!(i18n, lists_title)}</h1>
            <p class="muted">{t!(i18n, lists_intro)}</p>
            <ListFilter kind status />
            <Outcome outcome=action_outcome(step.value()) saved=move || t_string!(i18n, saved) />
            <Outcome outcome=action_outcome(matching.value()) saved=move || t_string!(i18n, saved) />
            <Loaded resource=items view={move |list: Vec<ServiceItem>| view! { <Items list step /> }} />
            <Loaded resource=offices view={move |grids: Vec<GridOffice>| view! { <NewItem kind grids save /> }} />
        </section>
        <section class="card">
            <h1>{t!(i18n, offices_title)}</h1>
            <Loaded resource=offices view={move |grids: Vec<GridOffice>| view! { <Offices grids /> }} />
        </section>
    }
}

#[component]
fn ListFilter(kind: RwSignal<ListKind>, status: RwSignal<Option<ItemStatus>>) -> impl IntoView {
    let i18n = use_i18n();
    let kinds = ListKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == *k>{move || list_name(i18n.get_locale(), *k)}</option> })
        .collect_view();
    let statuses = ItemStatus::ALL
        .iter()
        .map(
            |s| view! { <option value=s.as_str()>{move || item_status_name(i18n.get_locale(), *s)}</option> },
        )
        .collect_view();
    view! {
        <div class="bar">
            <select aria-label=move || t_string!(i18n, lists_title) data-testid="list-kind"
                on:change=move |ev| { if let Some(k) = ListKind::parse(&event_target_value(&ev)) { kind.set(k) } }>
                {kinds}
            </select>
            <select aria-label=move || t_string!(i18n, status_filter) data-testid="list-status"
                on:change=move |ev| status.set(ItemStatus::parse(&event_target_value(&ev)))>
                <option value="">{t!(i18n, filter_all)}</option>
                {statuses}
            </select>
        </div>
    }
}

#[component]
fn Items(list: Vec<ServiceItem>, step: ServerAction<StepItem>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any();
    }
    let rows = list.into_iter().map(|item| view! { <ItemRow item step /> }).collect_view();
    view! { <ul class="list" data-testid="list-items">{rows}</ul> }.into_any()
}

#[component]
fn ItemRow(item: ServiceItem, step: ServerAction<StepItem>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let ServiceItem {
        key,
        kind,
        status,
        origin,
        title,
        detail,
        category,
        resident_contact,
        community_name,
        community_code,
        place,
        matched,
        ..
    } = item;
    let matches = (kind == ListKind::Need && status != ItemStatus::Closed).then(|| {
        let community_code = community_code.clone();
        view! { <NeedMatches need_key=key.clone() community_code matched /> }
    });
    let makes_tasks = kind != ListKind::Resource && status != ItemStatus::Closed;
    let task_form = makes_tasks.then(|| {
        let source = TaskSource {
            key: key.clone(),
            community_code,
            title: title.clone(),
            place: place.unwrap_or_default(),
        };
        view! { <NewTask source /> }
    });
    let button = move |label: &'static str, action: ItemStep| {
        let key = key.clone();
        status.after(action).map(|_| {
            view! {
                <button type="button" class="secondary" on:click=move |_| {
                    step.dispatch(StepItem { key: key.clone(), step: action });
                }>{label}</button>
            }
        })
    };
    view! {
        <li class="row" data-testid="list-item">
            <div>
                <strong>{title}</strong>
                " " <span class="muted">{move || item_status_name(locale(), status)}</span>
                <br />
                <span class="muted">
                    {community_name} " · " {move || item_origin_name(locale(), origin)}
                    {category.map(|c| view! { " · " {move || need_category_name(locale(), c)} })}
                </span>
                <p>{detail}</p>
                {resident_contact.map(|contact| view! { <p class="muted">{t!(i18n, item_resident_contact)} ": " {contact}</p> })}
                {matches}
                {task_form}
            </div>
            <div class="actions">
                {button(t_string!(i18n, item_publish), ItemStep::Publish)}
                {button(t_string!(i18n, item_close), ItemStep::Close)}
            </div>
        </li>
    }
}

/// The communities among the caller's grids, once each, in order.
fn communities(grids: &[GridOffice]) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for grid in grids {
        if !seen.iter().any(|(code, _)| *code == grid.community_code) {
            seen.push((grid.community_code.clone(), grid.community_name.clone()));
        }
    }
    seen
}

#[component]
fn NewItem(kind: RwSignal<ListKind>, grids: Vec<GridOffice>, save: ServerAction<SaveItem>) -> impl IntoView {
    let i18n = use_i18n();
    let community_options = communities(&grids)
        .into_iter()
        .map(|(code, name)| view! { <option value=code>{name}</option> })
        .collect_view();
    let categories = NeedCategory::ALL
        .iter()
        .map(|c| view! { <option value=c.as_str()>{move || need_category_name(i18n.get_locale(), *c)}</option> })
        .collect_view();
    let is = move |k: ListKind| move || kind.get() == k;
    view! {
        <details class="collapsible">
            <summary>{t!(i18n, add_item)} " · " {move || list_name(i18n.get_locale(), kind.get())}</summary>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="key" value="" />
                <input type="hidden" name="kind" prop:value=move || kind.get().as_str() />
                <label>{t!(i18n, community_code)} <select name="community_code">{community_options}</select></label>
                <label>{t!(i18n, item_title)} <input name="title" required maxlength="60" /></label>
                <label>{t!(i18n, item_detail)} <textarea name="detail" maxlength="500" rows="3"></textarea></label>
                <label class:hidden=move || !is(ListKind::Need)()>
                    {t!(i18n, item_category)} <select name="category">{categories}</select>
                </label>
                <label>{t!(i18n, item_place)} <input name="place" maxlength="60" /></label>
                <label class:hidden=is(ListKind::Need)>{t!(i18n, item_offered_by)} <input name="offered_by" maxlength="100" /></label>
                <label class:hidden=move || !is(ListKind::Resource)()>
                    {t!(i18n, item_available)} <input name="available" maxlength="60" />
                </label>
                <label class:hidden=move || !is(ListKind::Resource)()>
                    {t!(i18n, item_capacity)} <input name="capacity" type="number" min="1" max="999" inputmode="numeric" />
                </label>
                <label class:hidden=move || !is(ListKind::Project)()>
                    {t!(i18n, item_progress)} <input name="progress" type="number" min="0" max="100" inputmode="numeric" />
                </label>
                <Outcome outcome=action_outcome(save.value()) saved=move || t_string!(i18n, saved) />
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn Offices(grids: Vec<GridOffice>) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetOffice>::new();
    let rows = grids
        .into_iter()
        .map(|grid| {
            let GridOffice { grid_code, grid_name, contact, community_name, .. } = grid;
            view! {
                <li data-testid="grid-office">
                    <ActionForm action=set attr:class="form">
                        <input type="hidden" name="grid_code" value=grid_code />
                        <label>
                            {community_name} " · " {grid_name}
                            <input name="contact" maxlength="120" value=contact.unwrap_or_default()
                                placeholder=move || t_string!(i18n, office_none) />
                        </label>
                        <button type="submit" class="secondary">{t!(i18n, save)}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="muted">{t!(i18n, office_contact)}</p>
        <Outcome outcome=action_outcome(set.value()) saved=move || t_string!(i18n, saved) />
        <ul class="list">{rows}</ul>
    }
}

/// What a new task takes from the need or project it answers.
struct TaskSource {
    key: String,
    community_code: String,
    title: String,
    place: String,
}

/// Turns a need or project into a task members claim from their phones.
#[component]
fn NewTask(source: TaskSource) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateTask>::new();
    let TaskSource { key, community_code, title, place } = source;
    view! {
        <details class="collapsible">
            <summary>{t!(i18n, task_new)}</summary>
            <ActionForm action=create attr:class="form">
                <input type="hidden" name="source_key" value=key />
                <input type="hidden" name="community_code" value=community_code />
                <input type="hidden" name="detail" value="" />
                <label>{t!(i18n, item_title)} <input name="title" required maxlength="60" value=title /></label>
                <label>{t!(i18n, item_place)} <input name="place" maxlength="60" value=place /></label>
                <label>{t!(i18n, task_starts)} <input name="starts" type="datetime-local" required /></label>
                <label>{t!(i18n, task_ends)} <input name="ends" type="datetime-local" required /></label>
                <label>{t!(i18n, item_capacity)} <input name="places" type="number" min="1" max="999" value="1" required /></label>
                <label>{t!(i18n, task_hours_worth)} <input name="hours" inputmode="decimal" value="1" required /></label>
                <label>{t!(i18n, task_points_worth)} <input name="points" type="number" min="0" max="1000" value="0" required /></label>
                <Outcome outcome=action_outcome(create.value()) saved=move || t_string!(i18n, task_created) />
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}

/// The page's matching action and its community's published resources.
#[derive(Clone, Copy)]
struct Matching {
    action: ServerAction<MatchNeed>,
    published: Resource<Result<Vec<ServiceItem>, AppError>>,
}

/// A need's matched resources, each with "undo", and a choice of the
/// community's published resources to match.
#[component]
fn NeedMatches(need_key: String, community_code: String, matched: Vec<MatchedResource>) -> impl IntoView {
    let i18n = use_i18n();
    let Matching { action, published } = expect_context::<Matching>();
    let need = StoredValue::new(need_key);
    let send = move |resource_key: String, step: MatchStep| {
        action.dispatch(MatchNeed { need_key: need.get_value(), resource_key, step });
    };
    let listed = matched
        .into_iter()
        .map(|m| {
            let key = m.key;
            view! {
                <li>
                    {m.title} " "
                    <button type="button" class="secondary" on:click=move |_| send(key.clone(), MatchStep::Remove)>
                        {t!(i18n, item_unmatch)}
                    </button>
                </li>
            }
        })
        .collect_view();
    let chosen = RwSignal::new(String::new());
    let choices = move |all: Vec<ServiceItem>| {
        let options = all
            .into_iter()
            .filter(|r| r.community_code == community_code)
            .map(|r| view! { <option value=r.key>{r.title}</option> })
            .collect_view();
        view! {
            <select data-testid="match-resource" aria-label=move || t_string!(i18n, item_match)
                on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">{t!(i18n, choose)}</option>
                {options}
            </select>
        }
    };
    view! {
        <div class="matches" data-testid="need-matches">
            <span class="muted">{t!(i18n, item_matched)}</span>
            <ul>{listed}</ul>
            <Loaded resource=published view=choices />
            <button type="button" class="secondary" on:click=move |_| send(chosen.get_untracked(), MatchStep::Add)>
                {t!(i18n, item_match)}
            </button>
        </div>
    }
}
