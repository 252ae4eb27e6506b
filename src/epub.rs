//! The only place that imports `epub_builder`: assembles the book, then hands the archive
//! to the finishing pass for what epub-builder cannot do.

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};

use crate::error::Result;
use crate::ocf::{self, Finishing};
use crate::xhtml;
use crate::Book;

/// File name of the article's content document inside `OEBPS/`.
const ARTICLE: &str = "article.xhtml";
/// File name of the cover page inside `OEBPS/`.
const COVER_PAGE: &str = "cover.xhtml";

/// The finished EPUB, as bytes.
pub fn package(book: &Book) -> Result<Vec<u8>> {
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
    builder.stylesheet(xhtml::STYLESHEET.as_bytes())?;

    if let Some(cover) = &book.cover {
        let href = format!("images/cover.{}", cover.extension);
        builder.add_cover_image(&href, cover.bytes.as_slice(), cover.media_type)?;
        let page = xhtml::cover_document(meta, cover, &href);
        // No title: a title would also put the cover into the table of contents.
        builder.add_content(
            EpubContent::new(COVER_PAGE, page.as_bytes()).reftype(ReferenceType::Cover),
        )?;
    }
    let article = xhtml::article_document(meta, &book.article);
    builder.add_content(
        EpubContent::new(ARTICLE, article.as_bytes())
            .title(book.article.headline.as_str())
            .reftype(ReferenceType::Text),
    )?;

    let mut generated = Vec::new();
    builder.generate(&mut generated)?;

    ocf::finish(
        &generated,
        &Finishing {
            package_attributes: &xhtml::package_attributes(meta),
            package_metadata: &xhtml::package_metadata(meta),
            identifier: &xhtml::escape(&meta.identifier),
            root_attributes: &xhtml::root_attributes(meta),
            modified: meta.modified,
        },
    )
}
