//! The only place that imports `epub_builder`: assembles the book, then hands the archive
//! to the finishing pass for what epub-builder cannot do.

use std::collections::HashMap;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};

use crate::model::Book;
use crate::package::ocf::{self, Finishing, Payload};
use crate::package::{opf, EntryLanguages};
use crate::render::xhtml::{Document, Role};
use warraq_core::error::{Error, Result};

/// A file packaged beside the documents: an image an article shows, an embedded font.
#[derive(Debug, Clone)]
pub struct Resource<'a> {
    /// Its path inside `OEBPS/`.
    pub(crate) href: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// Its media type.
    pub(crate) media_type: &'a str,
}

/// The finished EPUB, as bytes: `documents` in reading order, `cover_href` for the cover image.
///
/// epub-builder writes the package, navigation and NCX; the documents, images and style sheet
/// it gets empty, and the finishing pass puts their bytes in, so each is compressed once.
pub fn package(
    book: &Book,
    documents: &[Document],
    stylesheet: &str,
    cover_href: Option<&str>,
    resources: &[Resource],
) -> Result<Vec<u8>> {
    let meta = &book.metadata;
    let (generated, payloads) = assemble(book, documents, stylesheet, cover_href, resources)?;
    ocf::finish(
        &generated,
        &Finishing {
            language: &meta.language,
            direction: meta.direction,
            identifier: &meta.identifier,
            metadata: &opf::metadata(book),
            entry_languages: &entry_languages(documents),
            landmarks_label: meta.language.landmarks_label(),
            modified: meta.modified,
            payloads,
        },
    )
}

/// epub-builder's archive before the finishing pass, and the bytes of the entries it was
/// given empty, by entry name.
pub(crate) fn assemble<'a>(
    book: &'a Book,
    documents: &'a [Document],
    stylesheet: &'a str,
    cover_href: Option<&str>,
    resources: &[Resource<'a>],
) -> Result<(Vec<u8>, HashMap<String, Payload<'a>>)> {
    assemble_with_builder(book, documents, stylesheet, cover_href, resources)
        .map_err(|e| Error::Internal(format!("epub-builder: {e}")))
}

/// [`assemble`] in epub-builder's own error type.
fn assemble_with_builder<'a>(
    book: &'a Book,
    documents: &'a [Document],
    stylesheet: &'a str,
    cover_href: Option<&str>,
    resources: &[Resource<'a>],
) -> epub_builder::Result<(Vec<u8>, HashMap<String, Payload<'a>>)> {
    let meta = &book.metadata;
    let mut builder = EpubBuilder::new(ZipLibrary::new()?)?;
    builder.epub_version(EpubVersion::V30);
    builder.metadata("title", meta.title.as_str())?;
    builder.add_language(meta.language.as_str());
    // `epub_direction()` sets a field no template reads; this one reaches the spine.
    builder.metadata("direction", meta.direction.as_str())?;
    builder.set_generator(concat!("warraq ", env!("CARGO_PKG_VERSION")));
    builder.set_toc_name(meta.language.contents_label());
    if let Some(description) = &meta.description {
        builder.add_description(description.as_str());
    }
    for subject in &meta.subjects {
        builder.add_subject(subject.as_str());
    }
    if let Some(rights) = &meta.rights {
        builder.set_license(rights.as_str());
    }
    builder.set_modified_date(meta.modified);
    // A fixed placeholder, replaced by our identifier in the finishing pass: otherwise a
    // random UUID v4 would make every build different.
    builder.set_uuid(uuid::Uuid::nil());
    let mut payloads = HashMap::with_capacity(documents.len() + resources.len() + 2);
    let mut payload = |href: &str, payload| {
        payloads.insert(format!("OEBPS/{href}"), payload);
    };
    // epub-builder names it `stylesheet.css`.
    builder.stylesheet(EMPTY)?;
    payload("stylesheet.css", Payload::Style(stylesheet.as_bytes()));
    if let (Some(cover), Some(href)) = (&book.cover, cover_href) {
        builder.add_cover_image(href, EMPTY, cover.media_type)?;
        payload(href, Payload::Cover(cover));
    }
    for resource in resources {
        builder.add_resource(resource.href, EMPTY, resource.media_type)?;
        payload(resource.href, Payload::Resource(resource.bytes));
    }
    for (at, doc) in documents.iter().enumerate() {
        let mut content = content(doc);
        if matches!(doc.role, Role::Section { .. }) {
            // Its articles' entries nested under its own, up to the next section.
            let nested = documents[at + 1..]
                .iter()
                .take_while(|d| matches!(d.role, Role::Article { nested: true, .. }));
            for article in nested {
                content = content.child(entry(article));
            }
        }
        builder.add_content(content)?;
        let bytes = match &doc.packed {
            Some(packed) => Payload::Packed(packed),
            None => Payload::Text(doc.xhtml.as_bytes()),
        };
        payload(&doc.href, bytes);
    }
    let mut generated = Vec::new();
    builder.generate(&mut generated)?;
    Ok((generated, payloads))
}

/// The language and direction of the documents not in the book's, by `href`.
pub(crate) fn entry_languages(documents: &[Document]) -> EntryLanguages {
    documents
        .iter()
        .filter_map(|d| Some((d.href.clone(), d.own_language.clone()?)))
        .collect()
}

const EMPTY: &[u8] = &[];

/// A document as epub-builder content, its bytes left to the finishing pass. Only articles get a title, since a title is what
/// puts a document into the table of contents; the others are found through the guide.
fn content(doc: &Document) -> EpubContent<&[u8]> {
    let content = EpubContent::new(doc.href.as_str(), EMPTY);
    match doc.role {
        Role::Cover => content.reftype(ReferenceType::Cover),
        Role::TitlePage => content.reftype(ReferenceType::TitlePage),
        Role::Contents => content.reftype(ReferenceType::Toc),
        Role::Article { first, nested } => {
            let mut content = if nested {
                content
            } else {
                content.title(doc.toc_title.as_deref().unwrap_or_default())
            };
            if first {
                content = content.reftype(ReferenceType::Text);
            }
            if !nested {
                for child in headings(doc) {
                    content = content.child(child);
                }
            }
            content
        }
        Role::Section { first } => {
            let content = content.title(doc.toc_title.as_deref().unwrap_or_default());
            if first {
                content.reftype(ReferenceType::Text)
            } else {
                content
            }
        }
        Role::BackMatter => content.title(doc.toc_title.as_deref().unwrap_or_default()),
    }
}

/// An article's entry in the navigation, its headings nested under it.
fn entry(doc: &Document) -> TocElement {
    let mut element = TocElement::new(
        doc.href.as_str(),
        doc.toc_title.as_deref().unwrap_or_default(),
    );
    for child in headings(doc) {
        element = element.child(child);
    }
    element
}

/// A document's headings as entries, nested by level.
fn headings(doc: &Document) -> Vec<TocElement> {
    let mut tree = TocElement::new("", "");
    for heading in &doc.headings {
        let url = format!("{}#{}", doc.href, heading.id);
        tree.add(TocElement::new(url, heading.text.as_str()).level(i32::from(heading.level)));
    }
    tree.children
}
