//! Every link of an article made safe to write, whatever its reader: an address outside the
//! book is replaced by its serialised form (see [`warraq_core::document::url`]), and one that does
//! not parse loses its link, its text kept, with a warning naming the article and the address.
//! A page's malformed link must not break the book (EPUBCheck's `RSC-020`).

use std::path::Path;

use warraq_core::document::url::{link, Link};
use warraq_core::document::{Document, Inline};
use warraq_core::warning::{Warning, WarningKind};

/// Serialises or drops the links of `document`, read from `path`.
pub fn normalise(path: &Path, document: &mut Document, warnings: &mut Vec<Warning>) {
    document.each_inlines_mut(&mut |inlines| {
        let mut at = 0;
        while at < inlines.len() {
            let Inline::Link { href, content, .. } = &mut inlines[at] else {
                at += 1;
                continue;
            };
            match link(href) {
                Link::External(written) => {
                    *href = written;
                    at += 1;
                }
                Link::Elsewhere => at += 1,
                Link::Invalid(why) => {
                    warnings.push(Warning::new(WarningKind::Link, format!(
                        "{}: the link to {href:?} is left out, its text kept: it is not a valid address ({why})",
                        path.display()
                    )));
                    let content = std::mem::take(content);
                    let kept = content.len();
                    inlines.splice(at..=at, content);
                    at += kept;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use warraq_core::document::Block;

    fn linked(href: &str) -> Inline {
        Inline::Link {
            href: href.into(),
            title: String::new(),
            content: vec![Inline::Text("رابط".into())],
        }
    }

    #[test]
    fn links_are_serialised_or_left_as_their_text() {
        let mut document = Document::default();
        document.blocks.push(Block::Paragraph {
            attrs: Default::default(),
            content: vec![
                linked("http://example.com/a\\b"),
                Inline::Text(" و ".into()),
                linked("http://exa mple.com/"),
                Inline::Strong(vec![linked("mailto:x@y.org?subject=hi there")]),
            ],
        });
        let mut warnings = Vec::new();
        normalise(Path::new("page.html"), &mut document, &mut warnings);
        let Block::Paragraph { content, .. } = &document.blocks[0] else {
            panic!()
        };
        assert!(
            matches!(&content[0], Inline::Link { href, .. } if href == "http://example.com/a/b")
        );
        assert_eq!(content[1], Inline::Text(" و ".into()));
        assert_eq!(content[2], Inline::Text("رابط".into()));
        let Inline::Strong(inner) = &content[3] else {
            panic!("{content:?}")
        };
        assert!(
            matches!(&inner[0], Inline::Link { href, .. } if href == "mailto:x@y.org?subject=hi%20there")
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].kind, WarningKind::Link);
        assert!(warnings[0].message.starts_with(
            "page.html: the link to \"http://exa mple.com/\" is left out, its text kept"
        ));
    }
}
