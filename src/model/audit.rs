//! The audit log as administrators read it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub at: String,
    pub action: String,
    pub actor: Option<String>,
    /// Already masked by the server.
    pub subject: Option<String>,
    pub ip: Option<String>,
}
