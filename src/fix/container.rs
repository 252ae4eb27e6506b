//! A missing `META-INF/container.xml` made again: it can only name the package document when
//! the archive holds exactly one, so any other count is a refusal rather than a guess.

use crate::render::xhtml::escape;

/// Where the container document lives.
pub const CONTAINER: &str = "META-INF/container.xml";

/// The package document `META-INF/container.xml` should name, and the document itself;
/// otherwise why it cannot be told (no `.opf` entry, or several).
pub fn recreate(names: &[String]) -> Result<(String, Vec<u8>), String> {
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
