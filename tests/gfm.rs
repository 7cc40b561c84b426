//! Agreement with comrak, the GFM reference GitLab renders with: the set of task items and
//! whether each is checked, compared as (line of the box, checked) pairs.
//!
//! comrak runs in-process (a dev-dependency), so these tests need no external tool.
//! The corpus tests read `../shared/corpus` (or `$PREFLIGHT_CORPUS`) and are `#[ignore]`d so
//! a fresh clone's `cargo test` stays self-contained; `.ci/run` runs them with `--ignored`.

use comrak::nodes::NodeValue;
use preflight::parse::parse;
use proptest::prelude::*;
use std::path::PathBuf;

fn comrak_tasks(src: &str) -> Vec<(usize, bool)> {
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.tasklist = true;
    let root = comrak::parse_document(&arena, src, &options);
    let mut tasks: Vec<(usize, bool)> = root
        .descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::TaskItem(t) => Some((t.symbol_sourcepos.start.line, t.symbol.is_some())),
            _ => None,
        })
        .collect();
    tasks.sort();
    tasks
}

fn our_tasks(src: &str) -> Vec<(usize, bool)> {
    let mut tasks: Vec<(usize, bool)> = parse(src)
        .tasks
        .iter()
        .map(|t| (t.line, t.checked))
        .collect();
    tasks.sort();
    tasks
}

fn assert_agrees(name: &str, src: &str) {
    let (ours, theirs) = (our_tasks(src), comrak_tasks(src));
    if ours != theirs {
        let only_ours: Vec<_> = ours.iter().filter(|t| !theirs.contains(t)).collect();
        let only_theirs: Vec<_> = theirs.iter().filter(|t| !ours.contains(t)).collect();
        panic!(
            "{name}: {} ours vs {} comrak; only ours: {only_ours:?}; only comrak: {only_theirs:?}",
            ours.len(),
            theirs.len()
        );
    }
}

#[test]
fn edge_cases_agree_with_comrak() {
    let cases = [
        "- [ ] foo\n  ---\n",
        "- [\t] tab\n",
        "- [x]\n",
        "- [ ]  \n",
        "-\n  [ ] later\n",
        "- [x]bar\n",
        "> - [X] quoted\n",
        "> > 1. [x] deep\n",
        "1) [x] paren\n",
        "* [ ] star\n  \t- [ ] tabchild\n",
        "+ [ ] plus\n\n+ [x] loose\n",
        "- [~] tilde\n- [-] dash\n- [] empty\n-[ ] nospace\n",
        "```\n- [ ] in code\n```\n",
        "    - [ ] indented code\n",
        "<!--\n- [ ] in comment\n-->\n",
        "<div>\n- [ ] in html\n</div>\n",
        "| a | b |\n|---|---|\n| - [ ] x | y |\n- [ ] after table\n",
        "- [ ] a\n\t- [x] tab child\n\t\t- [ ] grandchild\n",
        "- [x] *emph* text\n- [X] `code`\n",
        "- [ ] a\r\n- [x] b\r\n",
        "- [ ] a\r- [x] lone cr\r",
        "\u{feff}- [x] bom\n",
        "- a\n  - [ ] nested under plain\n",
        "- [ ] # not heading\n",
        "- # [ ] heading\n",
        "[x]: /url\n- [x] ref\n",
        "- [ ]\n  text below\n",
        "- \n  [x] blank after marker\n",
        "-   [x] wide\n",
        "- [x]\u{a0}nbsp\n",
    ];
    for case in cases {
        assert_agrees(&format!("{case:?}"), case);
    }
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("PREFLIGHT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
}

fn corpus_files(sub: &str) -> Vec<PathBuf> {
    let dir = corpus_dir().join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (set PREFLIGHT_CORPUS)", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// Each file as it is, with CRLF line endings, and with a byte-order mark (variants derived
/// here: the corpus itself has neither).
fn check_corpus(sub: &str, min_files: usize) {
    let files = corpus_files(sub);
    assert!(
        files.len() >= min_files,
        "{sub}: only {} files",
        files.len()
    );
    let mut tasks = 0;
    for path in &files {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        assert_agrees(&name, &src);
        assert_agrees(&format!("{name} (CRLF)"), &src.replace('\n', "\r\n"));
        assert_agrees(&format!("{name} (BOM)"), &format!("\u{feff}{src}"));
        tasks += our_tasks(&src).len();
    }
    assert!(tasks > 0);
}

#[test]
#[ignore = "needs ../shared/corpus; run with --ignored"]
fn real_corpus_agrees_with_comrak() {
    check_corpus("real", 54);
}

#[test]
#[ignore = "needs ../shared/corpus; run with --ignored"]
fn kep_corpus_agrees_with_comrak() {
    check_corpus("kep-bulk", 532);
}

/// Markdown built from pieces that stress list, quote, code and task syntax.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("- ".to_string()),
        Just("* ".to_string()),
        Just("+ ".to_string()),
        Just("1. ".to_string()),
        Just("2) ".to_string()),
        Just("[ ] ".to_string()),
        Just("[x] ".to_string()),
        Just("[X]".to_string()),
        Just("[\t]".to_string()),
        Just("[ ]".to_string()),
        Just("> ".to_string()),
        Just("  ".to_string()),
        Just("    ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("---".to_string()),
        Just("===".to_string()),
        Just("# ".to_string()),
        Just("```".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<div>".to_string()),
        Just("| a |".to_string()),
        Just("\\".to_string()),
        Just("`".to_string()),
        Just("*".to_string()),
        "[a-z ]{1,6}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn generated_markdown_agrees_with_comrak(src in markdownish()) {
        let (ours, theirs) = (our_tasks(&src), comrak_tasks(&src));
        prop_assert_eq!(ours, theirs, "source: {:?}", src);
    }
}
