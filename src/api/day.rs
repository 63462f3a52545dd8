//! The grid worker's day on the home screen.

use crate::model::day::DayDraft;
use crate::model::AppError;

/// The day's work of the logged-in field worker as the server draws it for
/// the home screen's first paint, passed through `draw` (none for anyone
/// else). Not a server function: in the browser the phone's copy is the
/// list, so there it is always none and `draw` is not even compiled in.
pub async fn first_paint_draft<T>(draw: impl FnOnce(DayDraft) -> T) -> Result<Option<T>, AppError> {
    #[cfg(feature = "ssr")]
    return Ok(ssr::draft().await?.map(draw));
    #[cfg(not(feature = "ssr"))]
    {
        let _ = draw;
        Ok(None)
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::model::day::FIELD_ROLES;
    use crate::server::auth::scope;
    use crate::server::sync::now_millis;
    use crate::server::{repo, AppState};
    use leptos::prelude::expect_context;

    pub async fn draft() -> Result<Option<DayDraft>, AppError> {
        let state = expect_context::<AppState>();
        let scope = match scope::from_request(&state).await {
            Ok(scope) if !scope.must_change_password && scope.has_any_role(&FIELD_ROLES) => scope,
            Ok(_) | Err(AppError::Unauthenticated) => return Ok(None),
            Err(error) => return Err(error),
        };
        let pull = repo::pull::changes(&state.db, &scope, &state.settings, 0).await?;
        Ok(Some(DayDraft::new(scope.account_ref.clone(), pull, now_millis())))
    }
}
