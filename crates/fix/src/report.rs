//! What `warraq fix` prints: one line per repair, then what remains (the check's findings on
//! the fixed book), then a summary; or the same as JSON, in the shape of `check --json` with a
//! `fixed` list.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::Fixed;
use warraq_check::{Finding, Severity};

/// One book's outcome, as reported.
#[derive(Debug)]
pub struct Outcome<'a> {
    /// The book as named.
    pub input: &'a Path,
    /// Where it was written; `None` in a dry run.
    pub output: Option<&'a PathBuf>,
    /// The fixed book.
    pub fixed: &'a Fixed,
}

/// `book.epub: fixed CODE: message (location)` per repair (`would fix` in a dry run),
/// `book.epub: note: …`, the check's remaining findings as `check` prints them (each that
/// `--lang` settles followed by a `hint:` line naming the values), and a summary line.
pub fn human(outcome: &Outcome) -> String {
    let file = outcome.input.display();
    let fixed = outcome.fixed;
    let dry_run = outcome.output.is_none();
    let verb = if dry_run { "would fix" } else { "fixed" };
    let mut out = String::new();
    for r in &fixed.repairs {
        let _ = writeln!(
            out,
            "{file}: {verb} {}: {} ({})",
            r.code, r.message, r.location
        );
    }
    for note in &fixed.notes {
        let _ = writeln!(out, "{file}: note: {note}");
    }
    for finding in &fixed.findings {
        let _ = writeln!(out, "{file}: {finding}");
        if let Some(undecided) = fixed.undecided.as_ref().filter(|u| u.settles(finding)) {
            let _ = writeln!(out, "{file}:   hint: {}", undecided.hint());
        }
    }
    let count = |s| fixed.findings.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let repairs = plural(fixed.repairs.len(), "repair");
    let errors = plural(count(Severity::Error), "error");
    let warnings = plural(count(Severity::Warning), "warning");
    let _ = match outcome.output {
        Some(path) => writeln!(
            out,
            "{file}: {repairs}; {errors} and {warnings} remain; written to {}",
            path.display()
        ),
        None => writeln!(
            out,
            "{file}: {repairs} to make; {errors} and {warnings} would remain; nothing written (--dry-run)"
        ),
    };
    out
}

/// A remaining finding, with a `hint` naming the `--lang` values that settle it in a book
/// whose declared language stands against its text.
fn finding(f: &Finding, fixed: &Fixed) -> Value {
    let mut value = json!({"code": f.code, "message": f.message, "location": f.location});
    if let Some(undecided) = fixed.undecided.as_ref().filter(|u| u.settles(f)) {
        value["hint"] = Value::from(undecided.hint());
    }
    value
}

/// One JSON object per book: `file`, `output` (null in a dry run), `fixed` (`code`, `message`,
/// `location`), `notes`, and `errors` and `warnings` as `check --json` gives them (with a
/// `hint` on each that `--lang` settles).
pub fn json(outcome: &Outcome) -> Value {
    let fixed = outcome.fixed;
    let of = |s: Severity| -> Vec<Value> {
        fixed
            .findings
            .iter()
            .filter(|f| f.severity == s)
            .map(|f| finding(f, fixed))
            .collect()
    };
    json!({
        "file": outcome.input.display().to_string(),
        "output": outcome.output.map(|p| p.display().to_string()),
        "fixed": fixed.repairs.iter().map(|r| json!({
            "code": r.code, "message": r.message, "location": r.location
        })).collect::<Vec<_>>(),
        "notes": fixed.notes,
        "errors": of(Severity::Error),
        "warnings": of(Severity::Warning),
    })
}
