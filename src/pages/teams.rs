//! 临时组织: a secretary's temporary structures (临时党支部, 党员先锋岗,
//! 党员突击队, 党员责任区), each a named list of people of an area for a
//! period. An activity for a team is attended by its members only.

use crate::api::volunteer::{list_teams, SaveTeam};
use crate::components::{action_outcome, team_kind_name, Loaded, Outcome};
use crate::i18n::*;
use crate::model::volunteer::{TeamItem, TeamKind};
use leptos::prelude::*;

/// The form's fields, filled from a team to edit it.
#[derive(Clone, Copy)]
struct TeamForm {
    key: RwSignal<String>,
    org_code: RwSignal<String>,
    kind: RwSignal<String>,
    name: RwSignal<String>,
    starts_on: RwSignal<String>,
    ends_on: RwSignal<String>,
    members: RwSignal<String>,
    open: RwSignal<bool>,
}

impl TeamForm {
    fn new() -> TeamForm {
        let field = || RwSignal::new(String::new());
        TeamForm {
            key: field(),
            org_code: field(),
            kind: RwSignal::new(TeamKind::VanguardPost.as_str().to_owned()),
            name: field(),
            starts_on: field(),
            ends_on: field(),
            members: field(),
            open: RwSignal::new(false),
        }
    }

    fn edit(self, team: &TeamItem) {
        self.key.set(team.key.clone());
        self.org_code.set(team.org_code.clone());
        self.kind.set(team.kind.as_str().to_owned());
        self.name.set(team.name.clone());
        self.starts_on.set(team.starts_on.clone());
        self.ends_on.set(team.ends_on.clone());
        self.members.set(team.members.iter().map(|m| m.mobile.clone()).collect::<Vec<_>>().join("\n"));
        self.open.set(true);
    }
}

#[component]
pub fn TeamsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveTeam>::new();
    let teams = Resource::new(move || save.version().get(), |_| list_teams());
    let form = TeamForm::new();
    view! {
        <section class="card">
            <h1>{t!(i18n, teams_title)}</h1>
            <Loaded resource=teams view={move |teams: Vec<TeamItem>| view! { <TeamList teams form /> }} />
        </section>
        <section class="card">
            <Form save form />
        </section>
    }
}

#[component]
fn TeamList(teams: Vec<TeamItem>, form: TeamForm) -> impl IntoView {
    let i18n = use_i18n();
    if teams.is_empty() {
        return view! { <p class="muted">{t!(i18n, nothing_yet)}</p> }.into_any();
    }
    let rows = teams
        .into_iter()
        .map(|team| {
            let kind = team.kind;
            let names = team.members.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join("、");
            let edited = StoredValue::new(team.clone());
            view! {
                <li class="row stack" data-testid="team">
                    <div>
                        <strong>{team.name}</strong> " "
                        <span class="tag">{move || team_kind_name(i18n.get_locale(), kind)}</span>
                        <br />
                        <span class="muted">{team.org_name} " · " {team.starts_on} "–" {team.ends_on}</span>
                        <br />
                        <span>{team.members.len()} " " {t!(i18n, teams_people)} ": " {names}</span>
                    </div>
                    <button type="button" class="secondary" on:click=move |_| edited.with_value(|t| form.edit(t))>
                        {t!(i18n, teams_edit)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="list" data-testid="teams">{rows}</ul> }.into_any()
}

#[component]
fn Form(save: ServerAction<SaveTeam>, form: TeamForm) -> impl IntoView {
    let i18n = use_i18n();
    let kinds = TeamKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str()>{move || team_kind_name(i18n.get_locale(), *k)}</option> })
        .collect_view();
    let bind = |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));
    view! {
        <details class="collapsible" prop:open=form.open>
            <summary>{t!(i18n, teams_new)}</summary>
            <ActionForm action=save attr:class="form" attr:data-testid="team-form">
                <input type="hidden" name="key" prop:value=form.key />
                <label>{t!(i18n, activity_kind)}
                    <select name="kind" prop:value=form.kind on:change=bind(form.kind)>{kinds}</select>
                </label>
                <label>{t!(i18n, teams_name)}
                    <input name="name" required maxlength="60" prop:value=form.name on:input=bind(form.name) />
                </label>
                <label>{t!(i18n, activity_org)}
                    <input name="org_code" required prop:value=form.org_code on:input=bind(form.org_code) />
                </label>
                <label>{t!(i18n, teams_from)}
                    <input type="date" name="starts_on" required prop:value=form.starts_on on:input=bind(form.starts_on) />
                </label>
                <label>{t!(i18n, teams_to)}
                    <input type="date" name="ends_on" required prop:value=form.ends_on on:input=bind(form.ends_on) />
                </label>
                <label>{t!(i18n, teams_members)}
                    <textarea name="members" rows="4" prop:value=form.members on:input=bind(form.members)></textarea>
                </label>
                <Outcome outcome=action_outcome(save.value()) saved=move || t_string!(i18n, saved) />
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}
