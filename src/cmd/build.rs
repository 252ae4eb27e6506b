//! `warraq build`: one book, or one book per article with `--each`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use warraq::batch::{self, BatchOptions, Outcome};
use warraq::read::fields::PubDate;
use warraq::{BuildOptions, CoverArg, DirChoice, Error, Fields, Format, Report};

use super::{date_value, source_date_epoch, BookFlags, DEFAULT_BOOK};
use crate::messages;

/// `warraq build`: flags override `book.toml`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) book: BookFlags,
    /// Build one book per article (*.txt, *.md, *.html, *.htm, *.xhtml, *.docx) of DIR instead, with DIR/book.toml as shared
    /// defaults; -o then names the output directory [default: dist].
    #[arg(long, value_name = "DIR", conflicts_with = "input")]
    pub(crate) each: Option<PathBuf>,
    /// Print the particulars behind each summary warning (every image left out).
    #[arg(short, long)]
    pub(crate) verbose: bool,
    /// Where to write the EPUB [default: dist/<slug of the title>.epub].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Text direction and page progression [default: auto, from the language].
    #[arg(long, value_enum)]
    pub dir: Option<DirChoice>,
    /// Publication date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_value)]
    pub date: Option<PubDate>,
    /// A short description of the book.
    #[arg(long, value_name = "D")]
    pub description: Option<String>,
    /// A subject or keyword; repeat for several.
    #[arg(long = "subject", value_name = "S")]
    pub subjects: Vec<String>,
    /// The series the book belongs to.
    #[arg(long, value_name = "NAME")]
    pub series: Option<String>,
    /// The book's place in its series, from 1.
    #[arg(long, value_name = "N", requires = "series")]
    pub series_index: Option<u32>,
    /// Where the text comes from, usually a URL.
    #[arg(long, value_name = "URL")]
    pub source: Option<String>,
    /// Rights statement.
    #[arg(long, value_name = "R")]
    pub rights: Option<String>,
    /// Unique identifier, e.g. urn:isbn:… [default: a UUID v5 of the title and source].
    #[arg(long, value_name = "ID")]
    pub identifier: Option<String>,
    /// Cover image: JPEG, PNG, WebP, GIF, BMP or TIFF; `auto` draws one from the title,
    /// authors and publisher; `none` builds the book without a cover (`./auto` is a file
    /// named auto) [default: drawn when the book names none].
    #[arg(long, value_name = "IMAGE")]
    pub cover: Option<PathBuf>,
    /// Write a Kobo KEPUB (.kepub.epub) instead of an EPUB; the same as --format kepub.
    #[arg(long, conflicts_with = "format")]
    pub(crate) kobo: bool,
    /// What to write [default: epub].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Stop (exit 65) at a page whose article is in doubt, where a build warns and goes on.
    #[arg(long)]
    pub strict: bool,
}

impl Args {
    /// The settings the flags give, their values parsed.
    fn fields(&self) -> Fields {
        Fields {
            dir: self.dir,
            date: self.date.clone(),
            description: self.description.clone(),
            subjects: self.subjects.clone(),
            series: self.series.clone(),
            series_index: self.series_index,
            source: self.source.clone(),
            rights: self.rights.clone(),
            identifier: self.identifier.clone(),
            cover: self.cover.clone().map(CoverArg::from),
            strict: self.strict.then_some(true),
            ..self.book.fields()
        }
    }

    /// EPUB or KEPUB.
    fn format(&self) -> Format {
        if self.kobo {
            Format::Kepub
        } else {
            self.format.unwrap_or_default()
        }
    }
}

pub(crate) fn run(args: &Args) -> ExitCode {
    messages::set_verbose(args.verbose);
    match &args.each {
        Some(dir) => each(args, dir),
        None => one(args),
    }
}

fn one(args: &Args) -> ExitCode {
    if args.book.input == Path::new(DEFAULT_BOOK) && !args.book.input.exists() {
        return messages::no_default_book("build");
    }
    let mut report = Report::default();
    let result = source_date_epoch().and_then(|modified| {
        let options = BuildOptions {
            input: args.book.input.clone(),
            output: args.output.clone(),
            flags: args.fields(),
            modified,
            format: args.format(),
        };
        warraq::build(&options, &mut report)
    });
    messages::finish(&report, result)
}

fn each(args: &Args, dir: &Path) -> ExitCode {
    let mut report = Report::default();
    let planned = source_date_epoch().and_then(|modified| {
        let options = BatchOptions {
            dir: dir.to_path_buf(),
            out_dir: args.output.clone().unwrap_or_else(|| PathBuf::from("dist")),
            flags: args.fields(),
            modified,
            format: args.format(),
        };
        batch::plan(&options, &mut report)
    });
    messages::report(None, &report);
    let plan = match planned {
        Ok(plan) => plan,
        Err(e) => return messages::error(&e),
    };

    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::with_draw_target(
            Some(plan.books.len() as u64),
            ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} books {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let outcomes = batch::run(&plan, &|outcome: &Outcome| match &bar {
        Some(bar) => {
            bar.inc(1);
            if outcome.result.is_err() {
                bar.set_message(format!("failed: {}", outcome.input.display()));
            }
        }
        None => match &outcome.result {
            Ok(path) => println!("{}", path.display()),
            Err(e) => messages::book_failed(&outcome.input, e),
        },
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    for outcome in &outcomes {
        messages::report(Some(&outcome.input), &outcome.report);
    }
    let failures: Vec<(&Path, &Error)> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().err().map(|e| (o.input.as_path(), e)))
        .collect();
    messages::batch_summary(outcomes.len() - failures.len(), &failures);
    match failures.first() {
        Some((_, e)) => e.exit_code(),
        None => ExitCode::SUCCESS,
    }
}
