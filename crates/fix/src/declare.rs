//! The one XML error `fix` repairs: the `epub` prefix (`epub:type`, `epub:switch`) used
//! without being declared, which converters often leave out (the Shamela library's, among
//! others). Such a document is not well-formed, and WebKit's readers show nothing of it; the
//! prefix is declared on its root element, and any other error is left as it was.

use warraq_epub::xml::parse_xml;

/// The namespace of `epub:type` and the other `epub:` attributes.
const OPS_NS: &str = "http://www.idpf.org/2007/ops";

/// Parses `text`; when only an undeclared `epub` prefix keeps it from parsing (generators
/// write `epub:type` without declaring it, and WebKit's readers then show nothing of the
/// document), parses it again with the prefix declared on the root element, kept in
/// `repaired`. The text parsed, its tree, and whether the prefix was declared; `None` when it
/// does not parse either way (the check reports it, and `fix` leaves it alone).
pub(crate) fn parse_or_declare<'t>(
    text: &'t str,
    repaired: &'t mut Option<String>,
) -> Option<(&'t str, roxmltree::Document<'t>, bool)> {
    match parse_xml(text) {
        Ok(doc) => Some((text, doc, false)),
        Err(roxmltree::Error::UnknownNamespace(prefix, _)) if prefix == "epub" => {
            let at = root_name_end(text)?;
            *repaired = Some(format!(
                "{} xmlns:epub=\"{OPS_NS}\"{}",
                &text[..at],
                &text[at..]
            ));
            let repaired: &'t Option<String> = repaired;
            let text = repaired.as_deref()?;
            Some((text, parse_xml(text).ok()?, true))
        }
        Err(_) => None,
    }
}

/// Where the root element's name ends, past the XML declaration, comments, processing
/// instructions and the document type declaration.
fn root_name_end(text: &str) -> Option<usize> {
    let mut at = 0;
    loop {
        at += text[at..].len() - text[at..].trim_start().len();
        let rest = &text[at..];
        at += if rest.starts_with("<?") {
            rest.find("?>")? + 2
        } else if rest.starts_with("<!--") {
            rest.find("-->")? + 3
        } else if rest.starts_with("<!") {
            // A document type declaration; its internal subset, if any, is in brackets.
            let close = match (rest.find('['), rest.find('>')) {
                (Some(open), Some(end)) if open < end => open + rest[open..].find(']')?,
                _ => 0,
            };
            close + rest[close..].find('>')? + 1
        } else if let Some(tag) = rest.strip_prefix('<') {
            let name = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            return Some(at + 1 + name);
        } else {
            return None;
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(text: &str) -> Option<String> {
        let mut repaired = None;
        let (text, _, declared) = parse_or_declare(text, &mut repaired)?;
        declared.then(|| text.to_string())
    }

    #[test]
    fn an_undeclared_epub_prefix_is_declared_on_the_root() {
        let text = "<?xml version=\"1.0\"?>\n<!-- a > b -->\n<!DOCTYPE html [<!ENTITY e \"x>\">]>\n\
                    <html xmlns=\"http://www.w3.org/1999/xhtml\"><body><section epub:type=\"chapter\">\
                    <p>&e;</p></section></body></html>";
        let fixed = declared(text).unwrap();
        assert!(
            fixed.contains("<html xmlns:epub=\"http://www.idpf.org/2007/ops\" xmlns="),
            "{fixed}"
        );
        assert_eq!(
            fixed.len(),
            text.len() + " xmlns:epub=\"\"".len() + OPS_NS.len()
        );
    }

    #[test]
    fn a_well_formed_document_or_another_error_is_left_alone() {
        let right = "<html xmlns=\"http://www.w3.org/1999/xhtml\" \
                     xmlns:epub=\"http://www.idpf.org/2007/ops\"><body epub:type=\"x\"/></html>";
        assert_eq!(declared(right), None);
        let mut repaired = None;
        assert!(parse_or_declare(right, &mut repaired).is_some());
        for wrong in [
            "<html><body m:math=\"x\"/></html>",
            "<html><body epub:type=\"x\"></html>",
            "<html><body>&nbsp;</body></html>",
        ] {
            let mut repaired = None;
            assert!(parse_or_declare(wrong, &mut repaired).is_none(), "{wrong}");
        }
    }

    #[test]
    fn the_root_name_ends_where_its_attributes_or_tag_end() {
        assert_eq!(root_name_end("<html>"), Some(5));
        assert_eq!(root_name_end("  <?xml version='1.0'?><html/>"), Some(28));
        assert_eq!(root_name_end("<!DOCTYPE html><html\n lang='ar'>"), Some(20));
        assert_eq!(root_name_end("no markup"), None);
        assert_eq!(root_name_end("<!-- unclosed"), None);
    }
}
