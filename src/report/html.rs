//! The report as one self-contained HTML page: inline CSS and an inline SVG chart, no
//! JavaScript, no external resource of any kind (a Content-Security-Policy that forbids
//! everything but inline styles makes sure of it), readable on screen and on paper.
//!
//! Every piece of document text — paths, titles, task text, author names — goes through
//! [`escape`]; nothing else in the page comes from the document.

use super::chart::svg;
use super::{DocumentReport, Item, Outlook, Report, signed};
use std::fmt::Write as _;

/// Text for HTML element content and attribute values. Control characters are shown as
/// escapes too, as for a terminal.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::sanitize::for_terminal(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --done: #1a7f37; --total: #59636e; --plan: #bc4c00; --late: #cf222e; --risk: #9a6700; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: var(--ink);
  margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-top: 1rem; border-top: 1px solid var(--line);
  overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
p.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .75rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; white-space: nowrap; }
td.title, td.text { white-space: normal; overflow-wrap: anywhere; }
th { font-weight: 600; background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.id, code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em;
  white-space: nowrap; }
tr.week td.title { padding-left: 1.5rem; }
.on-track, .done { color: var(--done); } .at-risk { color: var(--risk); font-weight: 600; }
.late, .overdue { color: var(--late); font-weight: 600; }
.warn { border-left: 4px solid var(--risk); padding: .25rem .75rem; background: #fff8c5; }
svg.chart { width: 100%; height: auto; max-height: 22rem; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 11px; }
svg .area { fill: var(--done); opacity: .12; }
svg .done { fill: none; stroke: var(--done); stroke-width: 2.5; }
svg .total { fill: none; stroke: var(--total); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .plan { fill: none; stroke: var(--plan); stroke-width: 1.5; stroke-dasharray: 1 3; }
.legend span { margin-right: 1rem; white-space: nowrap; }
.legend i { display: inline-block; width: 1.5rem; height: 0; vertical-align: middle;
  margin-right: .35rem; border-top: 2.5px solid var(--done); }
.legend i.total { border-top: 1.5px dashed var(--total); }
.legend i.plan { border-top: 1.5px dotted var(--plan); }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  h2 { break-before: auto; } table, svg { break-inside: avoid; }
  th { background: none; }
}
";

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let title = format!(
        "Progress report {} to {}",
        report.first_day, report.last_day
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"preflight {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"meta\">Period <code>{}</code> to <code>{}</code>, as of {}.</p>",
        escape(&title),
        escape(&report.since),
        escape(&report.until),
        report.today
    );
    for doc in &report.documents {
        document(&mut out, doc);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn document(out: &mut String, doc: &DocumentReport) {
    let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape(&doc.path));
    let source = super::source_note(doc);
    let _ = writeln!(
        out,
        "<p><strong>{}/{} → {}/{} leaf tasks done ({})</strong> · {source} · velocity {:.1} leaf tasks/week</p>",
        doc.start.done,
        doc.start.total,
        doc.end.done,
        doc.end.total,
        signed(doc.change),
        doc.velocity.per_week
    );
    if doc.uncommitted {
        out.push_str("<p class=\"warn\">The file has uncommitted changes; they are not in this report.</p>\n");
    }
    if !doc.burnup.is_empty() {
        out.push_str("<h3>Burn-up</h3>\n<figure>");
        out.push_str(&svg(&doc.burnup, &escape));
        out.push_str("<figcaption class=\"legend muted\"><span><i></i>done</span><span><i class=\"total\"></i>total</span>");
        if doc.burnup.iter().any(|d| d.plan.is_some()) {
            out.push_str("<span><i class=\"plan\"></i>plan</span>");
        }
        out.push_str("</figcaption></figure>\n");
    }
    if !doc.nodes.is_empty() {
        out.push_str(
            "<h3>Phases and weeks</h3>\n<table>\n<thead><tr><th>ID</th><th>Item</th>\
             <th class=\"num\">Start</th><th class=\"num\">End</th><th class=\"num\">Change</th>\
             <th>State</th><th>Due</th><th>Forecast</th><th>Outlook</th></tr></thead>\n<tbody>\n",
        );
        for n in &doc.nodes {
            let outlook = n.outlook.map_or(String::new(), |o| {
                let class = match o {
                    Outlook::Done => "done",
                    Outlook::OnTrack => "on-track",
                    Outlook::AtRisk => "at-risk",
                    Outlook::Late => "late",
                };
                format!("<span class=\"{class}\">{}</span>", o.as_str())
            });
            let _ = writeln!(
                out,
                "<tr class=\"{}\"><td class=\"id\">{}</td><td class=\"title\">{}</td>\
                 <td class=\"num\">{}/{}</td><td class=\"num\">{}/{}</td><td class=\"num\">{}</td>\
                 <td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{outlook}</td></tr>",
                n.kind,
                escape(&n.id),
                escape(&n.title),
                n.start.done,
                n.start.total,
                n.end.done,
                n.end.total,
                signed(n.change),
                n.state,
                n.state,
                n.due.map(|d| d.to_string()).unwrap_or_default(),
                n.forecast.map_or("—".into(), |d| d.to_string()),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    items(out, "Completed", &doc.completed);
    items(out, "Reopened", &doc.reopened);
    items(out, "Added", &doc.added);
    items(out, "Removed", &doc.removed);
    if !doc.authors.is_empty() {
        let who: Vec<String> = (doc.authors.iter())
            .map(|a| format!("{} ({})", escape(&a.author), a.completed))
            .collect();
        let _ = writeln!(out, "<p>Leaf tasks completed by {}.</p>", who.join(", "));
    }
    out.push_str("<h3>Velocity</h3>\n<table>\n<thead><tr><th>Week</th><th class=\"num\">Leaf tasks completed</th></tr></thead>\n<tbody>\n");
    for w in &doc.velocity.weeks {
        let _ = writeln!(
            out,
            "<tr><td>{} – {}</td><td class=\"num\">{}</td></tr>",
            w.start, w.end, w.completed
        );
    }
    let _ = writeln!(
        out,
        "<tr><th>average</th><th class=\"num\">{:.1}</th></tr>\n</tbody>\n</table>\n</section>",
        doc.velocity.per_week
    );
}

fn items(out: &mut String, title: &str, items: &[Item]) {
    let _ = writeln!(out, "<h3>{title} ({})</h3>", items.len());
    if items.is_empty() {
        out.push_str("<p class=\"muted\">None.</p>\n");
        return;
    }
    out.push_str("<table>\n<thead><tr><th>ID</th><th>Task</th><th>Who</th><th>When</th><th>Commit</th></tr></thead>\n<tbody>\n");
    for i in items {
        let parent = if i.leaf {
            ""
        } else {
            " <span class=\"muted\">(parent)</span>"
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"id\">{}</td><td class=\"text\">{}{parent}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            escape(&i.id),
            escape(&i.text),
            escape(i.author.as_deref().unwrap_or("")),
            i.date,
            escape(i.commit.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn html_escapes_markup_quotes_and_controls() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("a\u{202e}b"), "a\\u{202e}b");
    }
}
