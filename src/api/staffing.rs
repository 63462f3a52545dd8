//! Grid staffing ("1+1+1+N") and reporting units ("1+N").

use crate::model::staffing::{StaffEntry, UnitSummary};
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "staffing/list")]
pub async fn list_staff() -> Result<Vec<StaffEntry>, AppError> {
    crate::api::with_status(ssr::list().await)
}

/// Puts a person on a duty of a grid; `mobile` (optional) links their account.
#[server(endpoint = "staffing/add")]
pub async fn add_staff(
    grid_code: String,
    duty: String,
    person_name: String,
    mobile: String,
) -> Result<(), AppError> {
    crate::api::with_status(ssr::add(grid_code, duty, person_name, mobile).await)
}

#[server(endpoint = "staffing/remove")]
pub async fn remove_staff(key: String) -> Result<(), AppError> {
    crate::api::with_status(ssr::remove(key).await)
}

#[server(endpoint = "units/list")]
pub async fn list_units() -> Result<Vec<UnitSummary>, AppError> {
    crate::api::with_status(ssr::list_units().await)
}

#[server(endpoint = "units/add")]
pub async fn add_unit(community_code: String, name: String, contact_name: String) -> Result<(), AppError> {
    crate::api::with_status(ssr::add_unit(community_code, name, contact_name).await)
}

#[server(endpoint = "units/remove")]
pub async fn remove_unit(key: String) -> Result<(), AppError> {
    crate::api::with_status(ssr::remove_unit(key).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope;
    use crate::server::repo::staffing;

    pub async fn list() -> Result<Vec<StaffEntry>, AppError> {
        let caller = scope::caller().await?;
        staffing::list(caller.db(), &caller.scope).await
    }

    pub async fn add(
        grid_code: String,
        duty: String,
        person_name: String,
        mobile: String,
    ) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        let new = staffing::NewDuty { grid_code, duty, person_name, mobile };
        staffing::add(caller.db(), &caller.scope, new, &caller.ip).await
    }

    pub async fn remove(key: String) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        staffing::remove(caller.db(), &caller.scope, &key, &caller.ip).await
    }

    pub async fn list_units() -> Result<Vec<UnitSummary>, AppError> {
        let caller = scope::caller().await?;
        staffing::list_units(caller.db(), &caller.scope).await
    }

    pub async fn add_unit(
        community_code: String,
        name: String,
        contact_name: String,
    ) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        let new = staffing::NewUnit { community_code, name, contact_name };
        staffing::add_unit(caller.db(), &caller.scope, new, &caller.ip).await
    }

    pub async fn remove_unit(key: String) -> Result<(), AppError> {
        let caller = scope::caller().await?;
        staffing::remove_unit(caller.db(), &caller.scope, &key, &caller.ip).await
    }
}
