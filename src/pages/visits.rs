//! 走访: record a household visit on the phone (kept offline until sent)
//! and the list of my visits with their sync badges.

use crate::components::{
    mark_name, need_category_name, use_form_area, use_phone_copy, visit_type_name, AttachFields, AttachPart,
    FormArea, FormAreaProblem, Outcome, PhoneData, PhonePhotos, PlacePicker, Problem,
};
use crate::i18n::*;
use crate::model::local::{LocalRecord, SyncMark, TakenPhotos};
use crate::model::photo::PhotoOf;
use crate::model::service_list::NeedCategory;
use crate::model::sync::OpKind;
use crate::model::time::short_time;
use crate::model::visit::{VisitInput, VisitItem, VisitNeed, VisitType};
use crate::model::Field;
use crate::offline::{new_record_id, now_millis, save_with_photos};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn VisitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let copy = use_phone_copy();
    let correcting = RwSignal::new(None::<VisitItem>);
    let area = use_form_area(copy);
    view! {
        <section class="card">
            <h1>{t!(i18n, visits_title)}</h1>
            <VisitForm area correcting />
        </section>
        <section class="card">
            <h2>{t!(i18n, visit_my)}</h2>
            <PhoneData resource=copy.records view={move |records| view! { <VisitList records correcting /> }} />
        </section>
    }
}

#[component]
fn VisitList(records: Vec<LocalRecord>, correcting: RwSignal<Option<VisitItem>>) -> impl IntoView {
    let i18n = use_i18n();
    let mut visits: Vec<(SyncMark, VisitItem)> =
        records.iter().filter_map(|r| r.as_visit().map(|v| (r.mark, v.clone()))).collect();
    visits.sort_by_key(|(_, v)| std::cmp::Reverse(v.captured_at));
    if visits.is_empty() {
        return view! { <p class="muted">{t!(i18n, visit_none)}</p> }.into_any();
    }
    let rows = visits
        .into_iter()
        .map(|(mark, visit)| {
            let when = short_time(visit.captured_at);
            let kind = visit.visit_type;
            let corrects = visit.corrects.is_some();
            let with_need = visit.need.is_some();
            let item = visit.clone();
            view! {
                <li class="row" data-testid="visit-row" data-mark=format!("{mark:?}").to_lowercase()>
                    <div>
                        <strong>{visit.place.clone()}</strong>
                        " "
                        <span class=format!("mark mark-{mark:?}").to_lowercase()>{move || mark_name(i18n, mark)}</span>
                        <br />
                        <span class="muted">
                            {when} " · " {move || visit_type_name(i18n, kind)}
                            <Show when=move || corrects>{t!(i18n, visit_corrects)}</Show>
                            <Show when=move || with_need>{t!(i18n, visit_with_need)}</Show>
                        </span>
                        <p class="notes">{visit.notes.clone()}</p>
                        <PhonePhotos of=PhotoOf::Visit record=visit.visit_id.clone() ids=visit.photos.clone() />
                    </div>
                    <button type="button" class="secondary" on:click=move |_| correcting.set(Some(item.clone()))>
                        {t!(i18n, visit_correct)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="list">{rows}</ul> }.into_any()
}

#[component]
fn VisitForm(area: RwSignal<FormArea>, correcting: RwSignal<Option<VisitItem>>) -> impl IntoView {
    let i18n = use_i18n();
    let building = RwSignal::new(String::new());
    let household = RwSignal::new(String::new());
    let visit_type = RwSignal::new(VisitType::Routine);
    let notes = RwSignal::new(String::new());
    let follow_up = RwSignal::new(String::new());
    let need = NeedFields::default();
    let attach = AttachFields::new();
    let outcome = RwSignal::new(None::<Result<(), Problem>>);
    // `/visits?household=…`: opened from a line of the day's work. Waits
    // for the area, then is done (a later pull must not undo a choice). The
    // address is read when the area is here: on a tap from the day's list
    // the form is made before the router has changed the address.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        if !area.with(FormArea::is_here) {
            return false;
        }
        let Some(key) = crate::offline::query_value("household") else { return false };
        let found =
            area.with(|state| state.area().and_then(|a| a.households.iter().find(|h| h.key == key).cloned()));
        found
            .map(|h| {
                building.set(h.building);
                household.set(h.key);
            })
            .is_some()
    });
    Effect::new(move |_| {
        if let Some(old) = correcting.get() {
            let found = area.with_untracked(|state| {
                state.area().and_then(|a| a.households.iter().find(|h| h.key == old.household).cloned())
            });
            if let Some(h) = found {
                building.set(h.building);
                household.set(h.key);
            }
            visit_type.set(old.visit_type);
            notes.set(old.notes);
            follow_up.set(old.follow_up_on.unwrap_or_default());
        }
    });
    let types = VisitType::ALL
        .iter()
        .copied()
        .map(|t| view! { <option value=t.as_str()>{move || visit_type_name(i18n, t)}</option> })
        .collect_view();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let follow = follow_up.get_untracked();
        let visit_id = match new_record_id() {
            Ok(id) => id,
            Err(error) => return outcome.set(Some(Err(error.into()))),
        };
        let input = VisitInput {
            visit_id,
            household: household.get_untracked(),
            visit_type: visit_type.get_untracked(),
            notes: notes.get_untracked().trim().to_owned(),
            follow_up_on: (!follow.is_empty()).then_some(follow),
            corrects: correcting.get_untracked().map(|v| v.visit_id),
            need: need.input(),
            photos: attach.photo_ids(),
            location: attach.location(),
        };
        if let Some(field) = input.problem() {
            outcome.set(Some(Err(field.into())));
            return;
        }
        let Some(place) =
            area.with_untracked(|state| state.area().map(|a| a.place("", Some(&input.household), false)))
        else {
            return outcome.set(Some(Err(Field::Household.into())));
        };
        let photos = attach.files(PhotoOf::Visit);
        spawn_local(async move {
            let result = keep_visit(input, place, photos).await;
            if result.is_ok() {
                notes.set(String::new());
                follow_up.set(String::new());
                need.clear();
                attach.clear();
                correcting.set(None);
            }
            outcome.set(Some(result));
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="visit-form">
            <FormAreaProblem area />
            // Drawn by the server; usable once the app runs and the area is here.
            <fieldset class="plain" disabled=move || !area.with(FormArea::is_here)>
                <PlacePicker area building household with_contact=true />
                <label>
                    {t!(i18n, visit_type)}
                    <select name="visit_type" on:change=move |ev| {
                        if let Some(t) = VisitType::parse(&event_target_value(&ev)) {
                            visit_type.set(t);
                        }
                    } prop:value=move || visit_type.get().as_str()>
                        {types}
                    </select>
                </label>
                <label>
                    {t!(i18n, visit_notes)}
                    <textarea name="notes" rows="4" maxlength="2000" prop:value=notes
                        on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                </label>
                <label>
                    {t!(i18n, visit_follow_up_on)}
                    <input type="date" name="follow_up_on" prop:value=follow_up
                        on:input=move |ev| follow_up.set(event_target_value(&ev)) />
                </label>
                <NeedPart need />
                <AttachPart fields=attach />
                <Outcome outcome saved=move || t_string!(i18n, visit_saved) />
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </fieldset>
        </form>
    }
}

async fn keep_visit(input: VisitInput, place: String, photos: Option<TakenPhotos>) -> Result<(), Problem> {
    let item = VisitItem {
        visit_id: input.visit_id.clone(),
        household: input.household.clone(),
        place: place.clone(),
        visit_type: input.visit_type,
        notes: input.notes.clone(),
        follow_up_on: input.follow_up_on.clone(),
        corrects: input.corrects.clone(),
        captured_at: now_millis(),
        need: input.need.clone(),
        photos: input.photos.clone(),
        location: input.location,
    };
    let record = LocalRecord::visit(input.visit_id.clone(), SyncMark::Pending, item);
    Ok(save_with_photos(OpKind::RecordVisit, &input, record, place, photos).await?)
}

/// The need part of the visit form: closed until the worker ticks it.
#[derive(Clone, Copy)]
struct NeedFields {
    raise: RwSignal<bool>,
    category: RwSignal<NeedCategory>,
    text: RwSignal<String>,
}

impl Default for NeedFields {
    fn default() -> Self {
        NeedFields {
            raise: RwSignal::new(false),
            category: RwSignal::new(NeedCategory::ElderlyCare),
            text: RwSignal::new(String::new()),
        }
    }
}

impl NeedFields {
    fn input(self) -> Option<VisitNeed> {
        let text = self.text.get_untracked().trim().to_owned();
        self.raise.get_untracked().then(|| VisitNeed { category: self.category.get_untracked(), text })
    }

    fn clear(self) {
        self.raise.set(false);
        self.text.set(String::new());
    }
}

#[component]
fn NeedPart(need: NeedFields) -> impl IntoView {
    let i18n = use_i18n();
    let categories = move || {
        NeedCategory::ALL
            .iter()
            .map(|c| view! { <option value=c.as_str()>{move || need_category_name(i18n.get_locale(), *c)}</option> })
            .collect_view()
    };
    view! {
        <label class="check">
            <input type="checkbox" name="raise_need" prop:checked=need.raise
                on:change=move |ev| need.raise.set(event_target_checked(&ev)) />
            {t!(i18n, visit_raise_need)}
        </label>
        <Show when=move || need.raise.get()>
            <label>
                {t!(i18n, visit_need_category)}
                <select name="need_category" prop:value=move || need.category.get().as_str() on:change=move |ev| {
                    if let Some(c) = NeedCategory::parse(&event_target_value(&ev)) {
                        need.category.set(c);
                    }
                }>{categories()}</select>
            </label>
            <label>
                {t!(i18n, visit_need_text)}
                <textarea name="need_text" rows="2" maxlength="500" prop:value=need.text
                    on:input=move |ev| need.text.set(event_target_value(&ev))></textarea>
            </label>
        </Show>
    }
}
