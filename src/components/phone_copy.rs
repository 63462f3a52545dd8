//! What the field screens (visits, issues) read from the phone: the
//! worker's area and the records kept here.

use crate::components::PhoneProblem;
use crate::model::local::{Area, LocalRecord};
use crate::offline::{cached_area, local_records, use_sync, LocalError};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct PhoneCopy {
    /// Reloaded only when the area changes, not on every sync: a form
    /// rebuilt while the user types would lose the text.
    pub area: LocalResource<Result<Option<Area>, LocalError>>,
    /// Reloaded after every sync (their marks change).
    pub records: LocalResource<Result<Vec<LocalRecord>, LocalError>>,
}

pub fn use_phone_copy() -> PhoneCopy {
    let sync = use_sync();
    let area = LocalResource::new(move || {
        sync.area_revision.get();
        cached_area()
    });
    let records = LocalResource::new(move || {
        sync.revision.get();
        local_records()
    });
    PhoneCopy { area, records }
}

/// Where a form stands with the worker's area.
#[derive(Clone, Debug, Default)]
pub enum FormArea {
    /// On the server, and until the phone's copy is read.
    #[default]
    Reading,
    /// The phone has no copy yet: it comes with the first sync.
    Missing,
    Here(Area),
    Unreadable(LocalError),
}

impl FormArea {
    pub fn area(&self) -> Option<&Area> {
        match self {
            FormArea::Here(area) => Some(area),
            _ => None,
        }
    }

    pub fn is_here(&self) -> bool {
        self.area().is_some()
    }
}

/// The area of a form that is drawn at once, by the server too, and stays
/// disabled until the area is here (its first paint does not wait for the
/// app). A pull that brings a new copy changes the place picker's options
/// only, so nothing the user typed is lost.
pub fn use_form_area(copy: PhoneCopy) -> RwSignal<FormArea> {
    let area = RwSignal::new(FormArea::Reading);
    Effect::new(move |_| {
        let state = match copy.area.get() {
            None => return,
            Some(Ok(Some(found))) => FormArea::Here(found),
            Some(Ok(None)) => FormArea::Missing,
            Some(Err(error)) => FormArea::Unreadable(error),
        };
        area.set(state);
    });
    area
}

/// Why a form's area is not here, when that needs more than the picker's
/// one line: the phone could not read it.
#[component]
pub fn FormAreaProblem(area: RwSignal<FormArea>) -> impl IntoView {
    let error = move || {
        area.with(|state| match state {
            FormArea::Unreadable(error) => Some(error.clone()),
            _ => None,
        })
    };
    move || error().map(|error| view! { <PhoneProblem error /> })
}
