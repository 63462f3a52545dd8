//! The one way a screen shows data that arrives later: a "loading" line,
//! then the content or the error.

use crate::components::{ErrorNotice, PhoneProblem};
use crate::i18n::*;
use crate::model::AppError;
use crate::offline::LocalError;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// Data from a server function: rendered on the server, streamed, hydrated.
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => view(data).into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Data this phone keeps (IndexedDB): read in the browser only, once the
/// page is hydrated; the server and the first paint show "loading". A
/// Suspense over such data on the server never resolves, and the effect it
/// leaves checking its children could outlive the request and panic (issue
/// 14). Keeps the old content while the data reloads.
#[component]
pub fn PhoneData<T, V, F>(resource: LocalResource<Result<T, LocalError>>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let loading = move || view! { <p class="muted">{t!(i18n, loading)}</p> };
    move || {
        if !hydrated.get() {
            return loading().into_any();
        }
        let view = view.clone();
        view! {
            <Transition fallback=loading>
                {move || {
                    let view = view.clone();
                    Suspend::new(async move {
                        match resource.await {
                            Ok(data) => view(data).into_any(),
                            Err(error) => view! { <PhoneProblem error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        }
        .into_any()
    }
}
