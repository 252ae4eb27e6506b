//! A missing `META-INF/container.xml` made again: it can only name the package document when
//! the archive holds exactly one, so any other count is a refusal rather than a guess.

use warraq_check::archive::nfc;
use warraq_epub::xml::escape;

/// Where the container document lives.
pub(crate) const CONTAINER: &str = "META-INF/container.xml";

/// The package document `META-INF/container.xml` should name, and the document itself;
/// otherwise why it cannot be told (no `.opf` entry, or several), or why it cannot be added
/// (an entry whose name differs from it only in case or Unicode normalisation, which the check
/// would then report as a duplicate, `OCF-009`).
pub(crate) fn recreate(names: &[String]) -> Result<(String, Vec<u8>), String> {
    if let Some(near) = names
        .iter()
        .find(|n| nfc(n).to_lowercase() == CONTAINER.to_lowercase())
    {
        return Err(format!(
            "{CONTAINER} is missing, and the archive has {near:?}, which differs from it only \
             in case: rename that entry to {CONTAINER}"
        ));
    }
    let packages: Vec<&String> = names
        .iter()
        .filter(|n| !n.ends_with('/'))
        .filter(|n| {
            n.len() > 4
                && n.is_char_boundary(n.len() - 4)
                && n[n.len() - 4..].eq_ignore_ascii_case(".opf")
        })
        .collect();
    match packages.as_slice() {
        [one] => Ok(((*one).clone(), document(one).into_bytes())),
        [] => Err(format!(
            "{CONTAINER} is missing, and the archive holds no .opf package document"
        )),
        several => Err(format!(
            "{CONTAINER} is missing, and the archive holds {} .opf package documents ({}): \
             which one is the book cannot be told",
            several.len(),
            several
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The container document naming the package document `path`, as the OCF specification
/// writes it.
fn document(path: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
         \x20 <rootfiles>\n\
         \x20   <rootfile full-path=\"{}\" media-type=\"application/oebps-package+xml\"/>\n\
         \x20 </rootfiles>\n\
         </container>\n",
        escape(path)
    )
}

/// The container's repairs, read off what the check found: the new archive always starts
/// with an exact, stored `mimetype` without extra field.
pub(crate) fn repairs(before: &[warraq_check::Finding]) -> Vec<crate::Repair> {
    let what = [
        (
            warraq_check::rules::OCF_MIMETYPE_FIRST,
            "mimetype written first",
        ),
        (
            warraq_check::rules::OCF_MIMETYPE_STORED,
            "mimetype stored, not compressed",
        ),
        (
            warraq_check::rules::OCF_MIMETYPE_CONTENT,
            "mimetype holds exactly application/epub+zip",
        ),
        (
            warraq_check::rules::OCF_MIMETYPE_EXTRA,
            "mimetype written without extra field",
        ),
    ];
    what.iter()
        .filter(|(rule, _)| before.iter().any(|f| f.code == rule.code))
        .map(|(rule, message)| crate::Repair {
            code: rule.code,
            message: (*message).to_string(),
            location: "mimetype".into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::recreate;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn the_one_package_document_is_named() {
        let (path, bytes) = recreate(&names(&[
            "mimetype",
            "OEBPS/",
            "OEBPS/Content & more.OPF",
            "OEBPS/a.xhtml",
        ]))
        .unwrap();
        assert_eq!(path, "OEBPS/Content & more.OPF");
        let text = String::from_utf8(bytes).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let rootfile = doc
            .descendants()
            .find(|n| n.has_tag_name("rootfile"))
            .unwrap();
        assert_eq!(rootfile.attribute("full-path"), Some(path.as_str()));
        assert_eq!(
            rootfile.attribute("media-type"),
            Some("application/oebps-package+xml")
        );
    }

    /// Found by the `fix` fuzz target: a container whose name differs only in case is not the
    /// container; adding the right one beside it made a duplicate (`OCF-009`) that the next
    /// `fix` refused. The book is refused now, saying which entry to rename.
    #[test]
    fn a_container_in_another_case_is_not_doubled() {
        let why = recreate(&names(&[
            "mimetype",
            "META-INF/cOntainer.xml",
            "EPUB/package.opf",
        ]))
        .unwrap_err();
        assert!(
            why.contains("\"META-INF/cOntainer.xml\", which differs from it only in case"),
            "{why}"
        );
    }

    #[test]
    fn none_or_several_cannot_be_told() {
        let none = recreate(&names(&["mimetype", "a.xhtml", "opf"])).unwrap_err();
        assert!(none.contains("no .opf"), "{none}");
        let two = recreate(&names(&["a.opf", "b/c.opf"])).unwrap_err();
        assert!(
            two.contains("2 .opf package documents (a.opf, b/c.opf)"),
            "{two}"
        );
    }
}
