//! The HTML shell and the routes of the app.

use crate::components::{provide_session, Header, SessionMark, TabBar};
use crate::i18n::*;
use crate::offline::{provide_online_status, provide_sync, register_service_worker, reload_into_new_build};
use crate::pages::{
    AccountsRoute, ActivitiesRoute, AssessmentRoute, AuditRoute, CertificateRoute, HomeRoute, HoursRoute,
    HoursTotalsRoute, HoursVerifyRoute, HouseholdRoute, HouseholdsRoute, IssuesRoute, LoginPage, MeRoute,
    NotFoundPage, OrgAdminRoute, QueueRoute, ReportInRoute, ReportingRoute, ServiceListsRoute, StaffingRoute,
    SyncRoute, TaskReviewsRoute, TasksRoute, TeamsRoute, UnitMembersRoute, VisitsPage,
};
use leptos::prelude::*;
use leptos_i18n::context::{CookieOptions, UseLocalesOptions};
use leptos_i18n::Locale as _;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, Lazy};

/// How long the browser remembers the chosen language.
pub const LANGUAGE_COOKIE_MAX_AGE_MS: i64 = 365 * 24 * 60 * 60 * 1000;
/// Read by the server to render the chosen language; written in the browser
/// by `offline::remember_language`.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

pub fn shell(options: LeptosOptions) -> impl IntoView {
    crate::api::send_page_policy();
    // Rendered for what it provides (the split manifest, which lazy screens
    // list in the page's preload links), not for its own tags: the page
    // hydrates through `api::hydration_script`, with no preload links.
    let _ = view! { <HydrationScripts options=options.clone() /> };
    let hydrate = crate::api::hydration_script(&options);
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <AutoReload options=options.clone() />
                // The page is readable as the server sent it; the wasm is
                // fetched and hydrates when the phone is idle (at most 2 s
                // later), so it does not hold up the first paint.
                <script type="module" nonce=nonce>{hydrate}</script>
                <HashedStylesheet options id="leptos" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The document's title and description in the user's language.
#[component]
fn PageMeta() -> impl IntoView {
    let i18n = use_i18n();
    // Plain strings, made again when the language changes: leptos_meta
    // reads a title's text after the render, outside the request's reactive
    // owner, where reading the locale signal panics ("no Arena is active").
    let in_language = move || {
        let title = t_string!(i18n, page_title).to_string();
        let description = t_string!(i18n, page_description).to_string();
        view! {
            <Title text=title />
            <Meta name="description" content=description />
        }
    };
    view! {
        <Meta name="theme-color" content="#b71c1c" />
        <Meta name="color-scheme" content="light dark" />
        {in_language}
    }
}

/// After a deploy, the next move to another screen loads the new build
/// (`offline::reload_into_new_build`); it needs the router's location.
#[component]
fn ReloadIntoNewBuild() -> impl IntoView {
    reload_into_new_build(use_location().pathname);
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_online_status();
    provide_sync();
    provide_session();
    register_service_worker();
    // The configured default (zh-CN) unless the user picked another
    // language: the browser's Accept-Language is deliberately ignored. The
    // server provides the default as context; the browser reads the
    // language from the rendered page.
    let server_default = use_context::<Locale>();
    let default_language = UseLocalesOptions::default()
        .ssr_lang_header_getter(move || server_default.map(|locale| locale.as_str().to_owned()));
    let cookie_options = CookieOptions::<Locale>::default().max_age(LANGUAGE_COOKIE_MAX_AGE_MS).path("/");

    view! {
        <I18nContextProvider ssr_lang_header_getter=default_language cookie_name=LANGUAGE_COOKIE cookie_options>
            <PageMeta />
            <Link rel="manifest" href="/manifest.webmanifest" />
            <Link rel="icon" href="/icons/icon-192.png" />
            <Link rel="apple-touch-icon" href="/icons/icon-192.png" />
            <SessionMark />
            <Router>
                <ReloadIntoNewBuild />
                <Header />
                <main class="page">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view={Lazy::<HomeRoute>::new()} />
                        <Route path=path!("/visits") view=VisitsPage />
                        <Route path=path!("/issues") view={Lazy::<IssuesRoute>::new()} />
                        <Route path=path!("/issues/queue") view={Lazy::<QueueRoute>::new()} />
                        <Route path=path!("/sync") view={Lazy::<SyncRoute>::new()} />
                        <Route path=path!("/tasks") view={Lazy::<TasksRoute>::new()} />
                        <Route path=path!("/me") view={Lazy::<MeRoute>::new()} />
                        <Route path=path!("/login") view=LoginPage />
                        <Route path=path!("/admin/accounts") view={Lazy::<AccountsRoute>::new()} />
                        <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()} />
                        <Route path=path!("/admin/org") view={Lazy::<OrgAdminRoute>::new()} />
                        <Route path=path!("/admin/staffing") view={Lazy::<StaffingRoute>::new()} />
                        <Route path=path!("/households") view={Lazy::<HouseholdsRoute>::new()} />
                        <Route path=path!("/households/:key") view={Lazy::<HouseholdRoute>::new()} />
                        <Route path=path!("/lists") view={Lazy::<ServiceListsRoute>::new()} />
                        <Route path=path!("/assessment") view={Lazy::<AssessmentRoute>::new()} />
                        <Route path=path!("/tasks/review") view={Lazy::<TaskReviewsRoute>::new()} />
                        <Route path=path!("/report-in") view={Lazy::<ReportInRoute>::new()} />
                        <Route path=path!("/reporting") view={Lazy::<ReportingRoute>::new()} />
                        <Route path=path!("/unit") view={Lazy::<UnitMembersRoute>::new()} />
                        <Route path=path!("/activities") view={Lazy::<ActivitiesRoute>::new()} />
                        <Route path=path!("/hours") view={Lazy::<HoursRoute>::new()} />
                        <Route path=path!("/hours/verify") view={Lazy::<HoursVerifyRoute>::new()} />
                        <Route path=path!("/hours/totals") view={Lazy::<HoursTotalsRoute>::new()} />
                        <Route path=path!("/hours/certificate") view={Lazy::<CertificateRoute>::new()} />
                        <Route path=path!("/teams") view={Lazy::<TeamsRoute>::new()} />
                    </Routes>
                </main>
                <TabBar />
            </Router>
        </I18nContextProvider>
    }
}
