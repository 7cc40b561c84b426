//! Checklist text on its way to a terminal: control characters neutralised.
//!
//! A checklist is data from someone else. Shown raw, an ESC could recolour or retitle the
//! terminal, a CR could overwrite a line, a bidi override could make text read backwards.
//! Every human-readable renderer passes document text through [`for_terminal`].

use std::borrow::Cow;

fn is_hazard(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// `text` with control characters (C0 but LF and TAB, DEL, C1) and bidirectional
/// controls shown escaped: `\e`, `\a`, `\r`, `\b`, otherwise `\u{…}`. Line feeds and tabs
/// are kept only if `keep_layout`; one-line fields want them escaped too.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Like [`for_terminal`] but keeps LF and TAB (for multi-line blocks such as diffs).
pub fn for_terminal_block(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_layout: bool) -> Cow<'_, str> {
    let hazard = |c: char| is_hazard(c) || (!keep_layout && (c == '\n' || c == '\t'));
    if !text.chars().any(hazard) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !hazard(c) {
            out.push(c);
            continue;
        }
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\u{7}' => out.push_str("\\a"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            _ => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_terminal_controls() {
        assert_eq!(
            for_terminal("a\u{1b}[31mb\u{7}c\rd\u{8}"),
            "a\\e[31mb\\ac\\rd\\b"
        );
        assert_eq!(for_terminal("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(for_terminal("c1\u{9b}31m"), "c1\\u{9b}31m");
        assert_eq!(for_terminal("two\nlines"), "two\\nlines");
        assert_eq!(for_terminal_block("two\nlines\tok"), "two\nlines\tok");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            for_terminal("📋 Week 13: ok — ğŸ“‹"),
            Cow::Borrowed(_)
        ));
    }
}
