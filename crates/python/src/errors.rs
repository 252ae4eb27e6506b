//! warraq's failures as the Python exceptions of `warraq._exceptions`: the class chosen by the
//! exit code the command line would give, carrying the message, hint and code it prints.

use std::any::Any;
use std::process::ExitCode;

use pyo3::prelude::*;
use warraq::error::exit;
use warraq::Error;

/// The exit codes the library's errors map to, and the class each one raises.
const CLASSES: [(u8, &str); 4] = [
    (exit::DATA, "InputError"),
    (exit::NO_INPUT, "UnreadableError"),
    (exit::CANT_CREATE, "WriteError"),
    (exit::IO, "InternalError"),
];

/// A failure on its way to Python: what the command line would print and its exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        // The code is the library's own mapping (`Error::exit_code`), read back from ExitCode.
        let code = CLASSES
            .iter()
            .map(|(code, _)| *code)
            .find(|code| error.exit_code() == ExitCode::from(*code))
            .unwrap_or(exit::IO);
        Failure {
            code,
            message: message(&error),
            hint: error.hint().map(str::to_string),
        }
    }
}

impl Failure {
    /// A failure the input caused (exit code 65).
    pub(crate) fn input(message: String, hint: Option<String>) -> Failure {
        Failure {
            code: exit::DATA,
            message,
            hint,
        }
    }

    /// A panic caught before it crossed into Python: a bug of ours, reported as one.
    pub(crate) fn panic(payload: &(dyn Any + Send)) -> Failure {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        Failure::from(Error::Internal(what))
    }

    /// The Python exception: `warraq._exceptions.<class>(message, hint, code)`.
    pub(crate) fn into_pyerr(self, py: Python<'_>) -> PyErr {
        let class = CLASSES
            .iter()
            .find(|(code, _)| *code == self.code)
            .map_or("WarraqError", |(_, class)| class);
        let raised = py
            .import("warraq._exceptions")
            .and_then(|module| module.getattr(class))
            .and_then(|class| class.call1((self.message, self.hint, self.code)));
        match raised {
            Ok(exception) => PyErr::from_value(exception),
            Err(e) => e,
        }
    }
}

/// The message with its causes, as the command line prints them (`src/messages.rs`): each
/// cause the message does not already contain, after "caused by:".
fn message(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str("\n  caused by: ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
