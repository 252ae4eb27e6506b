//! The one error type of the pipeline, and the exit code each kind of failure maps to.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes, after BSD's `sysexits.h`, so scripts can tell a bad book from a full disk.
pub mod exit {
    /// The book was written, or every book checked has no error.
    pub const OK: u8 = 0;
    /// `warraq check` found an error in a book.
    pub const FINDINGS: u8 = 1;
    /// The command line was wrong (clap's own code).
    pub const USAGE: u8 = 2;
    /// An input was read but its content is wrong: text, metadata or image.
    pub const DATA: u8 = 65;
    /// An input file is missing or cannot be read.
    pub const NO_INPUT: u8 = 66;
    /// The output file or its directory cannot be created.
    pub const CANT_CREATE: u8 = 73;
    /// Any other input/output failure, and internal errors.
    pub const IO: u8 = 74;
}

/// Everything that can stop a build. Every variant that concerns a file carries its path.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file is missing or unreadable.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file that could not be read.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },

    /// A file was read but its content is not acceptable. `place` is `:line:column` or empty.
    #[error("{}{place}: {message}", path.display())]
    Input {
        /// The offending file.
        path: PathBuf,
        /// `:line:column` when known, else empty.
        place: String,
        /// What is wrong, lowercase, one line.
        message: String,
        /// What the user can do about it.
        hint: Option<String>,
    },

    /// A value given on the command line is not acceptable.
    #[error("{flag}: {message}")]
    Flag {
        /// The flag, e.g. `--lang`.
        flag: &'static str,
        /// What is wrong.
        message: String,
        /// What the user can do about it.
        hint: Option<String>,
    },

    /// A cover image cannot be used.
    #[error("{}: {message}", path.display())]
    Cover {
        /// The cover file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
        /// What the user can do about it.
        hint: Option<String>,
        /// The decoder's own words, when it had some.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// No font can set the text of a generated cover.
    #[error("{message}")]
    NoFont {
        /// Which text lacks a font.
        message: String,
        /// How to get one.
        hint: String,
    },

    /// The output file or its directory cannot be created or written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },

    /// A step of our own failed where it never should; a bug to report.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A one-line hint to print under the message, when there is one.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Input { hint, .. } | Error::Flag { hint, .. } | Error::Cover { hint, .. } => {
                hint.as_deref()
            }
            Error::NoFont { hint, .. } => Some(hint),
            Error::Read { source, .. } if source.kind() == io::ErrorKind::NotFound => {
                Some("check the path and the current directory")
            }
            Error::Internal(_) => {
                Some("this is a bug in warraq; please report it with the input that caused it")
            }
            _ => None,
        }
    }

    /// The process exit code for this error (see [`exit`]).
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Error::Read { .. } | Error::NoFont { .. } => exit::NO_INPUT,
            Error::Input { .. } | Error::Flag { .. } | Error::Cover { .. } => exit::DATA,
            Error::Write { .. } => exit::CANT_CREATE,
            Error::Internal(_) => exit::IO,
        })
    }

    /// An [`Error::Input`] without a position.
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            place: String::new(),
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint to an error that can carry one; other errors are returned unchanged.
    pub fn with_hint(mut self, text: impl Into<String>) -> Self {
        if let Error::Input { hint, .. } | Error::Flag { hint, .. } | Error::Cover { hint, .. } =
            &mut self
        {
            *hint = Some(text.into());
        }
        self
    }
}
