//! 志愿服务证明: a printable certificate of the member's verified hours for
//! a year or a quarter (A4, the community's name, no ID or phone numbers).
//! The print style sheet hides everything but the certificate.

use crate::api::volunteer::get_certificate;
use crate::components::Loaded;
use crate::i18n::*;
use crate::model::assessment::{tenths_text, Period};
use crate::model::volunteer::Certificate;
use leptos::prelude::*;

#[component]
pub fn CertificatePage() -> impl IntoView {
    let i18n = use_i18n();
    // Empty: this year, as the server counts it.
    let period = RwSignal::new(String::new());
    let certificate = Resource::new(move || period.get(), get_certificate);
    let print = move |_| crate::offline::print_page();
    view! {
        <section class="card no-print">
            <h1>{t!(i18n, cert_page_title)}</h1>
            <label class="form">
                {t!(i18n, totals_period)}
                <input data-testid="cert-period" placeholder="2026 / 2026-Q4"
                    on:change=move |ev| period.set(event_target_value(&ev)) />
            </label>
            <button type="button" class="primary" data-testid="cert-print" on:click=print>{t!(i18n, cert_print)}</button>
        </section>
        <Loaded resource=certificate view={|certificate: Certificate| view! { <Paper certificate /> }} />
    }
}

#[component]
fn Paper(certificate: Certificate) -> impl IntoView {
    let i18n = use_i18n();
    let Certificate { person_name, community_name, period, tenths, stars, issued_on } = certificate;
    let stars = (stars > 0).then(|| {
        view! { <span>{t!(i18n, cert_stars)} " " {"★".repeat(stars as usize)}</span> }
    });
    let signed_by = community_name.clone();
    view! {
        <article class="certificate" data-testid="certificate">
            <h1>{t!(i18n, cert_title)}</h1>
            <p class="certificate-body">
                {t!(i18n, cert_certifies)} " " <strong data-testid="cert-name">{person_name}</strong> " "
                {t!(i18n, cert_in_period)} " " {move || period_text(i18n.get_locale(), period)} " "
                {t!(i18n, cert_at)} " " {community_name} " "
                {t!(i18n, cert_served)} " " <strong data-testid="cert-hours">{tenths_text(tenths)}</strong> " "
                {t!(i18n, task_hours)} {t!(i18n, cert_full_stop)} " " {stars}
            </p>
            <p class="certificate-body">{t!(i18n, cert_closing)}</p>
            <p class="certificate-sign">{signed_by} <br /> {issued_on}</p>
        </article>
    }
}

fn period_text(locale: Locale, period: Period) -> String {
    match (locale, period.quarter) {
        (Locale::en, Some(q)) => format!("Q{q} {}", period.year),
        (Locale::en, None) => period.year.to_string(),
        (_, Some(q)) => {
            format!("{}年第{}季度", period.year, ["一", "二", "三", "四"][(q as usize - 1).min(3)])
        }
        (_, None) => format!("{}年", period.year),
    }
}
