//! The plan in time: when each week of a checklist runs and is due, and what "today" is.
//!
//! `preflight.yaml` may say `schedule: { start: 2026-09-07 }` — the Monday of week 1 — and
//! per-week overrides `weeks: { 15: { due: 2026-12-21 } }`. Week N then runs from
//! `start + 7(N-1)` to `start + 7(N-1) + 6` days and is due on its last day unless it carries
//! its own `due`. A phase is due when its last week is.
//!
//! Pure date arithmetic over [`chrono::NaiveDate`]: no clock is read here. "Today" arrives as
//! a value (`--today`, `PREFLIGHT_TODAY`, else the local date, decided in `cmd`), so every
//! date-dependent output is reproducible.
//!
//! Invariants: a week's `due` may be before, on or after its scheduled end (a week can be
//! given more or less time); week numbers are 1-based, week 0 has no dates.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// `schedule:` in `preflight.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The first day (normally a Monday) of week 1.
    #[serde(deserialize_with = "date")]
    pub start: NaiveDate,
}

/// One entry of `weeks:` in `preflight.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekConfig {
    /// When the week is due, if not on the last day of its scheduled seven.
    #[serde(default, deserialize_with = "optional_date")]
    pub due: Option<NaiveDate>,
}

/// `weeks:` in `preflight.yaml`, by week number.
pub type Weeks = BTreeMap<u32, WeekConfig>;

/// Parses a calendar date written `YYYY-MM-DD` (and nothing else: `2026-02-30` and
/// `2026-9-7` are refused, so a typo cannot silently move a deadline).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(format!("{text:?} is not a date in the form YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a calendar date"))
}

fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    parse_date(&text).map_err(serde::de::Error::custom)
}

fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    date(d).map(Some)
}

/// The schedule and the per-week overrides together: what answers "when is week N due?".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub schedule: Option<Schedule>,
    pub weeks: Weeks,
}

/// When a week runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekDates {
    /// First scheduled day.
    pub start: NaiveDate,
    /// Last scheduled day (`start + 6`).
    pub end: NaiveDate,
    /// The override when there is one, else `end`.
    pub due: NaiveDate,
}

impl Plan {
    pub fn new(schedule: Option<Schedule>, weeks: Weeks) -> Plan {
        Plan { schedule, weeks }
    }

    /// True when any date can be known: a start, or at least one explicit due date.
    pub fn is_empty(&self) -> bool {
        self.schedule.is_none() && self.weeks.values().all(|w| w.due.is_none())
    }

    /// The dates of week `n`: all of them with a schedule; with only an override, a week
    /// of seven days ending on its due date.
    pub fn week(&self, n: u32) -> Option<WeekDates> {
        let due = self.weeks.get(&n).and_then(|w| w.due);
        match self.schedule {
            Some(s) if n >= 1 => {
                let start = s
                    .start
                    .checked_add_days(Days::new(7 * (u64::from(n) - 1)))?;
                let end = start.checked_add_days(Days::new(6))?;
                Some(WeekDates {
                    start,
                    end,
                    due: due.unwrap_or(end),
                })
            }
            _ => due.map(|due| WeekDates {
                start: due.checked_sub_days(Days::new(6)).unwrap_or(due),
                end: due,
                due,
            }),
        }
    }

    /// When week `n` is due.
    pub fn due(&self, n: u32) -> Option<NaiveDate> {
        self.week(n).map(|w| w.due)
    }

    /// The latest due date among `weeks` (a phase is due when its last week is).
    pub fn due_of_all(&self, weeks: impl IntoIterator<Item = u32>) -> Option<NaiveDate> {
        weeks.into_iter().filter_map(|n| self.due(n)).max()
    }

    /// The week number whose scheduled seven days contain `day`; `None` before week 1 or
    /// without a schedule.
    pub fn week_at(&self, day: NaiveDate) -> Option<u32> {
        let start = self.schedule?.start;
        let days = (day - start).num_days();
        if days < 0 {
            return None;
        }
        u32::try_from(days / 7 + 1).ok()
    }
}

/// A week or phase is overdue when its due date has passed and it is not done.
pub fn is_overdue(due: Option<NaiveDate>, done: bool, today: NaiveDate) -> bool {
    !done && due.is_some_and(|due| today > due)
}

/// Why `next` chose a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pick {
    /// The schedule says today falls in it, and it is not done.
    Current,
    /// No schedule, or the current week is done or not in the checklist.
    EarliestUnfinished,
}

/// The week `next` shows: the current week by the schedule when it is in the checklist and
/// unfinished, else the unfinished week with the lowest number. `weeks` is (number, done).
pub fn next_week(weeks: &[(u32, bool)], plan: &Plan, today: NaiveDate) -> Option<(u32, Pick)> {
    if let Some(current) = plan.week_at(today)
        && weeks.iter().any(|&(n, done)| n == current && !done)
    {
        return Some((current, Pick::Current));
    }
    let earliest = weeks
        .iter()
        .filter(|(_, done)| !done)
        .map(|&(n, _)| n)
        .min();
    earliest.map(|n| (n, Pick::EarliestUnfinished))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    fn plan() -> Plan {
        let mut weeks = Weeks::new();
        weeks.insert(
            15,
            WeekConfig {
                due: Some(d("2026-12-21")),
            },
        );
        Plan::new(
            Some(Schedule {
                start: d("2026-09-07"),
            }),
            weeks,
        )
    }

    #[test]
    fn week_n_runs_seven_days_from_start_plus_seven_n_minus_one() {
        let p = plan();
        let w1 = p.week(1).unwrap();
        assert_eq!(
            (w1.start, w1.end, w1.due),
            (d("2026-09-07"), d("2026-09-13"), d("2026-09-13"))
        );
        let w13 = p.week(13).unwrap();
        assert_eq!((w13.start, w13.end), (d("2026-11-30"), d("2026-12-06")));
        let w16 = p.week(16).unwrap();
        assert_eq!((w16.start, w16.due), (d("2026-12-21"), d("2026-12-27")));
        assert_eq!(p.week(0), None);
    }

    #[test]
    fn a_week_may_carry_its_own_due_date() {
        let p = plan();
        let w15 = p.week(15).unwrap();
        assert_eq!((w15.end, w15.due), (d("2026-12-20"), d("2026-12-21")));
        assert_eq!(p.due_of_all([13, 14, 15]), Some(d("2026-12-21")));
        assert_eq!(p.due_of_all([13, 14, 15, 16]), Some(d("2026-12-27")));
        let only_override = Plan::new(None, p.weeks.clone());
        assert_eq!(only_override.due(15), Some(d("2026-12-21")));
        assert_eq!(only_override.due(13), None);
        assert!(!only_override.is_empty());
        assert!(Plan::default().is_empty());
    }

    #[test]
    fn the_week_containing_a_day() {
        let p = plan();
        assert_eq!(p.week_at(d("2026-09-06")), None);
        assert_eq!(p.week_at(d("2026-09-07")), Some(1));
        assert_eq!(p.week_at(d("2026-09-13")), Some(1));
        assert_eq!(p.week_at(d("2026-09-14")), Some(2));
        assert_eq!(p.week_at(d("2026-12-16")), Some(15));
        assert_eq!(Plan::default().week_at(d("2026-12-16")), None);
    }

    #[test]
    fn overdue_means_past_due_and_not_done() {
        let due = Some(d("2026-12-06"));
        assert!(
            !is_overdue(due, false, d("2026-12-06")),
            "due day itself is not late"
        );
        assert!(is_overdue(due, false, d("2026-12-07")));
        assert!(!is_overdue(due, true, d("2026-12-07")));
        assert!(!is_overdue(None, false, d("2030-01-01")));
    }

    #[test]
    fn next_is_the_current_week_else_the_earliest_unfinished() {
        let p = plan();
        let weeks = [(13, true), (14, false), (15, false), (16, false)];
        let today = d("2026-12-16"); // in week 15
        assert_eq!(next_week(&weeks, &p, today), Some((15, Pick::Current)));
        let done15 = [(13, true), (14, false), (15, true), (16, false)];
        assert_eq!(
            next_week(&done15, &p, today),
            Some((14, Pick::EarliestUnfinished))
        );
        let before = d("2026-01-01");
        assert_eq!(
            next_week(&weeks, &p, before),
            Some((14, Pick::EarliestUnfinished))
        );
        let unscheduled = Plan::default();
        assert_eq!(
            next_week(&weeks, &unscheduled, today),
            Some((14, Pick::EarliestUnfinished))
        );
        assert_eq!(next_week(&[(13, true)], &p, today), None);
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            d("2026-02-28"),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .contains("not a calendar date")
        );
        assert!(parse_date("2026-9-7").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_date("next monday").is_err());
        assert!(parse_date("２０２６-01-01").is_err());
    }
}
