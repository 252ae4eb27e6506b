//! The `warraq` binary: parse the command line, run the library, report, exit.

mod cli;

use std::io::IsTerminal;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cli::{Cli, Command};
use warraq::batch::{self, BatchOptions, Outcome};
use warraq::check::{self, FileReport};
use warraq::error::exit;
use warraq::fix;
use warraq::lang::LanguageTag;
use warraq::{BuildOptions, CoverOptions, Error, Report};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is a bug, never the user's fault: one line and a hint, not a backtrace.
    panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        fail(&Error::Internal(format!("panicked{place}: {message}")));
    }));
    panic::catch_unwind(AssertUnwindSafe(|| run(cli))).unwrap_or(ExitCode::from(exit::IO))
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => match args.each.clone() {
            Some(dir) => build_each(&args, dir),
            None => build(&args),
        },
        Command::Check(args) => run_check(&args),
        Command::Fix(args) => run_fix(&args),
        Command::Cover(args) => cover(&args),
    }
}

fn cover(args: &cli::Cover) -> ExitCode {
    let mut report = Report::default();
    let options = CoverOptions {
        input: args.input.clone(),
        output: args.output.clone(),
        flags: args.fields(),
    };
    let result = warraq::draw_cover(&options, &mut report);
    print_report(None, &report);
    match result {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

fn build(args: &cli::Build) -> ExitCode {
    let mut report = Report::default();
    let result = source_date_epoch().and_then(|modified| {
        let options = BuildOptions {
            input: args.input.clone(),
            output: args.output.clone(),
            flags: args.fields(),
            modified,
            format: args.format(),
        };
        warraq::build(&options, &mut report)
    });
    print_report(None, &report);
    match result {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

fn build_each(args: &cli::Build, dir: PathBuf) -> ExitCode {
    let mut report = Report::default();
    let planned = source_date_epoch().and_then(|modified| {
        let options = BatchOptions {
            dir,
            out_dir: args.output.clone().unwrap_or_else(|| PathBuf::from("dist")),
            flags: args.fields(),
            modified,
            format: args.format(),
        };
        batch::plan(&options, &mut report)
    });
    print_report(None, &report);
    let plan = match planned {
        Ok(plan) => plan,
        Err(e) => return fail(&e),
    };

    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(
            Some(plan.books.len() as u64),
            ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} books {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let outcomes = batch::run(&plan, &|outcome: &Outcome| match &bar {
        Some(bar) => {
            bar.inc(1);
            if outcome.result.is_err() {
                bar.set_message(format!("failed: {}", outcome.input.display()));
            }
        }
        None => match &outcome.result {
            Ok(path) => println!("{}", path.display()),
            Err(e) => eprintln!("warraq: failed: {}", describe(&outcome.input, e)),
        },
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let failures: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    for outcome in &outcomes {
        print_report(Some(&outcome.input), &outcome.report);
    }
    eprintln!(
        "warraq: built {}, failed {}",
        outcomes.len() - failures.len(),
        failures.len()
    );
    for failure in &failures {
        if let Err(e) = &failure.result {
            eprintln!("  {}", describe(&failure.input, e));
        }
    }
    match failures.first().map(|f| &f.result) {
        Some(Err(e)) => e.exit_code(),
        _ => ExitCode::SUCCESS,
    }
}

/// An error of one book of a batch, naming its article unless the message already does.
fn describe(input: &Path, error: &Error) -> String {
    let message = error.to_string();
    if message.contains(&input.display().to_string()) {
        message
    } else {
        format!("{}: {message}", input.display())
    }
}

fn print_report(input: Option<&Path>, report: &Report) {
    let prefix = input
        .map(|i| format!("{}: ", i.display()))
        .unwrap_or_default();
    for note in &report.notes {
        eprintln!("warraq: {prefix}{note}");
    }
    for warning in &report.warnings {
        eprintln!("warraq: warning: {warning}");
    }
}

/// `--lang` of `check` and `fix`, parsed.
fn lang_flag(value: Option<&str>) -> Result<Option<LanguageTag>, Error> {
    value
        .map(LanguageTag::parse)
        .transpose()
        .map_err(|message| Error::Flag {
            flag: "--lang",
            message,
            hint: Some("give a BCP 47 tag such as ar, fa, he or ur".into()),
        })
}

fn run_check(args: &cli::Check) -> ExitCode {
    let lang = match lang_flag(args.lang.as_deref()) {
        Ok(lang) => lang,
        Err(error) => return fail(&error),
    };
    let options = check::Options {
        lang,
        direction: None,
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

fn run_fix(args: &cli::Fix) -> ExitCode {
    let lang = match lang_flag(args.lang.as_deref()) {
        Ok(lang) => lang,
        Err(error) => return fail(&error),
    };
    let modified = match source_date_epoch() {
        Ok(time) => time.unwrap_or_else(Utc::now),
        Err(e) => return fail(&e),
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
        Err(e) => return fail(&e),
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
                let failed = fail(&e);
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

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for a build's timestamp.
fn source_date_epoch() -> Result<Option<DateTime<Utc>>, Error> {
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

fn fail(error: &Error) -> ExitCode {
    eprintln!("warraq: error: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if !error.to_string().contains(&cause.to_string()) {
            eprintln!("  caused by: {cause}");
        }
        source = cause.source();
    }
    if let Some(hint) = error.hint() {
        eprintln!("  hint: {hint}");
    }
    error.exit_code()
}
