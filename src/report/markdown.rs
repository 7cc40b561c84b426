//! The report as GitHub-flavoured Markdown, for a pull request or a wiki: tables, and the
//! burn-up as a Mermaid `xychart-beta` block (GitHub renders it).
//!
//! Document text is escaped for Markdown *and* HTML: control characters as for a terminal,
//! `<`, `>` and `&` as entities (a `<script>` in a task shows as text), and the characters
//! that would start emphasis, code, links or table cells with a backslash.

use super::chart::mermaid;
use super::{DocumentReport, Item, Report, signed};
use crate::sanitize::for_terminal;
use std::fmt::Write as _;

/// Text for a Markdown table cell or paragraph.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in for_terminal(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Progress report: {} to {}\n\nPeriod `{}` to `{}`, as of {}.",
        report.first_day,
        report.last_day,
        escape_code(&report.since),
        escape_code(&report.until),
        report.today
    );
    for doc in &report.documents {
        document(&mut out, doc);
    }
    out
}

/// Inside a code span only a backtick matters; swap it for a look-alike.
fn escape_code(text: &str) -> String {
    for_terminal(text).replace('`', "ˋ")
}

fn document(out: &mut String, doc: &DocumentReport) {
    let _ = writeln!(out, "\n## {}\n", escape(&doc.path));
    let source = super::source_note(doc);
    let _ = writeln!(
        out,
        "**{}/{} → {}/{} leaf tasks done ({})** · {source} · velocity {:.1} leaf tasks/week",
        doc.start.done,
        doc.start.total,
        doc.end.done,
        doc.end.total,
        signed(doc.change),
        doc.velocity.per_week
    );
    if doc.uncommitted {
        out.push_str("\n> ⚠ The file has uncommitted changes; they are not in this report.\n");
    }
    if !doc.nodes.is_empty() {
        out.push_str(
            "\n| ID | Item | Start | End | Change | State | Due | Forecast | Outlook |\n\
             |---|---|--:|--:|--:|---|---|---|---|\n",
        );
        for n in &doc.nodes {
            let indent = if n.kind == "week" { "&nbsp;&nbsp;" } else { "" };
            let _ = writeln!(
                out,
                "| {} | {indent}{} | {}/{} | {}/{} | {} | {} | {} | {} | {} |",
                escape(&n.id),
                escape(&n.title),
                n.start.done,
                n.start.total,
                n.end.done,
                n.end.total,
                signed(n.change),
                n.state,
                n.due.map(|d| d.to_string()).unwrap_or_default(),
                n.forecast.map_or("—".into(), |d| d.to_string()),
                n.outlook.map_or("", |o| o.as_str()),
            );
        }
    }
    items(out, "Completed", &doc.completed);
    items(out, "Reopened", &doc.reopened);
    items(out, "Added", &doc.added);
    items(out, "Removed", &doc.removed);
    if !doc.authors.is_empty() {
        let who: Vec<String> = (doc.authors.iter())
            .map(|a| format!("{} ({})", escape(&a.author), a.completed))
            .collect();
        let _ = writeln!(out, "\nLeaf tasks completed by {}.", who.join(", "));
    }
    out.push_str("\n### Velocity\n\n| Week | Leaf tasks completed |\n|---|--:|\n");
    for w in &doc.velocity.weeks {
        let _ = writeln!(out, "| {} – {} | {} |", w.start, w.end, w.completed);
    }
    let _ = writeln!(out, "| **average** | **{:.1}** |", doc.velocity.per_week);
    if !doc.burnup.is_empty() {
        out.push_str("\n### Burn-up\n\n");
        out.push_str(&mermaid(&doc.burnup));
        let plan = match doc.burnup.iter().any(|d| d.plan.is_some()) {
            true => ", plan",
            false => "",
        };
        let _ = writeln!(out, "\nLines, in order: done, total{plan}.");
    }
}

fn items(out: &mut String, title: &str, items: &[Item]) {
    let _ = writeln!(out, "\n### {title} ({})\n", items.len());
    if items.is_empty() {
        out.push_str("None.\n");
        return;
    }
    out.push_str("| ID | Task | Who | When | Commit |\n|---|---|---|---|---|\n");
    for i in items {
        let parent = if i.leaf { "" } else { " *(parent)*" };
        let _ = writeln!(
            out,
            "| {} | {}{parent} | {} | {} | {} |",
            escape(&i.id),
            escape(&i.text),
            escape(i.author.as_deref().unwrap_or("")),
            i.date,
            i.commit
                .as_deref()
                .map_or(String::new(), |c| format!("`{}`", escape_code(c))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markdown_and_html_are_neutralised() {
        assert_eq!(
            escape("<script>alert(1)</script> a|b *c* [d](e)"),
            "&lt;script&gt;alert(1)&lt;/script&gt; a\\|b \\*c\\* \\[d\\](e)"
        );
        assert_eq!(escape("x\u{1b}[31m"), "x\\\\e\\[31m");
    }
}
