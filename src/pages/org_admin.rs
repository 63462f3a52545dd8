use crate::api::import::ImportOrg;
use crate::api::org::{list_org, AddNode, RenameNode, SaveBuilding};
use crate::components::{action_outcome, level_name, CsvField, ImportOutcome, Loaded, Outcome};
use crate::i18n::*;
use crate::model::org::{BuildingSummary, NodeSummary, OrgLevel, OrgListing};
use leptos::prelude::*;

/// Street admins and secretaries: their part of the tree, node by node or as CSV.
#[component]
pub fn OrgAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let add_node = ServerAction::<AddNode>::new();
    let rename = ServerAction::<RenameNode>::new();
    let save_building = ServerAction::<SaveBuilding>::new();
    let import = ServerAction::<ImportOrg>::new();
    let listing = Resource::new(
        move || {
            (
                add_node.version().get(),
                rename.version().get(),
                save_building.version().get(),
                import.version().get(),
            )
        },
        |_| list_org(),
    );
    view! {
        <section class="card">
            <h1>{t!(i18n, org_admin_title)}</h1>
            <Loaded resource=listing view={move |listing: OrgListing| view! {
                <NodeList nodes=listing.nodes rename />
                <BuildingList buildings=listing.buildings save=save_building />
            }} />
            <NewNodeForm action=add_node />
            <BuildingForm action=save_building building=None />
        </section>
        <section class="card">
            <h2>{t!(i18n, import_org)}</h2>
            <a class="button secondary" href="/export/org.csv" rel="external" download data-testid="export-org">
                {t!(i18n, export_org)}
            </a>
            <ImportForm import />
        </section>
    }
}

#[component]
fn NodeList(nodes: Vec<NodeSummary>, rename: ServerAction<RenameNode>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = nodes
        .into_iter()
        .map(|node| {
            let NodeSummary { key, level, code, name, .. } = node;
            let depth = level.depth();
            view! {
                <li class="row" data-depth=depth.to_string() data-testid="node-row">
                    <div>
                        <strong>{name.clone()}</strong>
                        <br />
                        <span class="muted">{move || level_name(i18n, level)} " · " {code}</span>
                    </div>
                    <details class="collapsible">
                        <summary>{t!(i18n, edit)}</summary>
                        <ActionForm action=rename attr:class="form">
                            <input type="hidden" name="key" value=key />
                            <label>{t!(i18n, node_name)} <input name="name" value=name required maxlength="100" /></label>
                            <button type="submit" class="secondary">{t!(i18n, save)}</button>
                        </ActionForm>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>{t!(i18n, nodes_title)}</h2>
        <Outcome outcome=action_outcome(rename.value()) saved=move || t_string!(i18n, saved) />
        <ul class="list">{rows}</ul>
    }
}

#[component]
fn BuildingList(buildings: Vec<BuildingSummary>, save: ServerAction<SaveBuilding>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = buildings.is_empty();
    let rows = buildings
        .into_iter()
        .map(|building| {
            view! {
                <li class="row" data-testid="building-row">
                    <div>
                        <strong>{building.name.clone()}</strong>
                        <br />
                        <span class="muted">{building.code.clone()} " · " {building.parent_code.clone()}</span>
                    </div>
                    <details class="collapsible">
                        <summary>{t!(i18n, edit)}</summary>
                        <BuildingForm action=save building=Some(building) />
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>{t!(i18n, buildings_title)}</h2>
        <Show when=move || empty>
            <p class="muted">{t!(i18n, nothing_yet)}</p>
        </Show>
        <ul class="list">{rows}</ul>
    }
}

#[component]
fn NewNodeForm(action: ServerAction<AddNode>) -> impl IntoView {
    let i18n = use_i18n();
    let levels = [OrgLevel::Community, OrgLevel::Grid, OrgLevel::PartyGroup]
        .into_iter()
        .map(|level| view! { <option value=level.as_str()>{move || level_name(i18n, level)}</option> })
        .collect_view();
    view! {
        <details class="collapsible">
            <summary>{t!(i18n, add_node)}</summary>
            <ActionForm action attr:class="form">
                <label>{t!(i18n, node_level)} <select name="level">{levels}</select></label>
                <label>{t!(i18n, node_code)} <input name="code" required maxlength="64" /></label>
                <label>{t!(i18n, node_name)} <input name="name" required maxlength="100" /></label>
                <label>{t!(i18n, parent_code)} <input name="parent_code" required /></label>
                <Outcome outcome=action_outcome(action.value()) saved=move || t_string!(i18n, saved) />
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}

/// A new building when `building` is `None`, else the building's edit form.
#[component]
fn BuildingForm(action: ServerAction<SaveBuilding>, building: Option<BuildingSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let is_new = building.is_none();
    let b = building.unwrap_or(BuildingSummary {
        key: String::new(),
        code: String::new(),
        name: String::new(),
        address: None,
        parent_code: String::new(),
    });
    let form = view! {
        <ActionForm action attr:class="form">
            <input type="hidden" name="key" value=b.key />
            <label>{t!(i18n, node_code)} <input name="code" value=b.code required=is_new readonly=!is_new maxlength="64" /></label>
            <label>{t!(i18n, node_name)} <input name="name" value=b.name required maxlength="100" /></label>
            <label>{t!(i18n, address)} <input name="address" value=b.address.unwrap_or_default() maxlength="200" /></label>
            <label>{t!(i18n, building_parent_code)} <input name="parent_code" value=b.parent_code required /></label>
            <Show when=move || is_new>
                <Outcome outcome=action_outcome(action.value()) saved=move || t_string!(i18n, saved) />
            </Show>
            <button type="submit" class="primary">{t!(i18n, save)}</button>
        </ActionForm>
    };
    if is_new {
        view! {
            <details class="collapsible">
                <summary>{t!(i18n, add_building)}</summary>
                {form}
            </details>
        }
        .into_any()
    } else {
        form.into_any()
    }
}

#[component]
fn ImportForm(import: ServerAction<ImportOrg>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=import attr:class="form">
            <CsvField label=move || t_string!(i18n, import_org) placeholder="level,code,name,parent_code,address" />
            <p class="muted">{t!(i18n, import_hint)}</p>
            <ImportOutcome value=import.value() />
            <button type="submit" class="primary" disabled=move || import.pending().get()>
                {t!(i18n, import_submit)}
            </button>
        </ActionForm>
    }
}
