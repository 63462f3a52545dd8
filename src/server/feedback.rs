//! A unit's quarterly feedback sheet (反馈单), the record a community sends
//! back to the unit's employer: its score, the parts of the score and its
//! members' service, as an XLSX file and as a printable page. Names only;
//! no mobiles, no ID numbers.

use super::auth::scope::Caller;
use super::repo::assessment;
use super::AppState;
use crate::components::score_part_name;
use crate::i18n::Locale;
use crate::model::assessment::{tenths_text, Period, ScoreRow};
use crate::model::{AppError, Field};
use axum::extract::Query;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_i18n::td_string;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The sheet goes to Chinese employers: always in Chinese.
const ZH: Locale = Locale::zh_CN;

pub fn routes() -> Router<AppState> {
    Router::new().route("/export/feedback.xlsx", get(xlsx)).route("/export/feedback.html", get(printable))
}

#[derive(Debug, serde::Deserialize)]
struct Wanted {
    unit: String,
    period: String,
}

/// The unit's row and its members' rows, for the caller's area only.
async fn sheet(caller: &Caller, wanted: &Wanted) -> Result<(Period, ScoreRow, Vec<ScoreRow>), AppError> {
    let period = Period::parse(&wanted.period).ok_or(AppError::Invalid(Field::Period))?;
    let rules = &caller.state.settings.assessment;
    let (unit, members) =
        assessment::feedback(caller.db(), &caller.scope, rules, period, &wanted.unit).await?;
    Ok((period, unit, members))
}

fn title(unit: &ScoreRow, period: Period) -> String {
    format!("{} · {} · {}", unit.name, period.code(), td_string!(ZH, feedback_title))
}

async fn xlsx(caller: Caller, Query(wanted): Query<Wanted>) -> Result<Response, AppError> {
    let (period, unit, members) = sheet(&caller, &wanted).await?;
    let bytes = workbook(period, &unit, &members).map_err(|error| {
        tracing::error!(%error, "the feedback sheet could not be written");
        AppError::Internal
    })?;
    let name = format!("feedback-{}-{}.xlsx", wanted.unit, period.code());
    let headers = [
        (
            header::CONTENT_TYPE,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
        ),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
    ];
    Ok((headers, bytes).into_response())
}

fn workbook(period: Period, unit: &ScoreRow, members: &[ScoreRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(td_string!(ZH, feedback_title))?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 14)?;
    sheet.set_column_width(3, 14)?;
    sheet.set_column_width(4, 14)?;
    sheet.write_string_with_format(0, 0, title(unit, period), &bold)?;
    sheet.write_string(1, 0, td_string!(ZH, feedback_community))?;
    sheet.write_string(1, 1, unit.context.clone().unwrap_or_default())?;
    sheet.write_string(2, 0, td_string!(ZH, assessment_score))?;
    sheet.write_string(2, 1, tenths_text(i64::from(unit.score_tenths)))?;
    write_parts(sheet, 4, unit, &bold)?;
    write_members(sheet, 6 + unit.parts.len() as u32, members, &bold)?;
    book.save_to_buffer()
}

fn write_parts(sheet: &mut Worksheet, top: u32, unit: &ScoreRow, bold: &Format) -> Result<(), XlsxError> {
    for (col, head) in part_heads().into_iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, head, bold)?;
    }
    for (row, part) in (top + 1..).zip(&unit.parts) {
        sheet.write_string(row, 0, score_part_name(ZH, part.part))?;
        sheet.write_string(row, 1, unit.tally.figure(part.part))?;
        sheet.write_number(row, 2, f64::from(part.max_tenths) / 10.0)?;
        sheet.write_number(row, 3, f64::from(part.earned_tenths) / 10.0)?;
    }
    Ok(())
}

fn write_members(
    sheet: &mut Worksheet,
    top: u32,
    members: &[ScoreRow],
    bold: &Format,
) -> Result<(), XlsxError> {
    for (col, head) in member_heads().into_iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, head, bold)?;
    }
    for (row, member) in (top + 1..).zip(members) {
        sheet.write_string(row, 0, &member.name)?;
        sheet.write_number(row, 1, f64::from(member.tally.tasks))?;
        sheet.write_number(row, 2, f64::from(member.tally.on_time))?;
        sheet.write_number(row, 3, member.tally.hours_tenths as f64 / 10.0)?;
        sheet.write_number(row, 4, f64::from(member.score_tenths) / 10.0)?;
    }
    Ok(())
}

/// The headings of the table of the score's parts.
fn part_heads() -> [&'static str; 4] {
    [
        td_string!(ZH, feedback_part),
        td_string!(ZH, feedback_figure),
        td_string!(ZH, feedback_weight),
        td_string!(ZH, feedback_earned),
    ]
}

/// The headings of the table of the unit's members.
fn member_heads() -> [&'static str; 5] {
    [
        td_string!(ZH, feedback_member),
        td_string!(ZH, feedback_tasks),
        td_string!(ZH, feedback_on_time),
        td_string!(ZH, feedback_hours),
        td_string!(ZH, assessment_score),
    ]
}

/// The same sheet as a page to print (A4, from the browser's print menu).
async fn printable(caller: Caller, Query(wanted): Query<Wanted>) -> Result<Response, AppError> {
    let (period, unit, members) = sheet(&caller, &wanted).await?;
    let parts = unit
        .parts
        .iter()
        .map(|part| {
            view! {
                <tr>
                    <th scope="row">{score_part_name(ZH, part.part)}</th>
                    <td>{unit.tally.figure(part.part)}</td>
                    <td>{tenths_text(i64::from(part.max_tenths))}</td>
                    <td>{tenths_text(i64::from(part.earned_tenths))}</td>
                </tr>
            }
        })
        .collect_view();
    let people = members
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row">{m.name.clone()}</th>
                    <td>{m.tally.tasks}</td>
                    <td>{m.tally.on_time}</td>
                    <td>{tenths_text(m.tally.hours_tenths)}</td>
                    <td>{tenths_text(i64::from(m.score_tenths))}</td>
                </tr>
            }
        })
        .collect_view();
    let body = view! {
        <main class="sheet">
            <h1>{title(&unit, period)}</h1>
            <p>{td_string!(ZH, feedback_community)}" "{unit.context.clone()}" · "
                {td_string!(ZH, assessment_score)}" "<strong>{tenths_text(i64::from(unit.score_tenths))}</strong></p>
            <table>
                <thead><tr>{heads(part_heads())}</tr></thead>
                <tbody>{parts}</tbody>
            </table>
            <h2>{td_string!(ZH, assessment_members)}</h2>
            <table>
                <thead><tr>{heads(member_heads())}</tr></thead>
                <tbody>{people}</tbody>
            </table>
        </main>
    };
    Ok(super::public_page::page(StatusCode::OK, title(&unit, period), body.to_html(), "no-store"))
}

fn heads<const N: usize>(names: [&'static str; N]) -> impl IntoView {
    names.map(|name| view! { <th scope="col">{name}</th> }).into_iter().collect_view()
}
