//! Reporting in (报到): a member registers with their community, the
//! secretary decides, the unit's admin keeps the unit's member list, and
//! the quarterly status of members and units is recorded as history.

use crate::model::reporting::{
    Decision, MyReporting, Registration, RegistrationInput, StatusEntry, UnitChoice, UnitMemberInput,
    UnitRoster,
};
use crate::model::AppError;
use leptos::prelude::*;

/// The reporting units a member can name as their workplace.
#[server(endpoint = "reporting/units")]
pub async fn unit_choices() -> Result<Vec<UnitChoice>, AppError> {
    ssr::unit_choices().await
}

/// A member reports in with the community where they live; returns the key.
#[server(endpoint = "reporting/register")]
pub async fn register(#[server(flatten)] input: RegistrationInput) -> Result<String, AppError> {
    ssr::register(input).await
}

#[server(endpoint = "reporting/mine")]
pub async fn my_registrations() -> Result<MyReporting, AppError> {
    ssr::mine().await
}

/// Registrations of the caller's area, waiting ones first.
#[server(endpoint = "reporting/queue")]
pub async fn registrations() -> Result<Vec<Registration>, AppError> {
    ssr::queue().await
}

/// Approves a registration, or declines it with a reason.
#[server(endpoint = "reporting/decide")]
pub async fn decide(key: String, decision: Decision, reason: String) -> Result<(), AppError> {
    ssr::decide(key, decision, reason).await
}

/// Records every approved member and unit of the caller's area as active or
/// inactive for a quarter (`2026-Q4`); returns how many rows were added.
#[server(endpoint = "reporting/record_quarter")]
pub async fn record_quarter(period: String) -> Result<u32, AppError> {
    ssr::record_quarter(period).await
}

#[server(endpoint = "reporting/history")]
pub async fn status_history() -> Result<Vec<StatusEntry>, AppError> {
    ssr::history().await
}

/// The unit admin's own unit: member list, registrations, history.
#[server(endpoint = "reporting/roster")]
pub async fn own_unit_roster() -> Result<UnitRoster, AppError> {
    ssr::roster().await
}

#[server(endpoint = "reporting/add_member")]
pub async fn add_unit_member(#[server(flatten)] input: UnitMemberInput) -> Result<(), AppError> {
    ssr::add_member(input).await
}

#[server(endpoint = "reporting/remove_member")]
pub async fn remove_unit_member(key: String) -> Result<(), AppError> {
    ssr::remove_member(key).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope::caller;
    use crate::server::repo::reporting;

    pub async fn unit_choices() -> Result<Vec<UnitChoice>, AppError> {
        let caller = caller().await?;
        reporting::unit_choices(caller.db(), &caller.scope).await
    }

    pub async fn register(input: RegistrationInput) -> Result<String, AppError> {
        let caller = caller().await?;
        reporting::register(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn mine() -> Result<MyReporting, AppError> {
        let caller = caller().await?;
        reporting::mine(caller.db(), &caller.scope).await
    }

    pub async fn queue() -> Result<Vec<Registration>, AppError> {
        let caller = caller().await?;
        reporting::queue(caller.db(), &caller.scope).await
    }

    pub async fn decide(key: String, decision: Decision, reason: String) -> Result<(), AppError> {
        let caller = caller().await?;
        reporting::decide(caller.db(), &caller.scope, &key, decision, &reason, &caller.ip).await
    }

    pub async fn record_quarter(period: String) -> Result<u32, AppError> {
        let caller = caller().await?;
        reporting::record_quarter(caller.db(), &caller.scope, &period, &caller.ip).await
    }

    pub async fn history() -> Result<Vec<StatusEntry>, AppError> {
        let caller = caller().await?;
        reporting::history(caller.db(), &caller.scope).await
    }

    pub async fn roster() -> Result<UnitRoster, AppError> {
        let caller = caller().await?;
        reporting::roster(caller.db(), &caller.scope).await
    }

    pub async fn add_member(input: UnitMemberInput) -> Result<(), AppError> {
        let caller = caller().await?;
        reporting::add_member(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn remove_member(key: String) -> Result<(), AppError> {
        let caller = caller().await?;
        reporting::remove_member(caller.db(), &caller.scope, &key, &caller.ip).await
    }
}
