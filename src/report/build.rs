//! Building a [`Report`] from timelines: deltas, item lists, velocity, forecast, burn-up.
//! Pure; see the module docs of [`crate::report`] for the rules.

use super::diff::ChangeKind;
use super::period::Period;
use super::snapshot::{HeadingState, Summary};
use super::timeline::{Event, Timeline};
use super::{
    AuthorCount, Day, DocumentReport, Item, NodeReport, Outlook, Report, VERSION, Velocity,
    VelocityWeek,
};
use crate::classify::State;
use crate::model::HeadingKind;
use crate::rollup::Progress;
use crate::schedule::{Plan, is_overdue};
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// One checklist's history, ready to report.
pub struct BuildInput<'a> {
    pub path: String,
    pub timeline: &'a Timeline,
}

/// How many weeks velocity looks back.
const VELOCITY_WEEKS: u64 = 4;

pub fn build(
    inputs: &[BuildInput<'_>],
    period: &Period,
    plan: &Plan,
    today: NaiveDate,
    (since, until): (&str, &str),
) -> Report {
    Report {
        version: VERSION,
        today,
        since: since.to_string(),
        until: until.to_string(),
        first_day: period.first_day(),
        last_day: period.last_day(),
        documents: inputs
            .iter()
            .map(|input| document(input, period, plan, today))
            .collect(),
    }
}

fn document(
    input: &BuildInput<'_>,
    period: &Period,
    plan: &Plan,
    today: NaiveDate,
) -> DocumentReport {
    let t = input.timeline;
    let empty = Summary::default();
    let start = (t.points.iter())
        .rfind(|p| period.before(p.date, p.time))
        .map_or(&empty, |p| &p.summary);
    let end = (t.points.iter())
        .rfind(|p| period.not_after(p.date, p.time))
        .map_or(&empty, |p| &p.summary);
    let as_of = period.last_day();
    let velocity = velocity(t, as_of);
    let rate = velocity.per_week;
    let nodes = end
        .headings
        .iter()
        .map(|h| node(h, start.progress_of(&h.id), plan, as_of, rate, end))
        .collect();
    let in_period: Vec<&Event> = (t.events.iter())
        .filter(|e| period.contains(e.date, e.time))
        .collect();
    let items = |kind: ChangeKind| -> Vec<Item> {
        (in_period.iter())
            .filter(|e| e.kind == kind)
            .map(|e| item(t, e))
            .collect()
    };
    let mut authors: BTreeMap<&str, usize> = BTreeMap::new();
    for e in in_period
        .iter()
        .filter(|e| e.kind == ChangeKind::Ticked && e.task.leaf)
    {
        let name = e
            .commit
            .map_or("(stamped)", |c| t.commits[c].author.as_str());
        *authors.entry(name).or_default() += 1;
    }
    let mut authors: Vec<AuthorCount> = (authors.into_iter())
        .map(|(author, completed)| AuthorCount {
            author: author.to_string(),
            completed,
        })
        .collect();
    authors.sort_by_key(|a| std::cmp::Reverse(a.completed));
    let commits = (t.commits.iter())
        .filter(|c| period.contains(c.time.date_naive(), Some(c.time)))
        .count();
    DocumentReport {
        path: input.path.clone(),
        source: t.source,
        commits,
        uncommitted: t.uncommitted,
        start: start.progress,
        end: end.progress,
        change: end.progress.done as i64 - start.progress.done as i64,
        nodes,
        completed: items(ChangeKind::Ticked),
        reopened: items(ChangeKind::Unticked),
        added: items(ChangeKind::Added),
        removed: items(ChangeKind::Removed),
        authors,
        velocity,
        burnup: burnup(t, period, plan, today),
    }
}

fn item(t: &Timeline, e: &Event) -> Item {
    let commit = e.commit.map(|c| &t.commits[c]);
    Item {
        id: e.task.id.clone(),
        text: e.task.text.clone(),
        leaf: e.task.leaf,
        week: e.task.week,
        date: e.date,
        author: commit.map(|c| c.author.clone()),
        email: commit.map(|c| c.email.clone()),
        commit: commit.map(|c| c.short().to_string()),
    }
}

fn node(
    h: &HeadingState,
    start: Progress,
    plan: &Plan,
    as_of: NaiveDate,
    rate: f64,
    end: &Summary,
) -> NodeReport {
    let done = h.progress.state() == State::Done;
    let due = match (h.kind, h.number) {
        (HeadingKind::Week, Some(n)) => plan.due(n),
        (HeadingKind::Phase, _) => plan.due_of_all(
            (end.headings.iter())
                .filter(|w| w.kind == HeadingKind::Week && w.phase.as_ref() == Some(&h.id))
                .filter_map(|w| w.number),
        ),
        _ => None,
    };
    let forecast = match done || h.progress.total == 0 {
        true => None,
        false => forecast(as_of, h.open_through, rate),
    };
    let outlook = due.map(|due| {
        if done {
            Outlook::Done
        } else if as_of > due {
            Outlook::Late
        } else if forecast.is_none_or(|f| f > due) {
            Outlook::AtRisk
        } else {
            Outlook::OnTrack
        }
    });
    NodeReport {
        kind: h.kind.as_str(),
        number: h.number,
        id: h.id.clone(),
        title: h.title.clone(),
        start,
        end: h.progress,
        change: h.progress.done as i64 - start.done as i64,
        state: if is_overdue(due, done, as_of) {
            "overdue"
        } else {
            h.progress.state().as_str()
        },
        due,
        forecast,
        outlook,
    }
}

/// The day `open` more leaf tasks are done, at `per_week`, counting from `as_of`.
fn forecast(as_of: NaiveDate, open: usize, per_week: f64) -> Option<NaiveDate> {
    if per_week <= 0.0 {
        return None;
    }
    let days = (open as f64 * 7.0 / per_week).ceil();
    // Beyond ~27 years the date is meaningless; say nothing rather than overflow.
    (days < 10_000.0).then(|| as_of.checked_add_days(Days::new(days as u64)))?
}

fn velocity(t: &Timeline, as_of: NaiveDate) -> Velocity {
    let first = t.points.first().map(|p| p.date).unwrap_or(as_of);
    let age_weeks = ((as_of - first).num_days().max(0) as u64) / 7 + 1;
    let counted = age_weeks.clamp(1, VELOCITY_WEEKS);
    let weeks: Vec<VelocityWeek> = (0..counted)
        .rev()
        .map(|k| {
            let end = as_of - Days::new(7 * k);
            let start = end - Days::new(6);
            let completed = (t.events.iter())
                .filter(|e| e.task.leaf && (start..=end).contains(&e.date))
                .map(|e| match e.kind {
                    ChangeKind::Ticked => 1,
                    ChangeKind::Unticked => -1,
                    _ => 0,
                })
                .sum();
            VelocityWeek {
                start,
                end,
                completed,
            }
        })
        .collect();
    let sum: i64 = weeks.iter().map(|w| w.completed).sum();
    Velocity {
        per_week: (sum as f64 / counted as f64 * 10.0).round() / 10.0,
        weeks,
    }
}

/// Done and total at the end of each day of the period, with the plan where there is one.
/// The chart keeps to the days the history covers: from the day before its first version
/// (not `--since 1970-01-01`'s decades of zeros) to its last version or today, whichever is
/// later (not `--until 2999-12-31`'s centuries of the same value).
fn burnup(t: &Timeline, period: &Period, plan: &Plan, today: NaiveDate) -> Vec<Day> {
    let (Some(first), Some(last)) = (t.points.first(), t.points.last()) else {
        return Vec::new();
    };
    let start = (period.first_day()).max(first.date.pred_opt().unwrap_or(first.date));
    let end = (period.last_day()).min(last.date.max(today));
    let days: Vec<NaiveDate> = start.iter_days().take_while(|d| *d <= end).collect();
    let mut out = Vec::with_capacity(days.len());
    let mut next = 0;
    let mut current: Option<&Summary> = None;
    // Points are in history order; dates almost always rise along it. Taking, for each day,
    // the last point dated that day or earlier handles the exceptions too.
    for day in days {
        while let Some(p) = t.points.get(next) {
            if p.date > day {
                break;
            }
            next += 1;
        }
        let latest = t.points[..next].iter().rev().find(|p| p.date <= day);
        current = latest.map(|p| &p.summary).or(current);
        let summary = current.cloned().unwrap_or_default();
        out.push(Day {
            date: day,
            done: summary.progress.done,
            total: summary.progress.total,
            plan: planned(&summary, plan, day),
        });
    }
    out
}

/// Leaf tasks the schedule wants done by the end of `day`: each week's spread evenly over
/// its days up to its due date, a phase's own tasks (outside its weeks) all on its due date.
fn planned(summary: &Summary, plan: &Plan, day: NaiveDate) -> Option<f64> {
    if plan.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut in_weeks: BTreeMap<&str, usize> = BTreeMap::new();
    let mut phase_due: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for h in summary
        .headings
        .iter()
        .filter(|h| h.kind == HeadingKind::Week)
    {
        let Some(dates) = h.number.and_then(|n| plan.week(n)) else {
            continue;
        };
        if let Some(phase) = h.phase.as_deref() {
            *in_weeks.entry(phase).or_default() += h.progress.total;
            let due = phase_due.entry(phase).or_insert(dates.due);
            *due = (*due).max(dates.due);
        }
        let span = (dates.due - dates.start).num_days() + 1;
        let elapsed = (day - dates.start).num_days() + 1;
        let share = (elapsed as f64 / span.max(1) as f64).clamp(0.0, 1.0);
        total += h.progress.total as f64 * share;
    }
    for h in summary
        .headings
        .iter()
        .filter(|h| h.kind == HeadingKind::Phase)
    {
        if let Some(&due) = phase_due.get(h.id.as_str())
            && day >= due
        {
            let own = h.progress.total - in_weeks.get(h.id.as_str()).copied().unwrap_or(0);
            total += own as f64;
        }
    }
    Some((total * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::period::{End, Start};
    use crate::report::snapshot::Snapshot;
    use crate::report::timeline::{Commit, Source};
    use crate::schedule::{Schedule, Weeks};
    use chrono::DateTime;

    fn d(s: &str) -> NaiveDate {
        crate::schedule::parse_date(s).unwrap()
    }

    fn history(versions: &[(&str, &str, &str)]) -> Timeline {
        let mut t = Timeline::new(Source::Git);
        let mut prev: Option<Snapshot> = None;
        for (i, (time, author, src)) in versions.iter().enumerate() {
            let snap = Snapshot::parse(src);
            let commit = Commit {
                hash: format!("{i:040}"),
                author: author.to_string(),
                email: format!("{author}@example.com"),
                time: DateTime::parse_from_rfc3339(time).unwrap(),
            };
            let parents: Vec<&Snapshot> = prev.iter().collect();
            t.push_commit(commit, &parents, &snap);
            prev = Some(snap);
        }
        t
    }

    const V0: &str = "# Phase 1: P\n## Week 1: A\n- [ ] a\n- [ ] b\n## Week 2: B\n- [ ] c\n- [ ] d\n## Criteria\n- [ ] e\n";

    fn sample() -> Timeline {
        history(&[
            ("2026-09-01T09:00:00Z", "ann", V0),
            ("2026-09-08T09:00:00Z", "ann", &V0.replace("[ ] a", "[x] a")),
            (
                "2026-09-10T09:00:00Z",
                "bob",
                &V0.replace("[ ] a", "[x] a").replace("[ ] b", "[x] b"),
            ),
            (
                "2026-09-12T09:00:00Z",
                "bob",
                &V0.replace("[ ] a", "[x] a")
                    .replace("[ ] b", "[x] b")
                    .replace("[ ] c", "[x] c"),
            ),
        ])
    }

    fn plan() -> Plan {
        Plan::new(
            Some(Schedule {
                start: d("2026-09-07"),
            }),
            Weeks::new(),
        )
    }

    fn week(start: &str, end: &str) -> Period {
        Period {
            start: Start::Day(d(start)),
            end: End::Day(d(end)),
        }
    }

    #[test]
    fn deltas_items_and_authors_of_a_period() {
        let t = sample();
        let input = [BuildInput {
            path: "c.md".into(),
            timeline: &t,
        }];
        let r = build(
            &input,
            &week("2026-09-09", "2026-09-12"),
            &plan(),
            d("2026-09-12"),
            ("a", "b"),
        );
        let doc = &r.documents[0];
        assert_eq!((doc.start.done, doc.end.done, doc.change), (1, 3, 2));
        assert_eq!(doc.commits, 2);
        let done: Vec<_> = doc
            .completed
            .iter()
            .map(|i| (i.id.as_str(), i.author.as_deref()))
            .collect();
        assert_eq!(done, [("1.2", Some("bob")), ("2.1", Some("bob"))]);
        let w1 = doc.nodes.iter().find(|n| n.id == "1").unwrap();
        assert_eq!(
            (w1.start.done, w1.end.done, w1.change, w1.state),
            (1, 2, 1, "done")
        );
        assert_eq!(w1.outlook, Some(Outlook::Done));
        assert_eq!(doc.authors[0].author, "bob");
        assert_eq!(doc.authors[0].completed, 2);
    }

    #[test]
    fn velocity_forecast_and_outlook() {
        let t = sample();
        let input = [BuildInput {
            path: "c.md".into(),
            timeline: &t,
        }];
        // Two weeks of history: 3 leaves done in the last week, 0 in the one before.
        let r = build(
            &input,
            &week("2026-09-08", "2026-09-14"),
            &plan(),
            d("2026-09-14"),
            ("a", "b"),
        );
        let doc = &r.documents[0];
        assert_eq!(doc.velocity.weeks.len(), 2);
        assert_eq!(doc.velocity.weeks[1].completed, 3);
        assert_eq!(doc.velocity.per_week, 1.5);
        let w2 = doc.nodes.iter().find(|n| n.id == "2").unwrap();
        // d is the one open leaf of week 2: 7/1.5 = 4.67 → 5 days.
        assert_eq!(w2.forecast, Some(d("2026-09-19")));
        assert_eq!(w2.due, Some(d("2026-09-20")));
        assert_eq!(w2.outlook, Some(Outlook::OnTrack));
        let phase = doc.nodes.iter().find(|n| n.id == "P1").unwrap();
        // d and e: 14/1.5 = 9.33 → 10 days, past the phase's due date (week 2's).
        assert_eq!(phase.forecast, Some(d("2026-09-24")));
        assert_eq!(phase.outlook, Some(Outlook::AtRisk));
        let late = build(
            &input,
            &week("2026-09-21", "2026-09-21"),
            &plan(),
            d("2026-09-21"),
            ("a", "b"),
        );
        let w2 = late.documents[0]
            .nodes
            .iter()
            .find(|n| n.id == "2")
            .unwrap();
        assert_eq!((w2.outlook, w2.state), (Some(Outlook::Late), "overdue"));
    }

    #[test]
    fn burn_up_follows_the_versions_and_the_plan() {
        let t = sample();
        let days = burnup(
            &t,
            &week("2026-09-07", "2026-09-14"),
            &plan(),
            d("2026-09-14"),
        );
        let done: Vec<usize> = days.iter().map(|d| d.done).collect();
        assert_eq!(done, [0, 1, 1, 2, 2, 3, 3, 3]);
        assert!(days.iter().all(|d| d.total == 5));
        let plans: Vec<f64> = days.iter().map(|d| d.plan.unwrap()).collect();
        assert_eq!(plans[0], 0.3, "week 1's two tasks over seven days");
        assert_eq!(plans[6], 2.0);
        assert_eq!(plans[7], 2.3);
        let unplanned = burnup(
            &t,
            &week("2026-09-07", "2026-09-08"),
            &Plan::default(),
            d("2026-09-14"),
        );
        assert!(unplanned.iter().all(|d| d.plan.is_none()));
        let before = burnup(
            &t,
            &week("2026-08-30", "2026-08-31"),
            &plan(),
            d("2026-09-14"),
        );
        assert_eq!(before.len(), 1, "from the day before the first version");
        assert_eq!((before[0].done, before[0].total), (0, 0));
        let ages = burnup(
            &t,
            &week("1970-01-01", "2999-12-31"),
            &plan(),
            d("2026-09-14"),
        );
        assert_eq!(ages.first().unwrap().date, d("2026-08-31"));
        assert_eq!(ages.last().unwrap().date, d("2026-09-14"));
        assert!(
            burnup(
                &Timeline::new(Source::Git),
                &week("2026-09-07", "2026-09-08"),
                &plan(),
                d("2026-09-14")
            )
            .is_empty()
        );
    }

    #[test]
    fn no_velocity_no_forecast() {
        assert_eq!(forecast(d("2026-09-01"), 3, 0.0), None);
        assert_eq!(forecast(d("2026-09-01"), 3, -1.0), None);
        assert_eq!(forecast(d("2026-09-01"), 7, 7.0), Some(d("2026-09-08")));
        assert_eq!(forecast(d("2026-09-01"), 1_000_000, 0.1), None);
    }
}
