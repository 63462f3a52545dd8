//! Volunteer hours: activities, each person's hours, and the verifiers'
//! queue. Check-ins and hours entered on a phone are not here: they are
//! outbox operations (`check_in`, `log_hours` in `server::sync`), offline too.

use crate::model::volunteer::{ActivityInput, ActivityItem, HoursTotals, ManualEntry, MyHours, VerifyStep};
use crate::model::AppError;
use leptos::prelude::*;

/// Creates an activity with the caller as its organiser; returns its key.
#[server(endpoint = "activities/create")]
pub async fn create_activity(#[server(flatten)] input: ActivityInput) -> Result<String, AppError> {
    ssr::create(input).await
}

/// The activities of the caller's area from a month ago to two months ahead.
#[server(endpoint = "activities/list")]
pub async fn list_activities() -> Result<Vec<ActivityItem>, AppError> {
    ssr::list().await
}

/// The caller's hours: totals, star level, ledger and their own entries.
#[server(endpoint = "hours/mine")]
pub async fn get_my_hours() -> Result<MyHours, AppError> {
    ssr::mine().await
}

/// Hours entered by hand that the caller may verify, oldest first.
#[server(endpoint = "hours/queue")]
pub async fn hours_queue() -> Result<Vec<ManualEntry>, AppError> {
    ssr::queue().await
}

/// Verifies or denies (with a reason) several entries at once.
#[server(endpoint = "hours/decide")]
pub async fn decide_hours(keys: Vec<String>, step: VerifyStep, reason: String) -> Result<u32, AppError> {
    ssr::decide(keys, step, reason).await
}

/// Verified hours of `period` (`2026-Q4`, `2026`; empty: this year) per
/// node of the caller's area, per unit and per person.
#[server(endpoint = "hours/totals")]
pub async fn get_hours_totals(period: String) -> Result<HoursTotals, AppError> {
    ssr::totals(period).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::model::assessment::Period;
    use crate::model::time::DAY_MS;
    use crate::server::auth::scope::caller;
    use crate::server::repo::{activities, hours};
    use crate::server::sync::now_millis;

    pub async fn create(input: ActivityInput) -> Result<String, AppError> {
        let caller = caller().await?;
        activities::create(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn list() -> Result<Vec<ActivityItem>, AppError> {
        let caller = caller().await?;
        let now = now_millis();
        activities::visible(caller.db(), &caller.scope, now - 30 * DAY_MS, now + 60 * DAY_MS).await
    }

    pub async fn mine() -> Result<MyHours, AppError> {
        let caller = caller().await?;
        hours::mine(caller.db(), &caller.scope, &caller.state.settings.star_hours).await
    }

    pub async fn queue() -> Result<Vec<ManualEntry>, AppError> {
        let caller = caller().await?;
        hours::queue(caller.db(), &caller.scope).await
    }

    pub async fn decide(keys: Vec<String>, step: VerifyStep, reason: String) -> Result<u32, AppError> {
        let caller = caller().await?;
        hours::decide(caller.db(), &caller.scope, (&keys, step, &reason), &caller.ip).await
    }

    pub async fn totals(period: String) -> Result<HoursTotals, AppError> {
        let caller = caller().await?;
        let period = match period.trim() {
            "" => Period::quarter_of(now_millis()).whole_year(),
            code => Period::parse(code).ok_or(AppError::Invalid(crate::model::Field::Period))?,
        };
        hours::totals(caller.db(), &caller.scope, period).await
    }
}
