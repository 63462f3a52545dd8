//! Volunteer hours: activities, each person's hours, and the verifiers'
//! queue. Check-ins and hours entered on a phone are not here: they are
//! outbox operations (`check_in`, `log_hours` in `server::sync`), offline too.

use crate::model::volunteer::{
    ActivityInput, ActivityItem, Certificate, HoursLine, HoursTotals, ManualEntry, MyHours, TeamInput,
    TeamItem, VerifyStep,
};
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

/// Signs the caller up for an activity before it starts (`withdraw`: takes it back).
#[server(endpoint = "activities/sign_up")]
pub async fn sign_up(key: String, withdraw: bool) -> Result<(), AppError> {
    ssr::sign_up(key, withdraw).await
}

/// The verified ledger of the caller's area, newest first, narrowed to
/// people whose name contains `person`: where a verifier finds an entry to correct.
#[server(endpoint = "hours/ledger")]
pub async fn hours_ledger(person: String) -> Result<Vec<HoursLine>, AppError> {
    ssr::ledger(person).await
}

/// Cancels a ledger entry with a reason, by a new entry with the opposite hours.
#[server(endpoint = "hours/cancel")]
pub async fn cancel_hours(key: String, reason: String) -> Result<(), AppError> {
    ssr::cancel(key, reason).await
}

/// The caller's certificate of verified hours for `period` (empty: this year).
#[server(endpoint = "hours/certificate")]
pub async fn get_certificate(period: String) -> Result<Certificate, AppError> {
    ssr::certificate(period).await
}

/// The temporary structures of the caller's area.
#[server(endpoint = "teams/list")]
pub async fn list_teams() -> Result<Vec<TeamItem>, AppError> {
    ssr::teams().await
}

/// Creates a temporary structure (empty key) or replaces one; returns its key.
#[server(endpoint = "teams/save")]
pub async fn save_team(#[server(flatten)] input: TeamInput) -> Result<String, AppError> {
    ssr::save_team(input).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::model::assessment::Period;
    use crate::model::time::DAY_MS;
    use crate::server::auth::scope::caller;
    use crate::server::repo::{activities, hours, teams};
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
        hours::totals(caller.db(), &caller.scope, year_or(&period)?).await
    }

    /// The period chosen, or this year.
    fn year_or(period: &str) -> Result<Period, AppError> {
        let this_year = Period::quarter_of(now_millis()).whole_year();
        Period::chosen(period, this_year).map_err(AppError::Invalid)
    }

    pub async fn sign_up(key: String, withdraw: bool) -> Result<(), AppError> {
        let caller = caller().await?;
        activities::sign_up(caller.db(), &caller.scope, &key, withdraw).await
    }

    pub async fn ledger(person: String) -> Result<Vec<HoursLine>, AppError> {
        let caller = caller().await?;
        hours::ledger(caller.db(), &caller.scope, &person).await
    }

    pub async fn cancel(key: String, reason: String) -> Result<(), AppError> {
        let caller = caller().await?;
        hours::cancel(caller.db(), &caller.scope, &key, &reason, &caller.ip).await
    }

    pub async fn certificate(period: String) -> Result<Certificate, AppError> {
        let caller = caller().await?;
        let stars = &caller.state.settings.star_hours;
        hours::certificate(caller.db(), &caller.scope, year_or(&period)?, stars).await
    }

    pub async fn teams() -> Result<Vec<TeamItem>, AppError> {
        let caller = caller().await?;
        teams::list(caller.db(), &caller.scope).await
    }

    pub async fn save_team(input: TeamInput) -> Result<String, AppError> {
        let caller = caller().await?;
        teams::save(caller.db(), &caller.scope, input, &caller.ip).await
    }
}
