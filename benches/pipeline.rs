//! In-process benchmarks of each pipeline stage (criterion): read, parse, roll-up, render,
//! plan+apply(+verify) of a tick, and the atomic locked write.
//!
//! `cargo bench --bench pipeline` (filter with a name: `cargo bench --bench pipeline -- parse`).
//! Corpora: `../shared/bench/gen_checklist.py` at 1 and 10 MB, LF and CRLF (generated into
//! `target/bench-data` on first use), the shipped seed checklist, and the 532 files of
//! `../shared/corpus/kep-bulk` (`$PREFLIGHT_CORPUS` overrides `../shared/corpus`). Without
//! `../shared`, the generated corpora are replaced by the seed repeated to size, and kep-bulk
//! is skipped. Whole-process comparisons with other tools are `bench/whole.sh`.

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use preflight::edit::{Action, apply, plan, verify};
use preflight::parse::parse;
use preflight::render::export::{Selection, export};
use preflight::render::status::{Depth, TableStyle, rows, table};
use preflight::rollup::rollup;
use preflight::workspace::Checklist;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const SEED: &str = "checklists/phase-4-production-readiness.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shared() -> PathBuf {
    root().join("../shared")
}

/// `gen-{mb}mb[-crlf].md`, generated once into `target/bench-data`.
fn generated(mb: usize, crlf: bool) -> PathBuf {
    let dir = root().join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let name = format!("gen-{mb}mb{}.md", if crlf { "-crlf" } else { "" });
    let path = dir.join(&name);
    if path.exists() {
        return path;
    }
    let script = shared().join("bench/gen_checklist.py");
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(&script).arg(mb.to_string());
    if crlf {
        cmd.arg("--crlf");
    }
    let text = match cmd.output() {
        Ok(out) if out.status.success() && script.exists() => out.stdout,
        // No generator here: the seed, repeated to size, stands in.
        _ => {
            let seed = std::fs::read_to_string(root().join(SEED)).unwrap();
            let mut text = seed.repeat(mb * (1 << 20) / seed.len() + 1);
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text.into_bytes()
        }
    };
    std::fs::write(&path, text).unwrap();
    path
}

fn kep_bulk() -> Vec<PathBuf> {
    let corpus = std::env::var_os("PREFLIGHT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared().join("corpus"));
    let Ok(entries) = std::fs::read_dir(corpus.join("kep-bulk")) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// The single-file corpora: (name, path).
fn corpora() -> Vec<(String, PathBuf)> {
    let mut all = vec![("seed".to_string(), root().join(SEED))];
    for mb in [1, 10] {
        for crlf in [false, true] {
            let name = format!("gen-{mb}mb{}", if crlf { "-crlf" } else { "" });
            all.push((name, generated(mb, crlf)));
        }
    }
    all
}

fn read(path: &Path) -> String {
    preflight::store::read_text(path).unwrap()
}

/// Few samples of a few seconds: the big inputs take tens of milliseconds per iteration.
fn group<'c>(c: &'c mut Criterion, name: &str) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group
}

/// Bytes from disk (page cache) to checked text: `store::read_text`.
fn bench_read(c: &mut Criterion) {
    let mut g = group(c, "read");
    for (name, path) in corpora() {
        g.throughput(Throughput::Bytes(std::fs::metadata(&path).unwrap().len()));
        g.bench_with_input(BenchmarkId::from_parameter(&name), &path, |b, p| {
            b.iter(|| preflight::store::read_text(black_box(p)).unwrap())
        });
    }
    g.finish();
}

/// Text to Document; and, for reference, the bare pulldown-cmark pass over the same text.
fn bench_parse(c: &mut Criterion) {
    let mut g = group(c, "parse");
    for (name, path) in corpora() {
        let text = read(&path);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("preflight", &name), &text, |b, t| {
            b.iter(|| parse(black_box(t)))
        });
        g.bench_with_input(BenchmarkId::new("bare-pulldown", &name), &text, |b, t| {
            b.iter(|| bare_pass(black_box(t)))
        });
    }
    let files = kep_bulk();
    if !files.is_empty() {
        let texts: Vec<String> = files.iter().map(|p| read(p)).collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(BenchmarkId::new("preflight", "kep-bulk"), |b| {
            b.iter(|| texts.iter().map(|t| parse(t).tasks.len()).sum::<usize>())
        });
        g.bench_function(BenchmarkId::new("bare-pulldown", "kep-bulk"), |b| {
            b.iter(|| texts.iter().map(|t| bare_pass(t)).sum::<usize>())
        });
    }
    g.finish();
}

/// What examples/bare_pass.rs does: pulldown-cmark with offsets, counting task markers.
fn bare_pass(text: &str) -> usize {
    use pulldown_cmark::{Event, Options, Parser};
    Parser::new_ext(text, Options::ENABLE_TASKLISTS)
        .into_offset_iter()
        .filter(|(e, r)| matches!(e, Event::TaskListMarker(_)) && r.start <= text.len())
        .count()
}

fn bench_rollup(c: &mut Criterion) {
    let mut g = group(c, "rollup");
    for (name, path) in corpora() {
        let doc = parse(&read(&path));
        g.throughput(Throughput::Elements(doc.tasks.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&name), &doc, |b, d| {
            b.iter(|| rollup(black_box(d)))
        });
    }
    g.finish();
}

/// The status table (week depth, plain) and the full JSON export.
fn bench_render(c: &mut Criterion) {
    let mut g = group(c, "render");
    for (name, path) in corpora() {
        let checklists = vec![Checklist::new(path.clone(), read(&path))];
        let style = TableStyle {
            borders: false,
            width: None,
            colors: Default::default(),
        };
        g.bench_with_input(
            BenchmarkId::new("status-table", &name),
            &checklists,
            |b, cs| b.iter(|| table(&rows(black_box(cs), Depth::Week), style)),
        );
        g.bench_with_input(
            BenchmarkId::new("export-json", &name),
            &checklists,
            |b, cs| {
                b.iter(|| {
                    let tree = export(black_box(cs), &Selection::everything(true, None));
                    preflight::render::json(&tree).unwrap()
                })
            },
        );
    }
    g.finish();
}

/// The last open leaf (document order): what bench/whole.sh ticks too.
fn last_open_leaf(doc: &preflight::model::Document) -> usize {
    (0..doc.tasks.len())
        .rev()
        .find(|&t| doc.tasks[t].is_leaf() && !doc.tasks[t].checked)
        .expect("an open leaf")
}

/// The pure part of `tick`: plan the edit (with the cascade), apply it, verify it by parsing
/// the result again.
fn bench_tick(c: &mut Criterion) {
    let mut g = group(c, "tick");
    for (name, path) in corpora() {
        let text = read(&path);
        let doc = parse(&text);
        let leaf = last_open_leaf(&doc);
        g.bench_function(BenchmarkId::new("plan+apply", &name), |b| {
            b.iter(|| {
                let p = plan(black_box(&doc), Action::Tick, &[leaf], false).unwrap();
                apply(&text, &p.edits).unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("plan+apply+verify", &name), |b| {
            b.iter(|| {
                let p = plan(black_box(&doc), Action::Tick, &[leaf], false).unwrap();
                let out = apply(&text, &p.edits).unwrap();
                verify(&text, &doc, &out, &p).unwrap()
            })
        });
    }
    g.finish();
}

/// `store::write_atomic` under the edit lock: temporary file, fsync, rename, directory fsync.
fn bench_write(c: &mut Criterion) {
    let mut g = group(c, "write");
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in corpora() {
        let text = read(&path);
        let doc = parse(&text);
        let p = plan(&doc, Action::Tick, &[last_open_leaf(&doc)], false).unwrap();
        let ticked = apply(&text, &p.edits).unwrap();
        let file = dir.path().join(format!("{name}.md"));
        std::fs::write(&file, &text).unwrap();
        let mut current = text.clone();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter(|| {
                // Alternate ticked and unticked, so every write changes the file.
                let next = if current == text { &ticked } else { &text };
                let _lock = preflight::store::lock_for_edit(std::slice::from_ref(&file)).unwrap();
                preflight::store::write_atomic(&file, current.as_bytes(), next.as_bytes()).unwrap();
                current.clone_from(next);
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_read,
    bench_parse,
    bench_rollup,
    bench_render,
    bench_tick,
    bench_write
);
criterion_main!(benches);
