//! The period a report covers: `--since WHEN` and `--until WHEN`.
//!
//! WHEN is a date `YYYY-MM-DD` (that whole day is in the period), `Nd` / `Nw` (the day N
//! days or weeks before today), or a git revision. A revision is resolved by
//! [`crate::history`] to its commit's time: the period starts just after that commit, or
//! ends with it. Text shaped like a date but not one (`2026-02-30`) is an error, never a
//! revision.
//!
//! Pure: "today" is passed in.

use chrono::{DateTime, Days, FixedOffset, NaiveDate};

/// WHEN as written, before any revision is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    Date(NaiveDate),
    Revision(String),
}

/// Reads WHEN. `Nd`/`Nw` become dates counted back from `today`.
pub fn parse_when(text: &str, today: NaiveDate) -> Result<When, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("an empty WHEN: give YYYY-MM-DD, Nd, Nw or a git revision".into());
    }
    let digits = text.trim_start_matches(|c: char| c.is_ascii_digit());
    let count = &text[..text.len() - digits.len()];
    if !count.is_empty() && matches!(digits, "d" | "w") {
        let n: u64 = count
            .parse()
            .map_err(|_| format!("{text:?}: too many days"))?;
        let days = if digits == "w" {
            n.saturating_mul(7)
        } else {
            n
        };
        return today
            .checked_sub_days(Days::new(days))
            .map(When::Date)
            .ok_or_else(|| format!("{text:?} reaches before the calendar"));
    }
    let date_shaped = text.len() >= 8
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && text.bytes().filter(|&b| b == b'-').count() == 2;
    if date_shaped {
        return crate::schedule::parse_date(text).map(When::Date);
    }
    Ok(When::Revision(text.to_string()))
}

/// Where a period starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// From the beginning of that day (in each author's time zone).
    Day(NaiveDate),
    /// Just after that instant (a revision's commit).
    After(DateTime<FixedOffset>),
}

/// Where a period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// To the end of that day.
    Day(NaiveDate),
    /// Up to and including that instant.
    At(DateTime<FixedOffset>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub start: Start,
    pub end: End,
}

impl Period {
    /// True when something dated `date` (at `time`, if known) happened in the period.
    pub fn contains(&self, date: NaiveDate, time: Option<DateTime<FixedOffset>>) -> bool {
        !self.before(date, time) && self.not_after(date, time)
    }

    /// True when it happened before the period started.
    pub fn before(&self, date: NaiveDate, time: Option<DateTime<FixedOffset>>) -> bool {
        match (self.start, time) {
            (Start::Day(d), _) => date < d,
            (Start::After(t), Some(time)) => time <= t,
            (Start::After(t), None) => date <= t.date_naive(),
        }
    }

    /// True when it happened no later than the period's end.
    pub fn not_after(&self, date: NaiveDate, time: Option<DateTime<FixedOffset>>) -> bool {
        match (self.end, time) {
            (End::Day(d), _) => date <= d,
            (End::At(t), Some(time)) => time <= t,
            (End::At(t), None) => date <= t.date_naive(),
        }
    }

    pub fn first_day(&self) -> NaiveDate {
        match self.start {
            Start::Day(d) => d,
            Start::After(t) => t.date_naive(),
        }
    }

    pub fn last_day(&self) -> NaiveDate {
        match self.end {
            End::Day(d) => d,
            End::At(t) => t.date_naive(),
        }
    }

    /// Every day of the period, first to last (empty when it ends before it starts).
    pub fn days(&self) -> Vec<NaiveDate> {
        let (first, last) = (self.first_day(), self.last_day());
        first.iter_days().take_while(|d| *d <= last).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::schedule::parse_date(s).unwrap()
    }

    #[test]
    fn when_is_a_date_a_count_back_or_a_revision() {
        let today = d("2026-12-07");
        assert_eq!(
            parse_when("2026-12-01", today),
            Ok(When::Date(d("2026-12-01")))
        );
        assert_eq!(parse_when("7d", today), Ok(When::Date(d("2026-11-30"))));
        assert_eq!(parse_when("2w", today), Ok(When::Date(d("2026-11-23"))));
        assert_eq!(parse_when("0d", today), Ok(When::Date(today)));
        assert_eq!(
            parse_when("HEAD~3", today),
            Ok(When::Revision("HEAD~3".into()))
        );
        assert_eq!(parse_when("v1.0", today), Ok(When::Revision("v1.0".into())));
        assert!(
            parse_when("2026-02-30", today)
                .unwrap_err()
                .contains("calendar")
        );
        assert!(parse_when("2026-2-3", today).is_err());
        assert!(parse_when("99999999999999999999d", today).is_err());
        assert!(parse_when("999999999d", today).is_err());
        assert!(parse_when(" ", today).is_err());
    }

    #[test]
    fn periods_by_day_and_by_instant() {
        let days = Period {
            start: Start::Day(d("2026-12-01")),
            end: End::Day(d("2026-12-07")),
        };
        assert!(days.contains(d("2026-12-01"), None));
        assert!(days.contains(d("2026-12-07"), None));
        assert!(!days.contains(d("2026-11-30"), None));
        assert!(days.before(d("2026-11-30"), None));
        assert_eq!(days.days().len(), 7);
        let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
        let after = Period {
            start: Start::After(t("2026-12-03T12:00:00+00:00")),
            end: End::At(t("2026-12-05T12:00:00+00:00")),
        };
        assert!(!after.contains(d("2026-12-03"), Some(t("2026-12-03T12:00:00+00:00"))));
        assert!(after.contains(
            d("2026-12-03"),
            Some(t("2026-12-03T13:00:00+01:00") + chrono::Duration::seconds(1))
        ));
        assert!(after.contains(d("2026-12-05"), Some(t("2026-12-05T12:00:00+00:00"))));
        assert!(!after.contains(d("2026-12-05"), Some(t("2026-12-05T12:00:01+00:00"))));
        assert_eq!(
            (after.first_day(), after.last_day()),
            (d("2026-12-03"), d("2026-12-05"))
        );
    }
}
