//! epub.js in headless Chromium: `epubjs.html` opens the unpacked book with epub.js, shows one
//! spine document as a paginated reader does, measures it with `measure.js`, and leaves the
//! JSON in the DOM Chromium dumps; Chromium's screenshot is the reader's first page.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::thread;

use super::layout::{Document, Page, Report};
use super::tools::{epubjs_dir, script};
use crate::browser;

/// Renders each of `docs` (spine paths inside `unpacked`), one Chromium run each, in parallel.
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
    let book = format!("{}/", file_url(unpacked));
    let documents = thread::scope(|scope| {
        let runs: Vec<_> = docs
            .iter()
            .enumerate()
            .map(|(index, doc)| {
                let (html, book, unpacked) = (&html, &book, unpacked);
                scope.spawn(move || {
                    let stem = Path::new(doc)
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .expect("a document's name is UTF-8");
                    let shot = shots.join(format!("{stem}-p1.png"));
                    let mut page = load(html, book, index, &shot, unpacked);
                    page.shot = Some(shot.to_string_lossy().into_owned());
                    Document {
                        doc: doc.clone(),
                        pages: vec![page],
                        paragraphs: Vec::new(),
                    }
                })
            })
            .collect();
        runs.into_iter()
            .map(|run| run.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    Report {
        engine: "epubjs".into(),
        version: "epubjs 0.3.93".into(),
        documents,
        page_direction: None,
    }
}

/// One Chromium run; a run whose measurement did not land (epub.js still loading when the
/// virtual-time budget ran out, on a loaded machine) is tried again, twice at most.
fn load(html: &Path, book: &str, index: usize, shot: &Path, scratch: &Path) -> Page {
    let url = format!("{}?book={}&index={index}", file_url(html), encode(book));
    for _attempt in 0..3 {
        let output = browser::headless(
            scratch,
            (600, 900),
            [
                "--allow-file-access-from-files".to_string(),
                "--virtual-time-budget=120000".to_string(),
                "--dump-dom".to_string(),
                format!("--screenshot={}", shot.display()),
                url.clone(),
            ],
        );
        let dom = String::from_utf8_lossy(&output.stdout);
        let Some(json) = dom
            .split_once("id=\"warraq-render\"")
            .and_then(|(_, rest)| rest.split_once('>'))
            .and_then(|(_, rest)| rest.split_once("</pre>"))
            .map(|(json, _)| json)
            .filter(|json| !json.is_empty())
        else {
            continue;
        };
        if json.contains("\"error\"") {
            panic!("epub.js failed on spine item {index}: {json}");
        }
        return serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("epub.js's measurement does not parse: {e}\n{json}"));
    }
    panic!("epub.js left no measurement of spine item {index} in three runs");
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
