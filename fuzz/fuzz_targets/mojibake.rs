//! `mojibake::repair` never panics, and:
//! - text with no character that Windows-1252/1254 maps to a UTF-8 lead byte has nothing to
//!   repair (`None`): ASCII, CJK, emoji, most accented prose are never changed;
//! - any UTF-8 text, mojibake'd byte by byte (`garble`: each byte read as Windows-1254, the
//!   way the damage happens), is repaired back to exactly that text when no byte was one the
//!   code page leaves undefined (then the damage is lossy, and only `scan` runs);
//! - a repair always changes something and only ever shortens the text in characters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::mojibake::{UNDEFINED, garble, high_byte, is_mojibake_symbol, repair, scan};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let repaired = repair(text);
    for token in text.split_whitespace() {
        is_mojibake_symbol(token);
    }

    let has_lead = text
        .chars()
        .any(|c| high_byte(c).is_some_and(|b| (0xC2..=0xF4).contains(&b)));
    if !has_lead {
        assert_eq!(repaired, None, "changed text with no lead byte: {text:?}");
    }
    if let Some(out) = &repaired {
        assert_ne!(out, text);
        assert!(out.chars().count() < text.chars().count());
    }

    // The damage as it happens: UTF-8 bytes read as Windows-1254 (`garble`). Where no byte
    // is one the code page leaves undefined (which converters drop), nothing is lost and the
    // repair must give back exactly the text; otherwise `scan` must still not panic.
    let damaged = garble(text);
    let lossless = !text.bytes().any(|b| UNDEFINED.contains(&b));
    if lossless {
        let expected = (!text.is_ascii()).then(|| text.to_string());
        assert_eq!(
            repair(&damaged),
            expected,
            "mojibake of {text:?} ({damaged:?}) not repaired"
        );
    } else {
        scan(&damaged);
    }
});
