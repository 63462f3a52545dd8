use crate::components::ErrorNotice;
use crate::i18n::*;
use crate::model::import::{ImportProblem, ImportReport};
use crate::model::AppError;
use leptos::prelude::*;

/// The answer to a CSV import form: the report, or the error.
#[component]
pub fn ImportOutcome(#[prop(into)] value: Signal<Option<Result<ImportReport, AppError>>>) -> impl IntoView {
    move || match value.get() {
        Some(Ok(report)) => Some(view! { <ImportReportView report /> }.into_any()),
        Some(Err(error)) => Some(view! { <ErrorNotice error /> }.into_any()),
        None => None,
    }
}

/// The outcome of a CSV import: how many rows, or every bad line and why.
#[component]
pub fn ImportReportView(report: ImportReport) -> impl IntoView {
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
        ImportProblem::BadMobile => t_string!(i18n, import_bad_mobile),
        ImportProblem::DuplicateMobile => t_string!(i18n, import_duplicate_mobile),
        ImportProblem::MobileTaken => t_string!(i18n, import_mobile_taken),
        ImportProblem::UnknownRole => t_string!(i18n, import_unknown_role),
        ImportProblem::RoleNotAllowed => t_string!(i18n, import_role_not_allowed),
        ImportProblem::BadPassword => t_string!(i18n, import_bad_password),
    }
}
