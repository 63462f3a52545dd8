//! Accounts as administrators see them, always within the caller's scope:
//! an account outside it is "not found", never "forbidden".

use super::stored;
use crate::model::account::{
    check_new_password, mask_mobile, normalize_mobile, parse_roles, AccountChangeInput, AccountSummary,
    NewAccountInput, Role, MAX_PERSON_NAME_CHARS,
};
use crate::model::audit::AuditAction;
use crate::model::org::clean_name;
use crate::model::AppError;
use crate::model::Field;
use crate::server::auth::{audit, password, session, Scope};
use crate::server::error::{is_duplicate_record, violates, UniqueIndex};
use crate::server::repo::tree::node_in_scope;
use crate::server::Database;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
struct Row {
    id: RecordId,
    public_id: String,
    name: String,
    mobile: String,
    roles: Vec<String>,
    org_name: String,
    org_code: String,
    active: bool,
    ancestors: Vec<RecordId>,
}

/// The fields of [`Row`], for SELECT and for UPDATE … RETURN.
macro_rules! row_fields {
    () => {
        "id, public_id, name, mobile, roles, org.name AS org_name, org.code AS org_code, active, ancestors"
    };
}

pub async fn list(db: &Database, scope: &Scope) -> Result<Vec<AccountSummary>, AppError> {
    scope.require_admin()?;
    let rows: Vec<Row> = db
        .query(concat!(
            "SELECT ",
            row_fields!(),
            " FROM account WHERE ancestors CONTAINS $root ORDER BY mobile LIMIT 500"
        ))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    rows.into_iter().map(summary).collect()
}

/// Deactivating ends the account's sessions at once.
pub async fn set_active(
    db: &Database,
    scope: &Scope,
    key: &str,
    active: bool,
    ip: &str,
) -> Result<(), AppError> {
    scope.require_admin()?;
    if key == scope.account_ref && !active {
        return Err(AppError::Invalid(Field::Own));
    }
    let changed: Vec<Row> = db
        .query(concat!(
            "UPDATE account SET active = $active WHERE public_id = $key AND ancestors CONTAINS $root RETURN ",
            row_fields!()
        ))
        .bind(("active", active))
        .bind(("key", key.to_owned()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let Some(row) = changed.into_iter().next() else { return Err(AppError::NotFound) };
    if !active {
        session::end_all(db, &row.id).await?;
    }
    let action = if active { AuditAction::AccountActivated } else { AuditAction::AccountDeactivated };
    let event = audit::Event::new(action).actor(&scope.account).subject(&mask_mobile(&row.mobile)).ip(ip);
    audit::record(db, event.within(&row.ancestors)).await
}

fn summary(row: Row) -> Result<AccountSummary, AppError> {
    Ok(AccountSummary {
        key: row.public_id,
        name: row.name,
        mobile_masked: mask_mobile(&row.mobile),
        roles: row.roles.iter().map(|r| stored(r, Role::parse, "role")).collect::<Result<_, _>>()?,
        org_name: row.org_name,
        org_code: row.org_code,
        active: row.active,
    })
}

/// Roles an administrator may hand out: a secretary not the street's.
pub(crate) fn may_grant(scope: &Scope, role: Role) -> bool {
    scope.has_role(Role::StreetAdmin) || (scope.has_role(Role::Secretary) && role != Role::StreetAdmin)
}

/// Creates an account inside the caller's subtree with a temporary password
/// that must be changed at first use.
pub async fn create(db: &Database, scope: &Scope, new: NewAccountInput, ip: &str) -> Result<(), AppError> {
    scope.require_admin()?;
    let mobile = normalize_mobile(&new.mobile).ok_or(AppError::Invalid(Field::Mobile))?;
    let name = clean_name(&new.name, MAX_PERSON_NAME_CHARS).ok_or(AppError::Invalid(Field::Name))?;
    let role = Role::parse(&new.role).ok_or(AppError::Invalid(Field::Role))?;
    if !may_grant(scope, role) {
        return Err(AppError::Forbidden);
    }
    check_new_password(&new.password).map_err(AppError::PasswordRejected)?;
    let node = node_in_scope(db, scope, &new.org_code).await?;
    let hash = password::hash(new.password).await?;
    let created = db
        .query(
            "CREATE type::record('account', $mobile) CONTENT { mobile: $mobile, name: $name, password_hash: $hash, \
             roles: [$role], org: $org, ancestors: $ancestors, must_change_password: true }",
        )
        .bind(("mobile", mobile.clone()))
        .bind(("name", name))
        .bind(("hash", hash))
        .bind(("role", role.as_str()))
        .bind(("org", node.id))
        .bind(("ancestors", node.ancestors.clone()))
        .await?
        .check();
    match created {
        Err(error) if is_duplicate_record(&error) || violates(&error, UniqueIndex::AccountMobile) => {
            return Err(AppError::Invalid(Field::MobileTaken));
        }
        other => other.map(drop)?,
    }
    let event = audit::Event::new(AuditAction::AccountCreated)
        .actor(&scope.account)
        .subject(&mask_mobile(&mobile))
        .ip(ip);
    audit::record(db, event.within(&node.ancestors)).await
}

/// Sets a temporary password, unlocks the account and ends its sessions.
pub async fn reset_password(
    db: &Database,
    scope: &Scope,
    key: &str,
    temporary: String,
    ip: &str,
) -> Result<(), AppError> {
    scope.require_admin()?;
    check_new_password(&temporary).map_err(AppError::PasswordRejected)?;
    let hash = password::hash(temporary).await?;
    let changed: Vec<Row> = db
        .query(concat!(
            "UPDATE account SET password_hash = $hash, must_change_password = true, failed_logins = 0, ",
            "locked_until = NONE WHERE public_id = $key AND ancestors CONTAINS $root RETURN ",
            row_fields!()
        ))
        .bind(("hash", hash))
        .bind(("key", key.to_owned()))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let Some(row) = changed.into_iter().next() else { return Err(AppError::NotFound) };
    session::end_all(db, &row.id).await?;
    let event = audit::Event::new(AuditAction::PasswordReset)
        .actor(&scope.account)
        .subject(&mask_mobile(&row.mobile))
        .ip(ip);
    audit::record(db, event.within(&row.ancestors)).await
}

/// Changes another account's name, roles or org node, all inside the caller's scope.
pub async fn update(
    db: &Database,
    scope: &Scope,
    change: AccountChangeInput,
    ip: &str,
) -> Result<(), AppError> {
    scope.require_admin()?;
    if change.key == scope.account_ref {
        return Err(AppError::Invalid(Field::Own));
    }
    let name = clean_name(&change.name, MAX_PERSON_NAME_CHARS).ok_or(AppError::Invalid(Field::Name))?;
    let roles = parse_roles(&change.roles).ok_or(AppError::Invalid(Field::Role))?;
    if !roles.iter().all(|role| may_grant(scope, *role)) {
        return Err(AppError::Forbidden);
    }
    let node = node_in_scope(db, scope, &change.org_code).await?;
    let roles: Vec<&str> = roles.iter().map(|role| role.as_str()).collect();
    let changed: Vec<Row> = db
        .query(concat!(
            "UPDATE account SET name = $name, roles = $roles, org = $org, ancestors = $ancestors ",
            "WHERE public_id = $key AND ancestors CONTAINS $root RETURN ",
            row_fields!()
        ))
        .bind(("name", name))
        .bind(("roles", roles))
        .bind(("org", node.id))
        .bind(("ancestors", node.ancestors))
        .bind(("key", change.key))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    let Some(row) = changed.into_iter().next() else { return Err(AppError::NotFound) };
    let event = audit::Event::new(AuditAction::AccountChanged)
        .actor(&scope.account)
        .subject(&mask_mobile(&row.mobile))
        .ip(ip);
    audit::record(db, event.within(&row.ancestors)).await
}
