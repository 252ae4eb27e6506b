//! The one test harness, for every area of the suite. [`warraq`] runs any subcommand of the
//! real binary in the environment every test needs; [`Book`] runs `warraq build` in a fresh
//! temporary directory and hands back the EPUB it wrote, read back ([`Epub`], the one zip
//! reader) and passed through EPUBCheck ([`epubcheck`], the one runner).
//!
//! Beside it, one file per kind of fixture or look: `images` (pictures in every format),
//! `samples` (books built into a test's own directory), `archive` (an EPUB taken apart and
//! broken in one place), `ocf` (the zip's raw headers), `reader` and `text` (what a reader
//! sees of a book), `server` (a web server on 127.0.0.1 for builds from URLs).

pub mod archive;
pub mod epub;
pub mod epubcheck;
pub mod images;
pub mod ocf;
pub mod reader;
pub mod samples;
pub mod server;
pub mod text;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use assert_cmd::Command;
use tempfile::TempDir;

pub use epub::Epub;

/// The Python that runs EPUBCheck, pandoc and PyMuPDF: the virtual environment `scripts/test`
/// installs them into, when there is one, so that `cargo test` alone finds them too; else the
/// `python3` on the PATH.
pub fn python() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/python3");
    if venv.is_file() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// The `SOURCE_DATE_EPOCH` every command runs with unless a test sets its own: books are
/// reproducible, and nothing depends on the clock.
pub const SOURCE_DATE_EPOCH: &str = "1551225600";

/// Noto Naskh Arabic, pinned in the repository (OFL) so no system font changes a result.
pub const NASKH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/covers/fonts/NotoNaskhArabic-Regular.ttf"
);

/// The real `warraq` binary, ready for any subcommand, with the environment every test
/// needs: `SOURCE_DATE_EPOCH` fixed, and `WARRAQ_FONT_DIRS` removed (system fonts apply)
/// unless the test sets it.
pub fn warraq() -> Command {
    let mut cmd = Command::cargo_bin("warraq").expect("the warraq binary is not built");
    cmd.env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .env_remove("WARRAQ_FONT_DIRS");
    cmd
}

/// Noto Naskh Arabic's path; panics if the repository lost it.
pub fn naskh() -> &'static str {
    assert!(
        Path::new(NASKH).is_file(),
        "{NASKH} is missing from the repository"
    );
    NASKH
}

/// The crate's root: `book/`, `covers/` and `tests/fixtures/` live here.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample book directory (`book.toml` + `article.txt`).
pub fn sample_dir() -> PathBuf {
    repo().join("book")
}

/// A fixture book directory under `tests/fixtures/`.
pub fn fixture_dir(name: &str) -> PathBuf {
    repo().join("tests").join("fixtures").join(name)
}

/// One invocation of `warraq build`, set up step by step, run in its own temporary directory.
pub struct Book {
    dir: Arc<TempDir>,
    input: Option<PathBuf>,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    epubcheck: bool,
    subcommand: &'static str,
}

/// A build that succeeded: what it printed and the EPUB it wrote.
pub struct Built {
    /// Where the EPUB was written (absolute).
    pub path: PathBuf,
    /// Everything the command printed on stdout.
    pub stdout: String,
    /// Everything the command printed on stderr.
    pub stderr: String,
    /// The EPUB, read back.
    pub epub: Epub,
    /// Keeps the temporary directory alive as long as the build is looked at.
    dir: Option<Arc<TempDir>>,
}

impl Built {
    /// Lets the temporary directory go (the EPUB stays in memory; `path` no longer exists),
    /// for builds kept for the whole test run.
    pub fn detach(mut self) -> Built {
        self.dir = None;
        self
    }
}

/// A build shared by several tests: made once, by the first test that needs it. If it fails,
/// every test that needs it fails with the same message instead of building it again.
pub fn shared(
    cell: &'static OnceLock<Result<Built, String>>,
    build: fn() -> Built,
) -> &'static Built {
    let result = cell.get_or_init(|| {
        panic::catch_unwind(|| build().detach()).map_err(|cause| {
            cause
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| cause.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a shared build panicked".to_string())
        })
    });
    match result {
        Ok(built) => built,
        Err(message) => panic!("the shared build this test reads failed:\n{message}"),
    }
}

/// A build that was expected to fail.
pub struct Failed {
    /// The process exit code.
    pub code: Option<i32>,
    /// Everything the command printed on stderr.
    pub stderr: String,
}

impl Book {
    /// A build of `input` (a book directory or an article file), run from a fresh temp dir.
    pub fn new(input: impl Into<PathBuf>) -> Book {
        let mut book = Book::empty();
        book.input = Some(input.into());
        book
    }

    /// A build with no INPUT argument yet (the command's default applies unless one is set).
    pub fn empty() -> Book {
        Book {
            dir: Arc::new(
                tempfile::Builder::new()
                    .prefix("warraq-test-")
                    .tempdir()
                    .expect("cannot create a temporary directory"),
            ),
            input: None,
            args: Vec::new(),
            envs: Vec::new(),
            epubcheck: true,
            subcommand: "build",
        }
    }

    /// The repository's sample book (`book/`).
    pub fn sample() -> Book {
        Book::new(sample_dir())
    }

    /// A fixture book directory under `tests/fixtures/`.
    pub fn fixture(name: &str) -> Book {
        Book::new(fixture_dir(name))
    }

    /// A bare article file written into the temp dir from `bytes` (no `book.toml`).
    pub fn article(bytes: &[u8]) -> Book {
        let mut book = Book::empty();
        let path = book.write("article.txt", bytes);
        book.input = Some(path);
        book
    }

    /// The temporary directory the command runs in.
    pub fn tmp(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the temp dir (creating parents) and returns its absolute path.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> PathBuf {
        let path = self.tmp().join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("cannot create a fixture directory");
        }
        fs::write(&path, bytes).expect("cannot write a fixture file");
        path
    }

    /// Sets the INPUT argument.
    pub fn input(&mut self, input: impl Into<PathBuf>) -> &mut Self {
        self.input = Some(input.into());
        self
    }

    /// Adds a command-line argument after `build INPUT`.
    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    /// Adds several command-line arguments.
    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            self.arg(arg);
        }
        self
    }

    /// Writes `bytes` as a cover file in the temp dir and passes it with `--cover`.
    pub fn cover(&mut self, file_name: &str, bytes: &[u8]) -> &mut Self {
        let path = self.write(file_name, bytes);
        self.arg("--cover").arg(path)
    }

    /// Sets an environment variable for the command.
    pub fn env(&mut self, key: &str, value: &str) -> &mut Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// Runs another subcommand that writes one book (`edition`) instead of `build`.
    pub fn subcommand(&mut self, name: &'static str) -> &mut Self {
        self.subcommand = name;
        self
    }

    /// Skips EPUBCheck on what this build writes: for books whose kind other tests validate,
    /// looked at for something EPUBCheck cannot tell (pixels, text, rendering).
    pub fn without_epubcheck(&mut self) -> &mut Self {
        self.epubcheck = false;
        self
    }

    /// The command as it will run: `warraq build [INPUT] ARGS... [-o OUTPUT]`, cwd = temp dir,
    /// in [`warraq`]'s environment plus the test's.
    fn command(&self, output: Option<&Path>) -> Command {
        let mut cmd = warraq();
        cmd.current_dir(self.tmp());
        for (key, value) in &self.envs {
            cmd.env(key, value);
        }
        cmd.arg(self.subcommand);
        if let Some(input) = &self.input {
            cmd.arg(input);
        }
        cmd.args(&self.args);
        if let Some(output) = output {
            cmd.arg("-o").arg(output);
        }
        cmd
    }

    /// Builds into `book.epub` in the temp dir; see [`Book::build_to`].
    pub fn build(&self) -> Built {
        self.build_to("book.epub")
    }

    /// Builds with `-o <temp>/<file_name>`; asserts success, that stdout is that one path, and
    /// (unless [`Book::without_epubcheck`]) that EPUBCheck 5.3.0 finds nothing.
    pub fn build_to(&self, file_name: &str) -> Built {
        let output = self.tmp().join(file_name);
        self.run_expecting_success(Some(&output))
    }

    /// Builds without `-o` (the default output path applies), with the same checks.
    pub fn build_default_output(&self) -> Built {
        self.run_expecting_success(None)
    }

    fn run_expecting_success(&self, output: Option<&Path>) -> Built {
        let out = self.command(output).output().expect("cannot run warraq");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            out.status.success(),
            "warraq build failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
            out.status
        );
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "stdout must be the written path as its single line, got {stdout:?} (stderr: {stderr})"
        );
        let printed = self.tmp().join(lines[0]);
        assert!(
            printed.is_file(),
            "stdout names {printed:?}, which is not a file"
        );
        if let Some(output) = output {
            assert_eq!(
                fs::canonicalize(&printed).unwrap(),
                fs::canonicalize(output).unwrap(),
                "stdout {printed:?} is not the -o path {output:?}"
            );
        }
        if self.epubcheck {
            epubcheck::assert_valid(&printed);
        }
        Built {
            epub: Epub::open(&printed),
            path: printed,
            stdout,
            stderr,
            dir: Some(Arc::clone(&self.dir)),
        }
    }

    /// Runs the command with `-o <temp>/book.epub`, expecting it to fail; asserts that it wrote
    /// nothing (no output file, no `dist/`) and returns its exit code and stderr.
    pub fn fail(&self) -> Failed {
        let output = self.tmp().join("book.epub");
        let before = entries(self.tmp());
        let out = self
            .command(Some(&output))
            .output()
            .expect("cannot run warraq");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !out.status.success(),
            "warraq build was expected to fail but succeeded; stderr:\n{stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "a failed build printed on stdout: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(
            entries(self.tmp()),
            before,
            "a failed build left files behind in its working directory"
        );
        Failed {
            code: out.status.code(),
            stderr,
        }
    }
}

/// Builds `input` with the real binary into a fresh temp dir and reads the EPUB back, without
/// EPUBCheck: for tests that look at books other tests already validate.
pub fn build_unchecked(input: &Path) -> Epub {
    build_unchecked_with(input, &[])
}

/// [`build_unchecked`] with more flags, e.g. `--cover none`.
pub fn build_unchecked_with(input: &Path, args: &[&str]) -> Epub {
    Book::new(input)
        .args(args)
        .without_epubcheck()
        .build()
        .detach()
        .epub
}

/// Every path under `dir`, sorted, to notice files a failed build left behind.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            found.push(path);
        }
    }
    found.sort();
    found
}
