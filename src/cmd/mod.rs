//! The subcommands, one module each (in the manner of mdBook's `cmd/`): each holds its clap
//! arguments and its `run`, which calls the library and returns the exit code. Flags several
//! subcommands take are defined once here and flattened into them.

mod build;
mod check;
mod cover;
mod edition;
mod fix;
mod help;
#[cfg(feature = "serve")]
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use warraq::lang::LanguageTag;
use warraq::read::fields::{PubDate, TextEncoding};
use warraq::{Error, Fields};

/// What `build` and `cover` read when no input is named: the book directory `./book`.
pub(crate) const DEFAULT_BOOK: &str = "book";

/// Turn an article, its metadata and a cover into a right-to-left EPUB 3.
#[derive(Debug, Parser)]
#[command(name = "warraq", version, about, after_help = help::OVERVIEW)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
// Parsed once per run: boxing `Build` to even out the sizes would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build an EPUB from a book directory, an article file or a page's URL.
    #[command(after_help = help::BUILD)]
    Build(build::Args),
    /// Check EPUB files: container, package, XHTML and right-to-left set-up.
    #[command(after_help = help::CHECK)]
    Check(check::Args),
    /// Repair EPUB files: right-to-left set-up, container, package, EPUB 2 to EPUB 3.
    #[command(after_help = help::FIX)]
    Fix(fix::Args),
    /// Make an edition: a day's articles from feeds (a recipe, or one feed), as one book.
    #[command(after_help = help::EDITION)]
    Edition(edition::Args),
    /// Draw the cover `build` generates for a book without one, and write it alone.
    #[command(after_help = help::COVER)]
    Cover(cover::Args),
    /// Make, check and fix books in a web browser: a page in Arabic and English, on this
    /// machine.
    #[cfg(feature = "serve")]
    #[command(after_help = help::SERVE)]
    Serve(serve::Args),
}

/// Runs the subcommand and returns its exit code.
pub(crate) fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Fix(args) => fix::run(&args),
        Command::Cover(args) => cover::run(&args),
        Command::Edition(args) => edition::run(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(&args),
    }
}

/// The book's input and the metadata flags `build` and `cover` share.
#[derive(Debug, clap::Args)]
pub(crate) struct BookFlags {
    /// A book directory (book.toml and its articles), a single article file (.txt, .md,
    /// .html, .htm, .xhtml, .docx), the http or https URL of an article's page, or a feed
    /// (its URL or file), which makes an edition.
    #[arg(default_value = DEFAULT_BOOK)]
    pub input: PathBuf,
    /// Book title [default: the article's headline].
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// An author; repeat for several, in order.
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// BCP 47 language tag, e.g. ar, fa, he, ur, ar-EG [default: detected from the text].
    #[arg(long, value_name = "TAG", value_parser = lang_value)]
    pub lang: Option<LanguageTag>,
    /// Publisher.
    #[arg(long, value_name = "P")]
    pub publisher: Option<String>,
    /// The article's encoding, e.g. utf-8, utf-16le, windows-1256, iso-8859-6 [default:
    /// from its byte-order mark, else UTF-8, else detected from its bytes].
    #[arg(long, value_name = "NAME", value_parser = encoding_value)]
    pub encoding: Option<TextEncoding>,
    /// A TrueType or OpenType font (.ttf, .otf, .woff, .woff2): embedded for the text, and
    /// the drawn cover's title is set in it [default: a system font that has the title's
    /// letters, for the cover].
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
}

impl BookFlags {
    /// The settings these flags give, their values parsed.
    pub(crate) fn fields(&self) -> Fields {
        Fields {
            title: self.title.clone(),
            authors: self.authors.clone(),
            lang: self.lang.clone(),
            publisher: self.publisher.clone(),
            encoding: self.encoding,
            font: self.font.clone(),
            ..Fields::default()
        }
    }
}

/// A `--lang` value, parsed by clap: a bad one is a usage error (exit 2) naming the flag.
pub(crate) fn lang_value(value: &str) -> Result<LanguageTag, String> {
    LanguageTag::parse(value)
        .map_err(|message| format!("{message}; give a BCP 47 tag such as ar, fa, he, ur or ar-EG"))
}

/// A `--date` value, parsed by clap.
fn date_value(value: &str) -> Result<PubDate, String> {
    PubDate::parse(value)
}

/// An `--encoding` value, parsed by clap.
fn encoding_value(value: &str) -> Result<TextEncoding, String> {
    TextEncoding::parse(value)
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for a build's timestamp.
pub(crate) fn source_date_epoch() -> Result<Option<DateTime<Utc>>, Error> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let invalid = || Error::Flag {
        flag: "SOURCE_DATE_EPOCH",
        message: format!("{value:?} is not a number of seconds since 1970-01-01"),
        hint: Some("unset it, or set it to e.g. $(git log -1 --format=%ct)".into()),
    };
    let seconds: i64 = value.trim().parse().map_err(|_| invalid())?;
    DateTime::from_timestamp(seconds, 0)
        .map(Some)
        .ok_or_else(invalid)
}
