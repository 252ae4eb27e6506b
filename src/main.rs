//! The `warraq` binary: parse the command line, run the subcommand ([`cmd`]), return its exit
//! code. Everything it prints to standard error goes through [`messages`].

mod cmd;
mod messages;

use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;

use clap::Parser;

use warraq::error::exit;
use warraq::Error;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
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
        messages::error(&Error::Internal(format!("panicked{place}: {message}")));
    }));
    panic::catch_unwind(AssertUnwindSafe(|| cmd::run(cli))).unwrap_or(ExitCode::from(exit::IO))
}
