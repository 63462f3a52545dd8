//! 志愿活动: the activities of the user's area from the phone's copy. The
//! organiser shows the rotating check-in code (a QR code and 6 digits,
//! computed on the phone, offline too); a volunteer types the code (or
//! photographs the QR code) to check in and out, and the check-in waits in
//! the outbox until the server verifies it.

use crate::api::auth::get_current_user;
use crate::api::volunteer::{list_teams, CreateActivity, SignUp};
use crate::components::{
    action_outcome, activity_kind_name, use_phone_copy, Outcome, PhoneData, PhoneProblem, Problem,
};
use crate::i18n::*;
use crate::model::assessment::tenths_text;
use crate::model::local::{Area, CheckInItem, LocalRecord, SyncMark};
use crate::model::sync::OpKind;
use crate::model::time::{date, short_time};
use crate::model::volunteer::{
    check_in_code, is_code, qr_text, read_qr, step_of, ActivityItem, ActivityKind, CheckInInput, ORGANISERS,
    STEP_SECONDS,
};
use crate::offline::{new_record_id, now_millis, read_qr_photo, save, LocalError};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let copy = use_phone_copy();
    let problem = RwSignal::new(None::<LocalError>);
    let user = Resource::new(|| (), |_| get_current_user());
    // Set after hydration: the server renders the page without the form.
    let organises = RwSignal::new(false);
    Effect::new(move |_| {
        let user = user.get().and_then(Result::ok).flatten();
        organises.set(user.is_some_and(|u| u.roles.iter().any(|r| ORGANISERS.contains(r))));
    });
    let view = move |area: Option<Area>| {
        let activities = area.unwrap_or_default().activities;
        if activities.is_empty() {
            return view! { <p class="muted" data-testid="no-activities">{t!(i18n, activities_empty)}</p> }
                .into_any();
        }
        let rows = activities.into_iter().map(|activity| view! { <ActivityRow activity copy problem /> });
        view! { <ul class="list" data-testid="activities">{rows.collect_view()}</ul> }.into_any()
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, activities_title)}</h1>
            {move || problem.get().map(|error| view! { <PhoneProblem error /> })}
            <PhoneData resource=copy.area view />
        </section>
        <Show when=move || organises.get()>
            <section class="card">
                <ActivityForm />
            </section>
        </Show>
    }
}

#[component]
fn ActivityRow(
    activity: ActivityItem,
    copy: crate::components::PhoneCopy,
    problem: RwSignal<Option<LocalError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ActivityItem { key, kind, title, place, org_name, starts_at, ends_at, hours_tenths, .. } =
        activity.clone();
    let end = short_time(ends_at);
    let end = if date(ends_at) == date(starts_at) { end[6..].to_owned() } else { end };
    let when = format!("{}–{end}", short_time(starts_at));
    let places = match activity.capacity {
        Some(capacity) => format!("{}/{capacity}", activity.attendees),
        None => activity.attendees.to_string(),
    };
    let waiting = {
        let key = key.clone();
        move || waiting_check_in(&copy, &key)
    };
    let team = activity
        .team_name
        .clone()
        .map(|name| view! { " " <span class="tag" data-testid="activity-team">{name}</span> });
    let sign_up = activity.signup.then(|| view! { <SignUpButton activity=activity.clone() /> });
    let action = match (activity.secret.clone(), activity.checked_out) {
        (Some(secret), _) => view! { <ShowCode key=key.clone() title=title.clone() secret /> }.into_any(),
        (None, true) => view! { <p class="status">{t!(i18n, check_in_done)}</p> }.into_any(),
        (None, false) => {
            let out = activity.checked_in;
            view! { <CheckInForm key=key.clone() title=title.clone() out problem /> }.into_any()
        }
    };
    view! {
        <li class="row stack" data-testid="activity" data-key=key.clone()>
            <div>
                <strong>{title.clone()}</strong> " "
                <span class="tag">{move || activity_kind_name(i18n.get_locale(), kind)}</span>
                {team}
                <br />
                <span class="muted">{when} " · " {org_name} {place.map(|p| format!(" · {p}"))}</span>
                <br />
                <span class="muted">
                    {tenths_text(i64::from(hours_tenths))} " " {t!(i18n, task_hours)} " · "
                    {t!(i18n, activity_attendees)} " " {places}
                </span>
                {move || waiting().map(|out| view! {
                    <p class="mark mark-pending" data-testid="check-in-waiting">
                        {if out { t_string!(i18n, check_out_waiting) } else { t_string!(i18n, check_in_waiting) }}
                    </p>
                })}
                {sign_up}
            </div>
            {action}
        </li>
    }
}

/// Sign-up before the activity starts (online: places are given out by
/// the server), or taking it back.
#[component]
fn SignUpButton(activity: ActivityItem) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignUp>::new();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            crate::offline::sync_now();
        }
    });
    let places = match activity.capacity {
        Some(capacity) => format!("{}/{capacity}", activity.signups),
        None => activity.signups.to_string(),
    };
    let key = StoredValue::new(activity.key.clone());
    let withdraw = activity.signed_up;
    let open = activity.starts_at > now_millis();
    let send = move |_| {
        action.dispatch(SignUp { key: key.get_value(), withdraw });
    };
    view! {
        <p class="muted" data-testid="signups">
            {t!(i18n, signup_count)} " " {places}
            {withdraw.then(|| view! { " · " <strong data-testid="signed-up">{t!(i18n, signup_done)}</strong> })}
        </p>
        <Show when=move || open>
            <button type="button" class="secondary" data-testid="sign-up" on:click=send>
                {if withdraw { t_string!(i18n, signup_withdraw) } else { t_string!(i18n, signup_action) }}
            </button>
        </Show>
        <Outcome outcome=action_outcome(action.value()) saved=move || t_string!(i18n, saved) />
    }
}

/// A check-in (true: a check-out) of this activity still waiting to be sent.
fn waiting_check_in(copy: &crate::components::PhoneCopy, key: &str) -> Option<bool> {
    let records = copy.records.get()?.ok()?;
    let waiting = records.iter().filter(|r| r.mark != SyncMark::Synced);
    waiting.filter_map(LocalRecord::as_check_in).filter(|c| c.activity == key).map(|c| c.out).max()
}

/// The organiser's code: a QR code and 6 digits, new every 30 seconds,
/// made on this phone from the activity's secret.
#[component]
fn ShowCode(key: String, title: String, secret: String) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let now = RwSignal::new(now_millis());
    Effect::new(move |_| {
        if let Ok(handle) =
            set_interval_with_handle(move || now.set(now_millis()), std::time::Duration::from_secs(1))
        {
            on_cleanup(move || handle.clear());
        }
    });
    let (key, secret) = (StoredValue::new(key), StoredValue::new(secret));
    let code = move || {
        let step = step_of(now.get());
        let code = secret.with_value(|secret| key.with_value(|key| check_in_code(secret, key, step)));
        let key = key.get_value();
        (qr_text(&key, step, &code), code, STEP_SECONDS - (now.get() / 1000).rem_euclid(STEP_SECONDS))
    };
    view! {
        <button type="button" class="primary" data-testid="show-code" on:click=move |_| open.update(|o| *o = !*o)>
            {t!(i18n, show_code)}
        </button>
        <Show when=move || open.get()>
            <div class="check-in-code" data-testid="check-in-code" aria-label=title.clone()>
                {move || {
                    let (qr, digits, left) = code();
                    view! {
                        <QrCode text=qr />
                        <p class="code-digits" data-testid="code-digits">{digits}</p>
                        <p class="muted">{t!(i18n, code_changes_in)} " " {left} "s"</p>
                    }
                }}
            </div>
        </Show>
    }
}

/// A QR code drawn as one SVG path: small, sharp at any size, no canvas.
#[component]
fn QrCode(text: String) -> impl IntoView {
    let Ok(qr) = qrcodegen::QrCode::encode_text(&text, qrcodegen::QrCodeEcc::Medium) else {
        return view! { <p class="notice-error">{text}</p> }.into_any();
    };
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{x} {y}h1v1h-1z"));
            }
        }
    }
    let quiet = 4;
    let view_box = format!("{} {} {} {}", -quiet, -quiet, size + 2 * quiet, size + 2 * quiet);
    view! {
        <svg class="qr" viewBox=view_box role="img" shape-rendering="crispEdges" data-testid="qr">
            <rect x={-quiet} y={-quiet} width={size + 2 * quiet} height={size + 2 * quiet} fill="#fff" />
            <path d=path fill="#000" />
        </svg>
    }
    .into_any()
}

/// The volunteer's side: the 6 digits typed, or a photo of the QR code
/// read by the phone's barcode reader where it has one.
#[component]
fn CheckInForm(
    key: String,
    title: String,
    out: bool,
    problem: RwSignal<Option<LocalError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(), Problem>>);
    let key = StoredValue::new(key);
    let title = StoredValue::new(title);
    let send = move |input: CheckInInput| {
        spawn_local(async move {
            let result = keep_check_in(i18n, input, title.get_value()).await;
            if result.is_ok() {
                code.set(String::new());
            }
            outcome.set(Some(result.map_err(Problem::from)));
        });
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = code.get_untracked().trim().to_owned();
        if !is_code(&typed) {
            outcome.set(Some(Err(crate::model::Field::Code.into())));
            return;
        }
        match new_record_id() {
            Ok(check_in_id) => send(CheckInInput {
                check_in_id,
                activity: key.get_value(),
                step: step_of(now_millis()),
                code: typed,
                out,
            }),
            Err(error) => problem.set(Some(error)),
        }
    };
    let scan = move |event: leptos::ev::Event| {
        read_qr_photo(event, move |text| {
            let scanned = text.and_then(|text| read_qr(&text));
            match (scanned, new_record_id()) {
                (Some((activity, step, scanned_code)), Ok(check_in_id)) if activity == key.get_value() => {
                    send(CheckInInput { check_in_id, activity, step, code: scanned_code, out })
                }
                (_, Err(error)) => problem.set(Some(error)),
                _ => outcome.set(Some(Err(crate::model::Field::Code.into()))),
            }
        });
    };
    // Known only in the browser, after hydration (the server renders without it).
    let has_reader = RwSignal::new(false);
    Effect::new(move |_| has_reader.set(crate::offline::can_read_qr()));
    let label = move || if out { t_string!(i18n, check_out) } else { t_string!(i18n, check_in) };
    view! {
        <form class="form" on:submit=submit data-testid="check-in-form">
            <label>
                {t!(i18n, check_in_code)}
                <input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}"
                    prop:value=code on:input=move |ev| code.set(event_target_value(&ev)) />
            </label>
            <Outcome outcome saved=move || t_string!(i18n, check_in_saved) />
            <button type="submit" class="primary">{label}</button>
            <Show when=move || has_reader.get()>
                <label class="button secondary">
                    {t!(i18n, scan_code)}
                    <input type="file" accept="image/*" capture="environment" class="hidden" on:change=scan />
                </label>
            </Show>
        </form>
    }
}

async fn keep_check_in(
    i18n: leptos_i18n::I18nContext<Locale>,
    input: CheckInInput,
    title: String,
) -> Result<(), LocalError> {
    let item = CheckInItem {
        activity: input.activity.clone(),
        activity_title: title,
        out: input.out,
        captured_at: now_millis(),
    };
    let record = LocalRecord::check_in(input.check_in_id.clone(), item);
    let summary = if input.out { t_string!(i18n, check_out) } else { t_string!(i18n, check_in) };
    save(OpKind::CheckIn, &input, record, summary.into()).await
}

/// An organiser's new activity (online: the server makes its code's secret).
#[component]
fn ActivityForm() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateActivity>::new();
    // The new activity reaches the phone's copy with the next pull.
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(_))) {
            crate::offline::sync_now();
        }
    });
    let teams = Resource::new(|| (), |_| list_teams());
    let kinds = ActivityKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str()>{move || activity_kind_name(i18n.get_locale(), *k)}</option> })
        .collect_view();
    view! {
        <details class="collapsible">
            <summary>{t!(i18n, activity_new)}</summary>
            <ActionForm action=create attr:class="form" attr:data-testid="activity-form">
                <label>{t!(i18n, activity_kind)} <select name="kind">{kinds}</select></label>
                <label>{t!(i18n, activity_title_label)} <input name="title" required maxlength="60" /></label>
                <label>{t!(i18n, activity_org)} <input name="org_code" required /></label>
                <label>{t!(i18n, activity_place)} <input name="place" maxlength="60" /></label>
                <label>{t!(i18n, activity_starts)} <input type="datetime-local" name="starts" required /></label>
                <label>{t!(i18n, activity_ends)} <input type="datetime-local" name="ends" required /></label>
                <label>{t!(i18n, activity_hours)} <input name="hours" inputmode="decimal" required /></label>
                <label>{t!(i18n, activity_capacity)} <input name="capacity" inputmode="numeric" /></label>
                <label class="check"><input type="checkbox" name="signup" /> {t!(i18n, activity_signup)}</label>
                <label>{t!(i18n, activity_team)} <select name="team">
                    <option value="">{t!(i18n, activity_team_none)}</option>
                    <Transition>{move || teams.get().and_then(Result::ok).map(|teams| {
                        teams.into_iter()
                            .map(|team| view! { <option value=team.key>{team.name}</option> })
                            .collect_view()
                    })}</Transition>
                </select></label>
                <Outcome outcome=action_outcome(create.value()) saved=move || t_string!(i18n, saved) />
                <button type="submit" class="primary">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}
