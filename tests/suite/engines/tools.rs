//! The reading engines, found or failed with the command that installs them (never skipped),
//! and the one way each is run: `measure.py` (MuPDF, mutool, Calibre, WebKitGTK) or the
//! epub.js page in headless Chromium.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::layout::Report;
use crate::browser;
use crate::util::python;

/// The engines of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// MuPDF 1.2x, PyMuPDF from PyPI.
    PyMuPdf,
    /// MuPDF 1.21, Debian's `mutool`.
    Mutool,
    /// Calibre's EPUB → PDF conversion, read with PyMuPDF.
    CalibrePdf,
    /// Calibre's EPUB → AZW3 (Kindle) conversion, its markup read back.
    CalibreAzw3,
    /// WebKitGTK, Debian's `gir1.2-webkit2-4.1`.
    WebKit,
    /// epub.js from npm, in headless Chromium.
    EpubJs,
}

impl Engine {
    /// Its name in `measure.py`, in `target/render/` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Engine::PyMuPdf => "pymupdf",
            Engine::Mutool => "mutool",
            Engine::CalibrePdf => "calibre-pdf",
            Engine::CalibreAzw3 => "calibre-azw3",
            Engine::WebKit => "webkit",
            Engine::EpubJs => "epubjs",
        }
    }

    /// Panics with the command that installs what is missing, unless the engine can run.
    pub fn require(self) {
        let calibre = || on_path("ebook-convert") && on_path("calibre-debug");
        let missing = match self {
            Engine::PyMuPdf => (!has_pymupdf()).then_some(PYMUPDF_MISSING),
            Engine::Mutool => (!on_path("mutool")).then_some(MUTOOL_MISSING),
            Engine::CalibrePdf if !calibre() => Some(CALIBRE_MISSING),
            Engine::CalibrePdf => (!has_pymupdf()).then_some(PYMUPDF_MISSING),
            Engine::CalibreAzw3 => (!calibre()).then_some(CALIBRE_MISSING),
            Engine::WebKit => (!has_webkit()).then_some(WEBKIT_MISSING),
            Engine::EpubJs => {
                browser::chromium();
                let modules = epubjs_dir();
                let found = modules.join("epubjs/dist/epub.min.js").is_file()
                    && modules.join("puppeteer-core/package.json").is_file()
                    && on_path("node");
                (!found).then_some(EPUBJS_MISSING)
            }
        };
        if let Some(missing) = missing {
            panic!("{missing}");
        }
        browser::assert_arabic_fonts();
    }

    /// Lays out the book (`epub` packed, `unpacked` its entries) and returns what it did;
    /// pictures go to `shots`.
    pub fn run(self, epub: &Path, unpacked: &Path, docs: &[String], shots: &Path) -> Report {
        self.require();
        let _ = fs::remove_dir_all(shots);
        fs::create_dir_all(shots).expect("cannot create the screenshot folder");
        if self == Engine::EpubJs {
            return super::epubjs::run(unpacked, docs, shots);
        }
        let (program, book) = match self {
            Engine::PyMuPdf | Engine::CalibrePdf | Engine::CalibreAzw3 => (python(), epub),
            Engine::Mutool => (python(), unpacked),
            Engine::WebKit => (PathBuf::from("xvfb-run"), unpacked),
            Engine::EpubJs => unreachable!(),
        };
        let mut command = Command::new(program);
        if self == Engine::WebKit {
            command.args(["-a", "/usr/bin/python3"]);
        }
        command
            .arg(script("measure.py"))
            .arg(self.name())
            .arg(book)
            .arg(shots);
        if matches!(self, Engine::Mutool | Engine::WebKit) {
            command.args(docs);
        }
        let scratch = tempfile::tempdir().expect("cannot create a scratch folder");
        let output = browser::run(&mut command, scratch.path());
        assert!(
            output.status.success(),
            "{} could not lay out {} ({}):\n{}",
            self.name(),
            epub.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{}'s report does not parse: {e}\n{}",
                self.name(),
                String::from_utf8_lossy(&output.stdout)
            )
        })
    }
}

const PYMUPDF_MISSING: &str = "PyMuPDF not found by python3: run the tests with scripts/test, \
    which installs it into target/venv and puts target/venv/bin first on the PATH, or install \
    it with 'python3 -m pip install pymupdf==2.0'";
const MUTOOL_MISSING: &str =
    "mutool not found: install it with 'apt-get install mupdf-tools' (scripts/test does)";
const CALIBRE_MISSING: &str = "Calibre's ebook-convert and calibre-debug not found: install \
    them with 'apt-get install calibre' (scripts/test does)";
const WEBKIT_MISSING: &str = "WebKitGTK for Debian's /usr/bin/python3 not found: install it \
    with 'apt-get install gir1.2-webkit2-4.1 python3-gi python3-gi-cairo xvfb xauth' \
    (scripts/test does)";
const EPUBJS_MISSING: &str = "epub.js or puppeteer-core not found in target/epubjs, or no node \
    on the PATH: install them with 'npm install --prefix target/epubjs --save-exact \
    epubjs@0.3.93 puppeteer-core@24.43.1' (scripts/test does; Node.js 20+ is expected), or set \
    WARRAQ_EPUBJS to a node_modules folder that has both";

/// A file of `tests/suite/engines/`.
pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/suite/engines")
        .join(name)
}

/// Where scripts/test installs epub.js with npm.
pub fn epubjs_dir() -> PathBuf {
    match std::env::var_os("WARRAQ_EPUBJS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/epubjs/node_modules"),
    }
}

fn has_pymupdf() -> bool {
    static FOUND: OnceLock<bool> = OnceLock::new();
    *FOUND.get_or_init(|| succeeds(Command::new(python()).args(["-c", "import pymupdf"])))
}

fn has_webkit() -> bool {
    static FOUND: OnceLock<bool> = OnceLock::new();
    *FOUND.get_or_init(|| {
        on_path("xvfb-run")
            && succeeds(Command::new("/usr/bin/python3").args([
                "-c",
                "import gi, cairo; gi.require_version('WebKit2', '4.1'); \
                 from gi.repository import WebKit2",
            ]))
    })
}

fn succeeds(command: &mut Command) -> bool {
    command.output().is_ok_and(|o| o.status.success())
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
}
