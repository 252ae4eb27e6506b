//! Edits to a document as byte ranges of its source: everything outside the ranges stays
//! exactly as it was written (markup, entities, comments, white space). Positions come from
//! the parser (roxmltree's node and attribute ranges), never from searching the text for an
//! anchor. `warraq fix` edits the books it is given this way, and the build finishes
//! epub-builder's files this way (`crate::package`).

use std::borrow::Cow;
use std::ops::Range;

use roxmltree::Node;

use crate::xml::escape;

/// Replacements of byte ranges of one text, applied together.
#[derive(Debug, Default)]
pub struct Edits {
    edits: Vec<(Range<usize>, String)>,
}

impl Edits {
    /// Replaces `range` with `text`.
    pub fn replace(&mut self, range: Range<usize>, text: impl Into<String>) {
        self.edits.push((range, text.into()));
    }

    /// Inserts `text` at byte `at`. Insertions at one place keep the order they were made in.
    pub fn insert(&mut self, at: usize, text: impl Into<String>) {
        self.edits.push((at..at, text.into()));
    }

    /// Whether there is nothing to change.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// The text with every edit made. An edit that overlaps an earlier one (by position) is
    /// dropped rather than corrupting the text; the callers never make such pairs.
    pub fn apply(mut self, text: &str) -> String {
        self.edits
            .sort_by_key(|(range, _)| (range.start, range.end));
        let mut out = String::with_capacity(text.len() + 256);
        let mut at = 0;
        for (range, replacement) in self.edits {
            let in_bounds = range.start >= at
                && range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end);
            if !in_bounds {
                continue;
            }
            out.push_str(&text[at..range.start]);
            out.push_str(&replacement);
            at = range.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Where a new attribute goes in an element's start tag: right after the tag's name.
fn after_tag_name(text: &str, node: Node) -> usize {
    let start = node.range().start;
    let name_len = text[start..]
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c.is_whitespace() || c == '/' || c == '>')
        .map_or(text.len() - start, |(i, _)| i);
    start + name_len
}

/// The end of the last attribute (namespace declarations included) in an element's start
/// tag, or of its name when it has none: where an attribute goes to be read after the others.
pub(crate) fn end_of_attributes(text: &str, node: Node) -> usize {
    let from = after_tag_name(text, node);
    let mut quote = None;
    for (i, c) in text[from..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                let inside = text[from..from + i].trim_end_matches('/').trim_end();
                return from + inside.len();
            }
            (None, _) => {}
        }
    }
    text.len()
}

/// An attribute value escaped for the quote it is written in.
fn quoted_value<'v>(text: &str, value_range: &Range<usize>, value: &'v str) -> Cow<'v, str> {
    let escaped = escape(value);
    let single = text.as_bytes().get(value_range.end) == Some(&b'\'');
    if single && escaped.contains('\'') {
        Cow::Owned(escaped.replace('\'', "&#39;"))
    } else {
        escaped
    }
}

/// Sets attribute `name` (namespace and local name) of `node` to `value`, written as
/// `qname` right after the tag's name when it is added. Returns whether anything changes.
pub fn set_attribute(
    edits: &mut Edits,
    text: &str,
    node: Node,
    name: (&str, &str),
    qname: &str,
    value: &str,
) -> bool {
    let at = after_tag_name(text, node);
    set_attribute_at(edits, text, node, name, qname, value, at)
}

/// [`set_attribute`], but an added attribute goes after the tag's other attributes.
pub fn set_last_attribute(
    edits: &mut Edits,
    text: &str,
    node: Node,
    name: (&str, &str),
    qname: &str,
    value: &str,
) -> bool {
    let at = end_of_attributes(text, node);
    set_attribute_at(edits, text, node, name, qname, value, at)
}

fn set_attribute_at(
    edits: &mut Edits,
    text: &str,
    node: Node,
    name: (&str, &str),
    qname: &str,
    value: &str,
    at: usize,
) -> bool {
    let existing = node
        .attributes()
        .find(|a| a.namespace().unwrap_or("") == name.0 && a.name() == name.1);
    match existing {
        Some(a) if a.value() == value => false,
        Some(a) => {
            let range = a.range_value();
            let written = quoted_value(text, &range, value).into_owned();
            edits.replace(range, written);
            true
        }
        None => {
            edits.insert(at, format!(" {qname}=\"{}\"", escape(value)));
            true
        }
    }
}

/// Removes attribute `local` (no namespace) of `node`, with the white space before it.
pub fn remove_attribute(edits: &mut Edits, text: &str, node: Node, local: &str) {
    if let Some(a) = node
        .attributes()
        .find(|a| a.namespace().is_none() && a.name() == local)
    {
        let range = a.range();
        let start = text[..range.start].trim_end().len();
        edits.replace(start..range.end, "");
    }
}

/// Replaces the value of attribute `local` (no namespace) of `node`, escaped for its quotes.
pub fn replace_value(edits: &mut Edits, text: &str, node: Node, local: &str, value: &str) {
    if let Some(a) = node
        .attributes()
        .find(|a| a.namespace().is_none() && a.name() == local)
    {
        let range = a.range_value();
        let written = quoted_value(text, &range, value).into_owned();
        edits.replace(range, written);
    }
}

/// The byte range of an element's content: after its start tag, before its end tag; `None`
/// for an empty element.
pub fn content_range(text: &str, node: Node) -> Option<Range<usize>> {
    let range = node.range();
    let first = node.first_child()?;
    let last = node.last_child()?;
    let start = first.range().start;
    let end = last.range().end;
    (range.start < start && start <= end && end <= range.end)
        .then_some(start..end)
        .filter(|r| text.get(r.clone()).is_some())
}

/// The white space that precedes `node` in its parent: the indentation of a sibling to add.
pub fn indentation<'t>(text: &'t str, node: Node) -> &'t str {
    let start = node.range().start;
    let before = &text[..start];
    &before[before.trim_end().len()..]
}

/// Appends `children` (markup) to the content of `node`, each on a line of its own, indented
/// as its last element child, on the lines before its end tag. Returns false, changing
/// nothing, when `node` is empty or has no element child to take the indentation from.
pub fn append_children(
    edits: &mut Edits,
    text: &str,
    node: Node,
    children: impl IntoIterator<Item = impl AsRef<str>>,
) -> bool {
    let Some(content) = content_range(text, node) else {
        return false;
    };
    let Some(last) = node.children().rev().find(Node::is_element) else {
        return false;
    };
    let line = |white: &'_ str| -> usize { white.rfind('\n').map_or(0, |i| i + 1) };
    let indent = indentation(text, last);
    let indent = &indent[line(indent)..];
    // The end tag's own line, when nothing but white space precedes it there: the new
    // children go above it, and the end tag keeps its indentation.
    let before_end = &text[content.clone()];
    let trailing = &before_end[before_end.trim_end().len()..];
    let (at, newline_first) = match trailing.rfind('\n') {
        Some(i) => (content.end - trailing.len() + i + 1, false),
        None => (content.end, true),
    };
    for child in children {
        let child = child.as_ref();
        let markup = if newline_first {
            format!("\n{indent}{child}")
        } else {
            format!("{indent}{child}\n")
        };
        edits.insert(at, markup);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(text).unwrap()
    }

    #[test]
    fn attributes_are_added_changed_and_removed_in_place() {
        let text = "<!-- keep -->\n<html  xmlns='x' dir='ltr' style=\"a\">&amp;<body/></html>";
        let doc = parse(text);
        let html = doc.root_element();
        let mut edits = Edits::default();
        assert!(set_attribute(
            &mut edits,
            text,
            html,
            ("", "lang"),
            "lang",
            "ar"
        ));
        assert!(set_attribute(
            &mut edits,
            text,
            html,
            ("", "dir"),
            "dir",
            "rtl"
        ));
        assert!(!set_attribute(
            &mut edits,
            text,
            html,
            ("", "dir"),
            "dir",
            "ltr"
        ));
        remove_attribute(&mut edits, text, html, "style");
        assert_eq!(
            edits.apply(text),
            "<!-- keep -->\n<html lang=\"ar\"  xmlns='x' dir='rtl'>&amp;<body/></html>"
        );
    }

    #[test]
    fn attributes_go_after_the_others_when_asked() {
        let text = "<a><b x='1>' y = \"2\" /><c\n>t</c></a>";
        let doc = parse(text);
        let (b, c) = {
            let mut children = doc.root_element().children();
            (children.next().unwrap(), children.next().unwrap())
        };
        let mut edits = Edits::default();
        assert!(set_last_attribute(&mut edits, text, b, ("", "z"), "z", "&"));
        assert!(set_last_attribute(&mut edits, text, c, ("", "z"), "z", "3"));
        assert!(!set_last_attribute(
            &mut edits,
            text,
            b,
            ("", "x"),
            "x",
            "1>"
        ));
        assert_eq!(
            edits.apply(text),
            "<a><b x='1>' y = \"2\" z=\"&amp;\" /><c z=\"3\"\n>t</c></a>"
        );
    }

    #[test]
    fn children_are_appended_on_lines_of_their_own() {
        let text = "<m>\n    <a/>\n    \n      <b/>\n\n  </m>";
        let doc = parse(text);
        let mut edits = Edits::default();
        assert!(append_children(
            &mut edits,
            text,
            doc.root_element(),
            ["<c/>", "<d/>"]
        ));
        assert_eq!(
            edits.apply(text),
            "<m>\n    <a/>\n    \n      <b/>\n\n      <c/>\n      <d/>\n  </m>"
        );
        let text = "<m><a/></m>";
        let doc = parse(text);
        let mut edits = Edits::default();
        assert!(append_children(
            &mut edits,
            text,
            doc.root_element(),
            ["<c/>"]
        ));
        assert_eq!(edits.apply(text), "<m><a/>\n<c/></m>");
        for text in ["<m/>", "<m>text</m>"] {
            let doc = parse(text);
            assert!(!append_children(
                &mut Edits::default(),
                text,
                doc.root_element(),
                ["<c/>"]
            ));
        }
    }

    #[test]
    fn overlapping_edits_are_dropped_not_applied() {
        let mut edits = Edits::default();
        edits.replace(0..4, "x");
        edits.replace(2..6, "y");
        assert_eq!(edits.apply("abcdefg"), "xefg");
    }
}
