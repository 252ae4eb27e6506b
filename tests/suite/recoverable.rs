//! Messy inputs warraq must turn into a valid book without losing a character: legacy and
//! UTF-16 encodings, control characters, markup-like text, PDF presentation forms, stray bidi
//! controls, odd covers. Each is built by the real binary, passes EPUBCheck 5.3.0 with no
//! error or warning, reads back as expected, and contains every character of the decoded
//! input that docs/article-format.md does not document as removed.

use crate::util;

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use encoding_rs::{Encoding, ISO_8859_6, WINDOWS_1256};
use unicode_normalization::UnicodeNormalization;
use util::images::{jpeg, opaque_png};
use util::reader::article_text;
use util::{epubcheck, warraq, Epub};

/// Windows-1256 has «» and the Persian letters; ISO-8859-6 has neither.
const FOR_1256: &str = "الباغوز: آخر جيوب «داعش» في شرق سوريا\n\
قال مسؤولون إن المعركة انتهت، وإن التنظيم خسر آخر أرض يسيطر عليها؛ فهل انتهى؟\n\
\n\
عدد المقاتلين في 2019 ـ تقديرات متباينة. گفتگو با پژوهشگر.\n";
const FOR_8859_6: &str = "الباغوز: آخر جيوب التنظيم في شرق سوريا\n\
قال مسؤولون إن المعركة انتهت، وإن التنظيم خسر آخر أرض يسيطر عليها؛ فهل انتهى؟\n\
عَسْكَرِيًّا ـــ في 2019.\n";
/// Beyond any single-byte encoding: Arabic-Indic digits, Urdu, an emoji outside the BMP.
const WIDE: &str = "تقرير ١٢٣ ۴۵۶\r\nاردو میں خبر 👍🏽 و ﷺ\r\n";

/// One book to build: its article bytes, extra flags, what the book must read, and the words
/// standard error must contain.
struct Case<'a> {
    bytes: Vec<u8>,
    args: &'a [&'a str],
    /// The decoded input, for the nothing-lost check.
    decoded: &'a str,
    /// Headline and paragraphs, joined with newlines.
    expected: &'a str,
    said: &'a [&'a str],
}

fn check(case: Case) {
    let work = tempfile::tempdir().unwrap();
    fs::write(work.path().join("article.txt"), &case.bytes).unwrap();
    let output = work.path().join("out/book.epub");
    let result = warraq()
        .current_dir(work.path())
        .args(["build", "article.txt", "--lang", "ar", "-o"])
        .arg(&output)
        .args(case.args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "build failed:\n{stderr}");
    for word in case.said {
        assert!(stderr.contains(word), "stderr lacks {word:?}:\n{stderr}");
    }
    epubcheck::assert_valid(&output);
    let book = article_text(&Epub::open(&output)).joined();
    assert_eq!(book, case.expected, "\nstderr:\n{stderr}");
    assert_nothing_lost(case.decoded, &book);
}

/// Every character of `decoded` is in `book`, as often, except what docs/article-format.md
/// documents as removed: white space (folded), characters XML cannot carry, and bidi closers
/// that close nothing. Presentation forms count as their base letters.
fn assert_nothing_lost(decoded: &str, book: &str) {
    let mut have: HashMap<char, usize> = HashMap::new();
    for c in book.chars() {
        *have.entry(c).or_default() += 1;
    }
    let mut needed = String::new();
    for c in decoded.trim_start_matches('\u{FEFF}').chars() {
        let n = c as u32;
        let illegal = (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
            || (0xFDD0..=0xFDEF).contains(&n)
            || (n & 0xFFFE) == 0xFFFE
            || (0xD800..=0xDFFF).contains(&n);
        if c.is_whitespace() || illegal || matches!(c, '\u{202C}' | '\u{2069}') {
            continue;
        }
        let form = ((0xFB50..=0xFDEF).contains(&n) || (0xFE70..=0xFEFE).contains(&n))
            && !c.to_string().nfkc().collect::<String>().starts_with(' ');
        if form {
            needed.extend(c.to_string().nfkc());
        } else {
            needed.push(c);
        }
    }
    for c in needed.nfc() {
        match have.get_mut(&c) {
            Some(count) if *count > 0 => *count -= 1,
            _ => panic!(
                "U+{:04X} ({c}) of the input is missing from the book",
                c as u32
            ),
        }
    }
}

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "the sample fits {}", encoding.name());
    bytes.into_owned()
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

/// The non-empty lines, white space folded: what the book shows of `text`.
fn shown(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn windows_1256_is_detected() {
    check(Case {
        bytes: encode(WINDOWS_1256, FOR_1256),
        args: &[],
        decoded: FOR_1256,
        expected: &shown(FOR_1256),
        said: &["article.txt: read as windows-1256"],
    });
}

#[test]
fn iso_8859_6_is_detected() {
    check(Case {
        bytes: encode(ISO_8859_6, FOR_8859_6),
        args: &[],
        decoded: FOR_8859_6,
        expected: &shown(FOR_8859_6).nfc().collect::<String>(),
        said: &["article.txt: read as ISO-8859-6"],
    });
}

#[test]
fn a_forced_encoding_reads_even_a_short_headline() {
    check(Case {
        bytes: encode(WINDOWS_1256, "سلام\nعليكم"),
        args: &["--encoding", "cp1256"],
        decoded: "سلام\nعليكم",
        expected: "سلام\nعليكم",
        said: &[],
    });
}

#[test]
fn utf16_little_and_big_endian_with_a_bom() {
    for little_endian in [true, false] {
        check(Case {
            bytes: utf16(WIDE, little_endian),
            args: &[],
            decoded: WIDE,
            expected: &shown(WIDE),
            said: &[if little_endian {
                "read as UTF-16LE (its byte-order mark says so)"
            } else {
                "read as UTF-16BE (its byte-order mark says so)"
            }],
        });
    }
}

#[test]
fn control_characters_are_removed_with_their_place() {
    let text = "العنوان\u{1}\n\u{B}فقرة\u{7F} أولى\u{FFFE}\u{FDD0}\u{1FFFF}\n\u{0}\u{1B}[31mأحمر\u{1B}[0m\n";
    check(Case {
        bytes: text.as_bytes().to_vec(),
        args: &[],
        decoded: text,
        expected: "العنوان\nفقرة\u{7F} أولى\n[31mأحمر[0m",
        said: &[
            "article.txt:1:8: removed U+0001, a character XML cannot carry",
            "article.txt:2:1: removed U+000B",
            "article.txt:2:12: removed U+FFFE",
            "article.txt:2:14: removed U+1FFFF",
            "article.txt:3:1: removed U+0000",
        ],
    });
}

#[test]
fn markup_like_text_appears_as_typed() {
    let text = "<script>alert(\"x\")</script> & ]]> <!-- تعليق -->\n\
&amp; &nbsp; &#x41; <p>لا</p> <![CDATA[ x ]]> <?xml version=\"1.0\"?> 'a' \"b\"\n\
</body></html>\n";
    check(Case {
        bytes: text.as_bytes().to_vec(),
        args: &[],
        decoded: text,
        expected: text.trim_end(),
        said: &[],
    });
}

#[test]
fn presentation_forms_become_letters_and_tatweel_and_digits_stay() {
    // "السلام عليكم" as a PDF gives it, a lam-alef with madda, and what must stay as typed.
    let text =
        "\u{FE8D}\u{FEDF}\u{FEB4}\u{FEFC}\u{FEE1} \u{FECB}\u{FEE0}\u{FEF4}\u{FEDC}\u{FEE2}\n\
\u{FEF5} \u{FDFA} \u{FDF2} كتـــاب ١٢٣ ۴۵۶\n";
    check(Case {
        bytes: text.as_bytes().to_vec(),
        args: &[],
        decoded: text,
        expected: "السلام عليكم\nلآ \u{FDFA} \u{FDF2} كتـــاب ١٢٣ ۴۵۶",
        said: &["article.txt:1:1: mapped 11 Arabic presentation forms"],
    });
}

#[test]
fn bidi_controls_never_leak_past_their_paragraph() {
    let text = "عنوان \u{202E}مقلوب  \nabc \u{2066}x\u{2069}\u{202C} \u{200F}y\u{061C}\u{200E}\n\u{2067}z\u{202A}w\n";
    check(Case {
        bytes: text.as_bytes().to_vec(),
        args: &[],
        decoded: text,
        expected: "عنوان \u{202E}مقلوب\u{202C}\n\
abc \u{2066}x\u{2069} \u{200F}y\u{061C}\u{200E}\n\
\u{2067}z\u{202A}w\u{202C}\u{2069}",
        said: &[
            "article.txt:1:7: U+202E RIGHT-TO-LEFT OVERRIDE is never closed",
            "article.txt:2:8: removed U+202C POP DIRECTIONAL FORMATTING, which closes nothing",
            "article.txt:3:1: U+2067 RIGHT-TO-LEFT ISOLATE is never closed",
        ],
    });
}

#[test]
fn a_headline_alone_builds_with_a_warning() {
    check(Case {
        bytes: "\u{FEFF}\r\nعنوان وحيد\r\n\r\n".as_bytes().to_vec(),
        args: &[],
        decoded: "عنوان وحيد",
        expected: "عنوان وحيد",
        said: &["article.txt: has a headline but no paragraphs"],
    });
}

#[test]
fn small_and_landscape_covers_build_with_a_warning() {
    let (small, wide) = (jpeg(300, 480), opaque_png(1200, 800));
    for (name, bytes, warning) in [
        (
            "small.jpg",
            small,
            "small.jpg: is 300 × 480 px, small for a cover",
        ),
        (
            "wide.png",
            wide,
            "wide.png: is 1200 × 800 px, wider than tall",
        ),
    ] {
        let work = tempfile::tempdir().unwrap();
        fs::write(work.path().join("article.txt"), FOR_1256).unwrap();
        fs::write(work.path().join(name), bytes).unwrap();
        let result = warraq()
            .current_dir(work.path())
            .args([
                "build",
                "article.txt",
                "--lang",
                "ar",
                "-o",
                "book.epub",
                "--cover",
                name,
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(result.status.success(), "{stderr}");
        assert!(stderr.contains(warning), "{stderr}");
        epubcheck::assert_valid(&Path::new(work.path()).join("book.epub"));
    }
}
