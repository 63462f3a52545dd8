//! What the field screens (visits, issues) read from the phone: the
//! worker's area and the records kept here.

use crate::components::PhoneData;
use crate::i18n::*;
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

/// A form that needs the worker's area: shown once the phone has the area,
/// otherwise a notice to sync first.
#[component]
pub fn WithArea<F, V>(copy: PhoneCopy, form: F) -> impl IntoView
where
    F: Fn(Area) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let view = move |area: Option<Area>| match area {
        Some(area) => form(area).into_any(),
        None => view! { <p class="notice">{t!(i18n, area_missing)}</p> }.into_any(),
    };
    view! { <PhoneData resource=copy.area view /> }
}
