//! The `warraq` binary: parse the command line, run the library, report, exit.

mod cli;

use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Parser;

use cli::{Cli, Command};
use warraq::error::exit;
use warraq::{BuildOptions, Error, Report};

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
        Command::Build(args) => {
            let mut report = Report::default();
            let result = source_date_epoch().and_then(|modified| {
                let options = BuildOptions {
                    input: args.input.clone(),
                    output: args.output.clone(),
                    flags: args.fields(),
                    modified,
                    encoding: args.encoding.clone(),
                };
                warraq::build(&options, &mut report)
            });
            for note in &report.notes {
                eprintln!("warraq: {note}");
            }
            for warning in &report.warnings {
                eprintln!("warraq: warning: {warning}");
            }
            match result {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
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
