//! Dual reporting's three lists (resources, projects, needs) and the grid
//! offices' published contacts, for the people who keep them.

use crate::model::service_list::{
    GridOffice, GridOfficeInput, ItemStatus, ItemStep, ListKind, MatchStep, ServiceItem, ServiceItemInput,
};
use crate::model::AppError;
use leptos::prelude::*;

/// One list of the caller's area; `status` narrows it (drafts: the needs
/// residents sent, waiting to be read).
#[server(endpoint = "lists/items")]
pub async fn list_items(kind: ListKind, status: Option<ItemStatus>) -> Result<Vec<ServiceItem>, AppError> {
    ssr::items(kind, status).await
}

/// Adds a draft (empty `key`) or changes an item; returns its key.
#[server(endpoint = "lists/save")]
pub async fn save_item(#[server(flatten)] input: ServiceItemInput) -> Result<String, AppError> {
    ssr::save(input).await
}

/// Publishes or closes an item.
#[server(endpoint = "lists/step")]
pub async fn step_item(key: String, step: ItemStep) -> Result<(), AppError> {
    ssr::step(key, step).await
}

/// Matches a need to a published resource of its community, or undoes it.
#[server(endpoint = "lists/match")]
pub async fn match_need(need_key: String, resource_key: String, step: MatchStep) -> Result<(), AppError> {
    ssr::match_need(need_key, resource_key, step).await
}

#[server(endpoint = "lists/offices")]
pub async fn list_offices() -> Result<Vec<GridOffice>, AppError> {
    ssr::offices().await
}

/// Sets what a grid office publishes; empty stops publishing it.
#[server(endpoint = "lists/set_office")]
pub async fn set_office(#[server(flatten)] input: GridOfficeInput) -> Result<(), AppError> {
    ssr::set_office(input).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::server::auth::scope::caller;
    use crate::server::repo::service_lists;

    pub async fn items(kind: ListKind, status: Option<ItemStatus>) -> Result<Vec<ServiceItem>, AppError> {
        let caller = caller().await?;
        service_lists::list(caller.db(), &caller.scope, kind, status).await
    }

    pub async fn save(input: ServiceItemInput) -> Result<String, AppError> {
        let caller = caller().await?;
        service_lists::save(caller.db(), &caller.scope, input, &caller.ip).await
    }

    pub async fn step(key: String, step: ItemStep) -> Result<(), AppError> {
        let caller = caller().await?;
        service_lists::take_step(caller.db(), &caller.scope, &key, step, &caller.ip).await
    }

    pub async fn match_need(need_key: String, resource_key: String, step: MatchStep) -> Result<(), AppError> {
        let caller = caller().await?;
        crate::server::repo::need_matches::set_match(
            caller.db(),
            &caller.scope,
            &need_key,
            &resource_key,
            step,
            &caller.ip,
        )
        .await
    }

    pub async fn offices() -> Result<Vec<GridOffice>, AppError> {
        let caller = caller().await?;
        service_lists::offices(caller.db(), &caller.scope).await
    }

    pub async fn set_office(input: GridOfficeInput) -> Result<(), AppError> {
        let caller = caller().await?;
        service_lists::set_office(caller.db(), &caller.scope, input, &caller.ip).await
    }
}
