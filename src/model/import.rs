//! CSV import of the organisation tree: the report both sides share. The
//! file is checked as a whole; one bad row and nothing is imported.

use serde::{Deserialize, Serialize};

/// The header an import file must have (the export writes the same).
pub const ORG_CSV_HEADER: [&str; 5] = ["level", "code", "name", "parent_code", "address"];

/// The header of a roster (accounts) file. Roles are separated by `;`; the
/// temporary password is needed for new accounts only.
pub const ROSTER_CSV_HEADER: [&str; 5] = ["mobile", "name", "roles", "org_code", "temporary_password"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportProblem {
    /// The first line is not `level,code,name,parent_code,address`.
    BadHeader,
    /// The line is not valid CSV or has the wrong number of columns.
    BadLine,
    /// Not one of community, grid, party_group, building.
    UnknownLevel,
    MissingCode,
    CodeTooLong,
    /// The same code twice in the file.
    DuplicateCode,
    /// The code is already used by an existing node or building.
    CodeTaken,
    MissingName,
    NameTooLong,
    /// No such parent in the file (above this line) or in your area.
    UnknownParent,
    /// E.g. a grid directly under a street, or a building under a community.
    WrongParentLevel,
    /// Not an 11-digit mainland mobile number.
    BadMobile,
    /// The same mobile number twice in the file.
    DuplicateMobile,
    /// The number belongs to an account outside your area.
    MobileTaken,
    UnknownRole,
    /// A role you may not hand out (a secretary granting street_admin).
    RoleNotAllowed,
    /// A new account needs a temporary password of 8+ characters, not a common one.
    BadPassword,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// 1-based line number in the file, the header being line 1.
    pub line: usize,
    pub problem: ImportProblem,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub imported: usize,
    pub problems: Vec<RowProblem>,
}
