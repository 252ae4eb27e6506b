//! A document's language and direction on its root: `lang`, `xml:lang` and `dir` on `<html>`
//! and `<body>` (some engines read only one of them), each set for a rule the check reported
//! there, and named by it.

use std::collections::HashMap;

use roxmltree::Node;

use super::document::{Context, Seen};
use super::language::of_document;
use super::Repair;
use warraq_check::{rules, Finding};
use warraq_core::lang::policy::same_language;
use warraq_core::lang::Direction;
use warraq_epub::xml::splice::{set_attribute, Edits};
use warraq_epub::xml::XML_NS;

/// `lang`, `xml:lang` and `dir` on `<html>` and `<body>`, in the document's language.
#[allow(clippy::too_many_arguments)]
pub(crate) fn set(
    text: &str,
    html: Node,
    body: Option<Node>,
    seen: &Seen,
    ctx: &Context,
    reported: Option<&[&'static str]>,
    edits: &mut Edits,
    repairs: &mut Vec<Repair>,
    entry: &str,
) {
    let language = if ctx.some_in_book_language {
        of_document(seen.own.as_deref(), ctx.book, seen.script, &seen.sample)
    } else {
        ctx.book.main.clone()
    };
    let direction = language.direction();
    let had_language = seen.own.is_some();
    // What the check reported here: each attribute is set only for a rule it reported, and
    // named by that rule. Where it did not judge the document as it will be, both are set:
    // `dir` named `RTL-010` (or `RTL-011`) when `<html>` had it and `<body>` gets it.
    let on_html_only = direction_on(html) == Some(direction)
        && body.is_some_and(|b| direction_on(b) != Some(direction));
    let body_rule = if direction == ctx.book.main.direction() {
        rules::RTL_DIR_ON_BODY.code
    } else {
        rules::RTL_FOREIGN_DIR.code
    };
    let unjudged = [
        if on_html_only {
            body_rule
        } else {
            rules::RTL_DOCUMENT_DIR.code
        },
        rules::RTL_DOCUMENT_LANG.code,
        rules::RTL_LANG_MISMATCH.code,
    ];
    let reported: &[&str] = reported.unwrap_or(&unjudged);
    let first_of = |codes: &[&'static str]| codes.iter().copied().find(|c| reported.contains(c));
    let on_body = [rules::RTL_DIR_ON_BODY.code, rules::RTL_FOREIGN_DIR.code];
    let dir_rule = first_of(&[rules::RTL_DOCUMENT_DIR.code]).or_else(|| first_of(&on_body));
    // A document declared in another language than its text's is given the right one, under
    // whichever rule the check reported there: `dir="rtl"` on an Arabic text declared `en` is
    // reported as a direction wrong for English, and mended by the language.
    let mislabelled = seen
        .own
        .as_deref()
        .is_some_and(|own| !same_language(own, &language));
    let lang_rule = if had_language {
        first_of(&[rules::RTL_LANG_MISMATCH.code, rules::RTL_DOCUMENT_LANG.code])
    } else {
        first_of(&[rules::RTL_DOCUMENT_LANG.code, rules::RTL_LANG_MISMATCH.code])
    }
    .or_else(|| first_of(&on_body))
    .or(dir_rule.filter(|_| mislabelled));
    let mut lang_changed = false;
    let mut dir_changed = false;
    for node in std::iter::once(html).chain(body) {
        if lang_rule.is_some() {
            lang_changed |=
                set_attribute(edits, text, node, ("", "lang"), "lang", language.as_str());
            lang_changed |= set_attribute(
                edits,
                text,
                node,
                (XML_NS, "lang"),
                "xml:lang",
                language.as_str(),
            );
        }
        if dir_rule.is_some() {
            dir_changed |= set_attribute(edits, text, node, ("", "dir"), "dir", direction.as_str());
        }
    }
    let mut repair = |code: &'static str, message: String| {
        repairs.push(Repair {
            code,
            message,
            location: entry.to_string(),
        });
    };
    if let (true, Some(code)) = (lang_changed, lang_rule) {
        repair(
            code,
            format!("lang and xml:lang set to {language} on <html> and <body>"),
        );
    }
    if let (true, Some(code)) = (dir_changed, dir_rule) {
        repair(code, format!("dir set to {direction} on <html> and <body>"));
    }
}

/// The direction a `dir` attribute on `node` gives, if any.
fn direction_on(node: Node) -> Option<Direction> {
    match node.attribute("dir")?.trim().to_ascii_lowercase().as_str() {
        "rtl" => Some(Direction::Rtl),
        "ltr" => Some(Direction::Ltr),
        _ => None,
    }
}

/// The codes the check reported for each entry (its location without `:line:column`).
pub(crate) fn reported_by_entry(findings: &[Finding]) -> HashMap<String, Vec<&'static str>> {
    let mut by_entry: HashMap<String, Vec<&'static str>> = HashMap::new();
    for f in findings {
        by_entry
            .entry(entry_of(&f.location).to_string())
            .or_default()
            .push(f.code);
    }
    by_entry
}

/// An archive entry from a finding's location: `OEBPS/a.xhtml:3:1` is `OEBPS/a.xhtml`.
fn entry_of(location: &str) -> &str {
    let mut entry = location;
    for _ in 0..2 {
        match entry.rsplit_once(':') {
            Some((before, number)) if number.bytes().all(|b| b.is_ascii_digit()) => {
                entry = before;
            }
            _ => break,
        }
    }
    entry
}
