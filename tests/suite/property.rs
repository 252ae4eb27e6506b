//! Property: any Unicode text (XML specials, controls, bidi controls and marks, presentation
//! forms, very long and empty lines) becomes a book whose documents all parse and whose text
//! reads back equal to the input after the cleaning docs/article-format.md documents; or, when
//! nothing visible is left, the "has no text" error. Runs in-process through the library API.

use crate::util;

use chrono::DateTime;
use proptest::prelude::*;
use unicode_normalization::char::decompose_compatible;
use unicode_normalization::UnicodeNormalization;
use util::reader::article_text;
use util::Epub;
use warraq::lang::LanguageTag;
use warraq::{ArticleFile, Fields, Format, Report, Shared};

/// The text-to-book path of `warraq build`, in memory, with the language fixed: the same
/// `prepare` and `render` the binary runs.
fn build(bytes: &[u8]) -> warraq::Result<Vec<u8>> {
    let mut report = Report::default();
    let fields = Fields {
        lang: LanguageTag::parse("ar").ok(),
        ..Fields::default()
    };
    let article = ArticleFile::in_memory("a.txt", bytes.to_vec());
    let book = warraq::prepare(
        &Shared::of_fields(fields),
        vec![article],
        DateTime::UNIX_EPOCH,
        &mut report,
    )?;
    warraq::render(&book, Format::Epub)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn is_xml_char(c: char) -> bool {
    let n = c as u32;
    let allowed = matches!(c, '\t' | '\n' | '\r')
        || (0x20..=0xD7FF).contains(&n)
        || (0xE000..=0xFFFD).contains(&n)
        || n >= 0x10000;
    allowed && !(0xFDD0..=0xFDEF).contains(&n) && (n & 0xFFFE) != 0xFFFE
}

/// The cleaning of docs/article-format.md, written out plainly, up to bidi controls (whose
/// repair is checked separately): the lines a reader should see, before white space is folded.
fn visible_lines(input: &str) -> Vec<String> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let unified = input
        .replace("\r\n", "\n")
        .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n");
    let mut lines = Vec::new();
    for line in unified.split('\n') {
        let mut kept = String::new();
        for c in line.chars().filter(|&c| is_xml_char(c)) {
            let n = c as u32;
            let form = (0xFB50..=0xFDEF).contains(&n) || (0xFE70..=0xFEFF).contains(&n);
            let mut letters = String::new();
            decompose_compatible(c, |d| letters.push(d));
            if form && letters != c.to_string() && !letters.starts_with(' ') {
                kept.push_str(&letters);
            } else {
                kept.push(c);
            }
        }
        if !kept.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
            lines.push(kept);
        }
    }
    lines
}

/// A line as compared: bidi controls dropped, white space folded, NFC.
fn comparable(line: &str) -> String {
    let text: String = line.chars().filter(|&c| !is_bidi_control(c)).collect();
    let words: Vec<&str> = text
        .split(is_breaking_space)
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ").nfc().collect()
}

/// Whether every embedding and isolate in `line` is closed within it, and nothing else closed.
fn balanced(line: &str) -> bool {
    let mut open = Vec::new();
    for c in line.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push('e'),
            '\u{2066}'..='\u{2068}' => open.push('i'),
            '\u{202C}' if open.last() == Some(&'e') => {
                open.pop();
            }
            '\u{2069}' if open.contains(&'i') => while open.pop() != Some('i') {},
            '\u{202C}' | '\u{2069}' => return false,
            _ => {}
        }
    }
    open.is_empty()
}

fn openers(line: &str) -> usize {
    line.chars()
        .filter(|c| {
            matches!(
                c,
                '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' | '\u{2066}'..='\u{2068}'
            )
        })
        .count()
}

fn piece() -> impl Strategy<Value = String> {
    let chars = |ranges: &'static [(u32, u32)]| {
        proptest::sample::select(ranges)
            .prop_flat_map(|(a, b)| a..=b)
            .prop_filter_map("a scalar value", char::from_u32)
            .prop_map(String::from)
    };
    prop_oneof![
        3 => any::<char>().prop_map(String::from),
        4 => chars(&[(0x0621, 0x064A), (0x064B, 0x0652), (0x0660, 0x0669), (0x0640, 0x0640)]),
        2 => chars(&[(0x61, 0x7A), (0x30, 0x39)]),
        2 => proptest::sample::select(vec!["<", ">", "&", "\"", "'", "]]>", "<!--", "&amp;", "<script>", "&nbsp;"])
            .prop_map(String::from),
        2 => chars(&[(0x0, 0x1F), (0x7F, 0x9F), (0xFFFE, 0xFFFF), (0xFDD0, 0xFDEF)]),
        2 => chars(&[(0x202A, 0x202E), (0x2066, 0x2069), (0x200E, 0x200F), (0x061C, 0x061C)]),
        3 => chars(&[(0x20, 0x20), (0x09, 0x0A), (0x0D, 0x0D), (0xA0, 0xA0), (0x2028, 0x2029), (0x3000, 0x3000), (0x200B, 0x200D), (0xFEFF, 0xFEFF)]),
        2 => chars(&[(0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]),
        1 => Just("\n\n\n".to_string()),
        1 => ("[a-zء-ي ]{1,12}", 200..1500usize).prop_map(|(s, n)| s.repeat(n)),
    ]
}

fn article() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..120).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_text_builds_a_book_that_reads_back_as_cleaned(input in article()) {
        let expected = visible_lines(&input);
        match build(input.as_bytes()) {
            Err(e) => {
                prop_assert!(expected.is_empty(), "refused {input:?}: {e}");
                prop_assert!(e.to_string().ends_with("has no text"), "{e}");
            }
            Ok(epub) => {
                prop_assert!(!expected.is_empty(), "built a book from nothing visible: {input:?}");
                let book = article_text(&Epub::from_bytes(epub));
                let mut lines = vec![book.headline.clone()];
                lines.extend(book.paragraphs.iter().cloned());
                let got: Vec<String> = lines.iter().map(|l| comparable(l)).collect();
                let want: Vec<String> = expected.iter().map(|l| comparable(l)).collect();
                prop_assert_eq!(got, want);
                for line in &lines {
                    prop_assert!(balanced(line), "unbalanced bidi controls in {line:?}");
                }
                let opened: usize = expected.iter().map(|l| openers(l)).sum();
                prop_assert_eq!(lines.iter().map(|l| openers(l)).sum::<usize>(), opened);
            }
        }
    }
}
