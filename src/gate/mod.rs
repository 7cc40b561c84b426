//! The release gate: are the success criteria met?
//!
//! [`policy`] is the `gate:` section of `preflight.yaml`; [`eval`] turns loaded checklists,
//! a policy and "today" into a [`eval::Verdict`]. Both are pure; `cmd::gate` reads evidence
//! files and writes the reports (`render::gate`).

pub mod eval;
pub mod policy;
