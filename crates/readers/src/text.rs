//! Bytes to text: the encoding (forced, from a byte-order mark, or detected), strict decoding,
//! and line ends. The characters a book cannot carry are dealt with next, in [`crate::clean`].

use std::path::Path;

use chardetng::EncodingDetector;
use encoding_rs::{DecoderResult, Encoding, UTF_8};

use warraq_core::error::{Error, Result};

/// Decodes an article's bytes and turns CRLF, CR, NEL and the Unicode line and paragraph
/// separators into LF.
///
/// The encoding is `forced` when given; otherwise a byte-order mark decides (UTF-8, UTF-16LE,
/// UTF-16BE), then valid UTF-8 is UTF-8, and anything else is detected from its bytes. When
/// the text is not plain UTF-8, one line in `notes` says which encoding was assumed. Bytes the
/// encoding cannot decode are an error naming their offset: nothing is replaced or guessed.
pub fn decode(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    notes: &mut Vec<String>,
) -> Result<String> {
    let choice = choose(path, bytes, forced)?;
    let text = decode_strictly(path, &bytes[choice.skip..], choice.encoding, choice.skip).map_err(
        |e| match choice.why {
            Some(Why::Detected | Why::Guessed) => {
                e.with_hint("name the file's encoding with --encoding NAME, or save it as UTF-8")
            }
            _ => e,
        },
    )?;
    if let Some(why) = choice.why {
        notes.push(format!(
            "{}: read as {} ({}); if the text looks wrong, name its encoding with --encoding",
            path.display(),
            choice.encoding.name(),
            why.as_str()
        ));
    }
    Ok(normalise_line_ends(&text))
}

/// Why an encoding other than plain UTF-8 was assumed.
#[derive(Debug, Clone, Copy)]
enum Why {
    Bom,
    Detected,
    Guessed,
}

impl Why {
    fn as_str(self) -> &'static str {
        match self {
            Why::Bom => "its byte-order mark says so",
            Why::Detected => "not UTF-8; detected from its bytes",
            Why::Guessed => "not UTF-8; the best guess from its bytes, with little evidence",
        }
    }
}

struct Choice {
    encoding: &'static Encoding,
    /// Length of the byte-order mark to skip.
    skip: usize,
    /// `None` for plain UTF-8 and forced encodings: nothing to tell.
    why: Option<Why>,
}

fn choose(path: &Path, bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Choice> {
    let bom = Encoding::for_bom(bytes);
    if let Some(encoding) = forced {
        let skip = bom
            .filter(|&(e, _)| e == encoding)
            .map_or(0, |(_, len)| len);
        return Ok(Choice {
            encoding,
            skip,
            why: None,
        });
    }
    if let Some((encoding, skip)) = bom {
        let why = (encoding != UTF_8).then_some(Why::Bom);
        return Ok(Choice {
            encoding,
            skip,
            why,
        });
    }
    let utf8 = std::str::from_utf8(bytes);
    if utf8.is_ok() {
        return Ok(Choice {
            encoding: UTF_8,
            skip: 0,
            why: None,
        });
    }
    // No single-byte text encoding has a NUL in running text: this is binary data, or UTF-16
    // without its byte-order mark, which cannot be told apart reliably.
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::input(
            path,
            format!("is not text: a NUL byte at offset {offset}, and no byte-order mark"),
        )
        .with_hint(
            "if it is UTF-16 without a byte-order mark, give --encoding utf-16le or utf-16be",
        ));
    }
    let mut detector = EncodingDetector::new();
    detector.feed(bytes, true);
    let (encoding, sure) = detector.guess_assess(None, true);
    if encoding == UTF_8 {
        // Not reached for invalid UTF-8, but an answer of UTF-8 must not hide the error.
        let offset = utf8.err().map_or(0, |e| e.valid_up_to());
        return Err(not_valid(path, UTF_8, bytes, offset, None));
    }
    Ok(Choice {
        encoding,
        skip: 0,
        why: Some(if sure { Why::Detected } else { Why::Guessed }),
    })
}

/// Decodes without replacement characters; `base` is the offset of `bytes` in the file.
fn decode_strictly(
    path: &Path,
    bytes: &[u8],
    encoding: &'static Encoding,
    base: usize,
) -> Result<String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut text = String::with_capacity(capacity);
    let mut done = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[done..], &mut text, true);
        done += read;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            DecoderResult::OutputFull => text.reserve(bytes.len() - done + 16),
            DecoderResult::Malformed(bad, after) => {
                let offset = done - usize::from(bad) - usize::from(after);
                return Err(not_valid(
                    path,
                    encoding,
                    bytes,
                    offset,
                    Some(base + offset),
                ));
            }
        }
    }
}

fn not_valid(
    path: &Path,
    encoding: &'static Encoding,
    bytes: &[u8],
    offset: usize,
    file_offset: Option<usize>,
) -> Error {
    let what = bytes
        .get(offset)
        .map_or("the end of the file".to_string(), |b| {
            format!("byte 0x{b:02X}")
        });
    Error::input(
        path,
        format!(
            "is not valid {}: {what} at offset {} fits no character",
            encoding.name(),
            file_offset.unwrap_or(offset)
        ),
    )
    .with_hint("name the file's real encoding with --encoding NAME, or save it as UTF-8")
}

fn normalise_line_ends(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{ISO_8859_6, UTF_16BE, UTF_16LE, WINDOWS_1256};

    const ARABIC: &str = "تقرير إخباري عن معركة الباغوز، آخر جيوب التنظيم في شرق سوريا";

    fn read(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<(String, Vec<String>)> {
        let mut notes = Vec::new();
        decode(Path::new("a.txt"), bytes, forced, &mut notes).map(|t| (t, notes))
    }

    #[test]
    fn bom_and_line_ends() {
        let (text, notes) = read(b"\xEF\xBB\xBFa\r\nb\rc\n", None).unwrap();
        assert_eq!(text, "a\nb\nc\n");
        assert!(notes.is_empty());
        assert_eq!(read("a\u{2029}b".as_bytes(), None).unwrap().0, "a\nb");
    }

    #[test]
    fn legacy_arabic_encodings_are_detected_and_noted() {
        for encoding in [WINDOWS_1256, ISO_8859_6] {
            let (bytes, _, unmappable) = encoding.encode(ARABIC);
            assert!(!unmappable);
            let (text, notes) = read(&bytes, None).unwrap();
            assert_eq!(text, ARABIC, "{}", encoding.name());
            assert_eq!(notes.len(), 1);
            assert!(notes[0].contains(encoding.name()), "{notes:?}");
        }
    }

    #[test]
    fn utf16_with_bom_either_way() {
        for (encoding, bom) in [(UTF_16LE, [0xFF, 0xFE]), (UTF_16BE, [0xFE, 0xFF])] {
            let mut bytes = bom.to_vec();
            for unit in ARABIC.encode_utf16() {
                let pair = if encoding == UTF_16LE {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                bytes.extend(pair);
            }
            let (text, notes) = read(&bytes, None).unwrap();
            assert_eq!(text, ARABIC);
            assert!(notes[0].contains("byte-order mark"), "{notes:?}");
        }
    }

    #[test]
    fn forced_encoding_wins_and_skips_its_own_bom() {
        let (bytes, _, _) = WINDOWS_1256.encode("سلام");
        assert_eq!(read(&bytes, Some(WINDOWS_1256)).unwrap().0, "سلام");
        let (text, notes) = read(b"\xEF\xBB\xBFabc", Some(UTF_8)).unwrap();
        assert_eq!((text.as_str(), notes.len()), ("abc", 0));
    }

    #[test]
    fn undecodable_bytes_name_their_offset() {
        let err = read(b"abc\xFFdef", Some(UTF_8)).unwrap_err();
        assert!(err.to_string().contains("offset 3"), "{err}");
        // 0xA1 is unassigned in ISO-8859-6.
        let err = read(b"ab\xA1", Some(ISO_8859_6)).unwrap_err();
        assert!(err.to_string().contains("offset 2"), "{err}");
        // A lone high surrogate in UTF-16LE, after the two-byte BOM.
        let err = read(b"\xFF\xFEa\x00\x00\xD8b\x00", None).unwrap_err();
        assert!(err.to_string().contains("offset 4"), "{err}");
        let err = read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", None).unwrap_err();
        assert!(err.to_string().contains("NUL byte at offset 8"), "{err}");
    }
}
