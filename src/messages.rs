//! Everything warraq says on standard error, in one place (in the manner of ripgrep's
//! `messages.rs`): notes, warnings and errors, each line naming the book it concerns when a
//! run builds several.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use warraq::{Error, Report};

static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Whether the particulars behind summary warnings are printed (`--verbose`).
pub(crate) fn set_verbose(verbose: bool) {
    VERBOSE.store(verbose, Ordering::Relaxed);
}

/// Prints a build's notes and warnings, and with `--verbose` their particulars; in a batch,
/// `book` is the article they concern.
pub(crate) fn report(book: Option<&Path>, report: &Report) {
    for note in &report.notes {
        eprintln!("warraq: {}", about(book, note));
    }
    for warning in &report.warnings {
        eprintln!("warraq: warning: {}", about(book, &warning.message));
    }
    if VERBOSE.load(Ordering::Relaxed) {
        for detail in &report.details {
            eprintln!("warraq:   {}", about(book, detail));
        }
    }
}

/// The end of a command that writes one file: its report, then the path written (on
/// standard output) or the error; the exit code.
pub(crate) fn finish(report: &Report, result: Result<PathBuf, Error>) -> ExitCode {
    self::report(None, report);
    match result {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => error(&e),
    }
}

/// Prints an error with its causes and hint, and returns its exit code.
pub(crate) fn error(error: &Error) -> ExitCode {
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

/// `warraq build` (or `cover`) with no input named, where there is no `./book`: what the
/// default is, and the usual forms. Exit 66, as for any input that is missing.
pub(crate) fn no_default_book(command: &str) -> ExitCode {
    let reads = if command == "build" {
        "builds"
    } else {
        "reads"
    };
    eprintln!(
        "warraq: error: there is no ./book here: with no input named, warraq {command} {reads} \
         the book directory ./book (its book.toml and articles)"
    );
    eprintln!(
        "  hint: name the article or book: warraq {command} article.txt (or .md, .html, .docx), \
         warraq {command} https://example.org/news/1.html, or warraq {command} my-book/"
    );
    ExitCode::from(warraq::error::exit::NO_INPUT)
}

/// The failure of one book of a batch, as it happens.
pub(crate) fn book_failed(book: &Path, error: &Error) {
    eprintln!("warraq: failed: {}", about(Some(book), &error.to_string()));
}

/// The end of a batch: how many books were built, and each failure again.
pub(crate) fn batch_summary(built: usize, failures: &[(&Path, &Error)]) {
    eprintln!("warraq: built {built}, failed {}", failures.len());
    for (book, error) in failures {
        eprintln!("  {}", about(Some(book), &error.to_string()));
    }
}

/// `message`, prefixed with the book it concerns unless it names it already.
fn about(book: Option<&Path>, message: &str) -> String {
    match book {
        Some(book) if !message.contains(&book.display().to_string()) => {
            format!("{}: {message}", book.display())
        }
        _ => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_names_its_book_once() {
        let book = Path::new("articles/one.txt");
        assert_eq!(about(Some(book), "no cover"), "articles/one.txt: no cover");
        assert_eq!(
            about(Some(book), "articles/one.txt: has no paragraphs"),
            "articles/one.txt: has no paragraphs"
        );
        assert_eq!(about(None, "no cover"), "no cover");
    }
}
