//! Logging in and out, and who is logged in.

use crate::model::account::{CurrentUser, LoginInput, NewPasswordInput};
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "auth/login")]
pub async fn log_in(#[server(flatten)] input: LoginInput) -> Result<CurrentUser, AppError> {
    ssr::log_in(input).await
}

#[server(endpoint = "auth/logout")]
pub async fn log_out() -> Result<(), AppError> {
    ssr::log_out().await
}

/// Sets a new password; the user's other devices are logged out.
#[server(endpoint = "auth/password")]
pub async fn change_password(#[server(flatten)] input: NewPasswordInput) -> Result<(), AppError> {
    ssr::change_password(input).await
}

/// `None` when nobody is logged in.
#[server(endpoint = "auth/me")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    ssr::current_user().await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::model::account::{mask_mobile, Role};
    use crate::model::audit::AuditAction;
    use crate::model::org::OrgLevel;
    use crate::server::auth::{account, audit, cookie, login, scope, session};
    use crate::server::repo::stored;
    use crate::server::AppState;
    use axum::http::{header, HeaderValue};
    use surrealdb::types::{RecordId, SurrealValue};

    pub async fn log_in(input: LoginInput) -> Result<CurrentUser, AppError> {
        let state = expect_context::<AppState>();
        let headers = scope::request_headers().await?;
        let attempt = login::Attempt {
            mobile: input.mobile,
            password: input.password,
            ip: scope::client_ip().await?,
            previous_token: cookie::read(&headers, state.settings.secure_cookies),
        };
        let logged_in = login::log_in(&state, attempt).await?;
        let max_age = state.settings.session_lifetimes().absolute.as_secs();
        set_cookie(&cookie::set(&logged_in.token, state.settings.secure_cookies, max_age));
        load_user(&state, logged_in.account).await
    }

    pub async fn log_out() -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        let headers = scope::request_headers().await?;
        match scope::require(&state, &headers).await {
            Ok(scope) => {
                let event = audit::Event::new(AuditAction::Logout)
                    .actor(&scope.account)
                    .ip(&scope::client_ip().await?);
                audit::record(&state.db, event).await?;
            }
            // Already logged out (or expired): still clear the cookie.
            Err(AppError::Unauthenticated) => {}
            Err(error) => return Err(error),
        }
        if let Some(token) = cookie::read(&headers, state.settings.secure_cookies) {
            session::end(&state.db, &token).await?;
        }
        set_cookie(&cookie::clear(state.settings.secure_cookies));
        Ok(())
    }

    pub async fn change_password(input: NewPasswordInput) -> Result<(), AppError> {
        let state = expect_context::<AppState>();
        let headers = scope::request_headers().await?;
        let scope = scope::require(&state, &headers).await?;
        let change = account::PasswordChange {
            current: input.current,
            new: input.new,
            keep_token: cookie::read(&headers, state.settings.secure_cookies).unwrap_or_default(),
            ip: scope::client_ip().await?,
        };
        account::change_password(&state, &scope, change).await
    }

    pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
        let state = expect_context::<AppState>();
        match scope::from_request(&state).await {
            Ok(scope) => load_user(&state, scope.account).await.map(Some),
            Err(AppError::Unauthenticated) => Ok(None),
            Err(other) => Err(other),
        }
    }

    #[derive(Debug, SurrealValue)]
    struct UserRow {
        public_id: String,
        name: String,
        mobile: String,
        roles: Vec<String>,
        org_name: String,
        org_level: String,
        must_change_password: bool,
    }

    async fn load_user(state: &AppState, account: RecordId) -> Result<CurrentUser, AppError> {
        let row: Option<UserRow> = state
            .db
            .query(
                "SELECT public_id, name, mobile, roles, org.name AS org_name, org.level AS org_level, \
                 must_change_password FROM ONLY $account",
            )
            .bind(("account", account))
            .await?
            .take(0)?;
        let row = row.ok_or(AppError::Unauthenticated)?;
        Ok(CurrentUser {
            id: row.public_id,
            name: row.name,
            mobile_masked: mask_mobile(&row.mobile),
            roles: row.roles.iter().map(|r| stored(r, Role::parse, "role")).collect::<Result<_, _>>()?,
            org_name: row.org_name,
            org_level: stored(&row.org_level, OrgLevel::parse, "org level")?,
            must_change_password: row.must_change_password,
        })
    }

    fn set_cookie(value: &str) {
        let response = expect_context::<leptos_axum::ResponseOptions>();
        match HeaderValue::from_str(value) {
            Ok(value) => response.append_header(header::SET_COOKIE, value),
            Err(error) => tracing::error!(%error, "unusable cookie"),
        }
    }
}
