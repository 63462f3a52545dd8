//! Assessment (考核) of reporting units and in-service members per quarter
//! or year: a score out of 100 made of parts, each earning up to its
//! weight in proportion to how far it reaches its target. Weights and
//! targets are configuration (`[gridlink.assessment]` in `Leptos.toml`).

use crate::model::account::Role;
use crate::model::time::{month_start, year_month};
use serde::{Deserialize, Serialize};

/// Who sees scores: secretaries and street admins (their area's units and
/// members), and a unit's admin (their own unit).
pub const ASSESSORS: [Role; 3] = [Role::StreetAdmin, Role::Secretary, Role::UnitAdmin];

/// A quarter (`2026-Q4`) or a whole year (`2026`), in China Standard Time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub year: i64,
    /// 1–4; none for the whole year.
    pub quarter: Option<u32>,
}

impl Period {
    /// `2026-Q4` or `2026`; anything else is none.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let (year, quarter) = match text.split_once("-Q") {
            Some((year, quarter)) => {
                (year, Some(quarter.parse::<u32>().ok().filter(|q| (1..=4).contains(q))?))
            }
            None => (text, None),
        };
        let year = Some(year).filter(|y| y.len() == 4)?.parse::<i64>().ok().filter(|y| *y >= 2000)?;
        Some(Period { year, quarter })
    }

    /// A period a user chose, or `default` when they chose none.
    pub fn chosen(text: &str, default: Period) -> Result<Period, crate::model::Field> {
        match text.trim() {
            "" => Ok(default),
            code => Period::parse(code).ok_or(crate::model::Field::Period),
        }
    }

    /// The quarter a moment falls in.
    pub fn quarter_of(unix_millis: i64) -> Period {
        let (year, month) = year_month(unix_millis);
        Period { year, quarter: Some((month - 1) / 3 + 1) }
    }

    /// The quarter before this one (the year before, for a year).
    pub fn previous(self) -> Period {
        match self.quarter {
            Some(1) => Period { year: self.year - 1, quarter: Some(4) },
            Some(q) => Period { year: self.year, quarter: Some(q - 1) },
            None => Period { year: self.year - 1, quarter: None },
        }
    }

    pub fn whole_year(self) -> Period {
        Period { year: self.year, quarter: None }
    }

    /// `2026-Q4` or `2026`, as `parse` reads it.
    pub fn code(self) -> String {
        match self.quarter {
            Some(q) => format!("{}-Q{q}", self.year),
            None => self.year.to_string(),
        }
    }

    /// Its first moment and the first moment after it, in milliseconds since 1970.
    pub fn bounds(self) -> (i64, i64) {
        match self.quarter {
            Some(q) => (month_start(self.year, q * 3 - 2), month_start(self.year, q * 3 + 1)),
            None => (month_start(self.year, 1), month_start(self.year, 13)),
        }
    }

    /// How many quarters it spans: targets are per quarter.
    pub fn quarters(self) -> u32 {
        if self.quarter.is_some() {
            1
        } else {
            4
        }
    }
}

named_enum! {
    /// The parts a score is made of.
    pub enum ScorePart {
        /// Share of the unit's members with confirmed service in the period.
        ActiveMembers,
        /// Share of the people on the unit's member list who reported in
        /// (an approved registration naming the unit).
        Reported,
        /// Confirmed tasks per member, against the target.
        Tasks,
        /// Confirmed hours per member, against the target.
        Hours,
        /// Share of confirmed tasks reported done before the task ended.
        OnTime,
    }
}

/// Weights (what each part is worth) and per-member, per-quarter targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssessmentRules {
    pub active_members_weight: u32,
    pub reported_weight: u32,
    pub tasks_weight: u32,
    pub hours_weight: u32,
    pub on_time_weight: u32,
    /// Confirmed tasks per member and quarter that earn the full weight.
    pub tasks_target: u32,
    /// Confirmed hours per member and quarter that earn the full weight.
    pub hours_target: u32,
}

impl Default for AssessmentRules {
    fn default() -> Self {
        AssessmentRules {
            active_members_weight: 20,
            reported_weight: 10,
            tasks_weight: 25,
            hours_weight: 30,
            on_time_weight: 15,
            tasks_target: 2,
            hours_target: 6,
        }
    }
}

impl ScorePart {
    /// Parts about a unit's people as a whole, which a member does not have.
    pub fn is_unit_share(self) -> bool {
        matches!(self, ScorePart::ActiveMembers | ScorePart::Reported)
    }
}

/// What a unit's (or a member's) records add up to in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub members: u32,
    /// Members with at least one confirmed task.
    pub active_members: u32,
    /// Confirmed tasks.
    pub tasks: u32,
    /// Confirmed tasks reported done before the task ended.
    pub on_time: u32,
    /// Tenths of an hour, from the hours (or unit credit) ledger.
    pub hours_tenths: i64,
    /// People on the unit's own member list (units only).
    #[serde(default)]
    pub listed: u32,
    /// Of them, those who reported in (units only).
    #[serde(default)]
    pub reported: u32,
}

/// One part of a score: what it is worth and what it earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartScore {
    pub part: ScorePart,
    pub weight: u32,
    /// What the part can earn at most, in tenths of a point of the score
    /// out of 100 (its weight's share of all weights).
    pub max_tenths: u32,
    /// What it earned, in tenths of a point of the score out of 100.
    pub earned_tenths: u32,
}

/// Who is scored: a unit has all parts, a member all but the unit's shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Unit,
    Member,
}

impl AssessmentRules {
    fn weight(&self, part: ScorePart) -> u32 {
        match part {
            ScorePart::ActiveMembers => self.active_members_weight,
            ScorePart::Reported => self.reported_weight,
            ScorePart::Tasks => self.tasks_weight,
            ScorePart::Hours => self.hours_weight,
            ScorePart::OnTime => self.on_time_weight,
        }
    }

    /// The weights add up to something: a score out of 100 needs it.
    pub fn is_usable(&self) -> bool {
        ScorePart::ALL.iter().any(|part| self.weight(*part) > 0)
    }

    /// How far (0–1) a tally reaches a part's target over `quarters`.
    fn reach(&self, part: ScorePart, tally: &Tally, quarters: u32) -> f64 {
        let share = |some: u32, of: u32| if of == 0 { 0.0 } else { f64::from(some) / f64::from(of) };
        let members = f64::from(tally.members.max(1));
        let per_member = |reached: f64, target: u32| {
            let wanted = f64::from(target * quarters) * members;
            if wanted == 0.0 {
                1.0
            } else {
                reached / wanted
            }
        };
        let reach = match part {
            ScorePart::ActiveMembers => share(tally.active_members, tally.members),
            ScorePart::Reported => share(tally.reported, tally.listed),
            ScorePart::Tasks => per_member(f64::from(tally.tasks), self.tasks_target),
            ScorePart::Hours => per_member(tally.hours_tenths as f64 / 10.0, self.hours_target),
            ScorePart::OnTime => share(tally.on_time, tally.tasks),
        };
        reach.clamp(0.0, 1.0)
    }

    /// The parts of a score and the score itself, in tenths of a point out of 100.
    pub fn score(&self, subject: Subject, tally: &Tally, period: Period) -> (Vec<PartScore>, u32) {
        let parts: Vec<ScorePart> = ScorePart::ALL
            .iter()
            .copied()
            .filter(|part| subject == Subject::Unit || !part.is_unit_share())
            .collect();
        let total: u32 = parts.iter().map(|part| self.weight(*part)).sum();
        if total == 0 {
            return (Vec::new(), 0);
        }
        let scored: Vec<PartScore> = parts
            .into_iter()
            .map(|part| {
                let weight = self.weight(part);
                let share_of_100 = 1000.0 * f64::from(weight) / f64::from(total);
                let earned = share_of_100 * self.reach(part, tally, period.quarters());
                let max_tenths = share_of_100.round() as u32;
                PartScore { part, weight, max_tenths, earned_tenths: earned.round() as u32 }
            })
            .collect();
        let score = scored.iter().map(|p| p.earned_tenths).sum::<u32>().min(1000);
        (scored, score)
    }
}

/// A unit or a member in the ranked table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRow {
    /// The unit's key (units) or the account's public id (members).
    pub key: String,
    pub name: String,
    /// The member's unit, or the unit's community.
    pub context: Option<String>,
    /// The unit's key: its own (units) or the member's unit's (members).
    pub unit_key: Option<String>,
    pub tally: Tally,
    pub parts: Vec<PartScore>,
    /// Tenths of a point out of 100.
    pub score_tenths: u32,
}

/// The ranked tables of a period, highest score first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub period: Period,
    pub units: Vec<ScoreRow>,
    pub members: Vec<ScoreRow>,
}

impl Tally {
    /// What a part counted, in plain figures: "1/2" members or tasks on
    /// time, "4" tasks, "12.5" hours.
    pub fn figure(&self, part: ScorePart) -> String {
        match part {
            ScorePart::ActiveMembers => format!("{}/{}", self.active_members, self.members),
            ScorePart::Reported => format!("{}/{}", self.reported, self.listed),
            ScorePart::Tasks => self.tasks.to_string(),
            ScorePart::Hours => tenths_text(self.hours_tenths),
            ScorePart::OnTime => format!("{}/{}", self.on_time, self.tasks),
        }
    }
}

/// "87.5" from tenths.
pub fn tenths_text(tenths: i64) -> String {
    format!("{}.{}", tenths / 10, (tenths % 10).abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::date;

    #[test]
    fn periods_read_and_bound_quarters_and_years() {
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(q4, Period { year: 2026, quarter: Some(4) });
        let (start, end) = q4.bounds();
        assert_eq!((date(start), date(end)), ("2026-10-01".into(), "2027-01-01".into()));
        assert_eq!(Period::parse("2026").unwrap().bounds().1, end);
        assert_eq!(Period::quarter_of(start), q4);
        assert_eq!(Period::quarter_of(start - 1), Period { year: 2026, quarter: Some(3) });
        assert_eq!(Period::parse("2026-Q1").unwrap().previous().code(), "2025-Q4");
        for bad in ["", "2026-Q5", "2026-Q0", "26", "2026-", "abcd", "1999"] {
            assert_eq!(Period::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_unit_that_meets_every_target_scores_100() {
        let rules = AssessmentRules::default();
        let q = Period::parse("2026-Q4").unwrap();
        let full = Tally {
            members: 2,
            active_members: 2,
            tasks: 4,
            on_time: 4,
            hours_tenths: 120,
            listed: 3,
            reported: 3,
        };
        assert_eq!(rules.score(Subject::Unit, &full, q).1, 1000);
        // Over a year the targets are four times as high: 200 + 100 + 62.5 + 75 + 150.
        assert_eq!(rules.score(Subject::Unit, &full, q.whole_year()).1, 588);
        let nothing = Tally { members: 3, ..Tally::default() };
        assert_eq!(rules.score(Subject::Unit, &nothing, q).1, 0);
    }

    #[test]
    fn each_part_earns_its_weight_in_proportion_and_no_more() {
        let rules = AssessmentRules::default();
        let q = Period::parse("2026-Q4").unwrap();
        // Half the members active, a quarter of the list reported in, the task
        // target met, a quarter of the hours, half on time.
        let tally = Tally {
            members: 2,
            active_members: 1,
            tasks: 4,
            on_time: 2,
            hours_tenths: 30,
            listed: 4,
            reported: 1,
        };
        let (parts, score) = rules.score(Subject::Unit, &tally, q);
        let earned: Vec<u32> = parts.iter().map(|p| p.earned_tenths).collect();
        assert_eq!(earned, [100, 25, 250, 75, 75]);
        assert_eq!(score, 525);
        let figures: Vec<String> = ScorePart::ALL.iter().map(|p| tally.figure(*p)).collect();
        assert_eq!(figures, ["1/2", "1/4", "4", "3.0", "2/4"]);
        let more = Tally { tasks: 40, on_time: 40, ..tally };
        assert_eq!(rules.score(Subject::Unit, &more, q).0[2].earned_tenths, 250, "capped at the weight");
    }

    #[test]
    fn a_member_has_no_active_share_and_weights_come_from_configuration() {
        let rules = AssessmentRules { hours_weight: 0, on_time_weight: 0, ..AssessmentRules::default() };
        let q = Period::parse("2026-Q2").unwrap();
        let tally = Tally { members: 1, active_members: 1, tasks: 1, hours_tenths: 10, ..Tally::default() };
        let (parts, score) = rules.score(Subject::Member, &tally, q);
        assert_eq!(parts.iter().map(|p| p.part).collect::<Vec<_>>(), ScorePart::ALL[2..].to_vec());
        assert_eq!(score, 500, "only the tasks part weighs; one of two tasks");
        let none = AssessmentRules { active_members_weight: 0, reported_weight: 0, tasks_weight: 0, ..rules };
        assert!(!none.is_usable());
    }
}
