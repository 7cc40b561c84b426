//! preflight: production-readiness checklists kept as Markdown.
//!
//! The pipeline, one way, with a pure core and a thin shell:
//!
//! ```text
//! read (bytes → &str: text::decode)          store, I/O
//!   → parse (&str → Document with byte spans) parse, pure
//!     → rollup (progress, states, declared status)  rollup, pure
//!       → render (table | json | yaml | markdown | tree)  render, pure → String
//! ```
//!
//! ```
//! let doc = preflight::parse::parse("# Phase 1: Launch\n## Week 1: Prep\n- [x] a\n- [ ] b\n");
//! let rollup = preflight::rollup::rollup(&doc);
//! assert_eq!((rollup.document.done, rollup.document.total), (1, 2));
//! assert_eq!(doc.tasks[1].id, "1.2");
//! assert_eq!(&"# Phase 1: Launch\n## Week 1: Prep\n- [x] a\n- [ ] b\n"[doc.tasks[1].box_span.range()], "[ ]");
//! ```
//!
//! The library never prints; only `cmd` and `main.rs` touch the terminal and files.

pub mod classify;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod derived;
pub mod edit;
pub mod gate;
pub mod history;
pub mod ids;
pub mod lint;
pub mod model;
pub mod mojibake;
pub mod parse;
pub mod render;
pub mod report;
pub mod rollup;
pub mod sanitize;
pub mod schedule;
pub mod select;
pub mod stamps;
pub mod store;
pub mod style;
pub mod sync;
pub mod text;
pub mod workspace;
