//! Unified diffs of a checklist change, shown safely.

use crate::sanitize::for_terminal_block;

/// A unified diff of `old` → `new` for `path`. Line terminators are dropped before control
/// characters are escaped, so a CRLF file's diff does not show `\r` on every line.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    let text = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        // `lines()` drops LF and CRLF; a lone CR stays and is shown escaped. Tabs are kept.
        out.push_str(&for_terminal_block(line));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn crlf_diffs_show_no_carriage_returns() {
        let d = super::unified("c.md", "- [ ] a\r\n- [ ] b\r\n", "- [x] a\r\n- [ ] b\r\n");
        assert!(d.contains("-- [ ] a\n+- [x] a\n"), "{d}");
        assert!(!d.contains('\r') && !d.contains("\\r"));
    }
}
