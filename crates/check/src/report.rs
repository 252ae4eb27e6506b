//! The check's two output formats: lines for people and JSON for programs. The JSON shape is
//! documented in the README and kept stable.

use std::fmt::Write;

use serde::Serialize;

use super::{FileReport, Finding, Severity};

/// One line per finding, `file: severity code: message (location)`, then a summary line per
/// file, `file: N errors, M warnings`.
pub fn human(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let file = report.file.display();
        for finding in &report.findings {
            let _ = writeln!(out, "{file}: {finding}");
        }
        let errors = report.of_severity(Severity::Error).count();
        let warnings = report.of_severity(Severity::Warning).count();
        let _ = writeln!(
            out,
            "{file}: {errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        );
    }
    out
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: String,
    errors: Vec<JsonFinding<'a>>,
    warnings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    message: &'a str,
    location: &'a str,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            code: f.code,
            message: &f.message,
            location: &f.location,
        }
    }
}

/// A JSON array with one object per file:
/// `{"file", "errors": [{"code", "message", "location"}], "warnings": [...]}`.
pub fn json(reports: &[FileReport]) -> String {
    let files: Vec<JsonFile> = reports
        .iter()
        .map(|r| JsonFile {
            file: r.file.display().to_string(),
            errors: r.of_severity(Severity::Error).map(Into::into).collect(),
            warnings: r.of_severity(Severity::Warning).map(Into::into).collect(),
        })
        .collect();
    // Serialising strings and vectors of them cannot fail.
    let mut text = serde_json::to_string_pretty(&files).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}
