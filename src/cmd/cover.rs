//! `warraq cover`: the cover `build` would draw, written alone.

use std::path::PathBuf;
use std::process::ExitCode;

use warraq::{CoverOptions, Report};

use super::BookFlags;
use crate::messages;

/// `warraq cover`: flags override `book.toml`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub book: BookFlags,
    /// Where to write the cover: JPEG, or PNG when the name ends in .png
    /// [default: dist/<slug of the title>-cover.jpg].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args) -> ExitCode {
    let mut report = Report::default();
    let result = args.book.fields().and_then(|flags| {
        let options = CoverOptions {
            input: args.book.input.clone(),
            output: args.output.clone(),
            flags,
        };
        warraq::draw_cover(&options, &mut report)
    });
    messages::finish(&report, result)
}
