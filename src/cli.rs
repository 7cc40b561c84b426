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
    /// The date to take as today, for reproducible reports [env: PREFLIGHT_TODAY; default: the
    /// local date]
    #[arg(long, value_name = "YYYY-MM-DD", global = true, value_parser = crate::schedule::parse_date)]
    pub today: Option<chrono::NaiveDate>,
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
    /// The open tasks of the current week (by the schedule), else of the earliest unfinished one.
    Next(NextArgs),
    /// Weekly progress report from git history: deltas, who did what, velocity, forecast, chart.
    Report(ReportArgs),
    /// Rewrite the derived text (status lines, progress lines, week lists, parent boxes).
    Sync(SyncArgs),
    /// Structural and encoding faults: exit 1 on findings.
    Lint(LintArgs),
    /// CI: are the success criteria met? Exit 0 met, 1 not met, 2 could not evaluate.
    Gate(GateArgs),
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
    /// Gauges in the OpenMetrics text format, for a Prometheus textfile collector
    Openmetrics,
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
    /// any unique tail of it), or text that matches exactly one task. None, on a terminal:
    /// pick them from a list
    #[arg(value_name = "ITEM")]
    pub items: Vec<String>,
    /// Checklist files or directories to look in (repeatable) [default: ./checklists/]
    #[arg(short = 'f', long = "file", value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Print the change as a unified diff; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Append a done stamp (` ✅ YYYY-MM-DD`, today) to each task ticked (`untick` always
    /// removes the stamps of the tasks it unticks)
    #[arg(long)]
    pub stamp: bool,
}

#[derive(Debug, Args)]
pub struct UntickArgs {
    #[command(flatten)]
    pub tick: TickArgs,
    /// Also untick the ticked descendants of a parent
    #[arg(long)]
    pub recursive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NextFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    #[command(flatten)]
    pub paths: Paths,
    #[arg(long, value_enum, default_value_t = NextFormat::Text)]
    pub format: NextFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Markdown,
    Html,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub paths: Paths,
    /// Start of the period, included: YYYY-MM-DD, Nd or Nw (N days or weeks before today), or
    /// a git revision (the commits after it)
    #[arg(long, value_name = "WHEN", default_value = "7d")]
    pub since: String,
    /// End of the period, included: YYYY-MM-DD, Nd, Nw, or a git revision [default: today]
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the report to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GateFormat {
    Text,
    Json,
    Junit,
    Github,
    Gitlab,
}

/// `-o FORMAT[=FILE]`: a report format and where to write it (stdout without a file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateOutput {
    pub format: GateFormat,
    pub file: Option<PathBuf>,
}

fn parse_gate_output(spec: &str) -> Result<GateOutput, String> {
    let (format, file) = match spec.split_once('=') {
        Some((format, file)) if !file.is_empty() => (format, Some(PathBuf::from(file))),
        Some(_) => return Err("give a file after `=`, or leave out `=`".into()),
        None => (spec, None),
    };
    let format = GateFormat::from_str(format, true)?;
    Ok(GateOutput { format, file })
}

#[derive(Debug, Args)]
pub struct GateArgs {
    #[command(flatten)]
    pub paths: Paths,
    /// Report format on stdout [default: github when GITHUB_ACTIONS=true, else text]
    #[arg(long, value_enum)]
    pub format: Option<GateFormat>,
    /// Also write a report: FORMAT or FORMAT=FILE (repeatable), e.g. -o junit=gate.xml -o github
    #[arg(short = 'o', long = "output", value_name = "FORMAT[=FILE]", value_parser = parse_gate_output)]
    pub outputs: Vec<GateOutput>,
    /// Report only: exit 0 even when the gate fails (2 still means it could not evaluate)
    #[arg(long)]
    pub exit_zero: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub paths: Paths,
    /// Write nothing; print the diff and exit 1 if anything would change (for CI and hooks)
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
    /// Print the diff; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    Github,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    #[command(flatten)]
    pub paths: Paths,
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Repair mojibake in place (lossless cases; lossy ones need --accept-ambiguous)
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also repair lossy mojibake with its likeliest candidate
    #[arg(long, requires = "fix")]
    pub accept_ambiguous: bool,
}
