//! Volunteer hours (志愿服务时长): activities, check-ins that can be
//! verified with no signal, manual entries, and one hours ledger for every
//! origin (`docs/volunteer-hours.md`).
//!
//! The organiser's phone shows a code that changes every 30 seconds,
//! derived from a secret the server gave it for the activity; the
//! volunteer's phone records the code and its time step in the outbox, and
//! the server, which holds the same secret, checks both at sync.

use crate::model::account::Role;
use crate::model::task::{parse_tenths, MAX_HOURS_TENTHS};
use crate::model::time::parse_local_minute;
use crate::model::{AppError, Field};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Who organises activities (and verifies hours entered for them).
pub const ORGANISERS: [Role; 4] =
    [Role::StreetAdmin, Role::Secretary, Role::GridWorker, Role::BuildingLeader];

/// Who verifies anyone's manual hours in their area.
pub const VERIFIERS: [Role; 2] = [Role::StreetAdmin, Role::Secretary];

/// A code lives for one step of this many seconds.
pub const STEP_SECONDS: i64 = 30;

/// A typed code is read with the phone's clock: a step either side of it
/// is accepted, for clocks a little apart.
pub const CLOCK_STEPS: i64 = 1;

/// Check-ins are accepted this long before the start and after the end.
pub const WINDOW_TOLERANCE_MINUTES: i64 = 15;

pub const CODE_DIGITS: usize = 6;
pub const MAX_WHAT_CHARS: usize = 60;
pub const MAX_EVIDENCE_CHARS: usize = 300;

named_enum! {
    pub enum ActivityKind {
        /// 固定党日: the branch's monthly party day.
        PartyDay,
        /// A service activity (cleaning, visits to the elderly, …).
        Service,
        /// Emergency duty of a temporary structure (先锋岗, 突击队, 责任区).
        EmergencyDuty,
    }
}

named_enum! {
    /// Where an hours entry came from: one ledger for all of them.
    pub enum HoursOrigin {
        /// A confirmed dual-reporting task.
        Task,
        /// A verified check-in (and check-out) at an activity.
        CheckIn,
        /// Entered by hand and verified by a secretary or the organiser.
        Manual,
    }
}

named_enum! {
    /// Temporary structures a street or community sets up for a task or an
    /// emergency: named groups with members and a period.
    pub enum TeamKind {
        /// 临时党支部
        TemporaryBranch,
        /// 党员先锋岗
        VanguardPost,
        /// 党员突击队
        CommandoTeam,
        /// 党员责任区
        ResponsibilityZone,
    }
}

named_enum! {
    /// A manual entry waits for a verifier, who verifies or denies it.
    pub enum ManualState {
        Pending,
        Verified,
        Denied,
    }
}

named_enum! {
    pub enum VerifyStep {
        Verify,
        Deny,
    }
}

/// The time step of a moment (milliseconds since 1970).
pub fn step_of(unix_millis: i64) -> i64 {
    unix_millis.div_euclid(STEP_SECONDS * 1000)
}

/// The 6-digit code of an activity for a step: HMAC-SHA256 of the
/// activity's key and the step under the activity's secret, truncated as
/// HOTP does (RFC 4226, section 5.3).
pub fn check_in_code(secret: &str, activity_key: &str, step: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        unreachable!("HMAC takes keys of any length")
    };
    mac.update(activity_key.as_bytes());
    mac.update(b":");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let bytes = [digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]];
    format!("{:06}", u32::from_be_bytes(bytes) % 1_000_000)
}

/// What the QR code says: the activity, the step and the code, so that a
/// scan needs no typing and no clock.
pub fn qr_text(activity_key: &str, step: i64, code: &str) -> String {
    format!("GLCI1:{activity_key}:{step}:{code}")
}

/// A scanned QR code read back: (activity key, step, code).
pub fn read_qr(text: &str) -> Option<(String, i64, String)> {
    let mut parts = text.trim().strip_prefix("GLCI1:")?.rsplitn(3, ':');
    let code = parts.next()?.to_owned();
    let step = parts.next()?.parse().ok()?;
    let key = parts.next()?.to_owned();
    (is_code(&code) && !key.is_empty()).then_some((key, step, code))
}

pub fn is_code(text: &str) -> bool {
    text.len() == CODE_DIGITS && text.bytes().all(|b| b.is_ascii_digit())
}

/// The payload of `check_in` (and check-out) operations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInInput {
    /// UUID made on the phone: the operation's record.
    pub check_in_id: String,
    pub activity: String,
    /// The step the code belongs to (scanned), or the phone's own (typed).
    pub step: i64,
    pub code: String,
    /// A check-out: sets the duration from the check-in's step.
    #[serde(default)]
    pub out: bool,
}

impl CheckInInput {
    pub fn problem(&self) -> Option<Field> {
        if !crate::model::sync::is_record_id(&self.check_in_id) {
            return Some(Field::OpId);
        }
        if self.activity.trim().is_empty() || self.activity.len() > 64 {
            return Some(Field::Activity);
        }
        if !is_code(self.code.trim()) || self.step <= 0 {
            return Some(Field::Code);
        }
        None
    }
}

/// The payload of `log_hours`: hours entered by hand, pending until verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualHoursInput {
    pub entry_id: String,
    /// The activity it was for, if it is one of the phone's list.
    #[serde(default)]
    pub activity: Option<String>,
    /// What was done, in a few words.
    pub what: String,
    /// `YYYY-MM-DD`.
    pub on: String,
    /// Hours, one decimal at most: "2.5".
    pub hours: String,
    /// What shows it (a photo in the group chat, who saw it).
    pub evidence: String,
}

impl ManualHoursInput {
    /// The hours in tenths, or the first field that is wrong.
    pub fn check(&self) -> Result<u32, Field> {
        if !crate::model::sync::is_record_id(&self.entry_id) {
            return Err(Field::OpId);
        }
        let what = self.what.trim().chars().count();
        if what == 0 || what > MAX_WHAT_CHARS {
            return Err(Field::Title);
        }
        if !crate::model::time::is_date(&self.on) {
            return Err(Field::Date);
        }
        if self.evidence.trim().chars().count() > MAX_EVIDENCE_CHARS {
            return Err(Field::Note);
        }
        parse_tenths(&self.hours).filter(|h| (1..=MAX_HOURS_TENTHS).contains(h)).ok_or(Field::Hours)
    }
}

/// The activity form, as an organiser sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityInput {
    /// The org node it belongs to (a community or a grid of the caller's area).
    pub org_code: String,
    pub kind: String,
    pub title: String,
    pub place: String,
    /// `2026-12-05T09:00`, China Standard Time.
    pub starts: String,
    pub ends: String,
    pub hours: String,
    /// Empty for no limit.
    pub capacity: String,
    /// The temporary structure whose members attend (its key); empty: anyone of the area.
    #[serde(default)]
    pub team: String,
    /// A checkbox: present when people must sign up before they check in.
    #[serde(default)]
    pub signup: Option<String>,
}

/// An activity's fields after the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedActivity {
    pub kind: ActivityKind,
    pub title: String,
    pub place: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub hours_tenths: u32,
    pub capacity: Option<u32>,
    pub team: Option<String>,
    pub signup: bool,
}

impl ActivityInput {
    pub fn check(&self) -> Result<CheckedActivity, AppError> {
        let invalid = AppError::Invalid;
        let kind = ActivityKind::parse(self.kind.trim()).ok_or(invalid(Field::Category))?;
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > MAX_WHAT_CHARS {
            return Err(invalid(Field::Title));
        }
        let place = self.place.trim();
        if place.chars().count() > 60 {
            return Err(invalid(Field::Place));
        }
        let starts_at = parse_local_minute(&self.starts).ok_or(invalid(Field::Date))?;
        let ends_at =
            parse_local_minute(&self.ends).filter(|end| *end > starts_at).ok_or(invalid(Field::Date))?;
        let hours_tenths = parse_tenths(&self.hours)
            .filter(|h| (1..=MAX_HOURS_TENTHS).contains(h))
            .ok_or(invalid(Field::Hours))?;
        let capacity = match self.capacity.trim() {
            "" => None,
            text => Some(
                text.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=9999).contains(n))
                    .ok_or(invalid(Field::Capacity))?,
            ),
        };
        Ok(CheckedActivity {
            kind,
            title: title.to_owned(),
            place: Some(place.to_owned()).filter(|p| !p.is_empty()),
            starts_at,
            ends_at,
            hours_tenths,
            capacity,
            team: Some(self.team.trim().to_owned()).filter(|t| !t.is_empty()),
            signup: self.signup.is_some(),
        })
    }
}

/// An activity as phones and lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityItem {
    pub key: String,
    pub kind: ActivityKind,
    pub title: String,
    pub place: Option<String>,
    pub org_name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub hours_tenths: u32,
    pub capacity: Option<u32>,
    pub organiser_name: String,
    pub attendees: u32,
    /// The code's secret: only on the organiser's own phone.
    pub secret: Option<String>,
    /// The caller checked in (and out).
    pub checked_in: bool,
    pub checked_out: bool,
    /// People sign up before they check in; `capacity` limits the sign-ups.
    #[serde(default)]
    pub signup: bool,
    #[serde(default)]
    pub signups: u32,
    #[serde(default)]
    pub signed_up: bool,
    /// The temporary structure whose members attend.
    #[serde(default)]
    pub team_name: Option<String>,
}

/// One line of the hours ledger as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursLine {
    /// The ledger row: what a correction names.
    #[serde(default)]
    pub key: String,
    /// Whose hours (in the verifiers' view of the ledger).
    #[serde(default)]
    pub person_name: String,
    pub at: i64,
    pub origin: HoursOrigin,
    /// The activity, task or what was entered.
    pub what: String,
    /// Negative for a reversal.
    pub hours_tenths: i64,
    pub verified_by: Option<String>,
    pub reason: Option<String>,
    /// A correction: it cancels an earlier line.
    #[serde(default)]
    pub correction: bool,
    /// Cancelled by a later correction.
    #[serde(default)]
    pub cancelled: bool,
}

/// A temporary structure as its lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamItem {
    pub key: String,
    pub kind: TeamKind,
    pub name: String,
    pub org_code: String,
    pub org_name: String,
    /// `YYYY-MM-DD`, both days included.
    pub starts_on: String,
    pub ends_on: String,
    pub members: Vec<TeamMember>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    /// In full for a verifier (who edits the list), masked for anyone else.
    pub mobile: String,
}

/// The form of a temporary structure; `members` are mobile numbers, one
/// per line (or separated by commas).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInput {
    /// Empty for a new one.
    #[serde(default)]
    pub key: String,
    pub org_code: String,
    pub kind: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub members: String,
}

pub const MAX_TEAM_MEMBERS: usize = 500;

/// A temporary structure's fields after the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedTeam {
    pub kind: TeamKind,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Normalised mobile numbers, each once.
    pub mobiles: Vec<String>,
}

impl TeamInput {
    pub fn check(&self) -> Result<CheckedTeam, AppError> {
        let invalid = AppError::Invalid;
        let kind = TeamKind::parse(self.kind.trim()).ok_or(invalid(Field::Category))?;
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_WHAT_CHARS {
            return Err(invalid(Field::Name));
        }
        let (starts_on, ends_on) = (self.starts_on.trim(), self.ends_on.trim());
        let dates_fit = crate::model::time::is_date(starts_on) && crate::model::time::is_date(ends_on);
        if !dates_fit || ends_on < starts_on {
            return Err(invalid(Field::Date));
        }
        let mut mobiles = Vec::new();
        for text in self.members.split(|c: char| c == ',' || c == '，' || c.is_whitespace()) {
            if text.is_empty() {
                continue;
            }
            let mobile = crate::model::account::normalize_mobile(text).ok_or(invalid(Field::Mobile))?;
            if !mobiles.contains(&mobile) {
                mobiles.push(mobile);
            }
        }
        if mobiles.len() > MAX_TEAM_MEMBERS {
            return Err(invalid(Field::Batch));
        }
        Ok(CheckedTeam {
            kind,
            name: name.to_owned(),
            starts_on: starts_on.to_owned(),
            ends_on: ends_on.to_owned(),
            mobiles,
        })
    }
}

/// A printable certificate of a person's verified hours in a period: their
/// name, the community's, no ID or phone numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub person_name: String,
    /// The community (or the street, for street staff) the person belongs to.
    pub community_name: String,
    pub period: crate::model::assessment::Period,
    pub tenths: i64,
    /// Star level from all verified hours up to the period's end.
    pub stars: u32,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
}

/// A manual entry as its owner and the verifiers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualEntry {
    pub key: String,
    pub person_name: String,
    pub what: String,
    pub activity_title: Option<String>,
    pub on: String,
    pub hours_tenths: u32,
    pub evidence: String,
    pub state: ManualState,
    pub reason: Option<String>,
    /// Milliseconds since 1970, when the server received it.
    pub received_at: i64,
}

/// A person's hours: the total of verified entries, the star level, the
/// ledger and the entries still waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyHours {
    pub total_tenths: i64,
    pub year_tenths: i64,
    pub year: i64,
    /// 0 (none yet) to the number of thresholds.
    pub stars: u32,
    /// Hours to the next star, none at the top.
    pub next_star_hours: Option<u32>,
    pub lines: Vec<HoursLine>,
    pub entries: Vec<ManualEntry>,
}

/// Verified hours of an org node (street, community, grid) or a unit in a
/// period: the sum of the ledger rows of the people who belong to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursTotal {
    pub name: String,
    /// `street`, `community`, `grid`, or `unit` for a reporting unit.
    pub kind: String,
    pub tenths: i64,
    /// People with hours in the period.
    pub volunteers: u32,
}

/// Totals of a period for the caller's area: each node of the tree (the
/// caller's own first), each reporting unit, and the people, most first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursTotals {
    pub period: crate::model::assessment::Period,
    pub areas: Vec<HoursTotal>,
    pub units: Vec<HoursTotal>,
    pub people: Vec<HoursTotal>,
}

/// Star levels: a volunteer with at least `thresholds[n-1]` hours has n stars.
pub fn star_level(thresholds: &[u32], total_tenths: i64) -> (u32, Option<u32>) {
    let hours = total_tenths.max(0) / 10;
    let reached = thresholds.iter().filter(|t| i64::from(**t) <= hours).count();
    let next = thresholds.get(reached).copied();
    (u32::try_from(reached).unwrap_or(u32::MAX), next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_depend_on_secret_activity_and_step() {
        let code = check_in_code("secret", "a1", 1000);
        assert!(is_code(&code), "{code}");
        assert_eq!(code, check_in_code("secret", "a1", 1000), "the same inputs give the same code");
        assert_ne!(code, check_in_code("secret", "a1", 1001));
        assert_ne!(code, check_in_code("secret", "a2", 1000));
        assert_ne!(code, check_in_code("other", "a1", 1000));
    }

    #[test]
    fn a_qr_text_reads_back() {
        let text = qr_text("01900000-0000-7000-8000-000000000001", 42, "012345");
        assert_eq!(
            read_qr(&text),
            Some(("01900000-0000-7000-8000-000000000001".into(), 42, "012345".into()))
        );
        assert_eq!(read_qr("GLCI1:a:1:12345"), None);
        assert_eq!(read_qr("https://example.com"), None);
    }

    #[test]
    fn stars_follow_the_thresholds() {
        let thresholds = [100, 300, 600];
        assert_eq!(star_level(&thresholds, 0), (0, Some(100)));
        assert_eq!(star_level(&thresholds, 999), (0, Some(100)));
        assert_eq!(star_level(&thresholds, 1000), (1, Some(300)));
        assert_eq!(star_level(&thresholds, 6000), (3, None));
    }

    #[test]
    fn manual_entries_name_their_wrong_field() {
        let good = ManualHoursInput {
            entry_id: crate::model::sync::new_id(1, [1; 10]),
            activity: None,
            what: "社区清扫".into(),
            on: "2026-11-30".into(),
            hours: "2.5".into(),
            evidence: "".into(),
        };
        assert_eq!(good.check(), Ok(25));
        assert_eq!(ManualHoursInput { hours: "0".into(), ..good.clone() }.check(), Err(Field::Hours));
        assert_eq!(ManualHoursInput { hours: "25".into(), ..good.clone() }.check(), Err(Field::Hours));
        assert_eq!(ManualHoursInput { what: " ".into(), ..good.clone() }.check(), Err(Field::Title));
        assert_eq!(ManualHoursInput { on: "2026-13-01".into(), ..good }.check(), Err(Field::Date));
    }
}
