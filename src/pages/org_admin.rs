use crate::api::import::ImportOrg;
use crate::components::ErrorNotice;
use crate::i18n::*;
use crate::model::import::{ImportProblem, ImportReport};
use leptos::prelude::*;

/// Street admins and secretaries: export and import their part of the tree.
#[component]
pub fn OrgAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let import = ServerAction::<ImportOrg>::new();
    let outcome = move || match import.value().get() {
        Some(Ok(report)) => Some(view! { <Report report /> }.into_any()),
        Some(Err(error)) => Some(view! { <ErrorNotice error /> }.into_any()),
        None => None,
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, org_admin_title)}</h1>
            <a class="button secondary" href="/export/org.csv" rel="external" download data-testid="export-org">
                {t!(i18n, export_org)}
            </a>
            <ActionForm action=import attr:class="form">
                <label>
                    {t!(i18n, import_org)}
                    <textarea name="csv" rows="8" required placeholder="level,code,name,parent_code,address"></textarea>
                </label>
                <p class="muted">{t!(i18n, import_hint)}</p>
                {outcome}
                <button type="submit" class="primary" disabled=move || import.pending().get()>
                    {t!(i18n, import_submit)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    if report.problems.is_empty() {
        let imported = report.imported;
        return view! {
            <p class="notice" role="status" data-testid="import-done">{t!(i18n, import_done)} {imported}</p>
        }
        .into_any();
    }
    let lines = report
        .problems
        .into_iter()
        .map(|row| {
            let problem = move || problem_text(i18n, row.problem);
            view! { <li>{t!(i18n, import_line)} " " {row.line} ": " {problem}</li> }
        })
        .collect_view();
    view! {
        <div class="notice notice-error" role="alert" data-testid="import-problems">
            <p>{t!(i18n, import_nothing)}</p>
            <ul>{lines}</ul>
        </div>
    }
    .into_any()
}

fn problem_text(i18n: leptos_i18n::I18nContext<Locale>, problem: ImportProblem) -> &'static str {
    match problem {
        ImportProblem::BadHeader => t_string!(i18n, import_bad_header),
        ImportProblem::BadLine => t_string!(i18n, import_bad_line),
        ImportProblem::UnknownLevel => t_string!(i18n, import_unknown_level),
        ImportProblem::MissingCode => t_string!(i18n, import_missing_code),
        ImportProblem::CodeTooLong => t_string!(i18n, import_code_too_long),
        ImportProblem::DuplicateCode => t_string!(i18n, import_duplicate_code),
        ImportProblem::CodeTaken => t_string!(i18n, import_code_taken),
        ImportProblem::MissingName => t_string!(i18n, import_missing_name),
        ImportProblem::NameTooLong => t_string!(i18n, import_name_too_long),
        ImportProblem::UnknownParent => t_string!(i18n, import_unknown_parent),
        ImportProblem::WrongParentLevel => t_string!(i18n, import_wrong_parent_level),
    }
}
