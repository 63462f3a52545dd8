//! Household visits (走访): what the form sends and the rules both sides check.

use crate::model::photo::{attachments_problem, Location};
use crate::model::service_list::{NeedCategory, MAX_DETAIL_CHARS};
use crate::model::sync::is_record_id;
use crate::model::time::is_date;
use crate::model::Field;
use serde::{Deserialize, Serialize};

named_enum! {
    pub enum VisitType {
        Routine,
        FollowUp,
        /// Care for the elderly or vulnerable.
        Care,
        PolicyOutreach,
        Mediation,
    }
}

pub const MAX_NOTES_CHARS: usize = 2000;

/// The payload of a `record_visit` operation. Visits are append-only: a
/// correction is a new visit whose `corrects` names the one it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitInput {
    pub visit_id: String,
    /// Household key, from the phone's cached list.
    pub household: String,
    pub visit_type: VisitType,
    pub notes: String,
    /// `YYYY-MM-DD`, when a follow-up visit is due.
    pub follow_up_on: Option<String>,
    pub corrects: Option<String>,
    /// A need heard at the door: it becomes a draft of the community's
    /// needs list with the visit (older apps send none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need: Option<VisitNeed>,
    /// Photo ids (uploaded apart, `docs/photos.md`) and where it was made;
    /// older apps send neither, and empty ones are never serialised, so
    /// their operations hash as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// A resident's need raised with a visit: its category and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitNeed {
    pub category: NeedCategory,
    pub text: String,
}

impl VisitInput {
    /// The first field that is wrong.
    pub fn problem(&self) -> Option<Field> {
        if !is_record_id(&self.visit_id) {
            return Some(Field::VisitId);
        }
        if self.household.trim().is_empty() {
            return Some(Field::Household);
        }
        if self.notes.chars().count() > MAX_NOTES_CHARS {
            return Some(Field::Notes);
        }
        if self.follow_up_on.as_deref().is_some_and(|d| !is_date(d)) {
            return Some(Field::FollowUpOn);
        }
        if self.corrects.as_deref().is_some_and(|id| !is_record_id(id) || id == self.visit_id) {
            return Some(Field::Corrects);
        }
        let need_text = self.need.as_ref().map(|need| need.text.trim());
        if need_text.is_some_and(|text| text.is_empty() || text.chars().count() > MAX_DETAIL_CHARS) {
            return Some(Field::Detail);
        }
        attachments_problem(&self.photos, self.location)
    }
}

/// A visit as lists show it (the phone's own and the server's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitItem {
    pub visit_id: String,
    pub household: String,
    /// "1号楼 101", for lists.
    pub place: String,
    pub visit_type: VisitType,
    pub notes: String,
    pub follow_up_on: Option<String>,
    pub corrects: Option<String>,
    pub captured_at: i64,
    /// The need raised with it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need: Option<VisitNeed>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit() -> VisitInput {
        VisitInput {
            visit_id: crate::model::sync::new_id(1, [7; 10]),
            household: "demo-c1-g1-b1-101".into(),
            visit_type: VisitType::Care,
            notes: "王奶奶身体不错".into(),
            follow_up_on: Some("2026-12-01".into()),
            corrects: None,
            need: None,
            photos: Vec::new(),
            location: None,
        }
    }

    #[test]
    fn a_good_visit_has_no_problem() {
        assert_eq!(visit().problem(), None);
    }

    #[test]
    fn each_bad_field_is_named() {
        assert_eq!(VisitInput { visit_id: "x".into(), ..visit() }.problem(), Some(Field::VisitId));
        assert_eq!(
            VisitInput { follow_up_on: Some("2026-13-01".into()), ..visit() }.problem(),
            Some(Field::FollowUpOn)
        );
        assert_eq!(VisitInput { notes: "字".repeat(2001), ..visit() }.problem(), Some(Field::Notes));
        let v = visit();
        assert_eq!(VisitInput { corrects: Some(v.visit_id.clone()), ..v }.problem(), Some(Field::Corrects));
        let need = |text: &str| Some(VisitNeed { category: NeedCategory::ElderlyCare, text: text.into() });
        assert_eq!(VisitInput { need: need("  "), ..visit() }.problem(), Some(Field::Detail));
        assert_eq!(VisitInput { need: need(&"字".repeat(501)), ..visit() }.problem(), Some(Field::Detail));
        assert_eq!(VisitInput { need: need("想要助餐服务"), ..visit() }.problem(), None);
    }
}
