//! The interactive picker for `tick` / `untick` with no ITEM: a fuzzy multi-select of the
//! tasks the command can change (open ones to tick, ticked ones to untick). Typing filters,
//! space selects, enter confirms; Esc cancels and changes nothing.
//!
//! Only on a terminal: in CI or a pipe there is nobody to ask, so it is an error (exit 2)
//! that says to name the items.

use crate::edit::Action;
use crate::render::status::heading_label;
use crate::sanitize::for_terminal;
use crate::workspace::Checklist;
use anyhow::{Result, bail};
use inquire::{InquireError, MultiSelect};
use std::fmt;
use std::io::IsTerminal;

/// One line of the list: what a person reads, and the ID the choice resolves to.
struct Choice {
    id: String,
    label: String,
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// The label of a task: `ID  Week N · Section · text`, control characters neutralised.
fn label(c: &Checklist, t: usize) -> String {
    let task = &c.doc.tasks[t];
    let mut parts = Vec::new();
    if let Some(h) = task.heading {
        if let Some(w) = c.doc.week_of(h) {
            let week = &c.doc.headings[w];
            parts.push(format!("Week {}", week.number.unwrap_or(0)));
        }
        if c.doc.headings[h].kind == crate::model::HeadingKind::Section {
            parts.push(heading_label(&c.doc.headings[h]));
        }
    }
    parts.push(task.text.clone());
    for_terminal(&format!("{:<10} {}", c.task_id(t), parts.join(" · "))).into_owned()
}

/// Lets the user choose; returns the IDs chosen (empty when cancelled).
pub fn pick(checklists: &[Checklist], action: Action) -> Result<Vec<String>> {
    let verb = match action {
        Action::Tick => "tick",
        Action::Untick => "untick",
    };
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        bail!(
            "name the items to {verb} (with no ITEM, `{verb}` asks on a terminal, and this is not one)"
        );
    }
    let want_checked = action == Action::Untick;
    let choices: Vec<Choice> = checklists
        .iter()
        .flat_map(|c| {
            (0..c.doc.tasks.len())
                .filter(move |&t| c.doc.tasks[t].checked == want_checked)
                .map(move |t| Choice {
                    id: c.task_id(t),
                    label: label(c, t),
                })
        })
        .collect();
    if choices.is_empty() {
        bail!("no task to {verb}");
    }
    let prompt = format!("Tasks to {verb} (type to filter, space to select, enter to confirm):");
    match MultiSelect::new(&prompt, choices)
        .with_page_size(15)
        .prompt()
    {
        Ok(chosen) => Ok(chosen.into_iter().map(|c| c.id).collect()),
        Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => Ok(Vec::new()),
        Err(e) => bail!("the picker failed: {e}"),
    }
}
