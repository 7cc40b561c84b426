//! Several checklists loaded as one program: each parsed and rolled up, with IDs kept
//! unique across all of them.
//!
//! Pure: the sources arrive already read (see [`crate::store`]). A document's IDs get a
//! prefix (`phase-4:13.1.1`) only where another loaded document uses the same IDs, so a
//! single checklist keeps its short IDs. The prefix is the file stem, or the path without
//! `.md` when stems repeat.

use crate::model::{Document, HeadingIdx, TaskIdx};
use crate::rollup::{Rollup, rollup};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One loaded checklist.
#[derive(Debug, Clone)]
pub struct Checklist {
    pub path: PathBuf,
    pub source: String,
    pub doc: Document,
    pub rollup: Rollup,
    /// `stem:` when another loaded checklist shares IDs with this one.
    pub id_prefix: String,
}

impl Checklist {
    pub fn new(path: PathBuf, source: String) -> Self {
        let doc = crate::parse::parse(&source);
        let rollup = rollup(&doc);
        Checklist {
            path,
            source,
            doc,
            rollup,
            id_prefix: String::new(),
        }
    }

    pub fn task_id(&self, t: TaskIdx) -> String {
        format!("{}{}", self.id_prefix, self.doc.tasks[t].id)
    }

    pub fn heading_id(&self, h: HeadingIdx) -> String {
        format!("{}{}", self.id_prefix, self.doc.headings[h].id)
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        let headings = self.doc.headings.iter().map(|h| h.id.as_str());
        headings.chain(self.doc.tasks.iter().map(|t| t.id.as_str()))
    }
}

/// Gives a prefix to the IDs of every checklist that shares an ID with another one.
pub fn qualify_ids(checklists: &mut [Checklist]) {
    if checklists.len() < 2 {
        return;
    }
    let mut owners: HashMap<&str, usize> = HashMap::new();
    for (i, c) in checklists.iter().enumerate() {
        for id in c.ids() {
            let owner = owners.entry(id).or_insert(i);
            if *owner != i {
                *owner = usize::MAX; // shared
            }
        }
    }
    let clashing: Vec<bool> = checklists
        .iter()
        .map(|c| c.ids().any(|id| owners.get(id) == Some(&usize::MAX)))
        .collect();
    let stems: Vec<String> = checklists.iter().map(|c| stem(&c.path)).collect();
    let mut seen = HashSet::new();
    let repeated: HashSet<&String> = stems.iter().filter(|s| !seen.insert(*s)).collect();
    for (i, c) in checklists.iter_mut().enumerate() {
        if clashing[i] {
            let name = if repeated.contains(&stems[i]) {
                c.path
                    .with_extension("")
                    .to_string_lossy()
                    .replace('\\', "/")
            } else {
                stems[i].clone()
            };
            c.id_prefix = format!("{name}:");
        }
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checklist(path: &str, src: &str) -> Checklist {
        Checklist::new(PathBuf::from(path), src.to_string())
    }

    #[test]
    fn prefixes_only_documents_whose_ids_clash() {
        let mut all = vec![
            checklist("a/one.md", "## Week 1: x\n- [ ] a\n"),
            checklist("b/two.md", "## Week 1: y\n- [ ] b\n"),
            checklist("c/three.md", "## Week 7: z\n- [ ] c\n"),
        ];
        qualify_ids(&mut all);
        assert_eq!(all[0].task_id(0), "one:1.1");
        assert_eq!(all[1].task_id(0), "two:1.1");
        assert_eq!(all[2].task_id(0), "7.1");
    }

    #[test]
    fn repeated_stems_use_the_path() {
        let mut all = vec![
            checklist("a/plan.md", "- [ ] a\n"),
            checklist("b/plan.md", "- [ ] b\n"),
        ];
        qualify_ids(&mut all);
        assert_eq!(all[0].task_id(0), "a/plan:1");
        assert_eq!(all[1].task_id(0), "b/plan:1");
    }
}
