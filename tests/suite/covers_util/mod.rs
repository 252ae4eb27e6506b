//! Shared by the cover, font and Kobo tests: the binary, EPUBCheck, and reading books back.
#![allow(dead_code)] // each test file uses its own part

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::util::epubcheck as validator;

/// Noto Naskh Arabic, pinned in the repository (OFL) so no system font changes a result.
pub const NASKH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/covers/fonts/NotoNaskhArabic-Regular.ttf"
);

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample book directory.
pub fn sample() -> PathBuf {
    root().join("book")
}

/// The binary, with a fixed build time so books are reproducible.
pub fn warraq() -> Command {
    let mut cmd = Command::cargo_bin("warraq").expect("the warraq binary is built");
    cmd.env("SOURCE_DATE_EPOCH", "1551225600");
    cmd.env_remove("WARRAQ_FONT_DIRS");
    cmd
}

/// Noto Naskh Arabic's path.
pub fn naskh() -> &'static str {
    assert!(
        Path::new(NASKH).is_file(),
        "{NASKH} is missing from the repository"
    );
    NASKH
}

/// Every entry of an EPUB, by name.
pub fn entries(epub: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(epub).expect("the book was written");
    let mut zip = zip::ZipArchive::new(file).expect("the book is a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("entry bytes");
        out.insert(entry.name().to_string(), bytes);
    }
    out
}

/// An entry as text.
pub fn text(entries: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    let bytes = entries
        .get(name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", entries.keys()));
    String::from_utf8(bytes.clone()).expect("UTF-8")
}

/// Runs EPUBCheck on `epub` and fails the test unless it reports 0 errors and 0 warnings
/// (the same runner as every other test's).
pub fn epubcheck(epub: &Path) {
    validator::assert_valid(epub);
}
