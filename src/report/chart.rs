//! The burn-up chart in three forms: a terminal sparkline, a Mermaid `xychart-beta` block for
//! Markdown, and an inline SVG for HTML. Pure string building.
//!
//! The SVG has no script, no external reference and no font download: it uses the page's
//! font, and every piece of text in it is escaped by the caller's escaper.

use super::Day;
use std::fmt::Write as _;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// At most `max` days: the last day of each equal run, so the final state is always shown.
pub fn sample(days: &[Day], max: usize) -> Vec<Day> {
    if days.len() <= max || max == 0 {
        return days.to_vec();
    }
    let step = days.len().div_ceil(max);
    let mut out: Vec<Day> = days.iter().skip(step - 1).step_by(step).copied().collect();
    if out.last().map(|d| d.date) != days.last().map(|d| d.date) {
        out.extend(days.last().copied());
    }
    out
}

/// `▁▂▄█`: each value placed between the smallest and the largest.
pub fn sparkline(values: &[usize]) -> String {
    let (Some(&lo), Some(&hi)) = (values.iter().min(), values.iter().max()) else {
        return String::new();
    };
    values
        .iter()
        .map(|&v| match hi - lo {
            0 => BARS[if hi == 0 { 0 } else { 7 }],
            span => BARS[((v - lo) * 7 + span / 2) / span],
        })
        .collect()
}

/// A Mermaid `xychart-beta` block: lines for done, total and (when there is one) the plan.
pub fn mermaid(days: &[Day]) -> String {
    let days = sample(days, 31);
    let top = days
        .iter()
        .map(|d| (d.total as f64).max(d.plan.unwrap_or(0.0)))
        .fold(1.0_f64, f64::max)
        .ceil();
    let list = |f: &dyn Fn(&Day) -> String| days.iter().map(f).collect::<Vec<_>>().join(", ");
    let mut out = String::from("```mermaid\nxychart-beta\n");
    out.push_str("    title \"Burn-up: leaf tasks done and in all\"\n");
    let _ = writeln!(
        out,
        "    x-axis [{}]",
        list(&|d| format!("\"{}\"", d.date.format("%m-%d")))
    );
    let _ = writeln!(out, "    y-axis \"Leaf tasks\" 0 --> {top}");
    let _ = writeln!(out, "    line [{}]", list(&|d| d.done.to_string()));
    let _ = writeln!(out, "    line [{}]", list(&|d| d.total.to_string()));
    if days.iter().any(|d| d.plan.is_some()) {
        let _ = writeln!(
            out,
            "    line [{}]",
            list(&|d| d.plan.unwrap_or(0.0).to_string())
        );
    }
    out.push_str("```\n");
    out
}

/// Chart size in SVG user units.
const W: f64 = 720.0;
const H: f64 = 300.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

/// An inline SVG burn-up chart. `escape` is applied to every piece of text in it.
pub fn svg(days: &[Day], escape: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    if days.is_empty() {
        return out;
    }
    let top = days
        .iter()
        .map(|d| (d.total as f64).max(d.plan.unwrap_or(0.0)))
        .fold(1.0_f64, f64::max);
    let top = nice_ceiling(top);
    let n = days.len();
    let x = |i: usize| match n {
        1 => LEFT + (W - LEFT - RIGHT) / 2.0,
        _ => LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1) as f64,
    };
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v / top);
    let first = days[0].date;
    let last = days[n - 1].date;
    let label = format!(
        "Burn-up from {first} to {last}: {} of {} leaf tasks done at the end",
        days[n - 1].done,
        days[n - 1].total
    );
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape(&label),
        escape(&label)
    );
    // Horizontal grid and y labels at five even steps.
    for k in 0..=4 {
        let v = top * k as f64 / 4.0;
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            v.round(),
            y = y(v)
        );
    }
    // X labels: up to eight dates, first and last included.
    let step = n.div_ceil(8).max(1);
    let mut ticks: Vec<usize> = (0..n).step_by(step).collect();
    if ticks.last() != Some(&(n - 1)) {
        if ticks.len() > 1 && n - 1 - ticks[ticks.len() - 1] < step / 2 + 1 {
            ticks.pop();
        }
        ticks.push(n - 1);
    }
    for i in ticks {
        let _ = write!(
            out,
            r#"<text class="tick" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x(i),
            H - BOTTOM + 18.0,
            escape(&days[i].date.format("%m-%d").to_string())
        );
    }
    let points = |f: &dyn Fn(&Day) -> f64| {
        days.iter()
            .enumerate()
            .map(|(i, d)| format!("{:.1},{:.1}", x(i), y(f(d))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let done = points(&|d| d.done as f64);
    let _ = write!(
        out,
        r#"<polygon class="area" points="{:.1},{:.1} {done} {:.1},{:.1}"/>"#,
        x(0),
        y(0.0),
        x(n - 1),
        y(0.0)
    );
    let _ = write!(
        out,
        r#"<polyline class="total" points="{}"/>"#,
        points(&|d| d.total as f64)
    );
    if days.iter().any(|d| d.plan.is_some()) {
        let _ = write!(
            out,
            r#"<polyline class="plan" points="{}"/>"#,
            points(&|d| d.plan.unwrap_or(0.0))
        );
    }
    let _ = write!(out, r#"<polyline class="done" points="{done}"/>"#);
    let _ = write!(
        out,
        r#"<line class="axis" x1="{LEFT}" x2="{}" y1="{b}" y2="{b}"/></svg>"#,
        W - RIGHT,
        b = H - BOTTOM
    );
    out
}

/// The smallest of 1, 2, 5 × 10ⁿ (or a multiple of 4 for small numbers) at least `v`, so that
/// the grid lines fall on round numbers.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 4.0 {
        return 4.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    for m in [1.0, 1.2, 1.6, 2.0, 2.4, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * magnitude >= v {
            return m * magnitude;
        }
    }
    10.0 * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn days(done: &[usize]) -> Vec<Day> {
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        done.iter()
            .zip(start.iter_days())
            .map(|(&done, date)| Day {
                date,
                done,
                total: 10,
                plan: None,
            })
            .collect()
    }

    #[test]
    fn sparklines_span_the_range() {
        assert_eq!(sparkline(&[0, 5, 10]), "▁▅█");
        assert_eq!(sparkline(&[3, 3]), "██");
        assert_eq!(sparkline(&[0, 0]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn sampling_keeps_the_last_day() {
        let all = days(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        let some = sample(&all, 4);
        assert!(some.len() <= 5);
        assert_eq!(some.last().unwrap().done, 9);
        assert_eq!(sample(&all, 20).len(), 10);
    }

    #[test]
    fn mermaid_block_has_done_and_total_lines() {
        let block = mermaid(&days(&[1, 2]));
        assert!(block.starts_with("```mermaid\nxychart-beta\n"), "{block}");
        assert!(block.contains("x-axis [\"12-01\", \"12-02\"]"), "{block}");
        assert!(
            block.contains("line [1, 2]\n    line [10, 10]\n```"),
            "{block}"
        );
    }

    #[test]
    fn svg_is_self_contained_and_escapes_text() {
        let svg = svg(&days(&[1, 2, 3]), &|s| s.replace('<', "&lt;"));
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("href"));
        assert!(!svg.contains("<script"));
        assert!(svg.contains("class=\"done\""));
        assert_eq!(nice_ceiling(239.0), 240.0);
        assert_eq!(nice_ceiling(52.0), 60.0);
        assert_eq!(nice_ceiling(3.0), 4.0);
    }
}
