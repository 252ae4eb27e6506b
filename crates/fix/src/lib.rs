//! `warraq fix`: an existing EPUB made right, above all a right-to-left one, changing nothing
//! else. The book is read through the checker (its limits and refusals), each part is edited
//! where it is wrong (container, package, documents, style sheets; EPUB 2 made EPUB 3), and
//! the result is checked again: what the check still finds is what `fix` could not repair.
//!
//! Edits are splices into the source at the positions the parser gives: the text, markup,
//! entities, comments and white space around them stay as they were, and every entry that is
//! not edited is copied into the new archive as it was packed.
#![warn(missing_docs)]

mod archive;
mod container;
mod css;
mod declare;
mod document;
pub mod files;
mod language;
mod nav;
mod opf_tree;
mod package;
mod package_upgrade;
pub mod report;
mod root_language;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use archive::{Book, Changes};
pub use language::Undecided;
use warraq_check::{rules, Finding};
use warraq_core::lang::policy::documents_may_differ;
use warraq_core::lang::{Direction, LanguageTag, Script};
use warraq_epub::xml::splice;

/// What to fix the book against.
#[derive(Debug, Clone)]
pub struct Options {
    /// The book's main language, when `--lang` names it.
    pub lang: Option<LanguageTag>,
    /// The time written into a `dcterms:modified` the book lacks, and on the entries changed.
    pub modified: DateTime<Utc>,
}

/// One repair: the check rule whose breach it mends, what was done, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// The code of the rule repaired, e.g. `RTL-001`.
    pub code: &'static str,
    /// What was done, in one line.
    pub message: String,
    /// The archive entry changed.
    pub location: String,
}

/// A fixed book.
#[derive(Debug)]
pub struct Fixed {
    /// The new archive.
    pub bytes: Vec<u8>,
    /// The repairs made, in order.
    pub repairs: Vec<Repair>,
    /// What the user should know besides: a detected language, directions not carried over.
    pub notes: Vec<String>,
    /// What `warraq check` finds in the new archive: what `fix` could not repair.
    pub findings: Vec<Finding>,
    /// Whether the book's declared language stands against its text, which `--lang` decides.
    pub undecided: Option<Undecided>,
}

/// The findings of the check that make `fix` refuse a book: it is no zip, or its archive
/// cannot be trusted or read, or it has no package document to edit. A missing container is
/// recreated instead when the archive holds exactly one package document.
const REFUSED: &[&warraq_check::rules::Rule] = &[
    rules::OCF_NOT_ZIP,
    rules::OCF_OTHER_ZIP,
    rules::OCF_DUPLICATE,
    rules::OCF_UNSAFE_NAME,
    rules::OCF_UNREADABLE_ENTRY,
    rules::OCF_NO_CONTAINER,
    rules::OCF_BAD_CONTAINER,
    rules::OCF_NO_PACKAGE,
    rules::OPF_PARSE,
];

/// Why a book is not fixed: a message for the user (exit code 65), or, when `internal`, a bug
/// of ours that the book brought out (exit code 74, with the hint to report it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong, one line.
    pub message: String,
    /// What the user can do.
    pub hint: Option<String>,
    /// Whether it is warraq's fault, not the book's.
    pub internal: bool,
}

fn refuse(message: impl Into<String>, hint: Option<&str>) -> Refusal {
    Refusal {
        message: message.into(),
        hint: hint.map(str::to_string),
        internal: false,
    }
}

/// Fixes the EPUB in `bytes`: the repaired book's bytes, the repairs made, and what its check
/// still finds; or a refusal, for bytes that are no EPUB `fix` can repair (not a zip,
/// encrypted, too large), with the reason and a hint.
///
/// ```
/// use warraq_fix::{fix, Options};
///
/// let options = Options {
///     lang: None,
///     modified: chrono::Utc::now(),
/// };
/// let refusal = fix(b"not a zip", &options).unwrap_err();
/// assert!(refusal.message.contains("zip"), "{}", refusal.message);
/// ```
pub fn fix(bytes: &[u8], options: &Options) -> Result<Fixed, Refusal> {
    let check_options = warraq_check::Options {
        lang: options.lang.clone(),
        ..warraq_check::Options::default()
    };
    let before = warraq_check::check(bytes, &check_options);
    // A missing container is the one refusal `fix` can mend, when the package is not in doubt.
    let no_container = before
        .iter()
        .any(|f| f.code == rules::OCF_NO_CONTAINER.code);
    if let Some(f) = before
        .iter()
        .filter(|f| f.code != rules::OCF_NO_CONTAINER.code)
        .find(|f| REFUSED.iter().any(|r| r.code == f.code))
    {
        let at = if f.location.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.location)
        };
        return Err(refuse(
            format!("cannot be fixed: {} {}{at}", f.code, f.message),
            Some("fix repairs books whose archive and package document can be read; rebuild this one"),
        ));
    }
    let mut book = Book::open(bytes).ok_or_else(|| refuse("not a zip archive", None))?;
    if let Some(why) = book.refusal() {
        return Err(refuse(
            format!("refused: {why}"),
            Some("fix does not touch encrypted books"),
        ));
    }
    let (opf_path, new_container) = if no_container {
        let (path, document) = container::recreate(&book.names()).map_err(|why| {
            refuse(
                format!("cannot be fixed: {why}"),
                Some("add META-INF/container.xml naming the package document in a <rootfile>"),
            )
        })?;
        (path, Some(document))
    } else {
        let path = book
            .package_path()
            .ok_or_else(|| refuse("names no package document", None))?;
        (path, None)
    };
    let opf_bytes = book
        .read(&opf_path)
        .ok_or_else(|| refuse(format!("{opf_path} cannot be read"), None))?;
    let opf = package::read(&opf_path, &opf_bytes)
        .ok_or_else(|| refuse(format!("{opf_path} is not a package document"), None))?;

    // What each document says, read first: the book's language is decided from all of them.
    let documents: Vec<(String, Vec<u8>)> = opf
        .items
        .iter()
        .filter(|i| i.media_type == "application/xhtml+xml")
        .filter_map(|i| i.entry.clone())
        .filter_map(|entry| book.read(&entry).map(|bytes| (entry, bytes)))
        .collect();
    let seen: Vec<Option<document::Seen>> = documents
        .par_iter()
        .map(|(_, b)| document::look(b))
        .collect();
    let script = seen
        .iter()
        .flatten()
        .fold(Script::default(), |sum, s| sum.plus(s.script));
    let sample: String = seen
        .iter()
        .flatten()
        .flat_map(|s| s.sample.chars())
        .take(8192)
        .collect();
    let language = language::of_book(options.lang.as_ref(), &opf.languages, script, &sample)
        .ok_or_else(|| {
            refuse(
                "cannot tell the book's language: it declares none, and has too little text to detect one",
                Some("name it with --lang, e.g. --lang ar"),
            )
        })?;
    let rtl = language.main.direction() == Direction::Rtl;
    let mut repairs = Vec::new();
    let mut notes = Vec::new();
    if let Some(name) = language.detected {
        notes.push(format!(
            "the book's language detected from its text: {name} ({})",
            language.main
        ));
    }
    let mut changes = Changes::default();

    // Style sheets first: the directions they held go onto the documents' elements.
    let mut sheets = HashMap::new();
    for item in opf.items.iter().filter(|i| i.media_type == "text/css") {
        let Some(entry) = &item.entry else { continue };
        let Some(bytes) = book.read(entry) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let mut edits = splice::Edits::default();
        let outcome = css::edit(text, false, rtl, 0, &mut edits);
        css::report(entry, &outcome, &mut repairs, &mut notes);
        sheets.insert(entry.clone(), outcome.moved);
        if !edits.is_empty() {
            changes
                .replaced
                .insert(entry.clone(), edits.apply(text).into_bytes());
        }
    }

    // The check judged each document's language and direction against this same language
    // when it could read the package, and the book declares that language first (or `--lang`
    // names it) and nothing overrides it: then a
    // document the check found right is left as it is, and each edit names the rule the check
    // reported there.
    let judged = !no_container
        && !opf.epub2
        && language.detected.is_none()
        && language.wrong.is_none()
        && (options.lang.is_some() || !opf.languages.is_empty());
    let reported = root_language::reported_by_entry(&before);
    let planned: Vec<LanguageTag> = seen
        .iter()
        .flatten()
        .map(|s| language::of_document(s.own.as_deref(), &language, s.script, &s.sample))
        .collect();
    let some_in_book_language =
        documents_may_differ(planned.iter().map(LanguageTag::as_str), &language.main);
    let undecided = language::Undecided::of(
        options.lang.as_ref(),
        &language,
        script,
        some_in_book_language,
        &sample,
    );
    notes.extend(undecided.as_ref().map(language::Undecided::note));
    let ctx = document::Context {
        book: &language,
        rtl,
        sheets: &sheets,
        to_epub3: opf.epub2,
        reported: judged.then_some(&reported),
        some_in_book_language,
        undecided: undecided.is_some(),
    };
    let edited: Vec<document::Edited> = documents
        .par_iter()
        .zip(&seen)
        .map(|((entry, bytes), seen)| match seen {
            Some(seen) => document::edit(entry, bytes, seen, &ctx),
            None => document::Edited::default(),
        })
        .collect();
    let mut properties = Vec::new();
    for ((entry, _), edited) in documents.iter().zip(edited) {
        repairs.extend(edited.repairs);
        notes.extend(
            edited
                .not_moved
                .into_iter()
                .map(|n| format!("{entry}: not carried over to `dir`: {n}")),
        );
        properties.push((entry.clone(), edited.properties));
        if let Some(bytes) = edited.bytes {
            changes.replaced.insert(entry.clone(), bytes);
        }
    }

    let mut nav_href = None;
    if !opf.has_nav {
        let names: Vec<String> = book.names().iter().map(|n| n.to_lowercase()).collect();
        let nav = nav::entry_name(&opf_path, &|n| names.iter().any(|x| x == n));
        let ncx = opf
            .ncx
            .as_ref()
            .and_then(|entry| book.read(entry).map(|b| (entry.clone(), b)));
        let text = nav::document(
            &nav,
            ncx.as_ref().map(|(e, b)| (e.as_str(), b.as_slice())),
            &opf,
            &language.main,
        );
        nav_href = Some(nav.rsplit('/').next().unwrap_or(&nav).to_string());
        changes.added.push((nav, text.into_bytes()));
    }
    let plan = package::Plan {
        language: &language,
        from_flag: options.lang.is_some(),
        modified: options.modified.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        nav_href,
        properties,
    };
    let mut package_repairs = Vec::new();
    if let Some(bytes) = package::edit(&opf_path, &opf_bytes, &plan, &mut package_repairs) {
        changes.replaced.insert(opf_path.clone(), bytes);
    }
    repairs.splice(0..0, package_repairs);
    if let Some(document) = new_container {
        repairs.insert(
            0,
            Repair {
                code: rules::OCF_NO_CONTAINER.code,
                message: format!("{} recreated, naming {opf_path}", container::CONTAINER),
                location: container::CONTAINER.into(),
            },
        );
        changes
            .added
            .insert(0, (container::CONTAINER.to_string(), document));
    }
    repairs.splice(0..0, container::repairs(&before));

    let written = book
        .write(&changes, warraq_epub::packing::zip_time(options.modified))
        .map_err(|e| match e {
            warraq_core::Error::Internal(message) => Refusal {
                internal: true,
                ..refuse(format!("cannot be rewritten: {message}"), None)
            },
            other => refuse(format!("cannot be rewritten: {other}"), None),
        })?;
    if written.extras_dropped > 0 {
        notes.push(format!(
            "extra fields (extended timestamps and the like) dropped from {} entries",
            written.extras_dropped
        ));
    }
    notes.extend(written.repacked.iter().map(|entry| {
        format!(
            "{entry}: packed anew: its headers placed its packed bytes past the end of the archive"
        )
    }));
    let findings = warraq_check::check(&written.bytes, &check_options);
    Ok(Fixed {
        bytes: written.bytes,
        repairs,
        notes,
        findings,
        undecided,
    })
}

#[cfg(test)]
mod tests;
