//! The command line, declared with clap's derive API. Doc comments are the help text.

use crate::render::status::Depth;
use crate::style::ColorChoice;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Production-readiness checklists kept as Markdown: roll-ups, ticking, gates.
#[derive(Debug, Parser)]
#[command(name = "preflight", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured under `auto`)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Config file [default: preflight.yaml in this directory or the nearest parent]
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Print only the essential: results and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say what is being read and why (on stderr)
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Roll-up table: progress per phase, week (and section), declared vs computed status.
    Status(StatusArgs),
    /// Every item with its ID and box, indented as in the document.
    Tree(TreeArgs),
    /// The full tree as JSON or YAML (the schema in DESIGN.md).
    Export(ExportArgs),
    /// Tick items: a one-byte edit per box, parents follow their children.
    Tick(TickArgs),
    /// Untick items (refuses to untick a parent with ticked children unless --recursive).
    Untick(UntickArgs),
    /// Write a starter preflight.yaml and checklist (never overwrites a file).
    Init(InitArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The starter checklist to write
    #[arg(long, value_enum, default_value_t = Template::ProductionReadiness)]
    pub template: Template,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Template {
    ProductionReadiness,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct Paths {
    /// Checklist files or directories (all *.md under them) [default: ./checklists/]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
    Yaml,
    Markdown,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub paths: Paths,
    /// How deep the roll-up goes [default: week if the checklist has phases or weeks, else section]
    #[arg(long, value_enum)]
    pub depth: Option<Depth>,
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TreeFormat {
    Text,
    Json,
    Yaml,
    Markdown,
}

#[derive(Debug, Args)]
pub struct TreeArgs {
    #[command(flatten)]
    pub paths: Paths,
    /// Only open tasks (and their parents)
    #[arg(long, conflicts_with = "done")]
    pub open: bool,
    /// Only ticked tasks (and their parents)
    #[arg(long)]
    pub done: bool,
    /// Only week N
    #[arg(long, value_name = "N")]
    pub week: Option<u32>,
    #[arg(long, value_enum, default_value_t = TreeFormat::Text)]
    pub format: TreeFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Yaml,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub paths: Paths,
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
}

#[derive(Debug, Args)]
pub struct TickArgs {
    /// Items: an ID (as `tree` shows it), a title path ("Week 15 / Security Hardening / …",
    /// any unique tail of it), or text that matches exactly one task
    #[arg(value_name = "ITEM", required = true)]
    pub items: Vec<String>,
    /// Checklist files or directories to look in (repeatable) [default: ./checklists/]
    #[arg(short = 'f', long = "file", value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Print the change as a unified diff; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct UntickArgs {
    #[command(flatten)]
    pub tick: TickArgs,
    /// Also untick the ticked descendants of a parent
    #[arg(long)]
    pub recursive: bool,
}
