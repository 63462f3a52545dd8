//! Accounts and roles as both sides see them, and the rules for their input.

use crate::model::org::OrgLevel;
use serde::{Deserialize, Serialize};

named_enum! {
    pub enum Role {
        StreetAdmin,
        Secretary,
        GridWorker,
        BuildingLeader,
        PartyMember,
        UnitAdmin,
    }
}

/// The logged-in user, as the "Me" tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    /// The account's opaque id (the phone files its records under it).
    pub id: String,
    pub name: String,
    pub mobile_masked: String,
    pub roles: Vec<Role>,
    pub org_name: String,
    pub org_level: OrgLevel,
    pub must_change_password: bool,
}

/// One line of the account list an administrator sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// Opaque key; the server checks scope again on every use.
    pub key: String,
    pub name: String,
    pub mobile_masked: String,
    pub roles: Vec<Role>,
    pub org_name: String,
    pub org_code: String,
    pub active: bool,
}

impl Role {
    /// Roles that administer the accounts of their subtree.
    pub fn administers_accounts(self) -> bool {
        matches!(self, Role::StreetAdmin | Role::Secretary)
    }
}

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PERSON_NAME_CHARS: usize = 50;

/// Roles written in one CSV cell or form field, separated by `;`, `、` or spaces.
pub fn parse_roles(text: &str) -> Option<Vec<Role>> {
    let mut roles = Vec::new();
    for part in text.split([';', '、', ' ', '|']).filter(|part| !part.is_empty()) {
        let role = Role::parse(part)?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    (!roles.is_empty()).then_some(roles)
}

/// Mainland mobile numbers: 11 digits starting with 1. Spaces and dashes
/// people type are dropped.
pub fn normalize_mobile(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let valid = digits.len() == 11 && digits.starts_with('1') && digits.chars().all(|c| c.is_ascii_digit());
    valid.then_some(digits)
}

/// 13812345678 → 138****5678; anything else is hidden whole.
pub fn mask_mobile(mobile: &str) -> String {
    match normalize_mobile(mobile) {
        Some(m) => format!("{}****{}", &m[..3], &m[7..]),
        None => "***".into(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordProblem {
    TooShort,
    TooCommon,
    /// The current password given to change it was wrong.
    WrongCurrent,
    /// Too many wrong passwords: the account is locked for a while.
    TooManyAttempts,
}

/// Rules for a new password; the server also refuses the most common ones.
pub fn check_new_password(password: &str) -> Result<(), PasswordProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if is_common_password(password) {
        return Err(PasswordProblem::TooCommon);
    }
    Ok(())
}

/// A short list of the passwords tried first by guessers, Chinese users'
/// favourites included; long enough to stop the obvious, small for the wasm.
const COMMON_PASSWORDS: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "87654321",
    "11111111",
    "00000000",
    "88888888",
    "66666666",
    "12341234",
    "11223344",
    "password",
    "password1",
    "passw0rd",
    "qwertyui",
    "qwerty123",
    "1qaz2wsx",
    "abc12345",
    "abcd1234",
    "a1234567",
    "aa123456",
    "iloveyou",
    "woaini1314",
    "5201314520",
    "52013145",
    "zxcvbnm1",
    "asdfghjk",
    "admin123",
    "admin1234",
    "welcome1",
    "123123123",
    "147258369",
    "123qweasd",
    "qweasdzxc",
    "1q2w3e4r",
    "q1w2e3r4",
];

fn is_common_password(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON_PASSWORDS.contains(&lower.as_str()) || lower.chars().all(|c| lower.starts_with(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_are_normalized_and_masked() {
        assert_eq!(normalize_mobile("138 1234-5678").as_deref(), Some("13812345678"));
        assert_eq!(normalize_mobile("2381234567"), None);
        assert_eq!(mask_mobile("13812345678"), "138****5678");
        assert_eq!(mask_mobile("bogus"), "***");
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert_eq!(check_new_password("short"), Err(PasswordProblem::TooShort));
        assert_eq!(check_new_password("Password1"), Err(PasswordProblem::TooCommon));
        assert_eq!(check_new_password("zzzzzzzzzz"), Err(PasswordProblem::TooCommon));
        assert_eq!(check_new_password("网格连心-2026-春"), Ok(()));
    }

    #[test]
    fn role_lists_are_split_and_deduplicated() {
        assert_eq!(
            parse_roles("grid_worker;party_member;grid_worker"),
            Some(vec![Role::GridWorker, Role::PartyMember])
        );
        assert_eq!(parse_roles("secretary、unit_admin"), Some(vec![Role::Secretary, Role::UnitAdmin]));
        assert_eq!(parse_roles(""), None);
        assert_eq!(parse_roles("grid_worker;king"), None);
    }

    #[test]
    fn roles_round_trip_through_text() {
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("emperor"), None);
    }
}

/// The login form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginInput {
    pub mobile: String,
    pub password: String,
}

/// The change-password form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPasswordInput {
    pub current: String,
    pub new: String,
}

/// A new account in an administrator's area, with a temporary password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccountInput {
    pub mobile: String,
    pub name: String,
    pub role: String,
    pub org_code: String,
    pub password: String,
}

/// Another account's name, roles (separated by `;`) and org node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountChangeInput {
    pub key: String,
    pub name: String,
    pub roles: String,
    pub org_code: String,
}
