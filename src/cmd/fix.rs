//! `warraq fix`: one line per repair, then what remains.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use warraq::error::exit;
use warraq::{check, fix};

use super::{lang_value, source_date_epoch};
use crate::messages;
use warraq::lang::LanguageTag;

/// `warraq fix`: one line per repair, then what remains; exit 1 when the fixed book still
/// has errors.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The EPUB files to fix.
    #[arg(required = true, value_name = "BOOK.epub")]
    pub(crate) files: Vec<PathBuf>,
    /// Where to write: a file for one book, a directory for several [default: dist/<name>.epub].
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace each book with its fixed version (atomically: never a half-written book).
    #[arg(long, conflicts_with_all = ["output", "dry_run"])]
    pub(crate) in_place: bool,
    /// The book's main language (BCP 47), when its dc:language is missing or wrong
    /// [default: the declared one, else detected from the text].
    #[arg(long, value_name = "TAG", value_parser = lang_value)]
    pub lang: Option<LanguageTag>,
    /// Say what would be repaired, and what would remain, without writing anything.
    #[arg(long, conflicts_with = "output")]
    pub(crate) dry_run: bool,
    /// Print a JSON array, one object per book, instead of lines.
    #[arg(long)]
    pub(crate) json: bool,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let lang = args.lang.clone();
    let modified = match source_date_epoch() {
        Ok(time) => time.unwrap_or_else(Utc::now),
        Err(e) => return messages::error(&e),
    };
    let target = if args.dry_run {
        fix::files::Target::Nowhere
    } else if args.in_place {
        fix::files::Target::InPlace
    } else {
        fix::files::Target::Output(args.output.clone())
    };
    let jobs = match fix::files::plan(&args.files, &target) {
        Ok(jobs) => jobs,
        Err(e) => return messages::error(&e),
    };
    let options = fix::Options { lang, modified };
    let mut code = None;
    let mut remaining = false;
    let mut json = Vec::new();
    for job in &jobs {
        match fix::files::run(job, &options) {
            Ok(fixed) => {
                let outcome = fix::report::Outcome {
                    input: &job.input,
                    output: job.output.as_ref(),
                    fixed: &fixed,
                };
                if args.json {
                    json.push(fix::report::json(&outcome));
                } else {
                    print!("{}", fix::report::human(&outcome));
                }
                remaining |= fixed
                    .findings
                    .iter()
                    .any(|f| f.severity == check::Severity::Error);
            }
            Err(e) => {
                if args.json {
                    json.push(serde_json::json!({
                        "file": job.input.display().to_string(),
                        "error": e.to_string(),
                    }));
                }
                let failed = messages::error(&e);
                code.get_or_insert(failed);
            }
        }
    }
    if args.json {
        let text = serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".into());
        println!("{text}");
    }
    match code {
        Some(code) => code,
        None if remaining => ExitCode::from(exit::FINDINGS),
        None => ExitCode::SUCCESS,
    }
}
