//! Git history of a checklist (in progress).
