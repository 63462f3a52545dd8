//! Photos and location on a form (visits, issues), and photos shown with a
//! record: from the phone while it keeps them, from the server after.

use crate::components::PhoneProblem;
use crate::i18n::*;
use crate::model::local::TakenPhotos;
use crate::model::photo::{photo_path, Location, PhotoOf, MAX_PHOTOS};
use crate::offline::{forget_url, local_photo_url, locate, photo_url, take_photos, LocalError};
use leptos::prelude::*;

/// A photo taken on the form, not yet saved.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPhoto {
    pub id: String,
    pub jpeg: Vec<u8>,
    /// Shows it on the form.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locating {
    Off,
    Asking,
    Found(Location),
    Failed,
}

/// What the form's photo and location part holds.
#[derive(Clone, Copy)]
pub struct AttachFields {
    photos: RwSignal<Vec<NewPhoto>>,
    locating: RwSignal<Locating>,
    problem: RwSignal<Option<LocalError>>,
}

impl AttachFields {
    pub fn new() -> Self {
        AttachFields {
            photos: RwSignal::new(Vec::new()),
            locating: RwSignal::new(Locating::Off),
            problem: RwSignal::new(None),
        }
    }

    /// The photos the record's operation names.
    pub fn photo_ids(&self) -> Vec<String> {
        self.photos.with_untracked(|p| p.iter().map(|p| p.id.clone()).collect())
    }

    /// Where the record was made, if the user asked and the phone knew.
    pub fn location(&self) -> Option<Location> {
        match self.locating.get_untracked() {
            Locating::Found(location) => Some(location),
            _ => None,
        }
    }

    /// The photos to keep with the record, as `offline::save_with_photos` takes them.
    pub fn files(&self, of: PhotoOf) -> Option<TakenPhotos> {
        let files: Vec<_> =
            self.photos.with_untracked(|p| p.iter().map(|p| (p.id.clone(), p.jpeg.clone())).collect());
        (!files.is_empty()).then_some(TakenPhotos { of, photos: files })
    }

    /// After a save: empty again, the location kept for the next record (the
    /// form may be gone by then).
    pub fn clear(&self) {
        let taken = self.photos.try_update(std::mem::take).unwrap_or_default();
        for url in taken.iter().filter_map(|photo| photo.url.as_deref()) {
            forget_url(url);
        }
    }
}

impl Default for AttachFields {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn AttachPart(fields: AttachFields) -> impl IntoView {
    let i18n = use_i18n();
    let AttachFields { photos, locating, problem } = fields;
    let room = move || MAX_PHOTOS.saturating_sub(photos.with(Vec::len));
    let chosen = move |event: leptos::ev::Event| {
        take_photos(event, room(), move |taken| match taken {
            Ok((id, jpeg)) => {
                let url = photo_url(&jpeg);
                photos.update(|p| p.push(NewPhoto { id, jpeg, url }));
                problem.set(None);
            }
            Err(error) => problem.set(Some(error)),
        })
    };
    let toggle_location = move |event: leptos::ev::Event| {
        if !event_target_checked(&event) {
            return locating.set(Locating::Off);
        }
        locating.set(Locating::Asking);
        locate(move |found| {
            // Unticked meanwhile: the user no longer wants it.
            if locating.try_get_untracked() == Some(Locating::Asking) {
                locating.set(found.map_or(Locating::Failed, Locating::Found));
            }
        });
    };
    let location_text = move || match locating.get() {
        Locating::Off => String::new(),
        Locating::Asking => t_string!(i18n, location_asking).to_owned(),
        Locating::Found(location) => location.text(),
        Locating::Failed => t_string!(i18n, location_failed).to_owned(),
    };
    view! {
        <fieldset class="attach" data-testid="attach">
            <legend>{t!(i18n, photos_title)}</legend>
            <Show when=move || { room() > 0 }>
                <label class="photo-take">
                    {t!(i18n, photos_take)}
                    <input type="file" name="photo" accept="image/*" capture="environment" multiple
                        data-testid="photo-input" on:change=chosen />
                </label>
            </Show>
            <ul class="thumbs">
                <For each=move || photos.get() key=|photo| photo.id.clone() let:photo>
                    <li>
                        <img src=photo.url.clone() alt=move || t_string!(i18n, photos_taken) data-testid="photo-thumb" />
                        <button type="button" class="secondary" on:click={
                            let id = photo.id.clone();
                            move |_| remove(photos, &id)
                        }>{t!(i18n, photos_remove)}</button>
                    </li>
                </For>
            </ul>
            {move || problem.get().map(|error| view! { <PhoneProblem error /> })}
            <label class="check">
                <input type="checkbox" name="location" data-testid="location-toggle"
                    prop:checked=move || locating.get() != Locating::Off on:change=toggle_location />
                {t!(i18n, location_add)}
            </label>
            <span class="muted" data-testid="location-text">{location_text}</span>
        </fieldset>
    }
}

fn remove(photos: RwSignal<Vec<NewPhoto>>, id: &str) {
    photos.update(|list| {
        if let Some(index) = list.iter().position(|p| p.id == id) {
            if let Some(url) = &list.remove(index).url {
                forget_url(url);
            }
        }
    });
}

/// Photos of a record kept on the phone: the phone's copy while it has one
/// (offline too), the server's after.
#[component]
pub fn PhonePhotos(of: PhotoOf, record: String, ids: Vec<String>) -> impl IntoView {
    (!ids.is_empty()).then(|| {
        let photos = ids
            .into_iter()
            .map(|id| {
                let server = photo_path(of, &record, &id);
                view! { <PhonePhoto id server /> }
            })
            .collect_view();
        view! { <div class="thumbs">{photos}</div> }
    })
}

#[component]
fn PhonePhoto(id: String, server: String) -> impl IntoView {
    let i18n = use_i18n();
    let src = RwSignal::new(None::<String>);
    // Outlives the signals: the address is given back when the row goes.
    let local = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    Effect::new({
        let local = local.clone();
        move |_| {
            let (id, server, local) = (id.clone(), server.clone(), local.clone());
            leptos::task::spawn_local(async move {
                let url = local_photo_url(&id).await;
                // Gone meanwhile: nobody will give the address back but us.
                if src.try_set(Some(url.clone().unwrap_or(server))).is_some() {
                    if let Some(url) = &url {
                        forget_url(url);
                    }
                    return;
                }
                if let (Some(url), Ok(mut kept)) = (url, local.lock()) {
                    *kept = Some(url);
                }
            });
        }
    });
    on_cleanup(move || {
        if let Some(url) = local.lock().ok().and_then(|mut kept| kept.take()) {
            forget_url(&url);
        }
    });
    view! {
        <img src=move || src.get() loading="lazy" data-testid="record-photo"
            alt=move || t_string!(i18n, photos_not_here) />
    }
}

/// Photos of a record read from the server (queue, household page).
#[component]
pub fn ServerPhotos(of: PhotoOf, record: String, ids: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    (!ids.is_empty()).then(|| {
        let photos = ids
            .into_iter()
            .map(|id| {
                let path = photo_path(of, &record, &id);
                let (href, src) = (path.clone(), path);
                view! {
                    <a href=href target="_blank">
                        <img src=src loading="lazy" data-testid="record-photo"
                            alt=move || t_string!(i18n, photos_not_here) />
                    </a>
                }
            })
            .collect_view();
        view! { <div class="thumbs">{photos}</div> }
    })
}
