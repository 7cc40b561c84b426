//! The gate's verdict for people and dashboards: terminal text, JSON, and the Markdown
//! table for a CI job summary. (CI-native formats are in [`super::ci`].)

use crate::gate::eval::{ItemResult, ItemState, Verdict};
use crate::gate::policy::{GatePolicy, Severity};
use crate::render::status::heading_label;
use crate::sanitize::for_terminal;
use crate::style::{Colors, Paint};
use crate::workspace::Checklist;
use serde::Serialize;
use std::fmt::Write as _;

/// One evaluated item, with everything a report shows about it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub path: String,
    pub line: usize,
    pub id: String,
    pub text: String,
    /// The nearest heading's label.
    pub section: String,
    pub rule: String,
    pub severity: Severity,
    /// `met`, `waived` or `unmet`.
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

pub fn item_view(
    checklists: &[Checklist],
    verdict: &Verdict,
    policy: &GatePolicy,
    item: &ItemResult,
) -> ItemView {
    let c = &checklists[item.target.checklist];
    let task = &c.doc.tasks[item.target.task];
    let rule = &verdict.rules[item.rule];
    let (state, reason) = match &item.state {
        ItemState::Met => ("met", None),
        ItemState::Waived(w) => {
            let waiver = &policy.waivers[*w];
            (
                "waived",
                Some(format!(
                    "waived until {} by {}: {}",
                    waiver.expires, waiver.approved_by, waiver.reason
                )),
            )
        }
        ItemState::Unmet(why) => ("unmet", Some(why.clone())),
    };
    ItemView {
        path: c.path.to_string_lossy().replace('\\', "/"),
        line: task.line,
        id: c.task_id(item.target.task),
        text: task.text.clone(),
        section: task
            .heading
            .map(|h| heading_label(&c.doc.headings[h]))
            .unwrap_or_default(),
        rule: rule.name.clone(),
        severity: rule.severity,
        state,
        reason,
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub required: usize,
    pub met: usize,
    pub waived: usize,
    pub failing: usize,
    pub warnings: usize,
}

/// The verdict's warnings with their locations (waived items included).
pub fn warnings(verdict: &Verdict, views: &[ItemView]) -> Vec<(Option<(String, usize)>, String)> {
    warning_lines(verdict, views, true)
}

pub fn summary(verdict: &Verdict) -> Summary {
    let mut s = Summary {
        required: verdict.items.len(),
        ..Summary::default()
    };
    for item in &verdict.items {
        match item.state {
            ItemState::Met => s.met += 1,
            ItemState::Waived(_) => s.waived += 1,
            ItemState::Unmet(_) => {}
        }
    }
    s.failing = verdict
        .failing()
        .filter(|i| verdict.rules[i.rule].severity == Severity::Deny)
        .count()
        + verdict
            .rules
            .iter()
            .filter(|r| !r.passed && r.min_percent.is_some() && r.severity == Severity::Deny)
            .count();
    s.warnings = warning_lines(verdict, &[], true).len();
    s
}

/// Failing items of `warn` rules, threshold misses of `warn` rules, waived items (a waiver is
/// a warning: it passes, visibly) and the verdict's own warnings, as (location, message).
fn warning_lines(
    verdict: &Verdict,
    views: &[ItemView],
    include_waived: bool,
) -> Vec<(Option<(String, usize)>, String)> {
    let mut out: Vec<(Option<(String, usize)>, String)> = Vec::new();
    for (i, item) in verdict.items.iter().enumerate() {
        let rule = &verdict.rules[item.rule];
        if include_waived && matches!(item.state, ItemState::Waived(_)) {
            let message = views.get(i).map_or_else(String::new, |v| {
                format!(
                    "{}  {} — {}",
                    v.id,
                    v.text,
                    v.reason.as_deref().unwrap_or("")
                )
            });
            out.push((views.get(i).map(|v| (v.path.clone(), v.line)), message));
        }
        if rule.severity == Severity::Warn
            && rule.min_percent.is_none()
            && matches!(item.state, ItemState::Unmet(_))
        {
            let message = views.get(i).map_or_else(String::new, |v| {
                format!(
                    "{}  {} — {} (rule \"{}\" only warns)",
                    v.id,
                    v.text,
                    v.reason.as_deref().unwrap_or(""),
                    v.rule
                )
            });
            out.push((views.get(i).map(|v| (v.path.clone(), v.line)), message));
        }
    }
    for rule in verdict
        .rules
        .iter()
        .filter(|r| !r.passed && r.severity == Severity::Warn && r.min_percent.is_some())
    {
        out.push((None, threshold_message(rule)));
    }
    out.extend(
        verdict
            .warnings
            .iter()
            .map(|w| (w.at.clone(), w.message.clone())),
    );
    out
}

fn threshold_message(rule: &crate::gate::eval::RuleResult) -> String {
    let percent = rule.met as f64 * 100.0 / rule.selected.max(1) as f64;
    format!(
        "rule \"{}\": {}/{} met ({percent:.1}%), below {}%",
        rule.name,
        rule.met,
        rule.selected,
        rule.min_percent.unwrap_or(100.0)
    )
}

fn location(at: &Option<(String, usize)>) -> String {
    at.as_ref()
        .map_or_else(String::new, |(p, l)| format!("{}:{l}  ", for_terminal(p)))
}

/// The terminal report: verdict, failing items, warnings, waivers in force, summary.
pub fn text(views: &[ItemView], verdict: &Verdict, colors: Colors) -> String {
    let s = summary(verdict);
    let mut out = String::new();
    if verdict.passed() {
        let _ = writeln!(
            out,
            "{} gate passed: {} of {} required items met",
            colors.paint(Paint::Green, "✓"),
            s.met + s.waived,
            s.required
        );
    } else {
        let _ = writeln!(
            out,
            "{} gate failed: {} failing",
            colors.paint(Paint::Red, "✗"),
            s.failing
        );
    }
    for (i, item) in verdict.items.iter().enumerate() {
        let rule = &verdict.rules[item.rule];
        if rule.severity == Severity::Deny
            && rule.min_percent.is_none()
            && matches!(item.state, ItemState::Unmet(_))
        {
            let v = &views[i];
            let _ = writeln!(
                out,
                "{} {}:{}  {}  {} — {}",
                colors.paint(Paint::Red, "✗"),
                for_terminal(&v.path),
                v.line,
                for_terminal(&v.id),
                for_terminal(&v.text),
                for_terminal(v.reason.as_deref().unwrap_or(""))
            );
        }
    }
    for rule in verdict
        .rules
        .iter()
        .filter(|r| !r.passed && r.severity == Severity::Deny && r.min_percent.is_some())
    {
        let _ = writeln!(
            out,
            "{} {}",
            colors.paint(Paint::Red, "✗"),
            for_terminal(&threshold_message(rule))
        );
    }
    // Waived items are listed below with their waivers rather than twice.
    for (at, message) in warning_lines(verdict, views, false) {
        let _ = writeln!(
            out,
            "{} {}{}",
            colors.paint(Paint::Yellow, "⚠"),
            location(&at),
            for_terminal(&message)
        );
    }
    let waived: Vec<&ItemView> = views.iter().filter(|v| v.state == "waived").collect();
    if !waived.is_empty() {
        let _ = writeln!(
            out,
            "{} waivers in force:",
            colors.paint(Paint::Yellow, "⚠")
        );
        for v in waived {
            let _ = writeln!(
                out,
                "  ~ {}:{}  {}  {} — {}",
                for_terminal(&v.path),
                v.line,
                for_terminal(&v.id),
                for_terminal(&v.text),
                for_terminal(v.reason.as_deref().unwrap_or(""))
            );
        }
    }
    let _ = writeln!(
        out,
        "{} required, {} met, {} waived, {} failing, {} warnings",
        s.required, s.met, s.waived, s.failing, s.warnings
    );
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    passed: bool,
    summary: Summary,
    rules: Vec<JsonRule<'a>>,
    items: &'a [ItemView],
    warnings: Vec<JsonWarning>,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    name: &'a str,
    severity: Severity,
    selected: usize,
    met: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_percent: Option<f64>,
    passed: bool,
}

#[derive(Serialize)]
struct JsonWarning {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    message: String,
}

/// Every evaluated item and the verdict, for dashboards.
pub fn json(views: &[ItemView], verdict: &Verdict) -> anyhow::Result<String> {
    let report = JsonReport {
        version: 1,
        passed: verdict.passed(),
        summary: summary(verdict),
        rules: verdict
            .rules
            .iter()
            .map(|r| JsonRule {
                name: &r.name,
                severity: r.severity,
                selected: r.selected,
                met: r.met,
                min_percent: r.min_percent,
                passed: r.passed,
            })
            .collect(),
        items: views,
        warnings: warning_lines(verdict, views, true)
            .into_iter()
            .map(|(at, message)| JsonWarning {
                path: at.as_ref().map(|a| a.0.clone()),
                line: at.map(|a| a.1),
                message,
            })
            .collect(),
    };
    super::json(&report)
}

/// A Markdown table of every evaluated item, for `$GITHUB_STEP_SUMMARY`, at most
/// `limit` bytes (rows that do not fit are counted instead).
pub fn markdown_summary(views: &[ItemView], verdict: &Verdict, limit: usize) -> String {
    let s = summary(verdict);
    let cell = |t: &str| for_terminal(t).replace('|', "\\|").replace('<', "&lt;");
    let mut out = format!(
        "## preflight gate: {}\n\n{} required, {} met, {} waived, {} failing, {} warnings\n\n| | Item | Where | Rule | Why |\n|---|---|---|---|---|\n",
        if verdict.passed() {
            "passed ✅"
        } else {
            "failed ❌"
        },
        s.required,
        s.met,
        s.waived,
        s.failing,
        s.warnings
    );
    for (i, v) in views.iter().enumerate() {
        let mark = match v.state {
            "met" => "✅",
            "waived" => "🟡",
            _ if v.severity == Severity::Warn => "⚠️",
            _ => "❌",
        };
        let row = format!(
            "| {mark} | `{}` {} | {}:{} | {} | {} |\n",
            cell(&v.id),
            cell(&v.text),
            cell(&v.path),
            v.line,
            cell(&v.rule),
            cell(v.reason.as_deref().unwrap_or(""))
        );
        if out.len() + row.len() + 64 > limit {
            let _ = writeln!(
                out,
                "\n…and {} more items (summary size limit)",
                views.len() - i
            );
            break;
        }
        out.push_str(&row);
    }
    out
}
