//! What heading and status text means: `Phase N` / `Week N` headings, leading decoration,
//! and the declared `**Status**:` values. Pure string functions.
//!
//! Decisions (also in the README):
//! - Leading decoration is skipped: characters that are neither letters, digits nor opening
//!   brackets/quotes (emoji, punctuation, spaces), and whole words that are mojibake'd symbols
//!   (`ğŸ“‹`). So `## 📋 Week 13: …` and `## ğŸ“‹ Week 13: …` are both week 13.
//! - `Phase N` / `Week N` (any case) must be followed by the end of the heading or a
//!   separator (`:` `.` `-` `–` `—` `)` `|`): `Phase 4 Completion Status` is a section, not a
//!   second phase 4, and `Weeks 13-16` is not a week.

use crate::model::HeadingKind;
use crate::mojibake::is_mojibake_symbol;

/// Characters that open a title and so are never decoration.
fn opens_text(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '<' | '"' | '\'' | '`' | '“' | '‘' | '«' | '¿' | '¡'
    )
}

/// `text` without leading emoji, punctuation, spaces and mojibake'd symbols.
pub fn strip_decoration(text: &str) -> &str {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric() && !opens_text(c));
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if word_end > 0 && is_mojibake_symbol(&rest[..word_end]) {
            rest = &rest[word_end..];
        } else {
            return rest;
        }
    }
}

/// A heading's meaning: its kind, number and display title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMeaning {
    pub kind: HeadingKind,
    pub number: Option<u32>,
    pub title: String,
}

pub fn classify_heading(text: &str) -> HeadingMeaning {
    let stripped = strip_decoration(text);
    for (word, kind) in [("phase", HeadingKind::Phase), ("week", HeadingKind::Week)] {
        if let Some((number, title)) = numbered(stripped, word) {
            return HeadingMeaning {
                kind,
                number: Some(number),
                title: if title.is_empty() {
                    stripped.trim_end().to_string()
                } else {
                    title.to_string()
                },
            };
        }
    }
    HeadingMeaning {
        kind: HeadingKind::Section,
        number: None,
        title: stripped.trim_end().to_string(),
    }
}

/// Parses `<word> <digits>[<separator> <title>]` at the start of `text`, case-insensitively.
fn numbered<'t>(text: &'t str, word: &str) -> Option<(u32, &'t str)> {
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let after_word = &text[word.len()..];
    let digits_at = after_word.trim_start_matches([' ', '\t']);
    if digits_at.len() == after_word.len() {
        return None; // "Weeks", "Phased"
    }
    let digits_len = digits_at
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits_at.len());
    let number = digits_at[..digits_len].parse().ok()?;
    let rest = digits_at[digits_len..].trim_start();
    if rest.is_empty() {
        return Some((number, ""));
    }
    let sep = rest.chars().next()?;
    if matches!(sep, ':' | '.' | '-' | '–' | '—' | ')' | '|') {
        Some((number, rest[sep.len_utf8()..].trim()))
    } else {
        None
    }
}

/// The state a declared status names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    NotStarted,
    InProgress,
    Done,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::NotStarted => "not-started",
            State::InProgress => "in-progress",
            State::Done => "done",
        }
    }
}

/// What a `**Status**:` value claims: a state and, for phases, an `a/b` week count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeclaredClaim {
    pub state: State,
    pub count: Option<(u32, u32)>,
}

const STATE_WORDS: &[(&str, State)] = &[
    ("in progress", State::InProgress),
    ("in-progress", State::InProgress),
    ("wip", State::InProgress),
    ("ongoing", State::InProgress),
    ("started", State::InProgress),
    ("partial", State::InProgress),
    ("not started", State::NotStarted),
    ("not-started", State::NotStarted),
    ("upcoming", State::NotStarted),
    ("planned", State::NotStarted),
    ("pending", State::NotStarted),
    ("todo", State::NotStarted),
    ("to do", State::NotStarted),
    ("complete", State::Done),
    ("completed", State::Done),
    ("done", State::Done),
    ("finished", State::Done),
];

/// Reads a declared status value (decoration already stripped). `None` if its shape is unknown.
pub fn interpret_status(text: &str) -> Option<DeclaredClaim> {
    let (state, _) = state_phrase(text)?;
    Some(DeclaredClaim {
        state,
        count: fraction(&text.to_lowercase()),
    })
}

/// The state word(s) a status value starts with, and their length in bytes.
pub fn state_phrase(text: &str) -> Option<(State, usize)> {
    STATE_WORDS.iter().find_map(|&(word, state)| {
        let head = text.get(..word.len())?;
        let rest = &text[word.len()..];
        (head.eq_ignore_ascii_case(word)
            && rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        .then_some((state, word.len()))
    })
}

/// Byte range of the first `a/b` in `text`.
pub fn fraction_range(text: &str) -> Option<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let slash = (0..bytes.len()).find(|&i| {
        bytes[i] == b'/'
            && i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    })?;
    let start = text[..slash]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let end = text[slash + 1..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |i| slash + 1 + i);
    Some(start..end)
}

/// The first `a/b` in `text`.
fn fraction(text: &str) -> Option<(u32, u32)> {
    let range = fraction_range(text)?;
    let (a, b) = text[range].split_once('/')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// Finds a status line: `**Status**: v`, `**Status:** v`, `__Status__: v`, `Status: v`,
/// optionally as a list item. Returns the byte offset in `line` where the value starts.
pub fn status_value_offset(line: &str) -> Option<usize> {
    let body = line.trim_start();
    let body = body
        .strip_prefix("- ")
        .or_else(|| body.strip_prefix("* "))
        .unwrap_or(body)
        .trim_start();
    let mut rest = body;
    let emphasis = ["**", "__", "*", "_"]
        .into_iter()
        .find(|e| rest.starts_with(e));
    if let Some(e) = emphasis {
        rest = &rest[e.len()..];
    }
    let word = rest.get(..6)?;
    if !word.eq_ignore_ascii_case("status") {
        return None;
    }
    rest = &rest[6..];
    rest = match emphasis {
        // `**Status**:` or `**Status:**`
        Some(e) => rest
            .strip_prefix(e)
            .and_then(|r| r.strip_prefix(':'))
            .or_else(|| rest.strip_prefix(':').and_then(|r| r.strip_prefix(e)))?,
        None => rest.strip_prefix(':')?,
    };
    let value = rest.trim_start();
    Some(line.len() - value.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_and_phases_behind_decoration() {
        let m = classify_heading("📋 Week 13: Production Deployment Pipeline");
        assert_eq!(m.kind, HeadingKind::Week);
        assert_eq!(m.number, Some(13));
        assert_eq!(m.title, "Production Deployment Pipeline");
        let m = classify_heading("ğŸ“‹ Week 14: Monitoring & Alerting Systems");
        assert_eq!((m.kind, m.number), (HeadingKind::Week, Some(14)));
        let m = classify_heading("Phase 4: Production Readiness & Deployment Checklist");
        assert_eq!((m.kind, m.number), (HeadingKind::Phase, Some(4)));
        assert_eq!(m.title, "Production Readiness & Deployment Checklist");
        let m = classify_heading("WEEK 2");
        assert_eq!(
            (m.kind, m.number, m.title.as_str()),
            (HeadingKind::Week, Some(2), "WEEK 2")
        );
        let m = classify_heading("Week 3 — Hardening");
        assert_eq!((m.number, m.title.as_str()), (Some(3), "Hardening"));
    }

    #[test]
    fn lookalikes_are_sections() {
        for text in [
            "Phase 4 Completion Status",
            "Post-Phase 4 Planning",
            "Weeks 13-16",
            "Weekly sync",
            "Phase out legacy",
            "Week 99999999999: overflow",
        ] {
            assert_eq!(classify_heading(text).kind, HeadingKind::Section, "{text}");
        }
    }

    #[test]
    fn section_titles_lose_decoration_only() {
        assert_eq!(
            classify_heading("ğŸ—ï¸ Infrastructure as Code (IaC)").title,
            "Infrastructure as Code (IaC)"
        );
        assert_eq!(classify_heading("🚀 Deployment").title, "Deployment");
        assert_eq!(
            classify_heading("(Optional) Extras").title,
            "(Optional) Extras"
        );
        assert_eq!(classify_heading("セキュリティ").title, "セキュリティ");
        assert_eq!(classify_heading("Über uns").title, "Über uns");
    }

    #[test]
    fn status_values() {
        let claim = interpret_status("UPCOMING (0/4 weeks complete)").unwrap();
        assert_eq!(claim.state, State::NotStarted);
        assert_eq!(claim.count, Some((0, 4)));
        assert_eq!(interpret_status("Complete").unwrap().state, State::Done);
        assert_eq!(
            interpret_status("In Progress").unwrap().state,
            State::InProgress
        );
        assert_eq!(interpret_status("Completely unknown"), None);
        assert_eq!(interpret_status("Blocked on legal"), None);
    }

    #[test]
    fn state_phrases_and_fractions() {
        assert_eq!(
            state_phrase("IN PROGRESS (1/4)"),
            Some((State::InProgress, 11))
        );
        assert_eq!(state_phrase("Completed"), Some((State::Done, 9)));
        assert_eq!(state_phrase("Completely"), None);
        let text = "UPCOMING (12/4 weeks complete)";
        assert_eq!(&text[fraction_range(text).unwrap()], "12/4");
        assert_eq!(fraction_range("a/b and 1/"), None);
    }

    #[test]
    fn status_line_shapes() {
        let line = "**Status**: 🎯 UPCOMING (0/4 weeks complete)  ";
        assert_eq!(
            &line[status_value_offset(line).unwrap()..],
            "🎯 UPCOMING (0/4 weeks complete)  "
        );
        assert_eq!(
            status_value_offset("**Status:** Done").map(|o| &"**Status:** Done"[o..]),
            Some("Done")
        );
        assert_eq!(status_value_offset("Status: Done"), Some(8));
        assert_eq!(status_value_offset("- __status__: wip"), Some(14));
        assert_eq!(status_value_offset("Statusquo: x"), None);
        assert_eq!(status_value_offset("The status: x"), None);
    }
}
