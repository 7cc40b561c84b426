//! UTF-8 text that was once decoded as Windows-1252/1254 and saved again ("mojibake"):
//! `📋` (F0 9F 93 8B) becomes `ğŸ“‹`, `✅` becomes `âœ…`, `é` becomes `Ã©`.
//!
//! Pure functions over `&str`. Detection maps each character back to the single byte that
//! Windows-1252 or Windows-1254 decodes to it; a run of such bytes that forms valid multi-byte
//! UTF-8 is mojibake. Bytes those code pages leave undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
//! are often dropped on the way, so some mojibake can be recognised but not repaired.

/// The byte that Windows-1252 or Windows-1254 decodes to `c`, for bytes 0x80 and above.
pub fn high_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{9f}' => c as u32 as u8, // undefined bytes passed through as C1 controls
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        // Windows-1254 (Turkish) replaces six Latin-1 letters.
        'Ğ' => 0xD0,
        'İ' => 0xDD,
        'Ş' => 0xDE,
        'ğ' => 0xF0,
        'ı' => 0xFD,
        'ş' => 0xFE,
        _ => return None,
    };
    Some(b)
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

/// The text with every repairable mojibake run decoded back to UTF-8, or `None` when there is
/// nothing to repair. Valid text without mojibake is never changed.
pub fn repair(text: &str) -> Option<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if let Some((decoded, used)) = decode_run(&chars[i..]) {
            out.push(decoded);
            changed = true;
            i += used;
        } else {
            out.push(chars[i].1);
            i += 1;
        }
    }
    changed.then_some(out)
}

/// Decodes one multi-byte UTF-8 sequence from the high bytes of the leading characters.
fn decode_run(chars: &[(usize, char)]) -> Option<(char, usize)> {
    let lead = high_byte(chars.first()?.1)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    if chars.len() < len {
        return None;
    }
    let mut bytes = [0u8; 4];
    for (k, &(_, c)) in chars[..len].iter().enumerate() {
        bytes[k] = high_byte(c)?;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    // A two-byte sequence decoding to a C1 control or Latin-1 letter is as likely to be real
    // text ("Ã©" aside) — but real text never has a lead byte followed by continuation bytes
    // that happen to be these characters, so accept it.
    Some((decoded, len))
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
    fn recognises_damaged_symbols_it_cannot_repair() {
        // 🏗️ lost its 0x8F bytes (undefined in Windows-1254) on the way.
        assert!(is_mojibake_symbol("ğŸ—ï¸"));
        assert!(is_mojibake_symbol("ğŸ“‹"));
        assert!(!is_mojibake_symbol("ğ"));
        assert!(!is_mojibake_symbol("Ça"));
        assert!(!is_mojibake_symbol("über"));
    }
}
