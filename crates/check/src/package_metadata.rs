//! The package document's metadata: version, identifiers, `dcterms:modified`, title and
//! languages. The manifest, spine and cover are checked in `package.rs`.

use roxmltree::Node;

use super::package::{text, Ctx, Located};
use super::{rules, Findings};
use warraq_epub::opf::{self, is_utc_timestamp};
use warraq_epub::xml::DC_NS;

impl Ctx<'_, '_> {
    /// Whether the book is EPUB 3, after checking `version`.
    pub(super) fn version(&self, root: Node, out: &mut Findings) -> bool {
        match root.attribute("version").map(str::trim) {
            Some("3.0") => true,
            Some("2.0") | Some("2.0.1") => {
                out.add(rules::OPF_EPUB2, self.loc(root), "this is an EPUB 2 book");
                false
            }
            Some(other) => {
                out.add(
                    rules::OPF_VERSION,
                    self.loc(root),
                    format!("version is {other:?}, not \"3.0\""),
                );
                true
            }
            None => {
                out.add(
                    rules::OPF_VERSION,
                    self.loc(root),
                    "<package> has no version",
                );
                true
            }
        }
    }

    pub(super) fn unique_identifier(&self, root: Node, out: &mut Findings) {
        let Some(id) = root.attribute("unique-identifier") else {
            out.add(
                rules::OPF_UNIQUE_ID,
                self.loc(root),
                "<package> has no unique-identifier",
            );
            return;
        };
        let target = self
            .doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id));
        match target {
            Some(n) if n.has_tag_name((DC_NS, "identifier")) && !text(n).is_empty() => {}
            Some(n) if n.has_tag_name((DC_NS, "identifier")) => out.add(
                rules::OPF_UNIQUE_ID,
                self.loc(n),
                "the dc:identifier is empty",
            ),
            Some(n) => out.add(
                rules::OPF_UNIQUE_ID,
                self.loc(n),
                format!("unique-identifier {id:?} names a <{}>", n.tag_name().name()),
            ),
            None => out.add(
                rules::OPF_UNIQUE_ID,
                self.loc(root),
                format!("unique-identifier {id:?} names no element"),
            ),
        }
    }

    pub(super) fn modified(&self, metadata: Node, out: &mut Findings) {
        let modified = opf::modified(metadata);
        match modified.as_slice() {
            [one] if is_utc_timestamp(&text(*one)) => {}
            [one] => out.add(
                rules::OPF_MODIFIED,
                self.loc(*one),
                format!(
                    "dcterms:modified is {:?}, not YYYY-MM-DDThh:mm:ssZ",
                    text(*one)
                ),
            ),
            [] => out.add(
                rules::OPF_MODIFIED,
                self.loc(metadata),
                "no dcterms:modified",
            ),
            [_, second, ..] => out.add(
                rules::OPF_MODIFIED,
                self.loc(*second),
                format!("{} dcterms:modified, not one", modified.len()),
            ),
        }
    }

    pub(super) fn title(&self, metadata: Node, out: &mut Findings) {
        let titles = || {
            metadata
                .children()
                .filter(|n| n.has_tag_name((DC_NS, "title")))
        };
        if titles().next().is_none() {
            out.add(rules::OPF_TITLE, self.loc(metadata), "no dc:title");
        } else if titles().all(|t| text(t).is_empty()) {
            out.add(
                rules::OPF_TITLE,
                self.loc(metadata),
                "the dc:title is empty",
            );
        }
    }

    pub(super) fn languages(
        &self,
        metadata: Option<Node>,
        root: Node,
        out: &mut Findings,
    ) -> Vec<Located> {
        let languages: Vec<Located> = metadata
            .into_iter()
            .flat_map(|m| m.children())
            .filter(|n| n.has_tag_name((DC_NS, "language")))
            .map(|n| Located {
                value: text(n),
                location: self.loc(n),
            })
            .collect();
        if languages.is_empty() {
            out.add(
                rules::OPF_LANGUAGE,
                self.loc(metadata.unwrap_or(root)),
                "no dc:language",
            );
        }
        for language in &languages {
            if let Err(e) = warraq_core::lang::LanguageTag::parse(&language.value) {
                out.add(
                    rules::OPF_LANGUAGE,
                    language.location.as_str(),
                    format!("dc:language {e}"),
                );
            }
        }
        languages
    }
}
