//! UTF-8 text that was once decoded as Windows-1252/1254 and saved again ("mojibake"):
//! `📋` (F0 9F 93 8B) becomes `ğŸ“‹`, `✅` becomes `âœ…`, `é` becomes `Ã©`.
//!
//! Pure functions over `&str`. Detection maps each character back to the single byte that
//! Windows-1252 or Windows-1254 decodes to it (encoding_rs's tables); a run of such bytes that
//! forms valid multi-byte UTF-8 is mojibake, repaired losslessly. Bytes Windows-1254 leaves
//! undefined (0x81 0x8D 0x8E 0x8F 0x90 0x9D 0x9E) are often dropped on the way: such a
//! sequence is *lossy* — `ğŸ¯` may be 🎯 🍯 🏯 or 🐯 — and [`scan`] lists every candidate,
//! most likely for a checklist first. Valid text (`naïve café — Ağustos ✅`) is never flagged.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// Which byte each character stands for, from encoding_rs's Windows-1252 and Windows-1254
/// tables (bytes 0x80 and above; the code pages' undefined bytes map to C1 controls there).
static HIGH_BYTES: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for encoding in [encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1254] {
        for b in 0x80..=0xFF_u8 {
            let byte = [b];
            let (text, _) = encoding.decode_without_bom_handling(&byte);
            if let Some(c) = text.chars().next().filter(|&c| c != '\u{fffd}') {
                map.entry(c).or_insert(b);
            }
        }
    }
    map
});

/// The byte that Windows-1252 or Windows-1254 decodes to `c`, for bytes 0x80 and above.
pub fn high_byte(c: char) -> Option<u8> {
    HIGH_BYTES.get(&c).copied()
}

/// Bytes Windows-1254 leaves undefined; converters drop them, which makes repair lossy.
pub const UNDEFINED: [u8; 7] = [0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E];

/// The character Windows-1254 decodes byte `b` (0x80 and above) to; `None` for the bytes it
/// leaves undefined, which converters drop.
pub fn cp1254_char(b: u8) -> Option<char> {
    if UNDEFINED.contains(&b) {
        return None;
    }
    let byte = [b];
    let (text, _) = encoding_rs::WINDOWS_1254.decode_without_bom_handling(&byte);
    text.chars().next()
}

/// What `text` becomes when its UTF-8 is decoded as Windows-1254 (undefined bytes dropped):
/// the damage this module undoes. `garble("🎯") == "ğŸ¯"`.
pub fn garble(text: &str) -> String {
    text.bytes()
        .filter_map(|b| {
            if b < 0x80 {
                Some(char::from(b))
            } else {
                cp1254_char(b)
            }
        })
        .collect()
}

/// Whether `token` (a whitespace-free word) looks like a mojibake'd emoji or symbol: two or
/// more characters, each a Windows-125x high byte, starting with a UTF-8 lead byte of a
/// three- or four-byte sequence. Catches damaged sequences whose bytes were partly lost.
pub fn is_mojibake_symbol(token: &str) -> bool {
    let mut chars = token.chars();
    let Some(first) = chars.next().and_then(high_byte) else {
        return false;
    };
    (0xE2..=0xF4).contains(&first)
        && token.chars().count() >= 2
        && token
            .chars()
            .all(|c| high_byte(c).is_some() || c == '\u{fe0f}')
}

/// One damaged run of text and what it may have been.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// Byte range of the mojibake in the text.
    pub range: Range<usize>,
    /// What it may have been, most likely first; exactly one when `lossless`.
    pub candidates: Vec<String>,
    /// All bytes were there: the repair is certain.
    pub lossless: bool,
}

/// At most this many candidates are listed for a lossy run.
const MAX_CANDIDATES: usize = 8;

/// Every mojibake run in `text`.
pub fn scan(text: &str) -> Vec<Damage> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut sequences: Vec<Vec<(String, bool)>> = Vec::new();
        let mut j = i;
        while let Some((options, used)) = decode_sequence(&chars[j..]) {
            sequences.push(options);
            j += used;
        }
        if sequences.is_empty() {
            i += 1;
            continue;
        }
        let end = chars.get(j).map_or(text.len(), |&(at, _)| at);
        let lossless = sequences.iter().all(|s| s.len() == 1 && s[0].1);
        found.push(Damage {
            range: chars[i].0..end,
            candidates: combine(&sequences),
            lossless,
        });
        i = j;
    }
    found
}

/// Joins per-sequence options (each ranked) into whole candidates, best first.
fn combine(sequences: &[Vec<(String, bool)>]) -> Vec<String> {
    let mut all: Vec<(usize, String)> = vec![(0, String::new())];
    for options in sequences {
        let mut next = Vec::new();
        for (score, prefix) in &all {
            for (rank, (option, _)) in options.iter().enumerate() {
                next.push((score + rank, format!("{prefix}{option}")));
            }
        }
        next.sort_by_key(|(score, _)| *score);
        next.truncate(MAX_CANDIDATES);
        all = next;
    }
    all.into_iter().map(|(_, s)| s).collect()
}

/// The UTF-8 sequence length a lead byte announces.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_continuation(c: char) -> bool {
    high_byte(c).is_some_and(|b| (0x80..=0xBF).contains(&b))
}

/// Decodes one sequence from the leading characters: the options it may have been (with
/// whether each is lossless) and how many characters it used. Lossless when every byte is
/// there; else, for three- and four-byte sequences, one dropped undefined byte is restored
/// at each possible place.
fn decode_sequence(chars: &[(usize, char)]) -> Option<(Vec<(String, bool)>, usize)> {
    let lead = high_byte(chars.first()?.1)?;
    let len = sequence_len(lead)?;
    let continuation: Vec<u8> = chars[1..]
        .iter()
        .take_while(|&&(_, c)| is_continuation(c))
        .take(len - 1)
        .filter_map(|&(_, c)| high_byte(c))
        .collect();
    if continuation.len() == len - 1 {
        let mut bytes = vec![lead];
        bytes.extend(&continuation);
        if let Ok(s) = std::str::from_utf8(&bytes) {
            return Some((vec![(s.to_string(), true)], len));
        }
    }
    if len < 3 || continuation.len() < len - 2 {
        return None;
    }
    let kept = &continuation[..len - 2];
    let mut options: Vec<String> = Vec::new();
    for missing_at in 0..=kept.len() {
        for &b in &UNDEFINED {
            let mut bytes = vec![lead];
            bytes.extend(&kept[..missing_at]);
            bytes.push(b);
            bytes.extend(&kept[missing_at..]);
            if let Ok(s) = std::str::from_utf8(&bytes)
                && !options.iter().any(|o| o == s)
            {
                options.push(s.to_string());
            }
        }
    }
    if options.is_empty() {
        return None;
    }
    options.sort_by_key(|o| likelihood(o));
    // Characters outside the emoji and symbol blocks are noise once a likely one exists.
    if likelihood(&options[0]).0 < 3 {
        options.retain(|o| likelihood(o).0 < 3);
    }
    Some((options.into_iter().map(|o| (o, false)).collect(), len - 1))
}

/// Emoji seen in production-readiness checklists, most common first: a lossy run's candidate
/// among these is the likeliest meaning.
const CHECKLIST_EMOJI: &str = "🎯✅🚧📋🏗🔍🔐🔒🚀📊🧪📈🚨🔄🔧📝⚠🛡🔥💡📦🗂🔑🧩📌⏳🔎";

/// Lower is likelier: known checklist emoji, then the variation selector that makes a symbol
/// an emoji, then the main pictograph blocks, then anything else.
fn likelihood(candidate: &str) -> (u8, usize) {
    let c = candidate.chars().next().unwrap_or('\0');
    if let Some(rank) = CHECKLIST_EMOJI.chars().position(|e| e == c) {
        return (0, rank);
    }
    match c {
        '\u{fe0f}' => (1, 0),
        '\u{1f300}'..='\u{1f6ff}' | '\u{1f900}'..='\u{1f9ff}' | '\u{2600}'..='\u{27bf}' => {
            (2, c as usize)
        }
        _ => (3, c as usize),
    }
}

/// The text with every lossless mojibake run decoded back to UTF-8, or `None` when there is
/// nothing certain to repair. Valid text without mojibake is never changed.
pub fn repair(text: &str) -> Option<String> {
    let damages: Vec<Damage> = scan(text).into_iter().filter(|d| d.lossless).collect();
    if damages.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for d in damages {
        out.push_str(&text[at..d.range.start]);
        out.push_str(&d.candidates[0]);
        at = d.range.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_emoji_and_accents() {
        assert_eq!(repair("ğŸ“‹ Week 13").as_deref(), Some("📋 Week 13"));
        assert_eq!(repair("âœ… Complete").as_deref(), Some("✅ Complete"));
        assert_eq!(repair("cafÃ©").as_deref(), Some("café"));
        assert_eq!(repair("ğŸ“Š Sec").as_deref(), Some("📊 Sec"));
        // 🎯 is F0 9F 8E AF; Windows-1254 has no 0x8E, so the seed lost it: not repairable.
        assert_eq!(repair("ğŸ¯ UPCOMING"), None);
    }

    #[test]
    fn leaves_valid_text_alone() {
        for text in ["plain", "café", "📋 Week 13", "Größe", "İstanbul ğ ş", "—"] {
            assert_eq!(repair(text), None, "{text}");
        }
    }

    #[test]
    fn garbling_reproduces_the_seed_damage() {
        assert_eq!(garble("📋 Week"), "ğŸ“‹ Week");
        assert_eq!(garble("🎯"), "ğŸ¯", "0x8E is dropped");
        assert_eq!(garble("✅"), "âœ…");
        assert_eq!(garble("plain"), "plain");
        for c in ['📋', '✅', '🔒', 'é', '—'] {
            let s = c.to_string();
            assert_eq!(repair(&garble(&s)).as_deref(), Some(s.as_str()), "{c}");
        }
    }

    #[test]
    fn lossy_runs_list_every_candidate_likeliest_first() {
        let damage = scan("**Status**: ğŸ¯ UPCOMING");
        assert_eq!(damage.len(), 1);
        assert!(!damage[0].lossless);
        let c = &damage[0].candidates;
        assert_eq!(c[0], "🎯");
        for other in ["🍯", "🏯", "🐯"] {
            assert!(c.iter().any(|x| x == other), "{other} in {c:?}");
        }
        let search = scan("ğŸ” Security Monitoring");
        assert_eq!(search[0].candidates[0], "🔍");
        assert!(search[0].candidates.iter().any(|x| x == "🔐"));
        let crane = scan("### ğŸ—ï¸ Infrastructure");
        assert_eq!(crane.len(), 1, "one run: {crane:?}");
        assert_eq!(crane[0].candidates[0], "🏗\u{fe0f}");
    }

    #[test]
    fn lossless_runs_have_one_candidate() {
        let d = scan("## ğŸ“‹ Week 13 âœ… Ã©");
        assert_eq!(d.len(), 3);
        assert!(d.iter().all(|d| d.lossless && d.candidates.len() == 1));
        assert_eq!(d[0].candidates[0], "📋");
        assert_eq!(d[1].candidates[0], "✅");
        assert_eq!(d[2].candidates[0], "é");
    }

    #[test]
    fn valid_text_is_never_flagged() {
        for text in [
            "naïve café — Ağustos ✅",
            "İstanbul’da “tırnak” ş",
            "Größe € 5",
            "日本語 🚀 text",
            "Ça va",
        ] {
            assert_eq!(scan(text), vec![], "{text}");
        }
    }

    #[test]
    fn recognises_damaged_symbols_it_cannot_repair() {
        // 🏗️ lost its 0x8F bytes (undefined in Windows-1254) on the way.
        assert!(is_mojibake_symbol("ğŸ—ï¸"));
        assert!(is_mojibake_symbol("ğŸ“‹"));
        assert!(!is_mojibake_symbol("ğ"));
        assert!(!is_mojibake_symbol("Ça"));
        assert!(!is_mojibake_symbol("über"));
    }
}
