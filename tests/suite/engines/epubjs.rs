//! epub.js in headless Chromium: `epubjs.html` opens the unpacked book with epub.js, shows one
//! spine document as a paginated reader does, measures it with `measure.js`, and leaves the
//! JSON in `#warraq-render`; `epubjs.js` drives Chromium through puppeteer-core, waits for that
//! JSON in real time and screenshots the reader's first page.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

use super::layout::{Document, Page, Report};
use super::tools::{epubjs_dir, script};
use crate::browser;

/// Renders each of `docs` (spine paths inside `unpacked`), all in one Chromium, one page each.
pub fn run(unpacked: &Path, docs: &[String], shots: &Path) -> Report {
    let modules = epubjs_dir();
    let page = fs::read_to_string(script("epubjs.html"))
        .expect("cannot read tests/suite/engines/epubjs.html")
        .replace(
            "@JSZIP@",
            &file_url(&modules.join("jszip/dist/jszip.min.js")),
        )
        .replace(
            "@EPUBJS@",
            &file_url(&modules.join("epubjs/dist/epub.min.js")),
        )
        .replace(
            "@MEASURE@",
            fs::read_to_string(script("measure.js"))
                .expect("cannot read tests/suite/engines/measure.js")
                .trim(),
        );
    let html = unpacked.join("warraq-epubjs.html");
    fs::write(&html, page).expect("cannot write the epub.js page");
    let url = format!(
        "{}?book={}&index=",
        file_url(&html),
        encode(&format!("{}/", file_url(unpacked)))
    );
    let shot_paths: Vec<_> = docs
        .iter()
        .map(|doc| {
            let stem = Path::new(doc)
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a document's name is UTF-8");
            shots.join(format!("{stem}-p1.png"))
        })
        .collect();
    let mut command = Command::new("node");
    command
        .arg(script("epubjs.js"))
        .arg(&modules)
        .arg(browser::chromium())
        .arg(&url)
        .args(
            shot_paths
                .iter()
                .enumerate()
                .map(|(index, shot)| format!("{index}={}", shot.display())),
        );
    let output = browser::run(&mut command, unpacked);
    assert!(
        output.status.success(),
        "epub.js in Chromium failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let measured: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "epub.js's measurements do not parse: {e}\n{}",
                String::from_utf8_lossy(&output.stdout)
            )
        });
    assert_eq!(measured.len(), docs.len(), "one measurement per document");
    let documents = docs
        .iter()
        .zip(shot_paths)
        .zip(measured)
        .enumerate()
        .map(|(index, ((doc, shot), json))| {
            if let Some(error) = json.get("error") {
                panic!("epub.js failed on spine item {index}: {error}");
            }
            let mut page: Page = serde_json::from_value(json)
                .unwrap_or_else(|e| panic!("epub.js's measurement of {doc} does not parse: {e}"));
            page.shot = Some(shot.to_string_lossy().into_owned());
            Document {
                doc: doc.clone(),
                pages: vec![page],
                paragraphs: Vec::new(),
            }
        })
        .collect();
    Report {
        engine: "epubjs".into(),
        version: "epubjs 0.3.93".into(),
        documents,
        page_direction: None,
    }
}

/// A `file://` URL for a path, bytes outside the unreserved set percent-encoded.
fn file_url(path: &Path) -> String {
    let path = path
        .canonicalize()
        .unwrap_or_else(|e| panic!("cannot resolve {}: {e}", path.display()));
    format!("file://{}", encode_path(&path.to_string_lossy()))
}

fn encode_path(path: &str) -> String {
    let mut url = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(byte as char);
        } else {
            let _ = write!(url, "%{byte:02X}");
        }
    }
    url
}

/// A query-string value.
fn encode(value: &str) -> String {
    encode_path(value).replace('/', "%2F")
}
