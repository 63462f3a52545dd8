//! Grid staffing ("1+1+1+N") and reporting units ("1+N").

use crate::model::staffing::{DutyInput, ServeStep, StaffEntry, UnitInput, UnitSummary};
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "staffing/list")]
pub async fn list_staff() -> Result<Vec<StaffEntry>, AppError> {
    ssr::list().await
}

/// Puts a person on a duty of a grid; `mobile` (optional) links their account.
#[server(endpoint = "staffing/add")]
pub async fn add_staff(#[server(flatten)] input: DutyInput) -> Result<(), AppError> {
    ssr::add(input).await
}

#[server(endpoint = "staffing/remove")]
pub async fn remove_staff(key: String) -> Result<(), AppError> {
    ssr::remove(key).await
}

#[server(endpoint = "units/list")]
pub async fn list_units() -> Result<Vec<UnitSummary>, AppError> {
    ssr::list_units().await
}

#[server(endpoint = "units/add")]
pub async fn add_unit(#[server(flatten)] input: UnitInput) -> Result<(), AppError> {
    ssr::add_unit(input).await
}

#[server(endpoint = "units/remove")]
pub async fn remove_unit(key: String) -> Result<(), AppError> {
    ssr::remove_unit(key).await
}

/// A street admin has a unit serve one more community, or one less ("1+N").
#[server(endpoint = "units/serve")]
pub async fn serve_community(key: String, community_code: String, step: ServeStep) -> Result<(), AppError> {
    ssr::serve(key, community_code, step).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope::caller;
    use crate::server::repo::staffing;

    pub async fn list() -> Result<Vec<StaffEntry>, AppError> {
        let caller = caller().await?;
        staffing::list(caller.db(), &caller.scope).await
    }

    pub async fn add(input: DutyInput) -> Result<(), AppError> {
        let caller = caller().await?;
        staffing::add(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn remove(key: String) -> Result<(), AppError> {
        let caller = caller().await?;
        staffing::remove(caller.db(), &caller.scope, &key, &caller.ip).await
    }

    pub async fn list_units() -> Result<Vec<UnitSummary>, AppError> {
        let caller = caller().await?;
        staffing::list_units(caller.db(), &caller.scope).await
    }

    pub async fn add_unit(input: UnitInput) -> Result<(), AppError> {
        let caller = caller().await?;
        staffing::add_unit(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn remove_unit(key: String) -> Result<(), AppError> {
        let caller = caller().await?;
        staffing::remove_unit(caller.db(), &caller.scope, &key, &caller.ip).await
    }

    pub async fn serve(key: String, community_code: String, step: ServeStep) -> Result<(), AppError> {
        let caller = caller().await?;
        let target = (key.as_str(), community_code.as_str(), step);
        staffing::serve(caller.db(), &caller.scope, target, &caller.ip).await
    }
}
