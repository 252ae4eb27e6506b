//! The outside programs that look at a built book as a reader's software does: Debian's
//! Chromium, headless, and Ace by DAISY (which drives that same Chromium). Each is found or the
//! test fails with the command that installs it: these tests never skip.

use std::ffi::OsStr;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

/// What a test says when Chromium cannot be found.
pub const CHROMIUM_MISSING: &str = "Chromium not found: install it with \
'apt-get install chromium fonts-noto-core' (scripts/test does), or set WARRAQ_CHROMIUM";

/// What a test says when the machine has no font for Arabic script.
pub const FONTS_MISSING: &str = "no Arabic font found (fc-list :lang=ar is empty): install \
one with 'apt-get install fonts-noto-core' (scripts/test does)";

/// What a test says when Ace by DAISY cannot be found.
pub const ACE_MISSING: &str = "Ace by DAISY 1.4.6 not found: run scripts/test, or install it \
with 'ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix target/ace \
--save-exact @daisy/ace@1.4.6' (Node.js 20+), or set WARRAQ_ACE to its ace-puppeteer";

/// The only Ace release the project is checked against.
pub const ACE_VERSION: &str = "1.4.6";

/// The flags every headless Chromium run gets: nothing phones home, nothing is remembered.
const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// How long one program may run before the test gives up on it.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Chromium: `WARRAQ_CHROMIUM`, else Debian's `/usr/bin/chromium`, else `chromium` or
/// `chromium-browser` on the `PATH`. Panics with the install command when there is none.
pub fn chromium() -> &'static Path {
    static CHROMIUM: OnceLock<PathBuf> = OnceLock::new();
    CHROMIUM.get_or_init(|| {
        if let Some(path) = std::env::var_os("WARRAQ_CHROMIUM") {
            let path = PathBuf::from(path);
            assert!(
                path.is_file(),
                "{CHROMIUM_MISSING} (WARRAQ_CHROMIUM={path:?} is not a file)"
            );
            return path;
        }
        let debian = PathBuf::from("/usr/bin/chromium");
        if debian.is_file() {
            return debian;
        }
        ["chromium", "chromium-browser"]
            .iter()
            .find_map(|name| on_path(name))
            .unwrap_or_else(|| panic!("{CHROMIUM_MISSING}"))
    })
}

/// Panics unless fontconfig knows a font for Arabic script: without one Chromium draws boxes
/// and every measurement of Arabic text is a measurement of boxes.
pub fn assert_arabic_fonts() {
    let output = Command::new("fc-list")
        .args([":lang=ar", "family"])
        .output()
        .unwrap_or_else(|e| panic!("{FONTS_MISSING} (cannot run fc-list: {e})"));
    assert!(
        output.status.success() && !output.stdout.trim_ascii().is_empty(),
        "{FONTS_MISSING}"
    );
}

/// Ace's `ace-puppeteer`: `WARRAQ_ACE` (scripts/test sets it), else the copy scripts/test
/// installs in `target/ace`. Panics with the install command when there is none.
pub fn ace() -> &'static Path {
    static ACE: OnceLock<PathBuf> = OnceLock::new();
    ACE.get_or_init(|| {
        let path = match std::env::var_os("WARRAQ_ACE") {
            Some(path) => PathBuf::from(path),
            None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/ace/node_modules/.bin/ace-puppeteer"),
        };
        assert!(
            path.is_file(),
            "{ACE_MISSING} ({} is missing)",
            path.display()
        );
        path
    })
}

/// Runs headless Chromium with the project's flags, a fresh profile in `scratch`, a window of
/// `width` × `height`, then `args`; panics (with what it said) unless it succeeds.
pub fn headless<I, S>(scratch: &Path, (width, height): (u32, u32), args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let profile = tempfile::Builder::new()
        .prefix("chromium-profile-")
        .tempdir_in(scratch)
        .expect("cannot create a Chromium profile directory");
    let mut command = Command::new(chromium());
    command
        .args(HEADLESS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},{height}"))
        .args(args);
    let output = run(&mut command, scratch);
    assert!(
        output.status.success(),
        "Chromium ({}) failed ({}):\n{}",
        chromium().display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs `command` to completion, its output collected in files under `scratch` (a pipe left
/// unread could stall it), and kills it if it outlives [`TIME_LIMIT`].
pub fn run(command: &mut Command, scratch: &Path) -> Output {
    let capture = tempfile::Builder::new()
        .prefix("output-")
        .tempdir_in(scratch)
        .expect("cannot create a directory for a program's output");
    let (stdout, stderr) = (capture.path().join("stdout"), capture.path().join("stderr"));
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(File::create(&stdout).expect("cannot create a stdout file"))
        .stderr(File::create(&stderr).expect("cannot create a stderr file"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("cannot wait for a child process") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{program} was still running after {}s and was killed",
                TIME_LIMIT.as_secs()
            );
        }
        thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: std::fs::read(&stdout).unwrap_or_default(),
        stderr: std::fs::read(&stderr).unwrap_or_default(),
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}
