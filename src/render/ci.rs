//! CI-native gate reports: JUnit XML (test-report tabs), GitHub workflow commands
//! (annotations), GitLab Code Quality JSON. Pure string builders with their escaping rules.

use super::gate::{ItemView, summary};
use crate::gate::eval::Verdict;
use crate::gate::policy::Severity;
use crate::sanitize::for_terminal;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// XML text and attribute escaping. Characters XML 1.0 cannot hold at all (most C0
/// controls) are written as their visible escapes (`\e`) first.
pub fn xml_escape(text: &str) -> String {
    let visible = for_terminal(text);
    let mut out = String::with_capacity(visible.len());
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// JUnit: one `testsuite` per checklist file, one `testcase` per evaluated item (`classname`
/// = file and section, `name` = ID and text, unique), `failure` with the reason, waived items
/// as `skipped`. Threshold rules are test cases of their own suite.
pub fn junit(views: &[ItemView], verdict: &Verdict) -> String {
    let mut suites: BTreeMap<&str, Vec<&ItemView>> = BTreeMap::new();
    for v in views {
        suites.entry(&v.path).or_default().push(v);
    }
    let s = summary(verdict);
    let thresholds: Vec<_> = verdict
        .rules
        .iter()
        .filter(|r| r.min_percent.is_some())
        .collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"preflight gate\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        views.len() + thresholds.len(),
        s.failing,
        s.waived
    );
    let mut names = HashSet::new();
    for (path, items) in &suites {
        let failures = items.iter().filter(|v| is_failure(v, verdict)).count();
        let skipped = items.iter().filter(|v| v.state == "waived").count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\" errors=\"0\">",
            xml_escape(path),
            items.len()
        );
        for v in items {
            // GitLab keeps only the first of equal names: make each unique.
            let mut name = format!("{} {}", v.id, v.text);
            if !names.insert(name.clone()) {
                name = format!("{name} [{}]", v.rule);
            }
            let classname = if v.section.is_empty() {
                v.path.clone()
            } else {
                format!("{} / {}", v.path, v.section)
            };
            let open = format!(
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"",
                xml_escape(&classname),
                xml_escape(&name),
                xml_escape(&v.path),
                v.line
            );
            let reason = xml_escape(v.reason.as_deref().unwrap_or(""));
            if is_failure(v, verdict) {
                let _ = writeln!(
                    out,
                    "{open}>\n      <failure message=\"{reason}\" type=\"unmet\">{reason}</failure>\n    </testcase>"
                );
            } else if v.state == "waived" {
                let _ = writeln!(
                    out,
                    "{open}>\n      <skipped message=\"{reason}\"/>\n    </testcase>"
                );
            } else {
                let _ = writeln!(out, "{open}/>");
            }
        }
        out.push_str("  </testsuite>\n");
    }
    if !thresholds.is_empty() {
        let failures = thresholds
            .iter()
            .filter(|r| !r.passed && r.severity == Severity::Deny)
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"thresholds\" tests=\"{}\" failures=\"{failures}\" skipped=\"0\" errors=\"0\">",
            thresholds.len()
        );
        for r in thresholds {
            let name = xml_escape(&format!("{} ≥ {}%", r.name, r.min_percent.unwrap_or(100.0)));
            if !r.passed && r.severity == Severity::Deny {
                let why = xml_escape(&format!("{}/{} met", r.met, r.selected));
                let _ = writeln!(
                    out,
                    "    <testcase classname=\"thresholds\" name=\"{name}\">\n      <failure message=\"{why}\" type=\"threshold\">{why}</failure>\n    </testcase>"
                );
            } else {
                let _ = writeln!(
                    out,
                    "    <testcase classname=\"thresholds\" name=\"{name}\"/>"
                );
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn is_failure(v: &ItemView, verdict: &Verdict) -> bool {
    v.state == "unmet"
        && v.severity == Severity::Deny
        && verdict
            .rules
            .iter()
            .any(|r| r.name == v.rule && r.min_percent.is_none())
}

/// GitHub workflow-command message text: `%`, CR and LF encoded.
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub workflow-command property values: as data, plus `:` and `,`.
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub keeps at most this many annotations of each kind per step.
pub const GITHUB_LIMIT: usize = 10;

/// `::error` per failing item or missed threshold, `::warning` per warning (waived items
/// included), at most ten of each; what does not fit is counted in a final `::notice`.
pub fn github(views: &[ItemView], verdict: &Verdict) -> String {
    let mut errors: Vec<String> = views
        .iter()
        .filter(|v| is_failure(v, verdict))
        .map(|v| {
            format!(
                "::error file={},line={},title={}::{}",
                github_property(&v.path),
                v.line,
                github_property(&format!("preflight: {}", v.rule)),
                github_data(&format!(
                    "{} {} — {}",
                    v.id,
                    v.text,
                    v.reason.as_deref().unwrap_or("")
                ))
            )
        })
        .collect();
    errors.extend(
        verdict
            .rules
            .iter()
            .filter(|r| !r.passed && r.min_percent.is_some() && r.severity == Severity::Deny)
            .map(|r| {
                format!(
                    "::error title={}::{}",
                    github_property(&format!("preflight: {}", r.name)),
                    github_data(&format!(
                        "{}/{} met, below {}%",
                        r.met,
                        r.selected,
                        r.min_percent.unwrap_or(100.0)
                    ))
                )
            }),
    );
    let warnings: Vec<String> = super::gate::warnings(verdict, views)
        .into_iter()
        .map(|(at, message)| match at {
            Some((path, line)) => format!(
                "::warning file={},line={line}::{}",
                github_property(&path),
                github_data(&message)
            ),
            None => format!("::warning::{}", github_data(&message)),
        })
        .collect();
    capped(&errors, &warnings, "see the job summary")
}

/// Workflow-command lines, at most ten errors and ten warnings (GitHub drops the rest); what
/// does not fit is counted in a final `::notice` that says where to look instead.
pub fn capped(errors: &[String], warnings: &[String], elsewhere: &str) -> String {
    let dropped =
        errors.len().saturating_sub(GITHUB_LIMIT) + warnings.len().saturating_sub(GITHUB_LIMIT);
    let mut out = String::new();
    for line in errors
        .iter()
        .take(GITHUB_LIMIT)
        .chain(warnings.iter().take(GITHUB_LIMIT))
    {
        out.push_str(line);
        out.push('\n');
    }
    if dropped > 0 {
        let _ = writeln!(
            out,
            "::notice::{}",
            github_data(&format!(
                "{dropped} more annotations not shown (GitHub keeps 10 of each kind); {elsewhere}"
            ))
        );
    }
    out
}

#[derive(Serialize)]
struct CodeQualityIssue<'a> {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation<'a>,
}

#[derive(Serialize)]
struct CodeQualityLocation<'a> {
    path: &'a str,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: usize,
}

/// A stable 128-bit fingerprint (two FNV-1a 64 hashes) of the path and ID: it survives edits
/// that move the item to another line.
pub fn fingerprint(path: &str, id: &str) -> String {
    let fnv = |seed: u64| {
        let mut h = seed;
        for b in path.bytes().chain([0]).chain(id.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x6c62_272e_07bb_0142)
    )
}

/// GitLab Code Quality report: one issue per unmet item.
pub fn gitlab(views: &[ItemView]) -> anyhow::Result<String> {
    let issues: Vec<CodeQualityIssue<'_>> = views
        .iter()
        .filter(|v| v.state == "unmet")
        .map(|v| CodeQualityIssue {
            description: format!(
                "{} {} — {}",
                v.id,
                v.text,
                v.reason.as_deref().unwrap_or("")
            ),
            check_name: format!("preflight/{}", v.rule),
            fingerprint: fingerprint(&v.path, &v.id),
            severity: if v.severity == Severity::Deny {
                "major"
            } else {
                "minor"
            },
            location: CodeQualityLocation {
                path: &v.path,
                lines: CodeQualityLines { begin: v.line },
            },
        })
        .collect();
    super::json(&issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping_follows_the_workflow_command_rules() {
        assert_eq!(
            github_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(github_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn xml_escaping_covers_markup_and_controls() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\u{1b}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\e"
        );
    }

    #[test]
    fn fingerprints_depend_on_path_and_id_only() {
        assert_eq!(fingerprint("a.md", "1.2"), fingerprint("a.md", "1.2"));
        assert_ne!(fingerprint("a.md", "1.2"), fingerprint("b.md", "1.2"));
        assert_ne!(fingerprint("a.md1", ".2"), fingerprint("a.md", "1.2"));
        assert_eq!(fingerprint("a.md", "1.2").len(), 32);
    }
}
