//! `warraq edition`: a day's articles from feeds, as one book, from a recipe or a lone feed.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use warraq::lang::LanguageTag;
use warraq::pipeline::edition::{self, CachePlace, EditionOptions, Progress};
use warraq::read::polite::Politeness;
use warraq::{Format, Report};

use super::{lang_value, source_date_epoch};
use crate::messages;

/// `warraq edition`: flags override the recipe.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// An edition.toml recipe, or one feed: its http or https URL, or its file (RSS, Atom,
    /// JSON Feed).
    pub input: PathBuf,
    /// Where to write the EPUB [default: dist/<slug of the title and date>.epub].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The edition's title [default: the recipe's, or the feed's].
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// The edition's language, a BCP 47 tag [default: the recipe's, or the feed's].
    #[arg(long, value_name = "TAG", value_parser = lang_value)]
    pub lang: Option<LanguageTag>,
    /// The edition's number [default: the recipe's `number`, or counted from its
    /// `first_edition`].
    #[arg(long, value_name = "N")]
    pub number: Option<u32>,
    /// Keep fetched answers in DIR [default: warraq in the user's cache directory].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
    /// Fetch everything anew, and keep nothing.
    #[arg(long)]
    pub(crate) no_cache: bool,
    /// Requests open to one host at once.
    #[arg(long, value_name = "N", default_value_t = warraq::read::polite::PER_HOST)]
    pub per_host: usize,
    /// Milliseconds each of a host's slots waits between two of its requests.
    #[arg(long, value_name = "MS", default_value_t = 50)]
    pub delay: u64,
    /// Write a Kobo KEPUB (.kepub.epub) instead of an EPUB.
    #[arg(long)]
    pub(crate) kobo: bool,
    /// Print the particulars behind each summary warning.
    #[arg(short, long)]
    pub(crate) verbose: bool,
}

/// A bar of the articles had, on a terminal only.
struct Bar(Option<ProgressBar>);

impl Progress for Bar {
    fn start(&self, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
        }
    }
    fn done(&self, title: &str) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
            bar.set_message(title.chars().take(40).collect::<String>());
        }
    }
}

pub(crate) fn run(args: &Args) -> ExitCode {
    messages::set_verbose(args.verbose);
    let mut report = Report::default();
    let bar = Bar(std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} articles {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    }));
    let result = source_date_epoch().and_then(|modified| {
        let options = EditionOptions {
            input: args.input.clone(),
            output: args.output.clone(),
            title: args.title.clone(),
            lang: args.lang.clone(),
            number: args.number,
            modified,
            format: if args.kobo {
                Format::Kepub
            } else {
                Format::Epub
            },
            cache: match (&args.cache, args.no_cache) {
                (_, true) => CachePlace::Off,
                (Some(dir), false) => CachePlace::Dir(dir.clone()),
                (None, false) => CachePlace::User,
            },
            politeness: Politeness {
                per_host: args.per_host.max(1),
                delay: Duration::from_millis(args.delay),
                ..Politeness::default()
            },
            ..EditionOptions::default()
        };
        edition::edition(&options, &mut report, &bar)
    });
    if let Some(bar) = &bar.0 {
        bar.finish_and_clear();
    }
    messages::finish(&report, result)
}
