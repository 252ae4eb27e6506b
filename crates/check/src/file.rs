//! A book named on the command line: its file read within a limit, checked, and the exit code
//! for a set of such reports. The one place the checker opens a file; [`crate::check`] is
//! handed bytes.

use std::io::Read;
use std::path::{Path, PathBuf};

use warraq_core::error::exit;

use crate::{check, rules, Finding, Findings, Options, Rule, Severity};

/// The findings for one file named on the command line.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file as it was named.
    pub file: PathBuf,
    /// What is wrong with it.
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// Reads and checks the file at `path`. A file that cannot be read is a finding too, so
    /// that every file named gets a report.
    pub fn of(path: &Path, options: &Options) -> FileReport {
        let findings = match read_capped(path) {
            Ok(bytes) => check(&bytes, options),
            Err(message) => {
                let mut out = Findings::default();
                out.add(rules::FILE_UNREADABLE, "", message);
                out.0
            }
        };
        FileReport {
            file: path.to_path_buf(),
            findings,
        }
    }

    /// The findings of one severity.
    pub fn of_severity(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity == severity)
    }

    fn has(&self, rule: &Rule) -> bool {
        self.findings.iter().any(|f| f.code == rule.code)
    }
}

/// No EPUB is this large (stores stop at 650 MB).
const FILE_LIMIT: u64 = 2 * 1024 * 1024 * 1024;

/// Reads a regular file of at most [`FILE_LIMIT`]; a device such as `/dev/zero` named by
/// mistake would otherwise never end.
fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_dir() {
        return Err("cannot read: it is a directory".into());
    }
    if !meta.is_file() {
        return Err("cannot read: not a regular file".into());
    }
    if meta.len() > FILE_LIMIT {
        return Err(format!("not read: {} bytes, over 2 GiB", meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(FILE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > FILE_LIMIT {
        return Err("not read: over 2 GiB".into());
    }
    Ok(bytes)
}

/// The exit code for a set of reports: 66 when a file could not be read, else 65 when one is
/// not an EPUB at all (no zip, or another format's), else 1 when any has an error, else 0.
/// Warnings never fail.
pub fn exit_code(reports: &[FileReport]) -> u8 {
    if reports.iter().any(|r| r.has(rules::FILE_UNREADABLE)) {
        exit::NO_INPUT
    } else if reports
        .iter()
        .any(|r| r.has(rules::OCF_NOT_ZIP) || r.has(rules::OCF_OTHER_ZIP))
    {
        exit::DATA
    } else if reports
        .iter()
        .any(|r| r.of_severity(Severity::Error).next().is_some())
    {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
