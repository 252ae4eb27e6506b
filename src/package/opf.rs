//! The package document (`OEBPS/content.opf`), the whole of its content told here.
//!
//! epub-builder writes it from its template with what `crate::package::epub` gives it:
//! - `<package version="3.0" unique-identifier="epub-id-1">`;
//! - in `<metadata>`: `dc:identifier` (a nil UUID, so that no random one is drawn),
//!   `dc:title`, one `dc:language`, `dcterms:modified` (the build's fixed time), then
//!   `dc:description`, `dc:subject`s and `dc:rights` when the book has them, and
//!   `<meta name="cover">` when it has a cover;
//! - the manifest (the navigation document, the NCX, the style sheet, the cover image, the
//!   documents, the images and the font), the spine in reading order with
//!   `page-progression-direction`, and the guide from the documents' reference types.
//!
//! What it cannot write, or writes wrongly (docs/epub-builder.md), warraq adds by the
//! operations of [`Opf`]:
//! - `dir` and `xml:lang` on `<package>`, which Apple Books reads the text direction from;
//! - the book's own identifier in place of the nil UUID;
//! - the [`Meta`] elements of [`metadata`], at the end of `<metadata>`: each author as a
//!   `dc:creator` with the `aut` role (epub-builder's own would share an id with
//!   `dc:language`), `dc:publisher`, `dc:source`, `dc:date` as given (epub-builder's would be
//!   a timestamp), `ibooks:specified-fonts` with an embedded font (and the `ibooks` prefix on
//!   `<package>`), and the EPUB Accessibility 1.1 metadata.

use roxmltree::Node;

use super::{parse, Parsed};
use crate::model::Book;
use warraq_core::error::Result;
use warraq_core::lang::{Direction, LanguageTag};
use warraq_epub::xml::escape;
use warraq_epub::xml::splice;
use warraq_epub::xml::{DC_NS, OPF_NS, XML_NS};

/// The package document's name in the archive.
pub(crate) const NAME: &str = "OEBPS/content.opf";

/// One element (or, for an author, two) warraq adds to `<metadata>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Meta {
    /// An author: `<dc:creator id="creator-N">` and the refinement giving it the `aut` role.
    Author {
        /// Its place among the authors, from 1: its id is `creator-{number}`.
        number: usize,
        /// The name as written.
        name: String,
    },
    /// A Dublin Core element.
    Dc(Dc, String),
    /// The series a book or an edition belongs to: `belongs-to-collection` with its type and,
    /// when it has a number, its place in the series.
    Collection {
        /// The series' name.
        name: String,
        /// The edition's number.
        position: Option<u32>,
    },
    /// `<meta property="…">`, with a language and direction of its own when it is prose.
    Property {
        /// The property.
        property: Property,
        /// Its value.
        value: String,
        /// The language and direction of the value, when it is text for people to read.
        language: Option<(LanguageTag, Direction)>,
    },
}

/// The Dublin Core elements warraq writes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dc {
    /// `dc:publisher`.
    Publisher,
    /// `dc:source`: where the text comes from.
    Source,
    /// `dc:date`: the publication date as given (YYYY, YYYY-MM or YYYY-MM-DD).
    Date,
}

/// The `<meta property>`s warraq writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Property {
    /// `ibooks:specified-fonts`: Apple Books ignores a book's fonts unless it says they are
    /// meant.
    SpecifiedFonts,
    /// `schema:accessMode`.
    AccessMode,
    /// `schema:accessModeSufficient`.
    AccessModeSufficient,
    /// `schema:accessibilityFeature`.
    AccessibilityFeature,
    /// `schema:accessibilityHazard`.
    AccessibilityHazard,
    /// `dcterms:conformsTo`: the accessibility conformance claimed.
    ConformsTo,
    /// `a11y:certifiedBy`: who claims it.
    CertifiedBy,
    /// `a11y:exemption`.
    Exemption,
    /// `schema:accessibilitySummary`.
    AccessibilitySummary,
}

/// The prefix of Apple's package vocabulary. EPUB 3 reserves `schema:`, `dcterms:` and
/// `a11y:`; `ibooks:` must be declared.
const IBOOKS_PREFIX: &str =
    "ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/";

impl Property {
    /// The property as written in `property="…"`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Property::SpecifiedFonts => "ibooks:specified-fonts",
            Property::AccessMode => "schema:accessMode",
            Property::AccessModeSufficient => "schema:accessModeSufficient",
            Property::AccessibilityFeature => "schema:accessibilityFeature",
            Property::AccessibilityHazard => "schema:accessibilityHazard",
            Property::ConformsTo => "dcterms:conformsTo",
            Property::CertifiedBy => "a11y:certifiedBy",
            Property::Exemption => "a11y:exemption",
            Property::AccessibilitySummary => "schema:accessibilitySummary",
        }
    }

    /// The prefix declaration its vocabulary needs on `<package>`, when it is not reserved.
    fn prefix(self) -> Option<&'static str> {
        (self == Property::SpecifiedFonts).then_some(IBOOKS_PREFIX)
    }
}

impl Dc {
    fn element(self) -> &'static str {
        match self {
            Dc::Publisher => "dc:publisher",
            Dc::Source => "dc:source",
            Dc::Date => "dc:date",
        }
    }
}

impl Meta {
    fn property(property: Property, value: impl Into<String>) -> Meta {
        Meta::Property {
            property,
            value: value.into(),
            language: None,
        }
    }

    /// Its markup: one element, or two for an author.
    fn elements(&self) -> Vec<String> {
        match self {
            Meta::Author { number: n, name } => vec![
                format!("<dc:creator id=\"creator-{n}\">{}</dc:creator>", escape(name)),
                format!(
                    "<meta refines=\"#creator-{n}\" property=\"role\" scheme=\"marc:relators\">aut</meta>"
                ),
            ],
            Meta::Collection { name, position } => {
                let mut out = vec![
                    format!(
                        "<meta property=\"belongs-to-collection\" id=\"collection\">{}</meta>",
                        escape(name)
                    ),
                    "<meta refines=\"#collection\" property=\"collection-type\">series</meta>"
                        .to_string(),
                ];
                if let Some(n) = position {
                    out.push(format!(
                        "<meta refines=\"#collection\" property=\"group-position\">{n}</meta>"
                    ));
                }
                out
            }
            Meta::Dc(dc, value) => {
                let element = dc.element();
                vec![format!("<{element}>{}</{element}>", escape(value))]
            }
            Meta::Property {
                property,
                value,
                language,
            } => {
                let language = language.as_ref().map_or(String::new(), |(lang, dir)| {
                    format!(" xml:lang=\"{}\" dir=\"{dir}\"", escape(lang.as_str()))
                });
                vec![format!(
                    "<meta property=\"{}\"{language}>{}</meta>",
                    property.name(),
                    escape(value)
                )]
            }
        }
    }
}

/// What warraq adds to `<metadata>` for `book`, in order.
pub(crate) fn metadata(book: &Book) -> Vec<Meta> {
    let meta = &book.metadata;
    let mut out = Vec::new();
    for (i, author) in meta.authors.iter().enumerate() {
        out.push(Meta::Author {
            number: i + 1,
            name: author.clone(),
        });
    }
    let simple = [
        (Dc::Publisher, &meta.publisher),
        (Dc::Source, &meta.source),
        (Dc::Date, &meta.date),
    ];
    for (dc, value) in simple {
        if let Some(value) = value {
            out.push(Meta::Dc(dc, value.clone()));
        }
    }
    if let Some(edition) = &book.edition {
        out.push(Meta::Collection {
            name: meta.title.clone(),
            position: edition.number,
        });
    } else if let Some((name, position)) = &meta.series {
        out.push(Meta::Collection {
            name: name.clone(),
            position: *position,
        });
    }
    if book.font.is_some() {
        out.push(Meta::property(Property::SpecifiedFonts, "true"));
    }
    accessibility(book, &mut out);
    out
}

/// EPUB Accessibility 1.1 metadata, stating only what is true of every book warraq writes:
/// text throughout, navigable by its table of contents and headings, in spine order, with
/// no hazards; images only when there are some, and alternative text for all of them.
fn accessibility(book: &Book, out: &mut Vec<Meta>) {
    let meta = &book.metadata;
    let has_images = book.cover.is_some() || !book.images.is_empty();
    let mut property = |property, value: &str| out.push(Meta::property(property, value));
    property(Property::AccessMode, "textual");
    if has_images {
        property(Property::AccessMode, "visual");
    }
    property(Property::AccessModeSufficient, "textual");
    for feature in ["structuralNavigation", "tableOfContents", "readingOrder"] {
        property(Property::AccessibilityFeature, feature);
    }
    let alt_everywhere = book
        .articles
        .iter()
        .all(|a| a.images().iter().all(|i| !i.alt.trim().is_empty()));
    if has_images && alt_everywhere {
        property(Property::AccessibilityFeature, "alternativeText");
    }
    property(Property::AccessibilityHazard, "none");
    if let Some(certifier) = &meta.accessibility.certifier {
        property(
            Property::ConformsTo,
            "EPUB Accessibility 1.1 - WCAG 2.2 Level AA",
        );
        property(Property::CertifiedBy, certifier);
    }
    if let Some(exemption) = &meta.accessibility.exemption {
        property(Property::Exemption, exemption);
    }
    let own = meta.accessibility.summary.clone();
    let (summary, lang, dir) = match own.or_else(|| {
        meta.language
            .accessibility_summary(has_images && alt_everywhere)
    }) {
        Some(text) => (text, meta.language.clone(), meta.direction),
        None => {
            let english = LanguageTag::parse("en").expect("en is a valid tag");
            let text = english
                .accessibility_summary(has_images && alt_everywhere)
                .unwrap_or_default();
            (text, english, Direction::Ltr)
        }
    };
    out.push(Meta::Property {
        property: Property::AccessibilitySummary,
        value: summary,
        language: Some((lang, dir)),
    });
}

/// The package document, parsed, and the edits made to it so far.
pub(crate) struct Opf<'d, 't>(Parsed<'d, 't>);

impl<'d, 't> Opf<'d, 't> {
    /// epub-builder's package document `text` with the edits `edit` makes.
    pub(crate) fn edit(text: &str, edit: impl FnOnce(&mut Opf) -> Result<()>) -> Result<String> {
        let doc = parse(NAME, text)?;
        let mut opf = Opf(Parsed::new(NAME, &doc));
        edit(&mut opf)?;
        Ok(opf.0.finish())
    }

    /// `dir` and `xml:lang` on `<package>`.
    pub(crate) fn set_root_language(&mut self, lang: &LanguageTag, dir: Direction) -> Result<()> {
        let package = self.package()?;
        self.0.set(package, ("", "dir"), "dir", dir.as_str());
        self.0
            .set(package, (XML_NS, "lang"), "xml:lang", lang.as_str());
        Ok(())
    }

    /// The text of the `dc:identifier` that `<package unique-identifier>` names, replaced
    /// with `identifier`.
    pub(crate) fn replace_identifier(&mut self, identifier: &str) -> Result<()> {
        let package = self.package()?;
        let id = package
            .attribute("unique-identifier")
            .ok_or_else(|| self.0.missing("unique-identifier on <package>"))?;
        let element = self.0.find(&format!("<dc:identifier id=\"{id}\">"), |n| {
            n.has_tag_name((DC_NS, "identifier")) && n.attribute("id") == Some(id)
        })?;
        let text = splice::content_range(self.0.text, element)
            .ok_or_else(|| self.0.missing("text in <dc:identifier>"))?;
        self.0.edits.replace(text, escape(identifier));
        Ok(())
    }

    /// `items` at the end of `<metadata>`, each on a line of its own, and on `<package>` the
    /// prefixes their properties need. Call it after [`Opf::set_root_language`]: the prefix
    /// goes after the language at the start of the tag.
    pub(crate) fn append_metadata(&mut self, items: &[Meta]) -> Result<()> {
        let package = self.package()?;
        let metadata = package
            .children()
            .find(|n| n.has_tag_name((OPF_NS, "metadata")))
            .ok_or_else(|| self.0.missing("<metadata>"))?;
        let mut prefixes: Vec<&str> = Vec::new();
        for item in items {
            if let Meta::Property { property, .. } = item {
                prefixes.extend(property.prefix().filter(|p| !prefixes.contains(p)));
            }
        }
        if !prefixes.is_empty() {
            self.declare_prefixes(package, &prefixes);
        }
        let elements = items.iter().flat_map(Meta::elements);
        if !splice::append_children(&mut self.0.edits, self.0.text, metadata, elements) {
            return Err(self.0.missing("element in <metadata>"));
        }
        Ok(())
    }

    /// `prefixes` added to `<package prefix>`, after those it has.
    fn declare_prefixes(&mut self, package: Node, prefixes: &[&str]) {
        let ours = prefixes.join(" ");
        match package.attribute("prefix") {
            Some(theirs) => {
                let (edits, text) = (&mut self.0.edits, self.0.text);
                splice::replace_value(edits, text, package, "prefix", &format!("{theirs} {ours}"));
            }
            None => self.0.set(package, ("", "prefix"), "prefix", &ours),
        }
    }

    fn package(&self) -> Result<Node<'d, 't>> {
        let root = self.0.doc.root_element();
        if root.has_tag_name((OPF_NS, "package")) {
            Ok(root)
        } else {
            Err(self.0.missing("<package> root"))
        }
    }
}
