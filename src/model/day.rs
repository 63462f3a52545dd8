//! The grid worker's day (issue 13): what to do today, worked out on the
//! phone from its copy of the area and its own records, so that it holds
//! offline. Shared so that it is tested as plain Rust.

use crate::model::account::Role;
use crate::model::issue::IssueItem;
use crate::model::local::{Area, LocalRecord, SyncMark};
use crate::model::sync::{HouseholdChoice, PullData};
use crate::model::time::{date, DAY_MS};
use crate::model::visit::VisitItem;
use crate::model::volunteer::ActivityItem;
use serde::{Deserialize, Serialize};

/// At most this many households on the "not visited for a while" list.
pub const MAX_QUIET: usize = 20;

/// A follow-up visit promised for a day that has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub household: String,
    pub place: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub overdue: bool,
    pub notes: String,
}

/// A household nobody has visited for the configured number of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHousehold {
    pub household: String,
    pub place: String,
    /// Never visited: none.
    pub last_visit_at: Option<i64>,
}

/// The day's work, each list in the order to do it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayList {
    pub follow_ups: Vec<FollowUp>,
    /// Open issues assigned to the user, nearest deadline first.
    pub issues: Vec<IssueItem>,
    pub quiet: Vec<QuietHousehold>,
    /// How many households are quiet in all (the list shows the first).
    pub quiet_total: usize,
    /// Activities under way or starting later today.
    pub activities: Vec<ActivityItem>,
    /// Records made on this phone that the server does not have yet.
    pub waiting: usize,
}

/// Who has a day's work list.
pub const FIELD_ROLES: [Role; 2] = [Role::GridWorker, Role::BuildingLeader];

/// The day's work as the server draws it for the home screen's first paint,
/// from what a phone's first pull would bring; the phone's own copy takes
/// over once the app runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayDraft {
    /// Whose list it is (`CurrentUser::id`).
    pub me: String,
    pub list: DayList,
    pub quiet_days: u32,
    /// When the server drew it.
    pub drawn_at: i64,
}

impl DayDraft {
    pub fn new(me: String, pull: PullData, now: i64) -> DayDraft {
        let (area, records) = Area::with_records(pull);
        let quiet_days = area.quiet_days;
        let input =
            DayInput { area: &area, records: &records, me: &me, now, quiet_days: i64::from(quiet_days) };
        DayDraft { list: day_list(&input), me, quiet_days, drawn_at: now }
    }
}

/// A `DayDraft` as the server drew it (HTML), with whose it is and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnDay {
    pub me: String,
    pub drawn_at: i64,
    pub html: String,
}

/// What the list is made from.
pub struct DayInput<'a> {
    pub area: &'a Area,
    pub records: &'a [LocalRecord],
    /// The user's opaque id (`CurrentUser::id`), as issues name assignees.
    pub me: &'a str,
    pub now: i64,
    pub quiet_days: i64,
}

pub fn day_list(input: &DayInput) -> DayList {
    let today = date(input.now);
    let (quiet_total, quiet) = quiet_households(input);
    DayList {
        follow_ups: follow_ups(input, &today),
        issues: my_issues(input),
        quiet,
        quiet_total,
        activities: todays_activities(input.area, input.now, &today),
        waiting: input.records.iter().filter(|r| r.mark != SyncMark::Synced).count(),
    }
}

fn visits(records: &[LocalRecord]) -> impl Iterator<Item = &VisitItem> {
    records.iter().filter_map(LocalRecord::as_visit)
}

/// The newest visit of each household decides: a later visit settles the
/// follow-up an earlier one promised.
fn follow_ups(input: &DayInput, today: &str) -> Vec<FollowUp> {
    let mut newest: std::collections::HashMap<&str, &VisitItem> = std::collections::HashMap::new();
    for visit in visits(input.records) {
        let entry = newest.entry(visit.household.as_str()).or_insert(visit);
        if visit.captured_at > entry.captured_at {
            *entry = visit;
        }
    }
    let mut due: Vec<FollowUp> = newest
        .into_values()
        .filter_map(|visit| {
            let on = visit.follow_up_on.as_deref()?;
            (on <= today).then(|| FollowUp {
                household: visit.household.clone(),
                place: input.area.place("", Some(&visit.household), false),
                due_on: on.to_owned(),
                overdue: on < today,
                notes: visit.notes.clone(),
            })
        })
        .collect();
    due.sort_by(|a, b| a.due_on.cmp(&b.due_on).then_with(|| a.place.cmp(&b.place)));
    due
}

fn my_issues(input: &DayInput) -> Vec<IssueItem> {
    let mut mine: Vec<IssueItem> = input
        .records
        .iter()
        .filter_map(LocalRecord::as_issue)
        .filter(|issue| issue.assignee_key.as_deref() == Some(input.me) && !issue.status.is_closed())
        .cloned()
        .collect();
    mine.sort_by_key(IssueItem::due);
    mine
}

/// Households whose last visit (the server's, or one on this phone) is
/// older than `quiet_days`, never-visited first, then the longest quiet.
fn quiet_households(input: &DayInput) -> (usize, Vec<QuietHousehold>) {
    let cutoff = input.now - input.quiet_days * DAY_MS;
    let mut latest_here: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for visit in visits(input.records) {
        let at = latest_here.entry(visit.household.as_str()).or_insert(visit.captured_at);
        *at = (*at).max(visit.captured_at);
    }
    let last = |household: &HouseholdChoice| {
        let here = latest_here.get(household.key.as_str()).copied();
        household.last_visit_at.max(here)
    };
    let mut quiet: Vec<QuietHousehold> = input
        .area
        .households
        .iter()
        .map(|household| (household, last(household)))
        .filter(|(_, at)| at.is_none_or(|at| at < cutoff))
        .map(|(household, at)| QuietHousehold {
            household: household.key.clone(),
            place: input.area.place("", Some(&household.key), false),
            last_visit_at: at,
        })
        .collect();
    quiet.sort_by(|a, b| a.last_visit_at.cmp(&b.last_visit_at).then_with(|| a.place.cmp(&b.place)));
    let total = quiet.len();
    quiet.truncate(MAX_QUIET);
    (total, quiet)
}

fn todays_activities(area: &Area, now: i64, today: &str) -> Vec<ActivityItem> {
    area.activities
        .iter()
        .filter(|a| a.ends_at > now && date(a.starts_at).as_str() <= today)
        .cloned()
        .collect()
}

/// At most this many hits of each kind: the phone shows the first.
pub const MAX_HITS: usize = 30;

/// A household found by its place or contact name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdHit {
    pub household: String,
    pub place: String,
    pub contact_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHits {
    pub households: Vec<HouseholdHit>,
    pub issues: Vec<IssueItem>,
}

/// Searches the phone's copy: households whose "1号楼 101" or contact name
/// contains every word typed, issues whose text, place or number does.
pub fn search(area: &Area, records: &[LocalRecord], text: &str) -> SearchHits {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return SearchHits::default();
    }
    let matches = |haystack: &str| {
        let haystack = haystack.to_lowercase();
        words.iter().all(|word| haystack.contains(word.as_str()))
    };
    let households = area
        .households
        .iter()
        .map(|h| (h, area.place("", Some(&h.key), false)))
        .filter(|(h, place)| matches(&format!("{place} {}", h.contact_name.as_deref().unwrap_or(""))))
        .take(MAX_HITS)
        .map(|(h, place)| HouseholdHit {
            household: h.key.clone(),
            place,
            contact_name: h.contact_name.clone(),
        })
        .collect();
    let issues = records
        .iter()
        .filter_map(LocalRecord::as_issue)
        .filter(|i| matches(&format!("{} {} {}", i.description, i.place, i.issue_id)))
        .take(MAX_HITS)
        .cloned()
        .collect();
    SearchHits { households, issues }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sync::BuildingChoice;
    use crate::model::visit::VisitType;

    const NOW: i64 = 1_796_000_000_000; // 2026-11-30 08:53, China Standard Time

    fn area() -> Area {
        let household = |key: &str, unit: &str, last_visit_at| HouseholdChoice {
            key: key.into(),
            building: "b1".into(),
            unit: unit.into(),
            contact_name: None,
            last_visit_at,
            care_tags: Vec::new(),
        };
        Area {
            buildings: vec![BuildingChoice {
                key: "b1".into(),
                name: "1号楼".into(),
                grid_name: "第1网格".into(),
            }],
            households: vec![
                household("h1", "101", Some(NOW - 2 * DAY_MS)),
                household("h2", "102", Some(NOW - 200 * DAY_MS)),
                household("h3", "103", None),
            ],
            ..Area::default()
        }
    }

    fn visit(id: &str, household: &str, days_ago: i64, follow_up_on: Option<&str>) -> LocalRecord {
        LocalRecord::visit(
            id.into(),
            SyncMark::Synced,
            VisitItem {
                visit_id: id.into(),
                household: household.into(),
                place: String::new(),
                visit_type: VisitType::Routine,
                notes: "看望".into(),
                follow_up_on: follow_up_on.map(Into::into),
                corrects: None,
                captured_at: NOW - days_ago * DAY_MS,
                need: None,
                photos: Vec::new(),
                location: None,
            },
        )
    }

    fn list(records: &[LocalRecord]) -> DayList {
        let area = area();
        day_list(&DayInput { area: &area, records, me: "me", now: NOW, quiet_days: 90 })
    }

    #[test]
    fn follow_ups_due_today_or_before_come_in_date_order_and_a_later_visit_settles_them() {
        let today = date(NOW);
        let records = [
            visit("v1", "h1", 10, Some("2026-11-20")),
            visit("v2", "h2", 3, Some(&today)),
            visit("v3", "h3", 5, Some("2026-11-25")),
            visit("v4", "h3", 1, None),
            visit("v5", "h1", 20, Some("2099-01-01")),
        ];
        let due = list(&records).follow_ups;
        let shown: Vec<(&str, bool)> = due.iter().map(|f| (f.household.as_str(), f.overdue)).collect();
        assert_eq!(shown, [("h1", true), ("h2", false)]);
        assert_eq!(due[0].place, "1号楼 101");
    }

    #[test]
    fn search_finds_households_by_place_and_name_with_every_word() {
        let mut area = area();
        area.households[1].contact_name = Some("王女士".into());
        let hits = search(&area, &[], "1号楼 102");
        assert_eq!(hits.households.iter().map(|h| h.household.as_str()).collect::<Vec<_>>(), ["h2"]);
        assert_eq!(search(&area, &[], "王").households.len(), 1);
        assert_eq!(search(&area, &[], "1号楼").households.len(), 3);
        assert_eq!(search(&area, &[], "  ").households.len(), 0, "nothing typed, nothing shown");
    }

    #[test]
    fn quiet_households_are_the_never_visited_then_the_longest_quiet() {
        let quiet = list(&[]).quiet;
        let keys: Vec<&str> = quiet.iter().map(|q| q.household.as_str()).collect();
        assert_eq!(keys, ["h3", "h2"]);
        let visited_here = list(&[visit("v1", "h2", 1, None)]).quiet;
        assert_eq!(visited_here.len(), 1, "a visit made on the phone counts before the server has it");
    }

    /// The server's first paint and the phone's list after its first pull
    /// are the same list, so nothing changes on screen when the phone takes over.
    #[test]
    fn the_server_draws_the_list_the_phone_makes_from_the_same_pull() {
        let area = area();
        let records = [visit("v1", "h1", 10, Some("2026-11-20"))];
        let pull = PullData {
            buildings: area.buildings.clone(),
            households: area.households.clone(),
            visits: records.iter().filter_map(LocalRecord::as_visit).cloned().collect(),
            quiet_days: 90,
            ..PullData::default()
        };
        let draft = DayDraft::new("me".into(), pull, NOW);
        assert_eq!(draft.list, list(&records));
        assert_eq!((draft.quiet_days, draft.drawn_at), (90, NOW));
        assert_eq!(draft.list.follow_ups.len(), 1);
    }
}
