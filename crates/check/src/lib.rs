//! `warraq check`: what a reader needs from an EPUB, and above all from a right-to-left one,
//! checked on the archive's bytes. Each part of the book has its own file; this one holds the
//! finding model and runs the parts in order.
//!
//! The checker never fails and never panics: whatever the bytes, the answer is a list of
//! findings. It reads the entries it needs, each capped at `archive::ENTRY_LIMIT`, and last
//! unpacks every other entry once, so that damage anywhere in the archive is found.
#![warn(missing_docs)]

pub mod archive;
pub mod container;
mod content;
mod cover;
mod css;
mod engines;
mod file;
pub mod href;
mod package;
mod package_metadata;
pub mod report;
mod rtl;
pub mod rules;

pub use file::{exit_code, FileReport};

use std::fmt;
use warraq_epub::xml::parse_xml;

use serde::Serialize;

use rules::Rule;
use warraq_core::lang::{Direction, LanguageTag};

/// How serious a finding is. Errors fail `warraq check`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The book is broken or will be shown wrongly.
    Error,
    /// The book works, but some readers will show it less well than they could.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One breach of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's stable code, e.g. `RTL-001`.
    pub code: &'static str,
    /// The rule's severity.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// Where: an archive entry, with `:line:column` when known; empty for the whole file.
    pub location: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.severity, self.code, self.message)?;
        if !self.location.is_empty() {
            write!(f, " ({})", self.location)?;
        }
        Ok(())
    }
}

/// What to check the book against.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The language the book should be in; its own first `dc:language` when `None`.
    pub lang: Option<LanguageTag>,
    /// The direction the book should have; from the language when `None`. A caller that
    /// knows the direction (the build) also turns off the guess from the text (`RTL-009`).
    pub direction: Option<Direction>,
    /// The bytes are an archive warraq has just packed (the build's own check): each entry's
    /// checksum is the writer's, so the entries the check does not read are not unpacked to
    /// verify it (on the sample, its 627 KB cover: 8.5 million instructions, more than twice
    /// the rest of the check).
    pub own_archive: bool,
}

/// The findings collected so far.
#[derive(Debug, Default)]
pub struct Findings(Vec<Finding>);

impl Findings {
    /// Records a breach of `rule` at `location`.
    pub(crate) fn add(
        &mut self,
        rule: &Rule,
        location: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(Finding {
            code: rule.code,
            severity: rule.severity,
            message: message.into(),
            location: location.into(),
        });
    }
}

/// Checks the EPUB in `bytes` and returns what is wrong with it, errors and warnings in the
/// order they were found. It never fails: bytes that are no EPUB are a finding too.
///
/// ```
/// use warraq_check::{check, rules, Options, Severity};
///
/// let findings = check(b"not a zip", &Options::default());
/// assert_eq!(findings[0].code, rules::OCF_NOT_ZIP.code);
/// assert_eq!(findings[0].severity, Severity::Error);
/// ```
pub fn check(bytes: &[u8], options: &Options) -> Vec<Finding> {
    let mut out = Findings::default();
    let Some(mut archive) = archive::Archive::open(bytes, &mut out) else {
        return out.0;
    };
    // Another format built on zip is said to be what it is, and nothing more.
    if let Some(kind) = container::other_format(&mut archive) {
        out.add(rules::OCF_OTHER_ZIP, "", kind);
        return out.0;
    }
    container::check_entries(&mut archive, &mut out);
    let package = container::package_path(&mut archive, &mut out)
        .and_then(|path| package::check(&mut archive, &path, &mut out));
    if let Some(package) = &package {
        cover::check(&mut archive, &package.cover, &mut out);
    }
    let documents = content::check(&mut archive, package.as_ref(), &mut out);
    let style_sheets = content::style_sheets(&mut archive, package.as_ref(), &mut out);
    let book = rtl::Book {
        package: package.as_ref(),
        documents: &documents,
        style_sheets: &style_sheets,
    };
    rtl::check(&book, options, &mut out);
    engines::check(&book, options, &mut out);
    if !options.own_archive {
        archive.verify_unjudged(&mut out);
    }
    out.0
}

/// Line starts of a text, to turn byte offsets into `line:column` in logarithmic time
/// (roxmltree's own `text_pos_at` scans from the start each time).
pub(crate) struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    /// `entry:line:column` for a byte offset.
    pub(crate) fn at(&self, entry: &str, offset: usize) -> String {
        let (line, column) = self.position(offset);
        format!("{entry}:{line}:{column}")
    }
}

/// Parses an entry as XML, reporting a malformed one under `rule` with its line and column.
pub(crate) fn parse_entry<'t>(
    text: &'t str,
    entry: &str,
    rule: &Rule,
    out: &mut Findings,
) -> Option<roxmltree::Document<'t>> {
    match parse_xml(text) {
        Ok(doc) => Some(doc),
        Err(e) => {
            let pos = e.pos();
            out.add(
                rule,
                format!("{entry}:{}:{}", pos.row, pos.col),
                format!("not well-formed XML: {e}"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use warraq_epub::zipwrite::{self, Packed};

    /// A damaged entry that nothing reads is found in a book from outside, and not looked for
    /// in one the build has just packed.
    #[test]
    fn own_archives_are_not_unpacked_entry_by_entry() {
        let mut bytes = zipwrite::write(
            [
                ("mimetype", &Packed::stored(b"application/epub+zip")),
                ("EPUB/extra.txt", &Packed::stored(b"nothing reads this")),
            ],
            0x5821,
            0x6000,
            0,
        )
        .unwrap();
        let at = 30 + 8 + 20 + 30 + "EPUB/extra.txt".len();
        bytes[at] ^= 0x20;
        let unreadable = |options: &Options| {
            check(&bytes, options)
                .iter()
                .any(|f| f.code == rules::OCF_UNREADABLE_ENTRY.code)
        };
        assert!(unreadable(&Options::default()));
        let own = Options {
            own_archive: true,
            ..Options::default()
        };
        assert!(!unreadable(&own));
    }
}
