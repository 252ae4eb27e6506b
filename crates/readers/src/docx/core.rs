//! `docProps/core.xml`, the document's core properties, into [`Meta`]: `dc:title`,
//! `dc:creator` (authors separated by `;`), `dc:description`, `dc:subject` and
//! `cp:keywords` (subjects), `dcterms:created` (date), `dc:language`.

use roxmltree::Document;

use warraq_core::document::Meta;

const DC: &str = "http://purl.org/dc/elements/1.1/";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const CP: [&str; 2] = [
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "http://schemas.openxmlformats.org/officedocument/2006/metadata/core-properties",
];

/// The metadata the core properties give.
pub(crate) fn read(doc: &Document) -> Meta {
    let mut meta = Meta::default();
    for node in doc.root_element().children().filter(|n| n.is_element()) {
        let text = node.text().unwrap_or_default().trim();
        if text.is_empty() {
            continue;
        }
        let ns = node.tag_name().namespace().unwrap_or_default();
        match (ns, node.tag_name().name()) {
            (DC, "title") => meta.title = Some(text.to_string()),
            (DC, "description") => meta.description = Some(text.to_string()),
            (DC, "language") => meta.language = Some(text.to_string()),
            (DC, "creator") => meta.authors.extend(split(text, &[';'])),
            (DC, "subject") => meta.subjects.push(text.to_string()),
            (DCTERMS, "created") => meta.date = Some(text.to_string()),
            (ns, "keywords") if CP.contains(&ns) => {
                meta.subjects.extend(split(text, &[';', ',', '\u{060C}']));
            }
            _ => {}
        }
    }
    let mut seen = Vec::new();
    meta.subjects.retain(|s| {
        let new = !seen.contains(s);
        seen.push(s.clone());
        new
    });
    meta
}

/// The non-empty, trimmed parts of a list.
fn split<'a>(text: &'a str, separators: &'a [char]) -> impl Iterator<Item = String> + 'a {
    text.split(move |c| separators.contains(&c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
