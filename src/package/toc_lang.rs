//! The language and direction of each table-of-contents entry that points at an article in
//! another language than the book's: on its `<li>` and `<a>` in the navigation document, and
//! on its `<navLabel>` in the NCX (whose schema allows `xml:lang` and `dir` there). The files
//! are epub-builder's; they are parsed, and the attributes inserted at the parsed elements, so
//! that a change in its templates fails here, with a message, instead of writing a wrong book.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use crate::error::{Error, Result};
use crate::lang::{Direction, LanguageTag};
use crate::render::xhtml::root_attributes;

/// Language and direction by the `href` of a document (relative to the navigation document).
pub type EntryLanguages = HashMap<String, (LanguageTag, Direction)>;

const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
const EPUB_NS: &str = "http://www.idpf.org/2007/ops";
const NCX_NS: &str = "http://www.daisy.org/z3986/2005/ncx/";

/// Adds `lang`, `xml:lang` and `dir` to the `<li>` and `<a>` of every entry of the `toc` nav
/// whose link points into a document of `languages`; `name` names the file in errors.
pub fn mark_nav_entries(nav: &str, languages: &EntryLanguages, name: &str) -> Result<String> {
    if languages.is_empty() {
        return Ok(nav.to_string());
    }
    let doc = parse(nav, name)?;
    let toc = doc
        .descendants()
        .find(|n| {
            n.has_tag_name((XHTML_NS, "nav"))
                && n.attribute((EPUB_NS, "type"))
                    .is_some_and(|t| t.split_whitespace().any(|t| t == "toc"))
        })
        .ok_or_else(|| Error::Internal(format!("{name}: no <nav epub:type=\"toc\">")))?;
    let mut inserts = Vec::new();
    let mut marked = Vec::new();
    for a in toc
        .descendants()
        .filter(|n| n.has_tag_name((XHTML_NS, "a")))
    {
        let Some((document, (lang, dir))) = target(a.attribute("href"), languages) else {
            continue;
        };
        let attributes = root_attributes(lang, *dir);
        inserts.push(insertion(nav, a, &attributes, name)?);
        if let Some(li) = a
            .parent_element()
            .filter(|p| p.has_tag_name((XHTML_NS, "li")))
        {
            inserts.push(insertion(nav, li, &attributes, name)?);
        }
        marked.push(document);
    }
    every_document_marked(languages, &marked, name)?;
    Ok(apply(nav, inserts))
}

/// Adds `xml:lang` and `dir` to the `<navLabel>` of every NCX `navPoint` whose content points
/// into a document of `languages`; `name` names the file in errors.
pub fn mark_ncx_entries(ncx: &str, languages: &EntryLanguages, name: &str) -> Result<String> {
    if languages.is_empty() {
        return Ok(ncx.to_string());
    }
    let doc = parse(ncx, name)?;
    let mut inserts = Vec::new();
    let mut marked = Vec::new();
    for point in doc
        .descendants()
        .filter(|n| n.has_tag_name((NCX_NS, "navPoint")))
    {
        let src = point
            .children()
            .find(|n| n.has_tag_name((NCX_NS, "content")))
            .and_then(|c| c.attribute("src"));
        let Some((document, (lang, dir))) = target(src, languages) else {
            continue;
        };
        let attributes = xml_attributes(lang, *dir);
        for label in point
            .children()
            .filter(|n| n.has_tag_name((NCX_NS, "navLabel")))
        {
            inserts.push(insertion(ncx, label, &attributes, name)?);
        }
        marked.push(document);
    }
    every_document_marked(languages, &marked, name)?;
    Ok(apply(ncx, inserts))
}

/// HTML's `lang` is not an NCX attribute: only `xml:lang` and `dir`.
fn xml_attributes(lang: &LanguageTag, dir: Direction) -> String {
    let all = root_attributes(lang, dir);
    all.find(" xml:lang=")
        .map_or(all.clone(), |i| all[i..].to_string())
}

fn parse<'t>(text: &'t str, name: &str) -> Result<Document<'t>> {
    Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .map_err(|e| {
        Error::Internal(format!(
            "{name}: epub-builder wrote XML that does not parse: {e}"
        ))
    })
}

/// The document a link points into, and its language, when it is one of `languages`.
fn target<'l>(
    href: Option<&str>,
    languages: &'l EntryLanguages,
) -> Option<(&'l str, &'l (LanguageTag, Direction))> {
    let document = href?.split('#').next()?;
    languages
        .get_key_value(document)
        .map(|(k, v)| (k.as_str(), v))
}

/// Where in `text` the attributes of `element` go: just after its name in the start tag.
fn insertion(text: &str, element: Node, attributes: &str, name: &str) -> Result<(usize, String)> {
    for attribute in ["lang", "dir"] {
        if element.attribute(attribute).is_some() {
            return Err(Error::Internal(format!(
                "{name}: epub-builder wrote a <{}> with its own {attribute}",
                element.tag_name().name()
            )));
        }
    }
    let start = element.range().start;
    let after_name = text[start + 1..]
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .map(|i| start + 1 + i)
        .ok_or_else(|| Error::Internal(format!("{name}: an unterminated start tag")))?;
    Ok((after_name, attributes.to_string()))
}

/// An article in another language that no entry points at means the file is not what this
/// pass expects.
fn every_document_marked(languages: &EntryLanguages, marked: &[&str], name: &str) -> Result<()> {
    match languages.keys().find(|k| !marked.contains(&k.as_str())) {
        Some(missing) => Err(Error::Internal(format!(
            "{name}: epub-builder wrote no entry for {missing}"
        ))),
        None => Ok(()),
    }
}

/// `text` with each insertion made; a position may come more than once (nested entries).
fn apply(text: &str, mut inserts: Vec<(usize, String)>) -> String {
    inserts.sort_by_key(|(at, _)| *at);
    inserts.dedup_by_key(|(at, _)| *at);
    let mut out =
        String::with_capacity(text.len() + inserts.iter().map(|(_, s)| s.len()).sum::<usize>());
    let mut from = 0;
    for (at, insert) in inserts {
        out.push_str(&text[from..at]);
        out.push_str(&insert);
        from = at;
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages() -> EntryLanguages {
        let tag = |t: &str| LanguageTag::parse(t).unwrap();
        HashMap::from([
            ("article-002.xhtml".to_string(), (tag("fa"), Direction::Rtl)),
            ("article-003.xhtml".to_string(), (tag("en"), Direction::Ltr)),
        ])
    }

    /// What epub-builder writes for four articles, the third with a heading nested under it.
    fn generated() -> Vec<u8> {
        use epub_builder::{
            EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary,
        };
        let mut builder = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        builder.epub_version(EpubVersion::V30);
        builder.metadata("title", "t").unwrap();
        for n in 1..=4 {
            let href = format!("article-00{n}.xhtml");
            let mut content = EpubContent::new(href.clone(), &b""[..]).title(format!("title {n}"));
            if n == 1 {
                content = content.reftype(ReferenceType::Text);
            }
            if n == 3 {
                content = content.child(TocElement::new(format!("{href}#h-1"), "heading").level(2));
            }
            builder.add_content(content).unwrap();
        }
        let mut bytes = Vec::new();
        builder.generate(&mut bytes).unwrap();
        bytes
    }

    fn entry(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn marks_the_entries_epub_builder_writes() {
        let generated = generated();
        let nav =
            mark_nav_entries(&entry(&generated, "OEBPS/nav.xhtml"), &languages(), "nav").unwrap();
        let doc = parse(&nav, "nav").unwrap();
        let marks = |href: &str| -> Vec<(String, Option<&str>, Option<&str>)> {
            doc.descendants()
                .filter(|n| n.attribute("href") == Some(href))
                .flat_map(|a| [a, a.parent_element().unwrap()])
                .map(|n| {
                    (
                        n.tag_name().name().to_string(),
                        n.attribute("lang"),
                        n.attribute("dir"),
                    )
                })
                .collect()
        };
        let landmarks_a = |href: &str| {
            doc.descendants()
                .filter(|n| n.attribute("href") == Some(href))
                .count()
        };
        assert_eq!(
            marks("article-002.xhtml"),
            [
                ("a".into(), Some("fa"), Some("rtl")),
                ("li".into(), Some("fa"), Some("rtl")),
            ]
        );
        assert_eq!(
            marks("article-003.xhtml")[0],
            ("a".into(), Some("en"), Some("ltr"))
        );
        assert_eq!(
            marks("article-003.xhtml#h-1")[0],
            ("a".into(), Some("en"), Some("ltr"))
        );
        // The book's own language needs nothing; the landmarks keep the book's language.
        assert_eq!(landmarks_a("article-001.xhtml"), 2);
        assert!(marks("article-001.xhtml")
            .iter()
            .all(|(_, l, d)| l.is_none() && d.is_none()));

        let ncx =
            mark_ncx_entries(&entry(&generated, "OEBPS/toc.ncx"), &languages(), "ncx").unwrap();
        let doc = parse(&ncx, "ncx").unwrap();
        let label = |src: &str| {
            let point = doc
                .descendants()
                .find(|n| n.has_tag_name((NCX_NS, "content")) && n.attribute("src") == Some(src))
                .unwrap()
                .parent_element()
                .unwrap();
            let label = point
                .children()
                .find(|n| n.has_tag_name((NCX_NS, "navLabel")))
                .unwrap();
            (
                label.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                label.attribute("dir"),
                label.attribute("lang"),
            )
        };
        assert_eq!(label("article-002.xhtml"), (Some("fa"), Some("rtl"), None));
        assert_eq!(
            label("article-003.xhtml#h-1"),
            (Some("en"), Some("ltr"), None)
        );
        assert_eq!(label("article-004.xhtml"), (None, None, None));
    }

    #[test]
    fn a_changed_template_is_an_error_not_a_wrong_book() {
        let nav = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><nav><ol><li><a href=\"article-002.xhtml\">x</a></li></ol></nav></body></html>";
        let err = mark_nav_entries(nav, &languages(), "OEBPS/nav.xhtml").unwrap_err();
        assert!(matches!(err, Error::Internal(_)), "{err}");
        assert!(err.to_string().contains("toc"), "{err}");
        let nav = "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"><body><nav epub:type=\"toc\"><ol><li><a href=\"article-002.xhtml\">x</a></li></ol></nav></body></html>";
        let err = mark_nav_entries(nav, &languages(), "OEBPS/nav.xhtml").unwrap_err();
        assert!(
            err.to_string().contains("no entry for article-003.xhtml"),
            "{err}"
        );
        let err = mark_ncx_entries("<ncx", &languages(), "OEBPS/toc.ncx").unwrap_err();
        assert!(err.to_string().contains("does not parse"), "{err}");
    }

    #[test]
    fn nothing_to_mark_leaves_the_file_as_it_was() {
        let text = "not even XML";
        assert_eq!(
            mark_nav_entries(text, &HashMap::new(), "nav").unwrap(),
            text
        );
        assert_eq!(
            mark_ncx_entries(text, &HashMap::new(), "ncx").unwrap(),
            text
        );
    }
}
