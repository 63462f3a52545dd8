//! Screens whose code is a separate wasm chunk (`cargo leptos build --split`),
//! fetched the first time one of them is opened: the field screens stay small
//! for the phones that never open an admin screen. The service worker
//! precaches every chunk, so they open offline too.

use crate::i18n::*;
use leptos::prelude::*;

/// The chunk of a lazy screen could not be fetched (no signal and not in
/// the phone's cache, or a deploy replaced it).
#[derive(Clone, Copy, Debug)]
pub struct ChunkFailed;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkFailed
    }
}

/// Shown instead of a screen whose chunk did not arrive. The loader keeps
/// no failure, so reloading fetches it again.
#[component]
pub fn ChunkError() -> impl IntoView {
    let i18n = use_i18n();
    let reload = |_| {
        // A failed reload leaves the notice and its button in place.
        let _ = window().location().reload();
    };
    view! {
        <section class="card" data-testid="chunk-error">
            <p class="notice notice-error" role="alert">{t!(i18n, error_screen_not_loaded)}</p>
            <button type="button" class="primary" on:click=reload>{t!(i18n, action_retry)}</button>
        </section>
    }
}

/// `lazy_page!(AuditRoute, audit_screen, AuditPage)` defines the route
/// `AuditRoute` (for `<Route view={Lazy::<AuditRoute>::new()} />`) whose
/// view, `<AuditPage />` and everything only it uses, is the chunk
/// `audit_screen`. A chunk that fails to load shows [`ChunkError`] instead
/// of stopping the app (Leptos's own `#[lazy_route]` panics there).
#[macro_export]
macro_rules! lazy_page {
    ($route:ident, $chunk:ident, $page:ident) => {
        pub struct $route;

        mod $chunk {
            use super::$page;
            use $crate::components::ChunkFailed;
            use ::leptos::prelude::*;

            #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, preload(load), fallible)]
            pub(super) fn view() -> ::std::result::Result<AnyView, ChunkFailed> {
                Ok(::leptos::view! { <$page /> }.into_any())
            }
        }

        impl ::leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> ::leptos::prelude::AnyView {
                use ::leptos::prelude::*;
                // On the server: lists the chunk in the page's preload links.
                ::leptos::prefetch_lazy_fn_on_server(stringify!($chunk));
                match $chunk::view().await {
                    Ok(view) => view,
                    Err($crate::components::ChunkFailed) => {
                        ::leptos::view! { <$crate::components::ChunkError /> }.into_any()
                    }
                }
            }

            // The router awaits this before it renders or hydrates the
            // route: hydrating a page sent by the server needs the chunk
            // already there. A failure shows in `view`, which tries again.
            async fn preload() {
                let _ = $chunk::load().await;
            }
        }
    };
}
