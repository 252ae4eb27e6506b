//! Bytes to clean text: encoding, byte-order mark, line ends, characters XML cannot carry.

use std::path::Path;

use crate::error::{Error, Result};
use crate::metadata::line_column;

/// Decodes an article's bytes as UTF-8 (a byte-order mark is dropped), turns CRLF, CR, NEL
/// and the Unicode line and paragraph separators into LF, and removes the characters XML 1.0
/// forbids, with one warning each naming `path:line:column`.
pub fn decode(path: &Path, bytes: &[u8], warnings: &mut Vec<String>) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::input(
            path,
            format!(
                "is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
        .with_hint("save the article as UTF-8")
    })?;
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        match c {
            '\r' => {
                chars.next_if(|&(_, next)| next == '\n');
                out.push('\n');
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_xml_char(c) => out.push(c),
            c => {
                let (line, column) = line_column(text, offset);
                warnings.push(format!(
                    "{}:{line}:{column}: removed U+{:04X}, a character XML cannot carry",
                    path.display(),
                    c as u32
                ));
            }
        }
    }
    Ok(out)
}

/// XML 1.0's `Char` production, less the noncharacters, which EPUBCheck rejects too.
fn is_xml_char(c: char) -> bool {
    let n = c as u32;
    let allowed = matches!(c, '\t' | '\n' | '\r')
        || (0x20..=0xD7FF).contains(&n)
        || (0xE000..=0xFFFD).contains(&n)
        || n >= 0x10000;
    let nonchar = (0xFDD0..=0xFDEF).contains(&n) || (n & 0xFFFE) == 0xFFFE;
    allowed && !nonchar
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(bytes: &[u8]) -> (String, Vec<String>) {
        let mut warnings = Vec::new();
        let text = decode(Path::new("a.txt"), bytes, &mut warnings).unwrap();
        (text, warnings)
    }

    #[test]
    fn bom_and_line_ends() {
        assert_eq!(clean(b"\xEF\xBB\xBFa\r\nb\rc\n").0, "a\nb\nc\n");
        assert_eq!(clean("a\u{2029}b".as_bytes()).0, "a\nb");
    }

    #[test]
    fn illegal_characters_are_removed_with_their_place() {
        let (text, warnings) = clean("ab\ncd\u{B}e\u{FFFE}".as_bytes());
        assert_eq!(text, "ab\ncde");
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].starts_with("a.txt:2:3:"), "{warnings:?}");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode(Path::new("a.txt"), b"abc\xFFdef", &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("offset 3"), "{err}");
    }
}
