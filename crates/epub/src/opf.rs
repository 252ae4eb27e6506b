//! What `check` and `fix` both read in a package document the same way: the book's own
//! `dcterms:modified` and the form EPUB 3 wants its value in.

use roxmltree::Node;

use crate::xml::OPF_NS;

/// The `<meta property="dcterms:modified">` elements of `metadata` that date the book itself
/// (not one that `refines` another element), in order: EPUB 3 wants exactly one.
pub fn modified<'a, 'i>(metadata: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    metadata
        .children()
        .filter(|n| {
            n.has_tag_name((OPF_NS, "meta"))
                && n.attribute("property") == Some("dcterms:modified")
                && n.attribute("refines").is_none()
        })
        .collect()
}

/// `YYYY-MM-DDThh:mm:ssZ`, as EPUB 3 wants `dcterms:modified`.
///
/// ```
/// use warraq_epub::opf::is_utc_timestamp;
///
/// assert!(is_utc_timestamp("2019-02-27T00:00:00Z"));
/// assert!(!is_utc_timestamp("2019-02-27"));
/// ```
pub fn is_utc_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert!(is_utc_timestamp("2019-02-27T00:00:00Z"));
        assert!(!is_utc_timestamp("2019-02-27"));
        assert!(!is_utc_timestamp("2019-02-27T00:00:00+01:00"));
    }

    #[test]
    fn only_the_books_own_modified_counts() {
        let opf = r##"<package xmlns="http://www.idpf.org/2007/opf"><metadata>
<meta property="dcterms:modified">2019-02-27T00:00:00Z</meta>
<meta property="dcterms:modified" refines="#c">2020-01-01T00:00:00Z</meta>
<meta property="other">x</meta></metadata></package>"##;
        let doc = roxmltree::Document::parse(opf).unwrap();
        let metadata = doc.root_element().first_element_child().unwrap();
        let found = modified(metadata);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text(), Some("2019-02-27T00:00:00Z"));
    }
}
