//! Helpers for the `warraq fix` tests: run it, and read the book back the way the promises
//! are stated — the text of every content document, the raw packed bytes of every entry, what
//! the checker and EPUBCheck say, and which way Chromium lays the text out.

pub mod books;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::browser;
use crate::util::epub::{Entry, Epub};
use crate::util::warraq;

/// Runs `warraq fix --json` with `args`: its exit code and its JSON (an array, one per book).
pub fn fix(args: &[&std::ffi::OsStr]) -> (i32, Value) {
    let output = warraq()
        .arg("fix")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), json)
}

/// The codes of a JSON list of findings or repairs.
pub fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Runs `warraq check --json`: exit code, error codes, warning codes.
pub fn check(path: &Path) -> (i32, Vec<String>, Vec<String>) {
    let output = warraq()
        .arg("check")
        .arg("--json")
        .arg(path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    (
        output.status.code().unwrap(),
        codes(&json[0]["errors"]),
        codes(&json[0]["warnings"]),
    )
}

/// Every entry of the EPUB at `path`, by name.
pub fn entries(path: &Path) -> BTreeMap<String, Entry> {
    entries_of(&fs::read(path).unwrap())
}

/// Every entry of the EPUB `bytes`, by name.
pub fn entries_of(bytes: &[u8]) -> BTreeMap<String, Entry> {
    Epub::from_bytes(bytes.to_vec())
        .entries()
        .iter()
        .map(|e| (e.name.clone(), e.clone()))
        .collect()
}

/// Every entry of `before` whose content `fix` did not change is in `after` packed byte for
/// byte as it was; returns the names of the entries that changed.
pub fn assert_untouched_copied(before: &Path, after: &Path) -> Vec<String> {
    assert_untouched_copied_of(&fs::read(before).unwrap(), &fs::read(after).unwrap())
}

/// [`assert_untouched_copied`] of two EPUBs in memory.
pub fn assert_untouched_copied_of(before: &[u8], after: &[u8]) -> Vec<String> {
    let (before, after) = (entries_of(before), entries_of(after));
    let mut changed = Vec::new();
    for (name, old) in &before {
        let new = after
            .get(name)
            .unwrap_or_else(|| panic!("{name} is missing after fix"));
        if new.bytes == old.bytes {
            if name != "mimetype" {
                assert_eq!(new.packed, old.packed, "{name} was packed anew");
                assert_eq!(new.crc, old.crc, "{name}'s CRC changed");
            }
        } else {
            changed.push(name.clone());
        }
    }
    changed
}

/// The text of every XHTML document of the EPUB (by entry): its text nodes outside `<style>`
/// and `<script>`, in order.
pub fn texts(path: &Path) -> BTreeMap<String, String> {
    texts_of(&fs::read(path).unwrap())
}

/// [`texts`] of an EPUB in memory.
pub fn texts_of(bytes: &[u8]) -> BTreeMap<String, String> {
    entries_of(bytes)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xhtml") || name.ends_with(".html"))
        .map(|(name, raw)| {
            let text = String::from_utf8(raw.bytes).unwrap();
            let doc = roxmltree::Document::parse_with_options(
                &text,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            )
            .unwrap();
            let content: String = doc
                .descendants()
                .filter(|n| n.is_text())
                .filter(|n| {
                    !n.ancestors()
                        .any(|a| matches!(a.tag_name().name(), "style" | "script"))
                })
                .filter_map(|n| n.text())
                .collect();
            (name, content)
        })
        .collect()
}

/// Which way Chromium lays out `entry` of the EPUB at `path`: the computed direction of its
/// `<body>` and of its first paragraph, and whether that paragraph's first line starts at
/// the right edge of its box (after its `text-indent`, which a right-to-left line takes on the
/// right).
pub fn chromium_flow(scratch: &Path, path: &Path, entry: &str) -> (String, String, bool) {
    browser::assert_arabic_fonts();
    let dir = scratch.join("unpacked");
    for (name, raw) in entries(path) {
        let target = dir.join(&name);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, raw.bytes).unwrap();
    }
    let page = dir.join(entry);
    let text = fs::read_to_string(&page).unwrap();
    // CDATA: the page is XHTML, and the script's `<` would end its well-formedness.
    let script = r#"<script id="measure">//<![CDATA[
window.addEventListener('load', function () {
  var p = Array.prototype.find.call(document.querySelectorAll('p'), function (p) { return p.textContent.trim().length > 200; });
  var r = document.createRange(); r.selectNodeContents(p);
  var first = Array.prototype.filter.call(r.getClientRects(), function (x) { return x.width > 0; })
    .sort(function (a, b) { return a.top - b.top || b.right - a.right; })[0];
  var box = p.getBoundingClientRect(), s = getComputedStyle(p);
  var right = box.right - parseFloat(s.paddingRight || 0) - parseFloat(s.borderRightWidth || 0);
  var out = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  out.setAttribute('id', 'flow');
  out.textContent = [getComputedStyle(document.body).direction, s.direction, Math.abs(first.right - (right - parseFloat(s.textIndent || 0))) < 2].join(' ');
  document.body.appendChild(out);
});
//]]></script>"#;
    let measured = text.replacen("</body>", &format!("{script}</body>"), 1);
    let page = page.with_extension("measure.xhtml");
    fs::write(&page, measured).unwrap();
    let url = format!("file://{}", page.display());
    let output = browser::headless(scratch, (600, 900), ["--dump-dom", url.as_str()]);
    let dom = String::from_utf8_lossy(&output.stdout);
    let start = dom
        .find("<pre id=\"flow\">")
        .unwrap_or_else(|| panic!("no measurement in Chromium's DOM:\n{dom}"))
        + "<pre id=\"flow\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let fields: Vec<&str> = dom[start..end].split(' ').collect();
    (
        fields[0].to_string(),
        fields[1].to_string(),
        fields[2] == "true",
    )
}
