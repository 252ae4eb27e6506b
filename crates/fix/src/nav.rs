//! The EPUB 3 navigation document an EPUB 2 book lacks, made from its NCX (the table of
//! contents) and its guide (the landmarks), in the book's language and direction. The NCX
//! itself stays, for readers that only know EPUB 2.

use std::fmt::Write;

use roxmltree::Node;

use super::package::Opf;
use warraq_check::href::resolve;
use warraq_core::document::url;
use warraq_core::lang::LanguageTag;
use warraq_epub::xml::escape;
use warraq_epub::xml::NCX_NS;
use warraq_epub::xml::{decode, parse_xml};

/// One entry of the table of contents: its label, the entry (and fragment) it points at, and
/// the entries under it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Point {
    label: String,
    target: String,
    children: Vec<Point>,
}

/// The guide's reference types and the `epub:type` each is in EPUB 3's structural vocabulary.
const LANDMARKS: &[(&str, &str)] = &[
    ("cover", "cover"),
    ("title-page", "titlepage"),
    ("toc", "toc"),
    ("text", "bodymatter"),
    ("preface", "preface"),
    ("foreword", "foreword"),
    ("copyright-page", "copyright-page"),
    ("dedication", "dedication"),
    ("epigraph", "epigraph"),
    ("acknowledgements", "acknowledgments"),
    ("bibliography", "bibliography"),
    ("glossary", "glossary"),
    ("index", "index"),
    ("colophon", "colophon"),
    ("loi", "loi"),
    ("lot", "lot"),
];

/// A free entry name for the navigation document, beside the package document.
pub(crate) fn entry_name(package: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let base = package.rfind('/').map_or("", |i| &package[..=i]);
    let mut name = format!("{base}nav.xhtml");
    let mut n = 0;
    while taken(&name.to_lowercase()) {
        n += 1;
        name = format!("{base}nav-{n}.xhtml");
    }
    name
}

/// The navigation document at entry `nav`, from the NCX's bytes (when the book has one) and
/// the package; `title` is the book's title.
pub(crate) fn document(
    nav: &str,
    ncx: Option<(&str, &[u8])>,
    opf: &Opf,
    language: &LanguageTag,
) -> String {
    let mut points = ncx
        .and_then(|(entry, bytes)| read_ncx(entry, bytes))
        .unwrap_or_default();
    let base = nav.rfind('/').map_or("", |i| &nav[..=i]);
    let lang = escape(language.as_str());
    let dir = language.direction();
    let title = escape(language.contents_label());
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<title>{title}</title>\n</head>\n\
         <body lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">\n\
         <nav epub:type=\"toc\" id=\"toc\">\n<h1>{title}</h1>\n"
    );
    // A navigation document may only link documents of the spine.
    let in_spine = |target: &str| {
        let entry = target.split('#').next().unwrap_or("");
        opf.spine.iter().any(|s| s == entry)
    };
    keep_in_spine(&mut points, &in_spine);
    if points.is_empty() {
        // Without an NCX (or with an empty one) the first spine document stands for the book.
        points = opf
            .spine
            .iter()
            .take(1)
            .map(|entry| Point {
                label: if opf.title.is_empty() {
                    entry.clone()
                } else {
                    opf.title.clone()
                },
                target: entry.clone(),
                children: vec![],
            })
            .collect();
    }
    list(&points, base, &mut out);
    out.push_str("</nav>\n");
    let landmarks: Vec<(&str, &str, &str)> = opf
        .guide
        .iter()
        .filter(|(_, _, target)| in_spine(target))
        .filter_map(|(kind, label, target)| {
            let (_, epub_type) = LANDMARKS
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(kind))?;
            Some((*epub_type, label.as_str(), target.as_str()))
        })
        .collect();
    if !landmarks.is_empty() {
        let _ = writeln!(
            out,
            "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>{}</h2>\n<ol>",
            escape(language.landmarks_label())
        );
        for (epub_type, label, target) in landmarks {
            let label = if label.is_empty() { epub_type } else { label };
            let _ = writeln!(
                out,
                "<li><a epub:type=\"{epub_type}\" href=\"{}\">{}</a></li>",
                escape(&relative(base, target)),
                escape(label)
            );
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Drops the points that link outside the spine, lifting their children into their place.
fn keep_in_spine(points: &mut Vec<Point>, in_spine: &dyn Fn(&str) -> bool) {
    let mut kept = Vec::with_capacity(points.len());
    for mut point in points.drain(..) {
        keep_in_spine(&mut point.children, in_spine);
        if in_spine(&point.target) {
            kept.push(point);
        } else {
            kept.extend(point.children);
        }
    }
    *points = kept;
}

fn list(points: &[Point], base: &str, out: &mut String) {
    out.push_str("<ol>\n");
    for point in points {
        let label = if point.label.is_empty() {
            "—"
        } else {
            &point.label
        };
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a>",
            escape(&relative(base, &point.target)),
            escape(label)
        );
        if !point.children.is_empty() {
            out.push('\n');
            list(&point.children, base, out);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

fn read_ncx(entry: &str, bytes: &[u8]) -> Option<Vec<Point>> {
    let text = decode(bytes)?;
    let doc = parse_xml(&text).ok()?;
    let base = entry.rfind('/').map_or("", |i| &entry[..=i]);
    let nav_map = doc
        .descendants()
        .find(|n| n.has_tag_name((NCX_NS, "navMap")))?;
    Some(points(nav_map, base))
}

fn points(parent: Node, base: &str) -> Vec<Point> {
    parent
        .children()
        .filter(|n| n.has_tag_name((NCX_NS, "navPoint")))
        .filter_map(|p| {
            let label = p
                .children()
                .find(|n| n.has_tag_name((NCX_NS, "navLabel")))
                .and_then(|l| l.descendants().find(|n| n.has_tag_name((NCX_NS, "text"))))
                .map(|t| {
                    t.text()
                        .unwrap_or("")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            let src = p
                .children()
                .find(|n| n.has_tag_name((NCX_NS, "content")))?
                .attribute("src")?
                .trim();
            let entry = resolve(base, src)?;
            let fragment = src
                .split_once('#')
                .map_or(String::new(), |(_, f)| format!("#{f}"));
            Some(Point {
                label,
                target: format!("{entry}{fragment}"),
                children: points(p, base),
            })
        })
        .collect()
}

/// An `href` from a document in directory `base` (ending in `/` or empty) to `target` (an
/// entry name, perhaps with a fragment), percent-encoding what a URL cannot hold.
fn relative(base: &str, target: &str) -> String {
    let from: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut path = "../".repeat(from.len() - common);
    path.push_str(&to[common..].join("/"));
    // The entry's name as it is, every character a URL may not hold escaped (check's
    // `XML-003`); its fragment after the one `#`.
    match path.split_once('#') {
        Some((path, fragment)) => {
            format!(
                "{}#{}",
                url::escape(path, false),
                url::escape(fragment, false)
            )
        }
        None => url::escape(&path, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_hrefs() {
        assert_eq!(relative("OEBPS/", "OEBPS/a.xhtml#b"), "a.xhtml#b");
        assert_eq!(relative("OEBPS/", "text/a b.xhtml"), "../text/a%20b.xhtml");
        assert_eq!(relative("", "OEBPS/Text/a.xhtml"), "OEBPS/Text/a.xhtml");
        // Whatever an entry is called, the href passes the check.
        for name in [
            "Text/ch[1].xhtml#a|b",
            "Text/50%.xhtml",
            "نص/الفصل ١.xhtml#ح",
        ] {
            let href = relative("OEBPS/", name);
            assert_eq!(url::violation(&href), None, "{href}");
        }
        assert_eq!(relative("OEBPS/", "OEBPS/ch[1].xhtml"), "ch%5B1%5D.xhtml");
    }

    #[test]
    fn the_ncx_becomes_a_nested_list_in_the_book_s_language() {
        let ncx = r#"<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
            <navPoint id="a"><navLabel><text>الأول &amp; </text></navLabel><content src="Text/one.xhtml"/>
              <navPoint id="b"><navLabel><text>فرع</text></navLabel><content src="Text/one.xhtml#s"/></navPoint>
            </navPoint></navMap></ncx>"#;
        let opf = Opf {
            guide: vec![("text".into(), "النص".into(), "OEBPS/Text/one.xhtml".into())],
            spine: vec!["OEBPS/Text/one.xhtml".into()],
            ..Opf::default()
        };
        let ar = LanguageTag::parse("ar").unwrap();
        let nav = document(
            "OEBPS/nav.xhtml",
            Some(("OEBPS/toc.ncx", ncx.as_bytes())),
            &opf,
            &ar,
        );
        assert!(nav.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">"));
        assert!(nav.contains("<li><a href=\"Text/one.xhtml\">الأول &amp;</a>\n<ol>\n<li><a href=\"Text/one.xhtml#s\">فرع</a></li>"));
        assert!(nav.contains("<a epub:type=\"bodymatter\" href=\"Text/one.xhtml\">النص</a>"));
        roxmltree::Document::parse_with_options(
            &nav,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
    }
}
