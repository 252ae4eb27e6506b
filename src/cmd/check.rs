//! `warraq check`: findings on standard output.

use std::path::PathBuf;
use std::process::ExitCode;

use warraq::check::{self, FileReport};

use super::lang_value;
use warraq::lang::LanguageTag;

/// `warraq check`: findings on standard output; exit 1 when any file has an error.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The EPUB files to check.
    #[arg(required = true, value_name = "FILE.epub")]
    pub(crate) files: Vec<PathBuf>,
    /// Print a JSON array, one object per file, instead of lines.
    #[arg(long)]
    pub(crate) json: bool,
    /// Check against this language (BCP 47) instead of the book's own first dc:language.
    #[arg(long, value_name = "TAG", value_parser = lang_value)]
    pub lang: Option<LanguageTag>,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let lang = args.lang.clone();
    let options = check::Options {
        lang,
        ..check::Options::default()
    };
    let reports: Vec<FileReport> = args
        .files
        .iter()
        .map(|file| FileReport::of(file, &options))
        .collect();
    if args.json {
        print!("{}", check::report::json(&reports));
    } else {
        print!("{}", check::report::human(&reports));
    }
    ExitCode::from(check::exit_code(&reports))
}
