use comrak::nodes::NodeValue;
fn main() {
    for p in std::env::args().skip(1) {
        let src = std::fs::read_to_string(&p).unwrap();
        let arena = comrak::Arena::new();
        let mut o = comrak::Options::default();
        o.extension.tasklist = true;
        let root = comrak::parse_document(&arena, &src, &o);
        let mut theirs: Vec<(usize, bool)> = root
            .descendants()
            .filter_map(|n| match &n.data().value {
                NodeValue::TaskItem(t) => Some((t.symbol_sourcepos.start.line, t.symbol.is_some())),
                _ => None,
            })
            .collect();
        theirs.sort();
        let mut ours: Vec<(usize, bool)> = preflight::parse::parse(&src)
            .tasks
            .iter()
            .map(|t| (t.line, t.checked))
            .collect();
        ours.sort();
        if ours != theirs {
            println!(
                "{p}: only ours {:?} only comrak {:?}",
                ours.iter()
                    .filter(|t| !theirs.contains(t))
                    .collect::<Vec<_>>(),
                theirs
                    .iter()
                    .filter(|t| !ours.contains(t))
                    .collect::<Vec<_>>()
            );
        }
    }
}
