//! Which task an ITEM on the command line names.
//!
//! Pure: the checklists arrive loaded. An ITEM is tried, in this order, as
//! 1. an ID, as `tree` and `export` show it (`13.1.1.2`, `phase-4:13.1.1.2`; an unprefixed
//!    ID matches in every loaded file that has it);
//! 2. a title path, `Week 15 / Security Hardening / Implement network segmentation`, or any
//!    tail of one; the last part is the task's text, earlier parts name ancestors (headings
//!    by title, label or `Week N`, parent tasks by text) in order, and ancestors in between
//!    may be left out. A single part is the task's exact text;
//! 3. text that occurs in exactly one task.
//!
//! Everything compares case-insensitively with whitespace collapsed. The first rule that
//! matches decides: one match is the answer, several are an error listing each with its ID
//! and line, none at all is an error with the closest candidates. Headings are not tasks:
//! naming one is an error that says so.

use crate::model::{Document, HeadingIdx, HeadingKind, TaskIdx};
use crate::render::status::heading_label;
use crate::sanitize::for_terminal;
use crate::workspace::Checklist;
use std::collections::HashSet;
use std::fmt;

/// A task in one of the loaded checklists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    pub checklist: usize,
    pub task: TaskIdx,
}

/// An item as shown in an error: ID, text, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub text: String,
    pub path: String,
    pub line: usize,
}

impl Candidate {
    fn task(c: &Checklist, t: TaskIdx) -> Self {
        Candidate {
            id: c.task_id(t),
            text: c.doc.tasks[t].text.clone(),
            path: c.path.to_string_lossy().into_owned(),
            line: c.doc.tasks[t].line,
        }
    }

    fn heading(c: &Checklist, h: HeadingIdx) -> Self {
        Candidate {
            id: c.heading_id(h),
            text: heading_label(&c.doc.headings[h]),
            path: c.path.to_string_lossy().into_owned(),
            line: c.doc.headings[h].line,
        }
    }
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}  {}  ({}:{})",
            for_terminal(&self.id),
            for_terminal(&self.text),
            for_terminal(&self.path),
            self.line
        )
    }
}

/// Why an ITEM names no single task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectError {
    Empty,
    NoMatch {
        item: String,
        suggestions: Vec<Candidate>,
    },
    Ambiguous {
        item: String,
        matches: Vec<Candidate>,
    },
    Heading {
        item: String,
        heading: Candidate,
    },
}

/// At most this many matches are listed for an ambiguous ITEM.
const LISTED: usize = 20;
/// How many "did you mean" candidates are offered.
const SUGGESTED: usize = 3;

impl fmt::Display for SelectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SelectError::Empty => write!(f, "an empty ITEM names nothing"),
            SelectError::NoMatch { item, suggestions } => {
                write!(f, "no task matches \"{}\"", for_terminal(item))?;
                if !suggestions.is_empty() {
                    write!(f, "; did you mean:")?;
                    for s in suggestions {
                        write!(f, "\n  {s}")?;
                    }
                }
                Ok(())
            }
            SelectError::Ambiguous { item, matches } => {
                write!(
                    f,
                    "\"{}\" matches {} tasks; name one by its ID:",
                    for_terminal(item),
                    matches.len()
                )?;
                for m in matches.iter().take(LISTED) {
                    write!(f, "\n  {m}")?;
                }
                if matches.len() > LISTED {
                    write!(f, "\n  … and {} more", matches.len() - LISTED)?;
                }
                Ok(())
            }
            SelectError::Heading { item, heading } => write!(
                f,
                "\"{}\" names a heading, not a task: {heading}; name its tasks instead",
                for_terminal(item)
            ),
        }
    }
}

impl std::error::Error for SelectError {}

/// One way of naming a task: does this task of this checklist match?
type Rule<'a> = dyn Fn(&Checklist, TaskIdx) -> bool + 'a;

/// The one task `item` names among `checklists`.
pub fn resolve(checklists: &[Checklist], item: &str) -> Result<Target, SelectError> {
    let query = normalize(item);
    if query.is_empty() {
        return Err(SelectError::Empty);
    }
    let rules: [&Rule; 3] = [
        &|c, t| {
            c.task_id(t).eq_ignore_ascii_case(item.trim())
                || c.doc.tasks[t].id.eq_ignore_ascii_case(item.trim())
        },
        &|c, t| path_matches(&c.doc, t, &query),
        &|c, t| normalize(&c.doc.tasks[t].text).contains(&query),
    ];
    for rule in rules {
        let found: Vec<Target> = checklists
            .iter()
            .enumerate()
            .flat_map(|(ci, c)| {
                (0..c.doc.tasks.len())
                    .filter(move |&t| rule(c, t))
                    .map(move |task| Target {
                        checklist: ci,
                        task,
                    })
            })
            .collect();
        match found.len() {
            0 => continue,
            1 => return Ok(found[0]),
            _ => {
                let matches = found
                    .iter()
                    .map(|t| Candidate::task(&checklists[t.checklist], t.task))
                    .collect();
                return Err(SelectError::Ambiguous {
                    item: item.to_string(),
                    matches,
                });
            }
        }
    }
    if let Some(heading) = find_heading(checklists, item, &query) {
        return Err(SelectError::Heading {
            item: item.to_string(),
            heading,
        });
    }
    Err(SelectError::NoMatch {
        item: item.to_string(),
        suggestions: suggest(checklists, item, &query),
    })
}

/// Lower case, whitespace collapsed to one space, no space around `/`.
fn normalize(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .to_lowercase()
        .replace(" /", "/")
        .replace("/ ", "/")
}

/// The names a heading answers to in a title path.
fn heading_names(doc: &Document, h: HeadingIdx) -> Vec<String> {
    let heading = &doc.headings[h];
    let mut names = vec![
        normalize(&heading.title),
        normalize(&heading.text),
        normalize(&heading_label(heading)),
    ];
    if let (HeadingKind::Week | HeadingKind::Phase, Some(n)) = (heading.kind, heading.number) {
        let word = if heading.kind == HeadingKind::Week {
            "week"
        } else {
            "phase"
        };
        names.push(format!("{word} {n}"));
    }
    names.sort();
    names.dedup();
    names
}

/// Does the normalized `query` name task `t` as a title path (or its exact text)?
fn path_matches(doc: &Document, t: TaskIdx, query: &str) -> bool {
    let own = normalize(&doc.tasks[t].text);
    let Some(rest) = query.strip_suffix(own.as_str()) else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let Some(rest) = rest.strip_suffix('/') else {
        return false;
    };
    // Ancestors, nearest first, each with the names it answers to.
    let mut ancestors: Vec<Vec<String>> = Vec::new();
    let mut cur = doc.tasks[t].parent;
    while let Some(p) = cur {
        ancestors.push(vec![normalize(&doc.tasks[p].text)]);
        cur = doc.tasks[p].parent;
    }
    let mut heading = doc.tasks[t].heading;
    while let Some(h) = heading {
        ancestors.push(heading_names(doc, h));
        heading = doc.headings[h].parent;
    }
    // Depth-first over (unmatched prefix length, next ancestor), each state visited once:
    // an ancestor may match a part or be skipped.
    let mut stack = vec![(rest.len(), 0usize)];
    let mut seen = HashSet::new();
    while let Some((len, from)) = stack.pop() {
        if !seen.insert((len, from)) {
            continue;
        }
        let prefix = &query[..len];
        for (i, names) in ancestors.iter().enumerate().skip(from) {
            for name in names {
                let Some(before) = prefix.strip_suffix(name.as_str()) else {
                    continue;
                };
                if before.is_empty() {
                    return true;
                }
                if let Some(before) = before.strip_suffix('/') {
                    stack.push((before.len(), i + 1));
                }
            }
        }
    }
    false
}

fn find_heading(checklists: &[Checklist], item: &str, query: &str) -> Option<Candidate> {
    checklists.iter().find_map(|c| {
        (0..c.doc.headings.len())
            .find(|&h| {
                c.heading_id(h).eq_ignore_ascii_case(item.trim())
                    || c.doc.headings[h].id.eq_ignore_ascii_case(item.trim())
                    || heading_names(&c.doc, h).iter().any(|n| n == query)
            })
            .map(|h| Candidate::heading(c, h))
    })
}

/// The tasks closest to `item`: by edit distance to the ID, by shared letter pairs with
/// the text (whole query, or its last path part).
fn suggest(checklists: &[Checklist], item: &str, query: &str) -> Vec<Candidate> {
    let last = query.rsplit('/').next().unwrap_or(query);
    let id_query = item.trim().to_lowercase();
    let mut scored: Vec<(f64, usize, TaskIdx)> = Vec::new();
    for (ci, c) in checklists.iter().enumerate() {
        for (t, task) in c.doc.tasks.iter().enumerate() {
            let text = normalize(&task.text);
            let score = [
                strsim::normalized_levenshtein(&id_query, &c.task_id(t).to_lowercase()),
                strsim::sorensen_dice(query, &text),
                strsim::sorensen_dice(last, &text),
            ]
            .into_iter()
            .fold(0.0, f64::max);
            scored.push((score, ci, t));
        }
    }
    // Best first; ties in document order.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    scored
        .into_iter()
        .take(SUGGESTED)
        .map(|(_, ci, t)| Candidate::task(&checklists[ci], t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const DOC: &str = "\
# Phase 4: Launch
## 📋 Week 15: Security Hardening & Compliance
### 🔒 Security Hardening
- [ ] **Network Security**
  - [ ] Implement network segmentation
  - [ ] Configure firewall rules
- [ ] Storage (PV/PVC)
### Compliance
- [ ] Configure firewall rules
";

    fn load(src: &str) -> Vec<Checklist> {
        vec![Checklist::new(PathBuf::from("c.md"), src.to_string())]
    }

    fn id(cs: &[Checklist], item: &str) -> Result<String, SelectError> {
        resolve(cs, item).map(|t| cs[t.checklist].task_id(t.task))
    }

    #[test]
    fn resolves_ids_paths_tails_and_text() {
        let cs = load(DOC);
        assert_eq!(id(&cs, "15.1.1.1").unwrap(), "15.1.1.1");
        let full =
            "Week 15 / Security Hardening / Network Security / Implement network segmentation";
        assert_eq!(id(&cs, full).unwrap(), "15.1.1.1");
        // Parent task left out, heading by its label, odd spacing and case.
        let path = "week 15:  security hardening & compliance/Security Hardening / implement NETWORK segmentation";
        assert_eq!(id(&cs, path).unwrap(), "15.1.1.1");
        assert_eq!(
            id(&cs, "Security Hardening / Configure firewall rules").unwrap(),
            "15.1.1.2"
        );
        assert_eq!(
            id(&cs, "Compliance / Configure firewall rules").unwrap(),
            "15.2.1"
        );
        assert_eq!(id(&cs, "segmentation").unwrap(), "15.1.1.1");
        // A slash inside the text falls through to the substring rule.
        assert_eq!(id(&cs, "pv/pvc").unwrap(), "15.1.2");
        // Exact text beats a substring that more tasks contain.
        assert_eq!(id(&cs, "network security").unwrap(), "15.1.1");
    }

    #[test]
    fn ambiguity_lists_every_match_with_id_and_line() {
        let cs = load(DOC);
        let err = resolve(&cs, "configure firewall rules").unwrap_err();
        let SelectError::Ambiguous { matches, .. } = &err else {
            panic!("{err:?}")
        };
        let found: Vec<_> = matches.iter().map(|m| (m.id.as_str(), m.line)).collect();
        assert_eq!(found, [("15.1.1.2", 6), ("15.2.1", 9)]);
        assert!(
            err.to_string()
                .contains("15.2.1  Configure firewall rules  (c.md:9)")
        );
    }

    #[test]
    fn no_match_suggests_the_closest() {
        let cs = load(DOC);
        let err = resolve(&cs, "implement netwrk segmentaton").unwrap_err();
        let SelectError::NoMatch { suggestions, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(suggestions[0].id, "15.1.1.1");
        assert_eq!(suggestions.len(), 3);
        let err = resolve(&cs, "15.1.1.9").unwrap_err();
        assert!(err.to_string().contains("did you mean"), "{err}");
    }

    #[test]
    fn headings_and_empty_items_are_refused() {
        let cs = load(DOC);
        assert!(matches!(
            resolve(&cs, "15"),
            Err(SelectError::Heading { .. })
        ));
        assert!(matches!(
            resolve(&cs, "Compliance"),
            Err(SelectError::Heading { .. })
        ));
        assert_eq!(resolve(&cs, "  "), Err(SelectError::Empty));
    }

    #[test]
    fn terminal_controls_in_items_are_escaped() {
        let cs = load(DOC);
        let err = resolve(&cs, "\u{1b}[2Jnope").unwrap_err().to_string();
        assert!(!err.contains('\u{1b}'), "{err}");
    }
}
