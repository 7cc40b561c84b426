//! Turning raw bytes into checklist text, and mapping byte offsets to lines.
//!
//! Pure: no I/O. The rule is never to guess: bytes that are not UTF-8 (including UTF-16 and
//! anything holding NUL) are refused with the offset and line of the first bad byte.

use std::fmt;

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// Why a file's bytes cannot be read as a checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Starts with a UTF-16 byte-order mark.
    Utf16 { big_endian: bool },
    /// Holds a NUL byte (binary data, or UTF-16/32 without a BOM).
    Nul { offset: usize, line: usize },
    /// Not valid UTF-8 from `offset` on.
    NotUtf8 { offset: usize, line: usize },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Utf16 { big_endian } => write!(
                f,
                "is UTF-16 ({} byte-order mark); convert it to UTF-8",
                if *big_endian { "FE FF" } else { "FF FE" }
            ),
            InputError::Nul { offset, line } => write!(
                f,
                "holds a NUL byte at byte {offset} (line {line}); is it a binary or UTF-16 file?"
            ),
            InputError::NotUtf8 { offset, line } => {
                write!(f, "is not valid UTF-8 at byte {offset} (line {line})")
            }
        }
    }
}

impl std::error::Error for InputError {}

/// Checks that `bytes` are a checklist's text: UTF-8, no NUL. The BOM, if any, is kept.
pub fn decode(bytes: &[u8]) -> Result<&str, InputError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::Utf16 {
            big_endian: bytes[0] == 0xFE,
        });
    }
    if let Some(offset) = memchr::memchr(0, bytes) {
        let line = LineIndex::new(&bytes[..offset]).line_of(offset);
        return Err(InputError::Nul { offset, line });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = LineIndex::new(&bytes[..offset]).line_of(offset);
        InputError::NotUtf8 { offset, line }
    })
}

/// Length of a leading UTF-8 byte-order mark: 3 or 0.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) { BOM.len() } else { 0 }
}

/// Byte offsets of line starts. A line ends at LF, CRLF or a lone CR, as in CommonMark.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(bytes: &[u8]) -> Self {
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(pos) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + pos;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        LineIndex { starts }
    }

    /// 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line - 1]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_lf_crlf_and_lone_cr() {
        let idx = LineIndex::new(b"a\nb\r\nc\rd");
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 2);
        assert_eq!(idx.line_of(3), 2, "the CR of CRLF belongs to its line");
        assert_eq!(idx.line_of(5), 3);
        assert_eq!(idx.line_of(7), 4);
        assert_eq!(idx.line_count(), 4);
    }

    #[test]
    fn refuses_invalid_utf8_with_offset_and_line() {
        let err = decode(b"ok\nstill ok\n\xff bad").unwrap_err();
        assert_eq!(
            err,
            InputError::NotUtf8 {
                offset: 12,
                line: 3
            }
        );
    }

    #[test]
    fn refuses_nul_and_utf16() {
        assert_eq!(
            decode(b"# x\n\0").unwrap_err(),
            InputError::Nul { offset: 4, line: 2 }
        );
        assert_eq!(
            decode(b"\xff\xfe#\0").unwrap_err(),
            InputError::Utf16 { big_endian: false }
        );
        assert_eq!(
            decode(b"\xfe\xff\0#").unwrap_err(),
            InputError::Utf16 { big_endian: true }
        );
    }

    #[test]
    fn keeps_the_bom() {
        let text = decode(b"\xef\xbb\xbf# Phase 1").unwrap();
        assert_eq!(bom_len(text), 3);
        assert_eq!(bom_len("# Phase 1"), 0);
    }
}
