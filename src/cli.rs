//! The command line, as clap derive types; the `///` comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use warraq::{DirChoice, Format};

const EXAMPLES: &str = "\
Examples:
  warraq build                       build ./book (book.toml + article.txt) into dist/
  warraq build article.txt --lang ar --author 'فريق التحرير' --cover cover.jpg -o book.epub
  warraq build --each articles/ -o books/      one EPUB per article, in parallel
  warraq check dist/*.epub           check books, right-to-left set-up included
  warraq fix old.epub -o fixed.epub  make an existing right-to-left EPUB right
  warraq fix books/*.epub --in-place --lang fa     fix many books where they are
  warraq build old.txt --encoding windows-1256 --lang ar
  warraq build --font NotoNaskhArabic-Regular.ttf --kobo      embed a font; write a .kepub.epub
  warraq cover -o cover.png          draw the cover a book without one gets

Exit codes:
  0 success, 1 check found errors (after fix: errors fix cannot repair), 2 usage, 65 bad input data, 66 input missing or unreadable
  (or no font for a cover asked to be drawn), 73 output cannot be created, 74 other I/O or
  internal error";

/// Turn an article, its metadata and a cover into a right-to-left EPUB 3.
#[derive(Debug, Parser)]
#[command(name = "warraq", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
// Parsed once per run: boxing `Build` to even out the sizes would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build an EPUB from a book directory or an article file.
    #[command(after_help = EXAMPLES)]
    Build(Build),
    /// Check EPUB files: container, package, XHTML and right-to-left set-up.
    #[command(after_help = EXAMPLES)]
    Check(Check),
    /// Repair EPUB files: right-to-left set-up, container, package, EPUB 2 to EPUB 3.
    #[command(after_help = EXAMPLES)]
    Fix(Fix),
    /// Draw the cover `build` generates for a book without one, and write it alone.
    Cover(Cover),
}

/// `warraq check`: findings on standard output; exit 1 when any file has an error.
#[derive(Debug, clap::Args)]
pub struct Check {
    /// The EPUB files to check.
    #[arg(required = true, value_name = "FILE.epub")]
    pub files: Vec<PathBuf>,
    /// Print a JSON array, one object per file, instead of lines.
    #[arg(long)]
    pub json: bool,
    /// Check against this language (BCP 47) instead of the book's own first dc:language.
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
}

/// `warraq fix`: one line per repair, then what remains; exit 1 when the fixed book still
/// has errors.
#[derive(Debug, clap::Args)]
pub struct Fix {
    /// The EPUB files to fix.
    #[arg(required = true, value_name = "BOOK.epub")]
    pub files: Vec<PathBuf>,
    /// Where to write: a file for one book, a directory for several [default: dist/<name>.epub].
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace each book with its fixed version (atomically: never a half-written book).
    #[arg(long, conflicts_with_all = ["output", "dry_run"])]
    pub in_place: bool,
    /// The book's main language (BCP 47), when its dc:language is missing or wrong
    /// [default: the declared one, else detected from the text].
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
    /// Say what would be repaired, and what would remain, without writing anything.
    #[arg(long, conflicts_with = "output")]
    pub dry_run: bool,
    /// Print a JSON array, one object per book, instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// `warraq build`: flags override `book.toml`.
#[derive(Debug, clap::Args)]
pub struct Build {
    /// A book directory (book.toml and its articles), or a single article file.
    #[arg(default_value = "book")]
    pub input: PathBuf,
    /// Build one book per article (*.txt, *.md) of DIR instead, with DIR/book.toml as shared
    /// defaults; -o then names the output directory [default: dist].
    #[arg(long, value_name = "DIR", conflicts_with = "input")]
    pub each: Option<PathBuf>,
    /// Where to write the EPUB [default: dist/<slug of the title>.epub].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Book title [default: the article's headline].
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// An author; repeat for several, in order.
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// BCP 47 language tag, e.g. ar, fa, he, ur, ar-EG [default: detected from the text].
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
    /// Text direction and page progression [default: auto, from the language].
    #[arg(long, value_enum)]
    pub dir: Option<DirChoice>,
    /// Publisher.
    #[arg(long, value_name = "P")]
    pub publisher: Option<String>,
    /// Publication date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A short description of the book.
    #[arg(long, value_name = "D")]
    pub description: Option<String>,
    /// A subject or keyword; repeat for several.
    #[arg(long = "subject", value_name = "S")]
    pub subjects: Vec<String>,
    /// Where the text comes from, usually a URL.
    #[arg(long, value_name = "URL")]
    pub source: Option<String>,
    /// Rights statement.
    #[arg(long, value_name = "R")]
    pub rights: Option<String>,
    /// Unique identifier, e.g. urn:isbn:… [default: a UUID v5 of the title and source].
    #[arg(long, value_name = "ID")]
    pub identifier: Option<String>,
    /// The article's encoding, e.g. utf-8, utf-16le, windows-1256, iso-8859-6 [default:
    /// from its byte-order mark, else UTF-8, else detected from its bytes].
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Cover image: JPEG, PNG, WebP, GIF, BMP or TIFF; `auto` draws one from the title,
    /// authors and publisher; `none` builds the book without a cover [default: drawn when
    /// the book names none].
    #[arg(long, value_name = "IMAGE")]
    pub cover: Option<PathBuf>,
    /// A TrueType or OpenType font (.ttf, .otf, .woff, .woff2) to embed for the text and to
    /// draw a generated cover with.
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    /// Write a Kobo KEPUB (.kepub.epub) instead of an EPUB; the same as --format kepub.
    #[arg(long, conflicts_with = "format")]
    pub kobo: bool,
    /// What to write [default: epub].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

/// `warraq cover`: flags override `book.toml`.
#[derive(Debug, clap::Args)]
pub struct Cover {
    /// A book directory (book.toml and its articles), or a single article file.
    #[arg(default_value = "book")]
    pub input: PathBuf,
    /// Where to write the cover: JPEG, or PNG when the name ends in .png
    /// [default: dist/<slug of the title>-cover.jpg].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Book title [default: the article's headline].
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// An author; repeat for several, in order.
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// Publisher.
    #[arg(long, value_name = "P")]
    pub publisher: Option<String>,
    /// BCP 47 language tag [default: detected from the text].
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
    /// The article's encoding, as for `build` [default: detected].
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// A TrueType or OpenType font to set the text in [default: a system font that has the
    /// title's letters].
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
}

impl Cover {
    /// The metadata the flags give, in the library's terms.
    pub fn fields(&self) -> warraq::Fields {
        warraq::Fields {
            title: self.title.clone(),
            authors: self.authors.clone(),
            publisher: self.publisher.clone(),
            lang: self.lang.clone(),
            encoding: self.encoding.clone(),
            font: self.font.clone(),
            ..warraq::Fields::default()
        }
    }
}

impl Build {
    /// The metadata the flags give, in the library's terms.
    pub fn fields(&self) -> warraq::Fields {
        warraq::Fields {
            title: self.title.clone(),
            authors: self.authors.clone(),
            lang: self.lang.clone(),
            dir: self.dir,
            publisher: self.publisher.clone(),
            date: self.date.clone(),
            description: self.description.clone(),
            subjects: self.subjects.clone(),
            source: self.source.clone(),
            rights: self.rights.clone(),
            identifier: self.identifier.clone(),
            cover: self.cover.clone(),
            encoding: self.encoding.clone(),
            font: self.font.clone(),
            ..warraq::Fields::default()
        }
    }

    /// EPUB or KEPUB.
    pub fn format(&self) -> Format {
        if self.kobo {
            Format::Kepub
        } else {
            self.format.unwrap_or_default()
        }
    }
}
