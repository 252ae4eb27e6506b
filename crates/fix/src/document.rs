//! One XHTML document: its XML declaration, `lang`, `xml:lang` and `dir` on both `<html>` and
//! `<body>` (some engines read only one of them), its `<style>` elements and `style`
//! attributes, and `dir` on the elements a style sheet gave a direction. Everything else in
//! the document is left exactly as written.

use std::collections::HashMap;

use roxmltree::{Node, NodeId};

use super::css::{self, Moved};
use super::declare::parse_or_declare;
use super::language::BookLanguage;
use super::Repair;
use warraq_check::href::resolve;
use warraq_check::rules;
use warraq_core::lang::Direction;
use warraq_core::lang::Script;
use warraq_epub::xml::decode;
use warraq_epub::xml::encoding::{declaration, Encoding};
use warraq_epub::xml::splice::{self, set_attribute, Edits};
use warraq_epub::xml::{MATHML_NS, SVG_NS, XHTML_NS, XML_NS};

/// At most this much of a document's text is kept to detect its language from.
const SAMPLE: usize = 4096;

/// What the book's language is decided from: a document's script, declaration and text.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    /// Letters of its body by script.
    pub(crate) script: Script,
    /// Its own `lang` (or `xml:lang`), from `<html>` or else `<body>`.
    pub(crate) own: Option<String>,
    /// The start of its body text.
    pub(crate) sample: String,
}

/// Reads what a document says about its language; `None` when it does not parse (the check
/// reports it, and `fix` leaves it alone).
pub(crate) fn look(bytes: &[u8]) -> Option<Seen> {
    let decoded = decode(bytes)?;
    let mut repaired = None;
    let (_, doc, _) = parse_or_declare(&decoded, &mut repaired)?;
    let html = doc.root_element();
    let body = child(html, "body");
    let mut seen = Seen {
        own: own_language(html).or_else(|| body.and_then(own_language)),
        ..Seen::default()
    };
    for t in body
        .into_iter()
        .flat_map(|b| b.descendants())
        .filter_map(|n| n.is_text().then(|| n.text()).flatten())
    {
        seen.script.count(t);
        if seen.sample.len() < SAMPLE {
            seen.sample.push_str(t);
        }
    }
    Some(seen)
}

/// What every document is edited against.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    /// The book's language.
    pub(crate) book: &'a BookLanguage,
    /// Whether the book is right to left.
    pub(crate) rtl: bool,
    /// The directions each style sheet (by entry) gave to simple selectors.
    pub(crate) sheets: &'a HashMap<String, Vec<Moved>>,
    /// Whether the book is being made EPUB 3 from EPUB 2: its documents become HTML5.
    pub(crate) to_epub3: bool,
    /// Whether any document is in the book's language as `fix` decides each one's. When none
    /// would be, each is set in the book's language: the check allows a document its own
    /// language only beside documents in the book's (`RTL-004`).
    pub(crate) some_in_book_language: bool,
    /// Whether the book's declared language stands against its text ([`super::language::Undecided`]):
    /// then no document's language or direction is set, as only `--lang` can say which.
    pub(crate) undecided: bool,
    /// The codes the check reported for each entry, when it judged the documents against the
    /// book's language as `fix` decides it; `None` when it could not (no language declared,
    /// or another one decided), and every document is set in the book's language.
    pub(crate) reported: Option<&'a HashMap<String, Vec<&'static str>>>,
}

/// What editing one document did.
#[derive(Debug, Default)]
pub(crate) struct Edited {
    /// The new bytes, when anything changed.
    pub bytes: Option<Vec<u8>>,
    /// The repairs made.
    pub repairs: Vec<Repair>,
    /// Directions that could not be moved onto elements.
    pub(crate) not_moved: Vec<String>,
    /// The manifest properties an EPUB 3 package must give it (`svg`, `scripted`, `mathml`).
    pub(crate) properties: Vec<&'static str>,
}

/// Edits the document `entry`, whose earlier look found `seen`.
pub(crate) fn edit(entry: &str, bytes: &[u8], seen: &Seen, ctx: &Context) -> Edited {
    let mut out = Edited::default();
    let Some(decoded) = decode(bytes) else {
        return out;
    };
    let mut repaired = None;
    let Some((text, doc, declared)) = parse_or_declare(&decoded, &mut repaired) else {
        return out;
    };
    let encoding = Encoding::of(bytes);
    let mut edits = Edits::default();
    let mut repairs = Vec::new();
    let mut repair = |code: &'static str, message: String| {
        repairs.push(Repair {
            code,
            message,
            location: entry.to_string(),
        });
    };
    if declared {
        repair(
            rules::XML_PARSE.code,
            "the `epub` prefix of `epub:type` declared on the root element".into(),
        );
    }
    if !text.starts_with("<?xml") {
        edits.insert(0, declaration(encoding));
        repair(rules::XML_DECLARATION.code, "XML declaration added".into());
    }
    let html = doc.root_element();
    let body = child(html, "body");
    if ctx.to_epub3 {
        if let Some(message) = html5(text, html, &mut edits) {
            repair(rules::OPF_EPUB2.code, message);
        }
    }
    let mut directions: HashMap<NodeId, Direction> = HashMap::new();
    let mut moved: Vec<Moved> = linked_sheets(entry, html)
        .iter()
        .filter_map(|sheet| ctx.sheets.get(sheet))
        .flatten()
        .cloned()
        .collect();
    let mut removed = 0;
    let mut aligned = 0;
    for node in doc.descendants().filter(Node::is_element) {
        if node.has_tag_name((XHTML_NS, "style")) {
            if let Some(range) = splice::content_range(text, node) {
                let outcome = css::edit(
                    &text[range.clone()],
                    false,
                    ctx.rtl,
                    range.start,
                    &mut edits,
                );
                moved.extend(outcome.moved);
                out.not_moved.extend(outcome.not_moved);
                removed += outcome.removed;
                aligned += outcome.aligned;
            }
        }
        if let Some(style) = node.attribute("style") {
            let mut value_edits = Edits::default();
            let outcome = css::edit(style, true, ctx.rtl, 0, &mut value_edits);
            if !value_edits.is_empty() {
                let value = value_edits.apply(style);
                if value.trim().trim_matches(';').trim().is_empty() {
                    splice::remove_attribute(&mut edits, text, node, "style");
                } else {
                    splice::replace_value(&mut edits, text, node, "style", &value);
                }
            }
            for m in outcome.moved {
                directions.insert(node.id(), m.direction);
            }
            out.not_moved.extend(outcome.not_moved);
            removed += outcome.removed;
            aligned += outcome.aligned;
        }
        properties(node, &mut out.properties);
    }
    if removed > 0 {
        repair(
            rules::RTL_CSS_DIRECTION.code,
            format!("{removed} `direction`/`unicode-bidi` declaration(s) removed from the document's styles"),
        );
    }
    if aligned > 0 {
        repair(
            rules::RTL_CSS_LEFT.code,
            format!("{aligned} `text-align: left` made `start` in the document's styles"),
        );
    }
    // The style sheets' directions, in cascade order; a `style` attribute wins over them.
    let mut from_sheets = 0;
    for node in html.descendants().filter(Node::is_element) {
        if node == html || Some(node) == body || directions.contains_key(&node.id()) {
            continue;
        }
        let last = moved
            .iter()
            .rev()
            .find(|m| m.selectors.iter().any(|s| matches(s, node)));
        if let Some(m) = last {
            directions.insert(node.id(), m.direction);
            from_sheets += 1;
        }
    }
    let mut moved_count = 0;
    for (id, direction) in &directions {
        let node = doc.get_node(*id).filter(|n| *n != html && Some(*n) != body);
        if let Some(node) = node {
            if set_attribute(
                &mut edits,
                text,
                node,
                ("", "dir"),
                "dir",
                direction.as_str(),
            ) {
                moved_count += 1;
            }
        }
    }
    if moved_count > 0 {
        repair(
            rules::RTL_CSS_DIRECTION.code,
            format!("the direction the styles gave {moved_count} element(s) stated with `dir` ({from_sheets} from style sheets)"),
        );
    }
    if ctx.rtl && !ctx.undecided {
        // The check judged this document as it stands only when it could parse it and no
        // direction is being taken out of its styles (which changes what it needs).
        let as_checked = !declared && removed == 0 && moved.is_empty() && directions.is_empty();
        let reported = ctx
            .reported
            .filter(|_| as_checked)
            .map(|by_entry| by_entry.get(entry).map_or(&[][..], Vec::as_slice));
        super::root_language::set(
            text,
            html,
            body,
            seen,
            ctx,
            reported,
            &mut edits,
            &mut repairs,
            entry,
        );
    }
    out.repairs = repairs;
    if !edits.is_empty() || declared {
        out.bytes = Some(encoding.encode(&edits.apply(text)));
    }
    out
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((XHTML_NS, name)))
}

fn own_language(node: Node) -> Option<String> {
    node.attribute("lang")
        .or_else(|| node.attribute((XML_NS, "lang")))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The entries of the style sheets a document links, in order.
fn linked_sheets(entry: &str, html: Node) -> Vec<String> {
    let base = entry.rfind('/').map_or("", |i| &entry[..=i]);
    html.descendants()
        .filter(|n| n.has_tag_name((XHTML_NS, "link")))
        .filter(|n| {
            n.attribute("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("stylesheet"))
            })
        })
        .filter_map(|n| resolve(base, n.attribute("href")?.trim()))
        .collect()
}

fn matches(selector: &css::Simple, node: Node) -> bool {
    let element_ok = selector
        .element
        .as_deref()
        .is_none_or(|e| node.tag_name().name().eq_ignore_ascii_case(e));
    let class_ok = selector.class.as_deref().is_none_or(|c| {
        node.attribute("class")
            .is_some_and(|classes| classes.split_whitespace().any(|x| x == c))
    });
    element_ok && class_ok && (selector.element.is_some() || selector.class.is_some())
}

/// The manifest properties EPUB 3 requires of a document holding `node`.
fn properties(node: Node, out: &mut Vec<&'static str>) {
    let property = match node.tag_name().namespace() {
        Some(SVG_NS) => "svg",
        Some(MATHML_NS) => "mathml",
        Some(XHTML_NS) if node.tag_name().name() == "script" => "scripted",
        _ => return,
    };
    if !out.contains(&property) {
        out.push(property);
    }
}

/// The `http-equiv` values HTML5 allows; XHTML 1.1 documents often carry others.
const HTTP_EQUIV: &[&str] = &[
    "content-type",
    "default-style",
    "refresh",
    "x-ua-compatible",
    "content-security-policy",
];

/// An XHTML 1.1 document made an HTML5 one, as EPUB 3 requires: its DOCTYPE `<!DOCTYPE html>`,
/// and `meta http-equiv` elements HTML5 does not know removed. Says what it did, if anything.
fn html5(text: &str, html: Node, edits: &mut Edits) -> Option<String> {
    let mut done = Vec::new();
    let prolog = &text[..html.range().start];
    if let Some(start) = prolog.find("<!DOCTYPE") {
        let rest = &prolog[start..];
        let end = match (rest.find('['), rest.find('>')) {
            (Some(open), Some(close)) if open < close => rest.find("]>").map(|e| e + 2),
            (_, close) => close.map(|e| e + 1),
        };
        if let Some(end) = end {
            let doctype = &rest[..end];
            if doctype.split_whitespace().collect::<Vec<_>>() != ["<!DOCTYPE", "html>"] {
                edits.replace(start..start + end, "<!DOCTYPE html>");
                done.push("DOCTYPE made <!DOCTYPE html>");
            }
        }
    }
    let obsolete: Vec<Node> = html
        .descendants()
        .filter(|n| n.has_tag_name((XHTML_NS, "meta")))
        .filter(|n| {
            n.attribute("http-equiv")
                .is_some_and(|v| !HTTP_EQUIV.contains(&v.trim().to_ascii_lowercase().as_str()))
        })
        .collect();
    // The element alone: the white space around it is text, which `fix` never changes.
    for meta in &obsolete {
        edits.replace(meta.range(), "");
    }
    if !obsolete.is_empty() {
        done.push("`meta http-equiv` that HTML5 does not allow removed");
    }
    (!done.is_empty()).then(|| format!("made HTML5 for EPUB 3: {}", done.join("; ")))
}
