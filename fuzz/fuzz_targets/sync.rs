//! `sync` is idempotent and exact. For any document that decodes: the sync plan applies, its
//! edits change nothing outside their ranges, no task or heading changes meaning, and planning
//! again on the result finds nothing left to do (all checked by `sync::verify`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::parse::parse;
use preflight::rollup::rollup;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = preflight::text::decode(data) else {
        return;
    };
    let doc = parse(src);
    let plan = preflight::sync::plan(src, &doc, &rollup(&doc));
    let out = preflight::edit::apply(src, &plan.edits).expect("sync edits apply");
    if plan.edits.is_empty() {
        assert_eq!(out, src);
    }
    if let Err(e) = preflight::sync::verify(&doc, src, &out, &plan.edits) {
        panic!("sync refused its own plan: {e}");
    }
});
