//! The `gate:` section of `preflight.yaml`: rules, waivers, evidence, staleness.
//!
//! Deserialised with serde (unknown keys are errors); values that name something keep their
//! source line (`Spanned`) so a bad reference is reported as `preflight.yaml:LINE`.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GatePolicy {
    /// What is required. Without rules: every task under a "Success Criteria" heading.
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub waivers: Vec<Waiver>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// A done stamp (` ✅ YYYY-MM-DD`) older than this many days needs re-checking.
    #[serde(default)]
    pub stale_after_days: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    pub select: Spanned<Select>,
    /// `all` (the default): every selected item must be met.
    #[serde(default)]
    pub require: Option<Require>,
    /// Instead of `require: all`: at least this percentage of the selected items met.
    #[serde(default)]
    pub min_percent: Option<f64>,
    #[serde(default)]
    pub severity: Severity,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Require {
    All,
}

/// Which tasks a rule covers; every key given must hold (they combine with "and").
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Select {
    /// A heading above the task whose title contains this (any case).
    pub section: Option<String>,
    pub week: Option<u32>,
    pub phase: Option<u32>,
    /// A task ID (the task and its sub-tasks) or heading ID (everything under it).
    pub id: Option<String>,
    /// Text the task's text contains (any case).
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Fails the gate.
    #[default]
    Deny,
    /// Only reported.
    Warn,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Deny => "deny",
            Severity::Warn => "warn",
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The item: an ID, a title path or its unique text (as `tick` takes it).
    pub item: Spanned<String>,
    pub reason: String,
    pub approved_by: String,
    /// Required: past it the waiver fails the gate.
    pub expires: NaiveDate,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub item: Spanned<String>,
    /// A JSON file, relative to the config file.
    pub file: Spanned<String>,
    /// RFC 6901 JSON pointer to the value.
    pub pointer: String,
    pub max: Option<f64>,
    pub min: Option<f64>,
    pub equals: Option<serde_json::Value>,
    /// The file is stale when its modification date is more than this many days ago.
    pub max_age_days: Option<u32>,
}

/// `path:line` of a spanned value.
pub fn at<T>(config: &std::path::Path, spanned: &Spanned<T>) -> String {
    format!("{}:{}", config.display(), spanned.referenced.line())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
rules:
  - name: Success criteria
    select: { section: "Success Criteria" }
    require: all
    severity: deny
  - name: Week 15 mostly done
    select: { week: 15 }
    min_percent: 90
    severity: warn
waivers:
  - item: "Zero security vulnerabilities in production"
    reason: "CVE accepted until vendor fix"
    approved_by: "@security-lead"
    expires: 2027-01-15
evidence:
  - item: "Response time < 200ms for all APIs"
    file: perf/summary.json
    pointer: /metrics/http_req_duration/p95
    max: 200
    max_age_days: 7
stale_after_days: 90
"#;

    #[test]
    fn the_documented_policy_parses() {
        let policy: GatePolicy = serde_saphyr::from_str(EXAMPLE).unwrap();
        assert_eq!(policy.rules.len(), 2);
        assert_eq!(policy.rules[0].require, Some(Require::All));
        assert_eq!(
            policy.rules[0].select.value.section.as_deref(),
            Some("Success Criteria")
        );
        assert_eq!(policy.rules[0].select.referenced.line(), 4);
        assert_eq!(policy.rules[1].min_percent, Some(90.0));
        assert_eq!(policy.rules[1].severity, Severity::Warn);
        assert_eq!(
            policy.waivers[0].expires,
            NaiveDate::from_ymd_opt(2027, 1, 15).unwrap()
        );
        assert_eq!(policy.waivers[0].item.referenced.line(), 12);
        assert_eq!(policy.evidence[0].max, Some(200.0));
        assert_eq!(policy.evidence[0].file.value, "perf/summary.json");
        assert_eq!(policy.stale_after_days, Some(90));
    }

    #[test]
    fn bad_dates_and_unknown_keys_are_errors() {
        let bad_date =
            "waivers:\n  - item: x\n    reason: r\n    approved_by: a\n    expires: 2026-02-30\n";
        assert!(serde_saphyr::from_str::<GatePolicy>(bad_date).is_err());
        let no_expiry = "waivers:\n  - item: x\n    reason: r\n    approved_by: a\n";
        assert!(serde_saphyr::from_str::<GatePolicy>(no_expiry).is_err());
        let typo = "rules:\n  - name: n\n    select: { sectoin: x }\n";
        assert!(serde_saphyr::from_str::<GatePolicy>(typo).is_err());
    }
}
