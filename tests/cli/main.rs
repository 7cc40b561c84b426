//! CLI tests: one integration-test binary, one module per command family.

mod gate;
mod picker;
mod read_commands;
mod report;
mod shell;
mod support;
mod sync_lint;
mod tick;
