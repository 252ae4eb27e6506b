//! The types the stages pass along: a [`Book`] and its parts, the output [`Format`], and the
//! [`Report`] of what a build noticed. Every stage imports them from here, never from the
//! crate root.

use std::sync::Arc;

use crate::prepare::article::Article;
use crate::prepare::font::FontFile;
use crate::prepare::metadata::Metadata;
use crate::prepare::picture::Picture;

/// The file a book directory keeps its metadata in.
pub const BOOK_TOML: &str = "book.toml";

/// Everything a book is made of, read and checked.
#[derive(Debug, Clone)]
pub struct Book {
    /// Its metadata.
    pub metadata: Metadata,
    /// Its articles, in reading order.
    pub articles: Vec<Article>,
    /// Its cover, when it has one (shared between the books of a batch).
    pub cover: Option<Arc<Picture>>,
    /// The images its articles show.
    pub images: Vec<ArticleImage>,
    /// Which front-matter pages it has.
    pub layout: Layout,
    /// The font embedded for its text, when one was given.
    pub font: Option<Arc<FontFile>>,
}

/// What kind of book to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// EPUB 3, for every reader.
    #[default]
    Epub,
    /// Kobo's KEPUB: an EPUB 3 with Kobo's sentence spans, read by Kobo's own engine.
    Kepub,
}

impl Format {
    /// The file extension of a book in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Kepub => "kepub.epub",
        }
    }
}

/// The pages a book has besides its cover and articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// A title page after the cover.
    pub title_page: bool,
    /// A page listing the articles.
    pub contents_page: bool,
}

/// An image an article shows, prepared by the cover's rules.
#[derive(Debug, Clone)]
pub struct ArticleImage {
    /// Which article (0-based).
    pub article: usize,
    /// The destination as the article wrote it.
    pub src: String,
    /// The image, ready to package.
    pub picture: Picture,
}

/// What a build had to say besides its result: choices it made and things it repaired.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Informational lines (e.g. the language it detected).
    pub notes: Vec<String>,
    /// Warnings about the input.
    pub warnings: Vec<String>,
    /// The particulars behind a summary warning (each image left out), for `--verbose`.
    pub details: Vec<String>,
}
