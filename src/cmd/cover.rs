//! `warraq cover`: the cover `build` would draw, written alone.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use warraq::{CoverOptions, Report};

use super::{BookFlags, DEFAULT_BOOK};
use crate::messages;

/// `warraq cover`: flags override `book.toml`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) book: BookFlags,
    /// Where to write the cover: JPEG, or PNG when the name ends in .png
    /// [default: dist/<slug of the title>-cover.jpg].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    if args.book.input == Path::new(DEFAULT_BOOK) && !args.book.input.exists() {
        return messages::no_default_book("cover");
    }
    let mut report = Report::default();
    let options = CoverOptions {
        input: args.book.input.clone(),
        output: args.output.clone(),
        flags: args.book.fields(),
    };
    let result = warraq::draw_cover(&options, &mut report);
    messages::finish(&report, result)
}
