//! Who is asking, and which part of the organisation tree they may see.
//! Every repository function that reads or writes scoped data takes a
//! [`Scope`]; the only way to get one is [`require`], from the session.

use super::{cookie, session};
use crate::model::account::Role;
use crate::model::AppError;
use crate::server::repo::stored;
use crate::server::AppState;
use axum::http::HeaderMap;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
struct ScopeRow {
    account: RecordId,
    public_id: String,
    org: RecordId,
    roles: Vec<String>,
    active: bool,
    must_change_password: bool,
}

#[derive(Debug, Clone)]
pub struct Scope {
    pub account: RecordId,
    /// The account's opaque id, the only one that leaves the server.
    pub account_ref: String,
    /// The org node the account is attached to; its subtree is visible.
    pub org: RecordId,
    pub roles: Vec<Role>,
    /// A temporary password: until it is changed, nothing but that.
    pub must_change_password: bool,
}

impl Scope {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.iter().any(|role| self.has_role(*role))
    }

    /// Street admins and secretaries administer their subtree; others are
    /// refused.
    pub fn require_admin(&self) -> Result<(), AppError> {
        self.require_any(&[Role::StreetAdmin, Role::Secretary])
    }

    /// The scope, unless the password is temporary and must be changed first.
    pub fn settled(self) -> Result<Scope, AppError> {
        match self.must_change_password {
            true => Err(AppError::PasswordChangeRequired),
            false => Ok(self),
        }
    }

    /// Refused (`Forbidden`) unless the caller has one of `roles`.
    pub fn require_any(&self, roles: &[Role]) -> Result<(), AppError> {
        self.has_any_role(roles).then_some(()).ok_or(AppError::Forbidden)
    }
}

/// The scope of the session of the request being served (in a server
/// function), or "please log in".
pub async fn from_request(state: &AppState) -> Result<Scope, AppError> {
    require(state, &request_headers().await?).await
}

/// The headers of the request being served (in a server function).
pub async fn request_headers() -> Result<HeaderMap, AppError> {
    leptos_axum::extract::<HeaderMap>().await.map_err(|error| {
        tracing::error!(%error, "no request headers");
        AppError::Internal
    })
}

/// The client address of the request being served (in a server function).
/// Without headers (never in a real request) the proxy's address would
/// stand for every client: an error, not a guess.
pub async fn client_ip() -> Result<String, AppError> {
    let state = leptos::prelude::expect_context::<AppState>();
    // Tests without a socket have no peer address; the headers may still name one.
    let peer = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await.ok();
    let headers = request_headers().await?;
    Ok(client_address(&state, &headers, peer.map(|info| info.0)))
}

/// The peer address, or behind a configured proxy the address it reports
/// (the last `X-Forwarded-For` entry: earlier ones come from the client and
/// can be forged).
pub fn client_address(state: &AppState, headers: &HeaderMap, peer: Option<std::net::SocketAddr>) -> String {
    let forwarded = || {
        let value = headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?;
        let last = value.rsplit(',').next()?.trim();
        last.parse::<std::net::IpAddr>().ok().map(|ip| ip.to_string())
    };
    let from_proxy = state.settings.behind_proxy.then(forwarded).flatten();
    from_proxy.or_else(|| peer.map(|addr| addr.ip().to_string())).unwrap_or_else(|| "unknown".into())
}

/// The scope of the session in `headers`, or "please log in".
pub async fn require(state: &AppState, headers: &HeaderMap) -> Result<Scope, AppError> {
    let secure = state.settings.secure_cookies;
    let token = cookie::read(headers, secure).ok_or(AppError::Unauthenticated)?;
    let account = session::resolve(&state.db, &token, state.settings.session_lifetimes())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let row: Option<ScopeRow> = state
        .db
        .query("SELECT id AS account, public_id, org, roles, active, must_change_password FROM ONLY $account")
        .bind(("account", account))
        .await?
        .take(0)?;
    match row {
        Some(row) if row.active => scope_of(row),
        _ => Err(AppError::Unauthenticated),
    }
}

fn scope_of(row: ScopeRow) -> Result<Scope, AppError> {
    let roles = row.roles.iter().map(|role| stored(role, Role::parse, "role")).collect::<Result<_, _>>()?;
    Ok(Scope {
        account: row.account,
        account_ref: row.public_id,
        org: row.org,
        roles,
        must_change_password: row.must_change_password,
    })
}

/// Everything a server function needs to act for the caller.
pub struct Caller {
    pub state: AppState,
    pub scope: Scope,
    pub ip: String,
}

impl Caller {
    pub fn db(&self) -> &crate::server::Database {
        &self.state.db
    }
}

/// Plain routes (the CSV downloads) get their caller as an extractor.
impl axum::extract::FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, AppError> {
        let scope = require(state, &parts.headers).await?.settled()?;
        let peer =
            parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|info| info.0);
        let ip = client_address(state, &parts.headers, peer);
        Ok(Caller { state: state.clone(), scope, ip })
    }
}

/// The caller of the server function being served, or "please log in";
/// an account with a temporary password gets "change your password first".
pub async fn caller() -> Result<Caller, AppError> {
    let Caller { state, scope, ip } = caller_with_temporary_password().await?;
    Ok(Caller { state, scope: scope.settled()?, ip })
}

/// The caller even while their password is temporary: for changing it.
pub async fn caller_with_temporary_password() -> Result<Caller, AppError> {
    let state = leptos::prelude::expect_context::<AppState>();
    let scope = from_request(&state).await?;
    let ip = client_ip().await?;
    Ok(Caller { state, scope, ip })
}
