//! Character-level repairs on decoded text, one line (one paragraph) at a time: characters
//! XML cannot carry are removed, Arabic presentation forms go back to their base letters, and
//! bidi embeddings, overrides and isolates are balanced so none reaches past its paragraph.
//! Every repair is reported; nothing else is touched.

use std::path::Path;

use unicode_normalization::char::decompose_compatible;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

use warraq_core::document::{Document, Parsed};

use warraq_core::document::{is_breaking_space, is_xml_char};
use warraq_core::warning::{Warning, WarningKind};

/// How many repairs of one kind are reported one by one before the rest are counted.
const SHOWN: usize = 10;

/// Cleans LF-separated text (see the module documentation), adding warnings that name
/// `path:line:column` (columns count characters of the decoded line).
pub fn clean(path: &Path, text: &str, warnings: &mut Vec<Warning>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut log = Log::default();
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        clean_line(line, index + 1, &mut out, &mut log);
    }
    log.report(path, warnings);
    out
}

/// Cleans every text of a document read from a format without lines (HTML, DOCX), each on
/// its own, and NFC-normalises it; warnings name the paragraph (the top-level block) and the
/// character.
pub fn clean_document(path: &Path, document: &mut Document, warnings: &mut Vec<Warning>) {
    let mut log = Log {
        paragraphs: true,
        ..Log::default()
    };
    document.each_text_mut(&mut |number, text| {
        let mut out = String::with_capacity(text.len());
        clean_line(text, number, &mut out, &mut log);
        *text = if unicode_normalization::is_nfc_quick(out.chars()) == IsNormalized::Yes {
            out
        } else {
            out.nfc().collect()
        };
    });
    log.report(path, warnings);
}

/// Leaves out the characters XML cannot carry from what a page or a Word document says about
/// itself (its headline and metadata), which reach the package document and the navigation.
pub fn clean_source_fields(parsed: &mut Parsed) {
    let strip = |text: &mut String| text.retain(is_xml_char);
    let meta = &mut parsed.meta;
    let single = [
        &mut parsed.headline,
        &mut meta.title,
        &mut meta.description,
        &mut meta.date,
        &mut meta.publisher,
        &mut meta.source,
        &mut meta.language,
        &mut meta.image,
    ];
    single.into_iter().flatten().for_each(strip);
    meta.authors
        .iter_mut()
        .chain(&mut meta.subjects)
        .for_each(strip);
}

fn clean_line(line: &str, number: usize, out: &mut String, log: &mut Log) {
    let start = out.len();
    let mut open: Vec<(Scope, Place, char)> = Vec::new();
    for (index, c) in line.chars().enumerate() {
        // Printable ASCII, most of a page's text, needs none of the repairs below.
        if (' '..='\u{7F}').contains(&c) {
            out.push(c);
            continue;
        }
        let place = Place(number, index + 1);
        if !is_xml_char(c) {
            log.illegal.add(
                place,
                format!("removed {}, a character XML cannot carry", name(c)),
            );
            continue;
        }
        if let Some(letters) = base_letters(c) {
            log.presentation.add(place, String::new());
            out.push_str(&letters);
            continue;
        }
        match bidi(c) {
            None => out.push(c),
            Some(Bidi::Open(scope)) => {
                open.push((scope, place, c));
                out.push(c);
            }
            Some(Bidi::PopEmbedding) if matches!(open.last(), Some((Scope::Embedding, ..))) => {
                open.pop();
                out.push(c);
            }
            Some(Bidi::PopIsolate) if open.iter().any(|o| o.0 == Scope::Isolate) => {
                // Closing an isolate closes the embeddings opened inside it too (UAX #9, X6a).
                while let Some((scope, ..)) = open.pop() {
                    if scope == Scope::Isolate {
                        break;
                    }
                }
                out.push(c);
            }
            Some(Bidi::PopEmbedding | Bidi::PopIsolate) => {
                log.bidi
                    .add(place, format!("removed {}, which closes nothing", name(c)));
            }
        }
    }
    if open.is_empty() {
        return;
    }
    // Close what is still open at the end of the paragraph's text, before the trailing white
    // space that the article will trim anyway.
    let kept = out[start..].trim_end_matches(is_breaking_space).len();
    let tail = out.split_off(start + kept);
    for (scope, place, c) in open.into_iter().rev() {
        out.push(scope.closer());
        log.bidi.add(
            place,
            format!(
                "{} is never closed; closed it at the end of its paragraph",
                name(c)
            ),
        );
    }
    out.push_str(&tail);
}

/// The base letters of an Arabic presentation form (U+FB50–FDFF, U+FE70–FEFF), as PDF text
/// extraction leaves them: `None` for everything else. Kept as typed: the word ligatures
/// U+FDF0–FDFF (ﷲ, ﷺ, ﷽…, which would expand into words), and the spacing forms of the short
/// vowels, whose decomposition starts with a space. Lam-alef ligatures become two letters.
pub(crate) fn base_letters(c: char) -> Option<String> {
    let n = c as u32;
    let form = (0xFB50..=0xFDEF).contains(&n) || (0xFE70..=0xFEFF).contains(&n);
    if !form {
        return None;
    }
    let mut letters = String::new();
    decompose_compatible(c, |d| letters.push(d));
    let unchanged = letters.chars().eq(std::iter::once(c));
    (!unchanged && !letters.starts_with(' ')).then_some(letters)
}

/// Whether an embedding/override or an isolate is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Embedding,
    Isolate,
}

impl Scope {
    fn closer(self) -> char {
        match self {
            Scope::Embedding => '\u{202C}',
            Scope::Isolate => '\u{2069}',
        }
    }
}

enum Bidi {
    Open(Scope),
    PopEmbedding,
    PopIsolate,
}

/// The explicit bidi formatting characters; LRM, RLM and ALM are not among them (they are
/// marks, not scopes, and are kept as typed).
fn bidi(c: char) -> Option<Bidi> {
    Some(match c {
        '\u{202A}'..='\u{202B}' | '\u{202D}'..='\u{202E}' => Bidi::Open(Scope::Embedding),
        '\u{2066}'..='\u{2068}' => Bidi::Open(Scope::Isolate),
        '\u{202C}' => Bidi::PopEmbedding,
        '\u{2069}' => Bidi::PopIsolate,
        _ => return None,
    })
}

/// `U+XXXX` and, for the characters people meet in repairs, the Unicode name.
fn name(c: char) -> String {
    let known = match c {
        '\u{202A}' => " LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => " RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => " POP DIRECTIONAL FORMATTING",
        '\u{202D}' => " LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => " RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => " LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => " RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => " FIRST STRONG ISOLATE",
        '\u{2069}' => " POP DIRECTIONAL ISOLATE",
        _ => "",
    };
    format!("U+{:04X}{known}", c as u32)
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy)]
struct Place(usize, usize);

/// Repairs of one kind: the first [`SHOWN`] in full, then a count.
#[derive(Default)]
struct Kind {
    shown: Vec<(Place, String)>,
    count: usize,
}

impl Kind {
    fn add(&mut self, place: Place, message: String) {
        if self.shown.len() < SHOWN {
            self.shown.push((place, message));
        }
        self.count += 1;
    }
}

#[derive(Default)]
struct Log {
    /// Places are paragraphs and characters, not lines and columns.
    paragraphs: bool,
    illegal: Kind,
    bidi: Kind,
    presentation: Kind,
}

impl Log {
    fn report(self, path: &Path, warnings: &mut Vec<Warning>) {
        let path = path.display();
        let at = |Place(line, column): Place| {
            if self.paragraphs {
                format!("{path} (paragraph {line}, character {column})")
            } else {
                format!("{path}:{line}:{column}")
            }
        };
        for (kind, more) in [
            (self.illegal, "more characters XML cannot carry removed"),
            (self.bidi, "more bidi controls repaired"),
        ] {
            for (place, message) in &kind.shown {
                warnings.push(Warning::new(
                    WarningKind::Text,
                    format!("{}: {message}", at(*place)),
                ));
            }
            if kind.count > kind.shown.len() {
                warnings.push(Warning::new(
                    WarningKind::Text,
                    format!("{path}: {} {more}", kind.count - kind.shown.len()),
                ));
            }
        }
        if let Some((place, _)) = self.presentation.shown.first() {
            warnings.push(Warning::new(
                WarningKind::Text,
                format!(
                    "{}: mapped {} Arabic presentation forms (as PDF text extraction leaves them) \
                 back to their base letters",
                    at(*place),
                    self.presentation.count
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Vec<String>) {
        let mut warnings = Vec::new();
        let out = clean(Path::new("a.txt"), text, &mut warnings);
        assert!(warnings.iter().all(|w| w.kind == WarningKind::Text));
        (out, warnings.into_iter().map(|w| w.message).collect())
    }

    #[test]
    fn illegal_characters_are_removed_with_their_place() {
        let (text, warnings) = run("ab\ncd\u{B}e\u{FFFE}");
        assert_eq!(text, "ab\ncde");
        assert_eq!(warnings.len(), 2);
        assert!(
            warnings[0].starts_with("a.txt:2:3: removed U+000B"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].starts_with("a.txt:2:5: removed U+FFFE"),
            "{warnings:?}"
        );
    }

    #[test]
    fn many_repairs_are_counted_not_listed() {
        let (text, warnings) = run(&"a\u{1}".repeat(100));
        assert_eq!(text, "a".repeat(100));
        assert_eq!(warnings.len(), SHOWN + 1);
        assert_eq!(
            warnings[SHOWN],
            "a.txt: 90 more characters XML cannot carry removed"
        );
    }

    #[test]
    fn unclosed_bidi_controls_are_closed_in_their_paragraph() {
        let (text, warnings) = run("a\u{202E}bc  \nd\u{2067}e\u{202B}f\ng");
        assert_eq!(
            text,
            "a\u{202E}bc\u{202C}  \nd\u{2067}e\u{202B}f\u{202C}\u{2069}\ng"
        );
        assert_eq!(warnings.len(), 3);
        assert!(warnings[0].starts_with("a.txt:1:2: U+202E RIGHT-TO-LEFT OVERRIDE is never closed"));
    }

    #[test]
    fn stray_closers_are_removed_and_balanced_text_is_kept() {
        let (text, warnings) = run("\u{202C}a\u{2066}b\u{202A}c\u{2069}d\u{202C}");
        assert_eq!(text, "a\u{2066}b\u{202A}c\u{2069}d");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[1].starts_with("a.txt:1:9: removed U+202C"),
            "{warnings:?}"
        );
        let balanced = "\u{200F}x\u{202B}y\u{202C}\u{2068}z\u{2069}\u{061C}\u{200E}";
        assert_eq!(run(balanced), (balanced.to_string(), vec![]));
    }

    #[test]
    fn presentation_forms_become_letters_but_word_ligatures_stay() {
        // "السلام" as a PDF gives it: isolated/final/medial forms and a lam-alef ligature.
        let (text, warnings) = run("\u{FE8D}\u{FEDF}\u{FEB4}\u{FEFC}\u{FEE1} \u{FDFA} \u{FE70}");
        assert_eq!(
            text,
            "\u{627}\u{644}\u{633}\u{644}\u{627}\u{645} \u{FDFA} \u{FE70}"
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("mapped 5 Arabic presentation forms"),
            "{warnings:?}"
        );
        // Tatweel and Arabic-Indic digits are not presentation forms.
        assert_eq!(run("ـ٠١٢۴").0, "ـ٠١٢۴");
    }
}
