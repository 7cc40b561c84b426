//! Evaluating the gate: which items are required, whether each is met, and the verdict.
//!
//! Pure: the checklists arrive loaded, evidence files arrive through a reader the caller
//! supplies, "today" is a parameter. Errors ([`GateError`]) mean the gate could not be
//! evaluated (exit 2); an unmet item is a result, not an error.

use super::policy::{Evidence, GatePolicy, Require, Rule, Select, Severity, Waiver, at};
use crate::model::{HeadingKind, TaskIdx};
use crate::select::{SelectError, Target, resolve};
use crate::workspace::Checklist;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// An evidence file as read by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceFile {
    pub value: serde_json::Value,
    /// The day the file was last modified.
    pub modified: NaiveDate,
}

/// Reads an evidence file; `Err` carries a one-line reason (missing, not JSON…).
pub type EvidenceReader<'a> = dyn Fn(&Path) -> Result<EvidenceFile, String> + 'a;

/// Everything the gate looks at.
pub struct Input<'a> {
    pub checklists: &'a [Checklist],
    pub policy: &'a GatePolicy,
    /// Where the policy came from: error locations, and the base of evidence paths.
    pub config_path: Option<&'a Path>,
    pub today: NaiveDate,
    pub read_evidence: &'a EvidenceReader<'a>,
}

/// Why the gate could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GateError(pub String);

/// How one required item stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemState {
    Met,
    /// Unmet but covered by a waiver still in force (index into the policy's waivers).
    Waived(usize),
    /// Unmet, with the reason.
    Unmet(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult {
    pub target: Target,
    pub rule: usize,
    pub state: ItemState,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleResult {
    pub name: String,
    pub severity: Severity,
    pub min_percent: Option<f64>,
    pub selected: usize,
    /// Items met or waived.
    pub met: usize,
    pub passed: bool,
}

/// Something worth saying that does not fail the gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `path:line` where it applies.
    pub at: Option<(String, usize)>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub rules: Vec<RuleResult>,
    pub items: Vec<ItemResult>,
    pub warnings: Vec<Warning>,
    /// Waivers that covered an unmet item.
    pub waivers_in_force: Vec<(usize, Target)>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.rules
            .iter()
            .all(|r| r.passed || r.severity == Severity::Warn)
    }

    /// Items that fail their rule: unmet items of `require: all` rules.
    pub fn failing(&self) -> impl Iterator<Item = &ItemResult> {
        self.items.iter().filter(|i| {
            matches!(i.state, ItemState::Unmet(_)) && self.rules[i.rule].min_percent.is_none()
        })
    }
}

/// The rule used when the policy has none.
pub fn default_rule() -> Rule {
    Rule {
        name: "Success criteria".into(),
        select: serde_saphyr::Spanned::new(
            Select {
                section: Some("Success Criteria".into()),
                ..Select::default()
            },
            serde_saphyr::Location::UNKNOWN,
            serde_saphyr::Location::UNKNOWN,
        ),
        require: Some(Require::All),
        min_percent: None,
        severity: Severity::Deny,
    }
}

pub fn evaluate(input: &Input<'_>) -> Result<Verdict, GateError> {
    let config = input.config_path.unwrap_or(Path::new("preflight.yaml"));
    let defaulted = input.policy.rules.is_empty();
    let rules: Vec<Rule> = match defaulted {
        true => vec![default_rule()],
        false => input.policy.rules.clone(),
    };
    let mut warnings = Vec::new();
    let waivers = resolve_waivers(input, config, &mut warnings)?;
    let evidence = resolve_evidence(input, config)?;

    let mut verdict = Verdict {
        rules: Vec::new(),
        items: Vec::new(),
        warnings: Vec::new(),
        waivers_in_force: Vec::new(),
    };
    for (r, rule) in rules.iter().enumerate() {
        if rule.require.is_some() && rule.min_percent.is_some() {
            return Err(GateError(format!(
                "{}: rule \"{}\" has both `require` and `min_percent`; give one",
                at(config, &rule.select),
                rule.name
            )));
        }
        if let Some(p) = rule.min_percent.filter(|p| !(0.0..=100.0).contains(p)) {
            return Err(GateError(format!(
                "{}: rule \"{}\": min_percent {p} is not between 0 and 100",
                at(config, &rule.select),
                rule.name
            )));
        }
        let selected = select(input.checklists, &rule.select.value).map_err(|why| {
            GateError(format!(
                "{}: rule \"{}\": {why}",
                at(config, &rule.select),
                rule.name
            ))
        })?;
        if selected.is_empty() {
            return Err(GateError(match defaulted {
                true => "nothing to gate: no heading titled \"Success Criteria\" and no gate rules in preflight.yaml".into(),
                false => format!("{}: rule \"{}\" selects no item", at(config, &rule.select), rule.name),
            }));
        }
        let mut met = 0;
        for &target in &selected {
            let state = item_state(input, target, &waivers, &evidence)?;
            if let ItemState::Waived(w) = state
                && !verdict.waivers_in_force.contains(&(w, target))
            {
                verdict.waivers_in_force.push((w, target));
            }
            if !matches!(state, ItemState::Unmet(_)) {
                met += 1;
            }
            verdict.items.push(ItemResult {
                target,
                rule: r,
                state,
            });
        }
        let passed = match rule.min_percent {
            Some(min) => met as f64 * 100.0 >= min * selected.len() as f64,
            None => met == selected.len(),
        };
        verdict.rules.push(RuleResult {
            name: rule.name.clone(),
            severity: rule.severity,
            min_percent: rule.min_percent,
            selected: selected.len(),
            met,
            passed,
        });
    }
    // Waivers on items that are met anyway.
    for (w, target) in waivers
        .iter()
        .enumerate()
        .filter_map(|(w, t)| Some((w, (*t)?)))
    {
        let task = &input.checklists[target.checklist].doc.tasks[target.task];
        if task.checked && !verdict.waivers_in_force.iter().any(|&(x, _)| x == w) {
            warnings.push(Warning {
                at: Some((
                    config.display().to_string(),
                    input.policy.waivers[w].item.referenced.line() as usize,
                )),
                message: format!(
                    "waiver for \"{}\" is no longer needed: the item is ticked",
                    task.text
                ),
            });
        }
    }
    verdict.warnings = warnings;
    Ok(verdict)
}

/// The leaf tasks a selector names, in document order.
fn select(checklists: &[Checklist], sel: &Select) -> Result<Vec<Target>, String> {
    let contains = |hay: &str, needle: &str| hay.to_lowercase().contains(&needle.to_lowercase());
    if let Some(n) = sel.week
        && !checklists.iter().any(|c| {
            c.doc
                .headings
                .iter()
                .any(|h| h.kind == HeadingKind::Week && h.number == Some(n))
        })
    {
        return Err(format!("there is no week {n}"));
    }
    if let Some(n) = sel.phase
        && !checklists.iter().any(|c| {
            c.doc
                .headings
                .iter()
                .any(|h| h.kind == HeadingKind::Phase && h.number == Some(n))
        })
    {
        return Err(format!("there is no phase {n}"));
    }
    let mut id_found = sel.id.is_none();
    let mut out = Vec::new();
    for (ci, c) in checklists.iter().enumerate() {
        let doc = &c.doc;
        for (t, task) in doc.tasks.iter().enumerate() {
            let headings: Vec<usize> = task
                .heading
                .map(|h| doc.heading_path(h))
                .unwrap_or_default();
            let has_heading = |kind: HeadingKind, n: Option<u32>| {
                n.is_none_or(|n| {
                    headings
                        .iter()
                        .any(|&h| doc.headings[h].kind == kind && doc.headings[h].number == Some(n))
                })
            };
            let id_ok = sel.id.as_deref().is_none_or(|id| {
                let hit = task_lineage(c, t).any(|a| id_matches(c, &doc.tasks[a].id, a, true, id))
                    || headings
                        .iter()
                        .any(|&h| id_matches(c, &doc.headings[h].id, h, false, id));
                id_found |= hit;
                hit
            });
            let ok = task.is_leaf()
                && id_ok
                && has_heading(HeadingKind::Week, sel.week)
                && has_heading(HeadingKind::Phase, sel.phase)
                && sel.section.as_deref().is_none_or(|s| {
                    headings
                        .iter()
                        .any(|&h| contains(&doc.headings[h].title, s))
                })
                && sel.text.as_deref().is_none_or(|s| contains(&task.text, s));
            if ok {
                out.push(Target {
                    checklist: ci,
                    task: t,
                });
            }
        }
    }
    if !id_found {
        return Err(format!(
            "no item has the ID {:?}",
            sel.id.as_deref().unwrap_or_default()
        ));
    }
    Ok(out)
}

/// A task and its ancestor tasks.
fn task_lineage(c: &Checklist, t: TaskIdx) -> impl Iterator<Item = TaskIdx> + '_ {
    std::iter::successors(Some(t), move |&x| c.doc.tasks[x].parent)
}

fn id_matches(c: &Checklist, local: &str, idx: usize, is_task: bool, wanted: &str) -> bool {
    let full = if is_task {
        c.task_id(idx)
    } else {
        c.heading_id(idx)
    };
    local.eq_ignore_ascii_case(wanted) || full.eq_ignore_ascii_case(wanted)
}

fn resolve_waivers(
    input: &Input<'_>,
    config: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Option<Target>>, GateError> {
    input
        .policy
        .waivers
        .iter()
        .map(
            |w: &Waiver| match resolve(input.checklists, &w.item.value) {
                Ok(target) => Ok(Some(target)),
                Err(SelectError::NoMatch { .. }) => {
                    warnings.push(Warning {
                        at: Some((
                            config.display().to_string(),
                            w.item.referenced.line() as usize,
                        )),
                        message: format!("waiver for \"{}\" matches no item", w.item.value),
                    });
                    Ok(None)
                }
                Err(e) => Err(GateError(format!("{}: waiver: {e}", at(config, &w.item)))),
            },
        )
        .collect()
}

/// Evidence entries, resolved to their item and read.
struct ResolvedEvidence<'p> {
    target: Target,
    spec: &'p Evidence,
    file: PathBuf,
    content: EvidenceFile,
}

fn resolve_evidence<'p>(
    input: &Input<'p>,
    config: &Path,
) -> Result<Vec<ResolvedEvidence<'p>>, GateError> {
    let base = config.parent().unwrap_or(Path::new(""));
    input
        .policy
        .evidence
        .iter()
        .map(|spec| {
            let target = resolve(input.checklists, &spec.item.value)
                .map_err(|e| GateError(format!("{}: evidence: {e}", at(config, &spec.item))))?;
            if spec.max.is_none() && spec.min.is_none() && spec.equals.is_none() {
                return Err(GateError(format!(
                    "{}: evidence for \"{}\" has no bound: give max, min or equals",
                    at(config, &spec.item),
                    spec.item.value
                )));
            }
            let file = base.join(&spec.file.value);
            let content = (input.read_evidence)(&file).map_err(|why| {
                GateError(format!(
                    "{}: evidence file {}: {why}",
                    at(config, &spec.file),
                    file.display()
                ))
            })?;
            Ok(ResolvedEvidence {
                target,
                spec,
                file,
                content,
            })
        })
        .collect()
}

fn item_state(
    input: &Input<'_>,
    target: Target,
    waivers: &[Option<Target>],
    evidence: &[ResolvedEvidence<'_>],
) -> Result<ItemState, GateError> {
    let task = &input.checklists[target.checklist].doc.tasks[target.task];
    let mut why = None;
    if !task.checked {
        why = Some("not ticked".to_string());
    }
    if why.is_none()
        && let (Some(days), Some(done)) = (input.policy.stale_after_days, task.done)
    {
        let age = (input.today - done.date).num_days();
        if age > i64::from(days) {
            why = Some(format!(
                "ticked on {}, {age} days ago: re-check it (stale after {days} days)",
                done.date
            ));
        }
    }
    for ev in evidence.iter().filter(|e| e.target == target) {
        if why.is_none() {
            why = evidence_failure(ev, input.today);
        }
    }
    let Some(why) = why else {
        return Ok(ItemState::Met);
    };
    let waiver = waivers.iter().position(|w| *w == Some(target));
    Ok(match waiver {
        Some(w) if input.policy.waivers[w].expires >= input.today => ItemState::Waived(w),
        Some(w) => ItemState::Unmet(format!(
            "{why}; its waiver expired on {}",
            input.policy.waivers[w].expires
        )),
        None => ItemState::Unmet(why),
    })
}

/// Why evidence does not hold, or `None` when it does.
fn evidence_failure(ev: &ResolvedEvidence<'_>, today: NaiveDate) -> Option<String> {
    let name = format!("{}{}", ev.file.display(), ev.spec.pointer);
    if let Some(max_age) = ev.spec.max_age_days {
        let age = (today - ev.content.modified).num_days();
        if age > i64::from(max_age) {
            return Some(format!(
                "evidence {} is {age} days old (max_age_days {max_age})",
                ev.file.display()
            ));
        }
    }
    let Some(value) = ev.content.value.pointer(&ev.spec.pointer) else {
        return Some(format!("evidence {name}: no value at that pointer"));
    };
    if let Some(expected) = &ev.spec.equals
        && value != expected
    {
        return Some(format!("evidence {name} = {value}, expected {expected}"));
    }
    if ev.spec.max.is_some() || ev.spec.min.is_some() {
        let Some(number) = value.as_f64() else {
            return Some(format!("evidence {name} = {value}, not a number"));
        };
        if let Some(max) = ev.spec.max.filter(|&max| number > max) {
            return Some(format!("evidence {name} = {value}, above max {max}"));
        }
        if let Some(min) = ev.spec.min.filter(|&min| number < min) {
            return Some(format!("evidence {name} = {value}, below min {min}"));
        }
    }
    None
}
