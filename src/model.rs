//! The types the stages pass along: a [`Book`] and its parts, the output [`Format`], and the
//! [`Report`] of what a build noticed. Every stage imports them from here, never from the
//! crate root.

use std::sync::Arc;

use crate::prepare::calendar::DateLine;
use crate::prepare::metadata::Metadata;
use warraq_core::warning::Warning;
use warraq_cover::font::FontFile;
use warraq_cover::picture::Picture;
use warraq_readers::article::Article;

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
    pub(crate) images: Vec<ArticleImage>,
    /// Which front-matter pages it has.
    pub(crate) layout: Layout,
    /// The font embedded for its text, when one was given.
    pub font: Option<Arc<FontFile>>,
    /// What makes it an edition of a periodical, when it is one.
    pub(crate) edition: Option<Edition>,
}

/// An edition made from feeds: its number, date, sections, and what could not be had.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Edition {
    /// Its number in the series, when it has one.
    pub number: Option<u32>,
    /// Its date in each calendar its language keeps, Gregorian first.
    pub(crate) dates: Vec<DateLine>,
    /// Its sections, in order, each a run of the book's articles.
    pub sections: Vec<EditionSection>,
    /// For each of the book's articles, in order: its date and the link to its source.
    pub articles: Vec<ArticleSource>,
    /// The items that could not be had, each with its link and why.
    pub(crate) left_out: Vec<LeftOut>,
}

/// A section of an edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EditionSection {
    /// Its heading.
    pub title: String,
    /// Its articles: indices into the book's.
    pub articles: std::ops::Range<usize>,
}

/// Where an edition's article came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ArticleSource {
    /// When its feed says it was published, as the article's language writes a date.
    pub date: Option<String>,
    /// The page it came from, serialised.
    pub link: Option<String>,
}

/// An item of an edition's feeds that could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LeftOut {
    /// Its title, when its feed gives one.
    pub title: Option<String>,
    /// Its link, or its feed's.
    pub link: String,
    /// Why it was left out.
    pub(crate) reason: String,
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
    pub(crate) fn extension(self) -> &'static str {
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
    pub(crate) article: usize,
    /// The destination as the article wrote it.
    pub(crate) src: String,
    /// The image, ready to package.
    pub(crate) picture: Picture,
}

/// What a build had to say besides its result: choices it made and things it repaired.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Informational lines (e.g. the language it detected).
    pub notes: Vec<String>,
    /// Warnings about the input.
    pub warnings: Vec<Warning>,
    /// The particulars behind a summary warning (each image left out), for `--verbose`.
    pub details: Vec<String>,
}
