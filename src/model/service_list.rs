//! Dual reporting's three lists (三张清单) — resources, projects, needs — as
//! both sides see them, and the checks their forms go through.

use crate::model::account::Role;
use crate::model::{AppError, Field};
use serde::{Deserialize, Serialize};

/// Who keeps the lists: they publish and close items.
pub const LIST_KEEPERS: [Role; 2] = [Role::StreetAdmin, Role::Secretary];

pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_DETAIL_CHARS: usize = 500;
pub const MAX_PLACE_CHARS: usize = 60;
pub const MAX_OFFERED_BY_CHARS: usize = 100;
pub const MAX_AVAILABLE_CHARS: usize = 60;
pub const MAX_CONTACT_CHARS: usize = 50;
pub const MAX_OFFICE_CHARS: usize = 120;
pub const MAX_CAPACITY: u32 = 999;

named_enum! {
    /// Which of the three lists an item is on.
    pub enum ListKind {
        Resource,
        Project,
        Need,
    }
}

named_enum! {
    /// An item's life: only a published item reaches the public page.
    pub enum ItemStatus {
        Draft,
        Published,
        Closed,
    }
}

named_enum! {
    /// What a list keeper does to an item.
    pub enum ItemStep {
        Publish,
        Close,
    }
}

named_enum! {
    /// Matching a need to a resource, or undoing it.
    pub enum MatchStep {
        Add,
        Remove,
    }
}

/// A resource a need is matched to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedResource {
    pub key: String,
    pub title: String,
}

named_enum! {
    /// Who raised an item.
    pub enum ItemOrigin {
        Secretary,
        GridWorker,
        Resident,
    }
}

named_enum! {
    /// What a need is about; residents pick one on the public form.
    pub enum NeedCategory {
        ElderlyCare,
        Repairs,
        Environment,
        Childcare,
        Health,
        Legal,
        Other,
    }
}

impl ItemStatus {
    /// The status after `step`, or `None` when the step does not apply
    /// (publishing a closed item, closing twice).
    pub fn after(self, step: ItemStep) -> Option<ItemStatus> {
        match (self, step) {
            (ItemStatus::Draft, ItemStep::Publish) => Some(ItemStatus::Published),
            (ItemStatus::Draft | ItemStatus::Published, ItemStep::Close) => Some(ItemStatus::Closed),
            _ => None,
        }
    }
}

/// One item as a list keeper sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItem {
    pub key: String,
    pub kind: ListKind,
    pub status: ItemStatus,
    pub origin: ItemOrigin,
    pub community_code: String,
    pub community_name: String,
    pub title: String,
    pub detail: String,
    pub category: Option<NeedCategory>,
    pub place: Option<String>,
    pub offered_by: Option<String>,
    pub available: Option<String>,
    pub capacity: Option<u32>,
    pub progress: Option<u32>,
    /// A resident's contact, for the list keeper only.
    pub resident_contact: Option<String>,
    /// Milliseconds since 1970.
    pub updated_at: i64,
    /// A need's matched resources.
    pub matched: Vec<MatchedResource>,
}

/// An item as the public page shows it: no key, no status, no origin,
/// and nothing that could name a resident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicItem {
    pub title: String,
    pub detail: String,
    pub category: Option<NeedCategory>,
    pub place: Option<String>,
    pub offered_by: Option<String>,
    pub available: Option<String>,
    pub capacity: Option<u32>,
    pub progress: Option<u32>,
}

/// The item form as sent; an empty `key` adds an item (a draft). Optional
/// fields are sent empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItemInput {
    pub key: String,
    pub community_code: String,
    pub kind: ListKind,
    pub title: String,
    pub detail: String,
    /// A [`NeedCategory`] name; needs only.
    pub category: String,
    pub place: String,
    pub offered_by: String,
    pub available: String,
    pub capacity: String,
    pub progress: String,
}

/// An item's fields after the checks, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedItem {
    pub title: String,
    pub detail: String,
    pub category: Option<NeedCategory>,
    pub place: Option<String>,
    pub offered_by: Option<String>,
    pub available: Option<String>,
    pub capacity: Option<u32>,
    pub progress: Option<u32>,
}

impl ServiceItemInput {
    /// The fields each kind uses, checked; the others are dropped.
    pub fn check(&self) -> Result<CheckedItem, AppError> {
        let title = required(&self.title, MAX_TITLE_CHARS, Field::Title)?;
        let detail = optional(&self.detail, MAX_DETAIL_CHARS, Field::Detail)?.unwrap_or_default();
        let place = optional(&self.place, MAX_PLACE_CHARS, Field::Place)?;
        let mut item = CheckedItem {
            title,
            detail,
            category: None,
            place,
            offered_by: None,
            available: None,
            capacity: None,
            progress: None,
        };
        match self.kind {
            ListKind::Need => {
                let category =
                    NeedCategory::parse(self.category.trim()).ok_or(AppError::Invalid(Field::Category))?;
                item.category = Some(category);
            }
            ListKind::Resource => {
                item.offered_by = optional(&self.offered_by, MAX_OFFERED_BY_CHARS, Field::OfferedBy)?;
                item.available = optional(&self.available, MAX_AVAILABLE_CHARS, Field::Available)?;
                item.capacity = number(&self.capacity, 1, MAX_CAPACITY, Field::Capacity)?;
            }
            ListKind::Project => {
                item.offered_by = optional(&self.offered_by, MAX_OFFERED_BY_CHARS, Field::OfferedBy)?;
                item.progress = number(&self.progress, 0, 100, Field::Progress)?.or(Some(0));
            }
        }
        Ok(item)
    }
}

/// A need sent by a resident from the public page, as the form sends it.
/// `website` is the honeypot: a field people never see, that bots fill.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentNeedForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub website: String,
}

/// A resident's need after the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentNeed {
    pub category: NeedCategory,
    pub title: String,
    pub detail: String,
    pub place: Option<String>,
    pub contact: Option<String>,
}

impl ResidentNeedForm {
    /// Every problem of the form at once, so the resident fixes them in one go.
    pub fn check(&self) -> Result<ResidentNeed, Vec<Field>> {
        let category = NeedCategory::parse(self.category.trim()).ok_or(Field::Category);
        let detail = required(&self.text, MAX_DETAIL_CHARS, Field::Detail).map_err(field_of);
        let place = optional(&self.place, MAX_PLACE_CHARS, Field::Place).map_err(field_of);
        let contact = optional(&self.contact, MAX_CONTACT_CHARS, Field::Contact).map_err(field_of);
        match (category, detail, place, contact) {
            (Ok(category), Ok(detail), Ok(place), Ok(contact)) => {
                let title = detail.chars().take(MAX_TITLE_CHARS).collect::<String>().trim().to_owned();
                Ok(ResidentNeed { category, title, detail, place, contact })
            }
            (category, detail, place, contact) => {
                let problems = [category.err(), detail.err(), place.err(), contact.err()];
                Err(problems.into_iter().flatten().collect())
            }
        }
    }

    pub fn is_from_a_bot(&self) -> bool {
        !self.website.trim().is_empty()
    }
}

/// A grid office's published contact, as the secretary sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridOfficeInput {
    pub grid_code: String,
    pub contact: String,
}

/// A grid and the contact its office publishes (none yet: `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridOffice {
    pub community_code: String,
    pub community_name: String,
    pub grid_code: String,
    pub grid_name: String,
    pub contact: Option<String>,
}

pub fn check_office_contact(input: &str) -> Result<Option<String>, AppError> {
    optional(input, MAX_OFFICE_CHARS, Field::Contact)
}

fn field_of(error: AppError) -> Field {
    error.field().unwrap_or(Field::Other)
}

pub(crate) fn required(input: &str, max: usize, field: Field) -> Result<String, AppError> {
    optional(input, max, field)?.ok_or(AppError::Invalid(field))
}

/// Trimmed text, `None` when empty; too long is an error, never cut.
pub(crate) fn optional(input: &str, max: usize, field: Field) -> Result<Option<String>, AppError> {
    let text = input.trim();
    match text.chars().count() {
        0 => Ok(None),
        n if n <= max => Ok(Some(text.to_owned())),
        _ => Err(AppError::Invalid(field)),
    }
}

fn number(input: &str, min: u32, max: u32, field: Field) -> Result<Option<u32>, AppError> {
    match input.trim() {
        "" => Ok(None),
        text => match text.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(AppError::Invalid(field)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: ListKind) -> ServiceItemInput {
        ServiceItemInput {
            key: String::new(),
            community_code: "demo-c1".into(),
            kind,
            title: " 助老理发 ".into(),
            detail: String::new(),
            category: String::new(),
            place: String::new(),
            offered_by: String::new(),
            available: String::new(),
            capacity: "10".into(),
            progress: "150".into(),
        }
    }

    #[test]
    fn each_kind_checks_its_own_fields() {
        let resource = input(ListKind::Resource).check().unwrap();
        assert_eq!(
            (resource.title.as_str(), resource.capacity, resource.progress),
            ("助老理发", Some(10), None)
        );
        assert_eq!(input(ListKind::Project).check(), Err(AppError::Invalid(Field::Progress)));
        assert_eq!(input(ListKind::Need).check(), Err(AppError::Invalid(Field::Category)));
        let need = ServiceItemInput { category: "repairs".into(), ..input(ListKind::Need) };
        assert_eq!(need.check().unwrap().capacity, None);
    }

    #[test]
    fn text_that_is_too_long_is_refused_not_cut() {
        let long = ServiceItemInput { title: "字".repeat(61), ..input(ListKind::Resource) };
        assert_eq!(long.check(), Err(AppError::Invalid(Field::Title)));
    }

    #[test]
    fn only_some_steps_apply() {
        assert_eq!(ItemStatus::Draft.after(ItemStep::Publish), Some(ItemStatus::Published));
        assert_eq!(ItemStatus::Published.after(ItemStep::Publish), None);
        assert_eq!(ItemStatus::Closed.after(ItemStep::Close), None);
    }

    #[test]
    fn a_resident_form_reports_every_problem_at_once() {
        let form = ResidentNeedForm { category: "x".into(), place: "字".repeat(61), ..Default::default() };
        assert_eq!(form.check(), Err(vec![Field::Category, Field::Detail, Field::Place]));
        let form = ResidentNeedForm {
            category: "repairs".into(),
            text: " 楼道灯坏了 ".into(),
            ..Default::default()
        };
        let need = form.check().unwrap();
        assert_eq!((need.title.as_str(), need.contact), ("楼道灯坏了", None));
        assert!(ResidentNeedForm { website: "x".into(), ..form }.is_from_a_bot());
    }
}
