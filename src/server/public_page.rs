//! The residents' page (`/s/` and `/s/<community code>`): plain HTML from
//! the server, no wasm and no script, for slow phones with no account. It
//! shows only what a secretary published, and takes needs from a plain
//! form (rate-limited per address, with a honeypot for bots).

use super::auth::scope::client_address;
use super::repo::service_lists::public::{self, PublicCommunity, Received};
use super::AppState;
use crate::components::{field_text, need_category_name};
use crate::i18n::Locale;
use crate::model::service_list::{NeedCategory, PublicItem, ResidentNeedForm};
use crate::model::{AppError, Field};
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::{header, request, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use leptos::prelude::*;
use leptos_i18n::td_string;
use std::net::SocketAddr;

/// The page is for residents of a Chinese community: always in Chinese.
const ZH: Locale = Locale::zh_CN;

/// The same for everyone, so proxies and phones may keep it a few minutes.
const CACHEABLE: &str = "public, max-age=300";

/// Only its own stylesheet, and forms that post back here.
const POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub fn routes() -> Router<AppState> {
    Router::new().route("/s/", get(index)).route("/s/{code}", get(community).post(send_need))
}

async fn index(State(state): State<AppState>) -> Result<Response, AppError> {
    let communities = public::communities(&state.db).await?;
    let links = communities
        .into_iter()
        .map(|(code, name)| view! { <li><a href=format!("/s/{code}")>{name}</a></li> })
        .collect_view();
    let body = view! {
        <header><p class="brand">{td_string!(ZH, app_name)}</p><h1>{td_string!(ZH, public_street_title)}</h1></header>
        <main>
            <p>{td_string!(ZH, public_intro)}</p>
            <h2>{td_string!(ZH, public_choose)}</h2>
            <ul class="communities">{links}</ul>
        </main>
    };
    Ok(page(StatusCode::OK, td_string!(ZH, public_street_title).to_owned(), body.to_html(), CACHEABLE))
}

#[derive(Debug, Default, serde::Deserialize)]
struct Shown {
    /// Set after a need was stored (the form redirects here).
    #[serde(default)]
    sent: Option<u8>,
}

async fn community(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(shown): Query<Shown>,
) -> Result<Response, AppError> {
    let Some(found) = public::page(&state.db, &code).await? else { return Ok(not_found()) };
    let notice = shown.sent.map(|_| Notice::Received);
    Ok(community_page(StatusCode::OK, &found, &ResidentNeedForm::default(), notice))
}

async fn send_need(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Sender(address): Sender,
    Form(form): Form<ResidentNeedForm>,
) -> Result<Response, AppError> {
    let thanks = || Redirect::to(&format!("/s/{code}?sent=1")).into_response();
    if form.is_from_a_bot() {
        tracing::info!(community = %code, "public need refused: the honeypot field was filled");
        return Ok(thanks());
    }
    let Some(found) = public::page(&state.db, &code).await? else { return Ok(not_found()) };
    let need = match form.check() {
        Ok(need) => need,
        Err(fields) => {
            return Ok(community_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &found,
                &form,
                Some(Notice::Problems(fields)),
            ))
        }
    };
    let per_hour = state.settings.public_needs_per_hour;
    match public::receive_need(&state.db, &code, need, &address, per_hour).await? {
        Received::Stored => Ok(thanks()),
        Received::TooMany => {
            Ok(community_page(StatusCode::TOO_MANY_REQUESTS, &found, &form, Some(Notice::TooMany)))
        }
        Received::NoCommunity => Ok(not_found()),
    }
}

/// The address a form came from, as the login throttle sees it.
struct Sender(String);

impl FromRequestParts<AppState> for Sender {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut request::Parts, state: &AppState) -> Result<Self, AppError> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0);
        Ok(Sender(client_address(state, &parts.headers, peer)))
    }
}

/// What the form says above itself.
enum Notice {
    Received,
    Problems(Vec<Field>),
    TooMany,
}

fn community_page(
    status: StatusCode,
    found: &PublicCommunity,
    form: &ResidentNeedForm,
    notice: Option<Notice>,
) -> Response {
    let cache = match (status, &notice) {
        (StatusCode::OK, None) => CACHEABLE,
        _ => "no-store",
    };
    let offices = found
        .offices
        .iter()
        .map(|(grid, contact)| view! { <li><strong>{grid.clone()}</strong>" "{contact.clone()}</li> })
        .collect_view();
    let body = view! {
        <header>
            <p class="brand">{td_string!(ZH, app_name)}</p>
            <h1>{found.name.clone()}</h1>
        </header>
        <main>
            {list_section("resources", td_string!(ZH, public_resources), &found.resources)}
            {list_section("projects", td_string!(ZH, public_projects), &found.projects)}
            {list_section("needs", td_string!(ZH, public_needs), &found.needs)}
            <section aria-labelledby="offices">
                <h2 id="offices">{td_string!(ZH, public_offices)}</h2>
                {empty_note(found.offices.is_empty())}
                <ul class="offices">{offices}</ul>
            </section>
            {need_form(&found.code, form, notice)}
        </main>
        <footer><a href="/s/">{td_string!(ZH, public_back)}</a></footer>
    };
    page(status, format!("{} · {}", found.name, td_string!(ZH, public_street_title)), body.to_html(), cache)
}

fn empty_note(empty: bool) -> Option<impl IntoView> {
    empty.then(|| view! { <p class="muted">{td_string!(ZH, public_none)}</p> })
}

fn list_section(id: &'static str, heading: &'static str, items: &[PublicItem]) -> impl IntoView {
    let empty = items.is_empty();
    let items = items.iter().map(item_view).collect_view();
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {empty_note(empty)}
            <ul class="items">{items}</ul>
        </section>
    }
}

fn item_view(item: &PublicItem) -> impl IntoView {
    let line = |label: &'static str, value: Option<String>| {
        value.map(|value| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
    };
    let category = item.category.map(|c| view! { <span class="tag">{need_category_name(ZH, c)}</span> });
    let progress = item.progress.map(|p| {
        view! {
            <div>
                <dt>{td_string!(ZH, public_progress)}</dt>
                <dd><progress max="100" value=p.to_string()>{format!("{p}%")}</progress>" "{format!("{p}%")}</dd>
            </div>
        }
    });
    let detail = (!item.detail.is_empty()).then(|| view! { <p>{item.detail.clone()}</p> });
    view! {
        <li>
            <h3>{item.title.clone()}" "{category}</h3>
            {detail}
            <dl>
                {line(td_string!(ZH, public_offered_by), item.offered_by.clone())}
                {line(td_string!(ZH, public_available), item.available.clone())}
                {line(td_string!(ZH, public_place), item.place.clone())}
                {line(td_string!(ZH, public_capacity), item.capacity.map(|c| c.to_string()))}
                {progress}
            </dl>
        </li>
    }
}

fn need_form(code: &str, form: &ResidentNeedForm, notice: Option<Notice>) -> impl IntoView {
    let notice = notice.map(|notice| match notice {
        Notice::Received => {
            view! { <p class="notice ok" role="status">{td_string!(ZH, public_need_received)}</p> }.into_any()
        }
        Notice::TooMany => {
            view! { <p class="notice error" role="alert">{td_string!(ZH, public_too_many)}</p> }.into_any()
        }
        Notice::Problems(fields) => {
            let lines = fields.into_iter().map(|f| view! { <li>{field_text(ZH, f)}</li> }).collect_view();
            view! {
                <div class="notice error" role="alert">
                    <p>{td_string!(ZH, public_need_problems)}</p>
                    <ul>{lines}</ul>
                </div>
            }
            .into_any()
        }
    });
    let chosen = form.category.clone();
    let options = NeedCategory::ALL
        .iter()
        .map(|c| view! { <option value=c.as_str() selected={chosen == c.as_str()}>{need_category_name(ZH, *c)}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="send-need">
            <h2 id="send-need">{td_string!(ZH, public_need_form)}</h2>
            <p class="muted">{td_string!(ZH, public_need_hint)}</p>
            {notice}
            <form method="post" action=format!("/s/{code}#send-need")>
                <label>{td_string!(ZH, item_category)}
                    <select name="category" required>
                        <option value="">"—"</option>
                        {options}
                    </select>
                </label>
                <label>{td_string!(ZH, public_need_text)}
                    <textarea name="text" required maxlength="500" rows="4">{form.text.clone()}</textarea>
                </label>
                <label>{td_string!(ZH, public_need_place)}
                    <input name="place" maxlength="60" value=form.place.clone() />
                </label>
                <label>{td_string!(ZH, public_need_contact)}
                    <input name="contact" maxlength="50" autocomplete="tel" value=form.contact.clone() />
                </label>
                <label class="hp" aria-hidden="true">{td_string!(ZH, public_honeypot)}
                    <input name="website" tabindex="-1" autocomplete="off" />
                </label>
                <button type="submit">{td_string!(ZH, public_need_submit)}</button>
            </form>
        </section>
    }
}

fn not_found() -> Response {
    let body = view! {
        <main>
            <h1>{td_string!(ZH, public_not_found)}</h1>
            <p><a href="/s/">{td_string!(ZH, public_back)}</a></p>
        </main>
    };
    page(StatusCode::NOT_FOUND, td_string!(ZH, public_not_found).to_owned(), body.to_html(), "no-store")
}

/// The whole document around `body`, with its headers.
pub(super) fn page(status: StatusCode, title: String, body: String, cache: &'static str) -> Response {
    let head = view! {
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content=td_string!(ZH, public_intro) />
        <link rel="stylesheet" href="/resident.css" />
    };
    let html = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head>{}</head><body>{body}</body></html>",
        head.to_html()
    );
    let headers = [(header::CACHE_CONTROL, cache), (header::CONTENT_SECURITY_POLICY, POLICY)];
    (status, headers, Html(html)).into_response()
}
