//! The fields a validation message can name. The UI's table of messages
//! (`components::field_problem`) matches on it, so the compiler checks that
//! every field has a sentence.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, IntoStaticStr, EnumString, VariantArray,
)]
#[serde(from = "String", into = "&'static str")]
#[strum(serialize_all = "snake_case")]
pub enum Field {
    /// The request itself could not be read (a broken or hostile client).
    Request,
    /// Too many items in one request.
    Batch,
    Building,
    Checks,
    Code,
    CodeTaken,
    Corrects,
    Date,
    Description,
    DeviceId,
    Duty,
    FollowUpOn,
    Household,
    IdNumber,
    IssueId,
    Level,
    Mobile,
    MobileTaken,
    Name,
    NameTaken,
    Note,
    Notes,
    OpId,
    Parent,
    Payload,
    Phone,
    Reason,
    ReporterName,
    Role,
    /// Administrators may not act on their own account this way.
    #[strum(serialize = "self")]
    Own,
    Since,
    TopLevel,
    Unit,
    UnitTaken,
    VisitId,
    Worker,
    Available,
    Capacity,
    Category,
    Contact,
    Detail,
    OfferedBy,
    Place,
    Progress,
    Status,
    Title,
    Hours,
    Points,
    TaskId,
    /// The task has started: its places can no longer be given up.
    Started,
    /// A quarter (`2026-Q4`) or a year (`2026`).
    Period,
    /// The workplace (reporting unit) a member names when reporting in.
    Workplace,
    Skills,
    Offer,
    Position,
    /// The member has reported in already, or waits for a decision.
    Registered,
    /// A need is matched only to a published resource of its own community.
    Resource,
    /// A unit's home community: it cannot stop serving it (remove the unit instead).
    HomeCommunity,
    /// The activity a check-in or an hours entry names.
    Activity,
    /// A check-in code from outside the activity's time.
    Window,
    /// A check-out before any check-in.
    CheckIn,
    /// Only the members of the activity's temporary structure take part.
    Team,
    /// The activity asks people to sign up first; or sign-up has closed.
    SignUp,
    /// Every place is taken.
    Full,
    /// Hours of a task are undone where the task was confirmed, not here.
    Origin,
    /// More than three photos, or a photo id that is not one.
    Photos,
    Location,
    /// The upload is not a JPEG image.
    PhotoType,
    /// The upload stopped before the end of the image.
    PhotoIncomplete,
    /// This photo id holds another photo.
    PhotoTaken,
    /// A field this app does not know (sent by a newer server).
    Other,
}

named_enum!(Field);

/// Names from a newer server that this app does not know become `Other`,
/// so one unknown name never spoils a whole answer.
impl From<String> for Field {
    fn from(name: String) -> Field {
        Field::parse(&name).unwrap_or(Field::Other)
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_travel_by_name_and_unknown_names_are_kept_apart() {
        for &field in Field::ALL {
            let json = serde_json::to_string(&field).unwrap();
            assert_eq!(serde_json::from_str::<Field>(&json).unwrap(), field, "{json}");
        }
        assert_eq!(serde_json::to_string(&Field::Own).unwrap(), r#""self""#);
        assert_eq!(serde_json::from_str::<Field>(r#""from_the_future""#).unwrap(), Field::Other);
    }
}
