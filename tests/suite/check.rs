//! `warraq check` on real books: the sample and an English book built by the real binary are
//! clean; each fixture, the sample broken in exactly one place, trips its rule and no other;
//! exit codes, both output formats, and garbage input.

use crate::util;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use util::archive::{declare_size, patch, Archive, Entry};
use util::samples::{build_english, build_sample};
use util::warraq;

const OPF: &str = "OEBPS/content.opf";
const ARTICLE: &str = "OEBPS/article-001.xhtml";
const NAV: &str = "OEBPS/nav.xhtml";
const COVER: &str = "OEBPS/cover.xhtml";
const CSS: &str = "OEBPS/stylesheet.css";
const CONTAINER: &str = "META-INF/container.xml";

/// Runs `warraq check --json` on one file: its exit code, error codes and warning codes.
fn check(path: &Path, args: &[&str]) -> (i32, Vec<String>, Vec<String>) {
    let output = warraq()
        .arg("check")
        .arg("--json")
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let codes = |key: &str| -> Vec<String> {
        json[0][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    (
        output.status.code().unwrap(),
        codes("errors"),
        codes("warnings"),
    )
}

fn set(codes: &[String]) -> BTreeSet<&str> {
    codes.iter().map(String::as_str).collect()
}

/// A fixture: the sample with one thing broken, and the codes that must fire — no others.
struct Case {
    name: &'static str,
    errors: &'static [&'static str],
    warnings: &'static [&'static str],
    args: &'static [&'static str],
    breakage: fn(&mut Archive),
}

const fn case(
    name: &'static str,
    errors: &'static [&'static str],
    warnings: &'static [&'static str],
    breakage: fn(&mut Archive),
) -> Case {
    Case {
        name,
        errors,
        warnings,
        args: &[],
        breakage,
    }
}

fn strip_dir(epub: &mut Archive, entry: &str) {
    epub.replace(entry, " dir=\"rtl\"", "");
}

const CASES: &[Case] = &[
    case("mimetype-not-first", &["OCF-002"], &[], |e| {
        let first = e.entries.remove(0);
        e.entries.push(first);
    }),
    case("mimetype-deflated", &["OCF-003"], &[], |e| {
        e.entry("mimetype").deflated = true;
    }),
    case("mimetype-content", &["OCF-004"], &[], |e| {
        e.entry("mimetype").bytes = b"application/epub+zip\n".to_vec();
    }),
    case("mimetype-extra-field", &["OCF-005"], &[], |e| {
        e.entry("mimetype").extra = Some((0xCAFE, vec![1, 2, 3, 4]));
    }),
    case("no-container", &["OCF-006"], &[], |e| {
        e.remove(CONTAINER);
    }),
    case("container-malformed", &["OCF-007"], &[], |e| {
        e.replace(CONTAINER, "</container>", "");
    }),
    case("container-names-nothing", &["OCF-008"], &[], |e| {
        e.replace(CONTAINER, "OEBPS/content.opf", "OEBPS/package.opf");
    }),
    case("entry-names-differ-in-case", &["OCF-009"], &[], |e| {
        e.push("OEBPS/STYLESHEET.css", b"p {}");
    }),
    case("unsafe-entry-name", &["OCF-010"], &[], |e| {
        e.push("../evil.sh", b"rm -rf ~");
    }),
    case("opf-malformed", &["OPF-001"], &[], |e| {
        e.replace(OPF, "</manifest>", "");
    }),
    case("opf-version", &["OPF-002"], &[], |e| {
        e.replace(OPF, "version=\"3.0\"", "version=\"4.0\"");
    }),
    case("opf-epub2", &[], &["OPF-003"], |e| {
        e.replace(OPF, "version=\"3.0\"", "version=\"2.0\"");
    }),
    case("opf-unique-identifier", &["OPF-004"], &[], |e| {
        e.replace(
            OPF,
            "unique-identifier=\"epub-id-1\"",
            "unique-identifier=\"nope\"",
        );
    }),
    case("opf-no-modified", &["OPF-005"], &[], |e| {
        e.replace(
            OPF,
            "property=\"dcterms:modified\"",
            "property=\"dcterms:created\"",
        );
    }),
    case("opf-no-title", &["OPF-006"], &[], |e| {
        e.replace(OPF, "<dc:title>", "<dc:description>");
        e.replace(OPF, "</dc:title>", "</dc:description>");
    }),
    // Without a language the book reads left to right: the reverse check sees Arabic text.
    case("opf-no-language", &["OPF-007"], &["RTL-009"], |e| {
        e.replace(
            OPF,
            "<dc:language id=\"epub-creator-0\">ar</dc:language>",
            "",
        );
    }),
    case("opf-duplicate-id", &["OPF-008"], &[], |e| {
        e.replace(OPF, "<dc:title>", "<dc:title id=\"nav\">");
    }),
    case("opf-missing-item", &["OPF-009"], &[], |e| {
        e.remove(CSS);
    }),
    case("opf-spine-idref", &["OPF-010"], &[], |e| {
        e.replace(OPF, "idref=\"id_article-001.xhtml\"", "idref=\"nope\"");
    }),
    case("opf-no-nav", &["OPF-011"], &[], |e| {
        e.replace(OPF, " properties=\"nav\"", "");
    }),
    // EPUB 3.3 does not define `<meta name="cover">`: a dangling one is a warning.
    case("opf-cover-meta", &[], &["OPF-014"], |e| {
        e.replace(OPF, "content=\"cover-image\"", "content=\"nope\"");
    }),
    case("opf-two-cover-images", &["OPF-012"], &[], |e| {
        e.replace(
            OPF,
            " properties=\"nav\"",
            " properties=\"nav cover-image\"",
        );
    }),
    case("opf-cover-undecodable", &["OPF-013"], &[], |e| {
        e.entry("OEBPS/images/cover.jpg").bytes = b"\xFF\xD8\xFF\xE0 not a jpeg at all".to_vec();
    }),
    case("xhtml-malformed", &["XML-001"], &[], |e| {
        e.replace(ARTICLE, "</h1>", "&nbsp;</h1>");
    }),
    case("xhtml-no-declaration", &[], &["XML-002"], |e| {
        e.replace(ARTICLE, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "");
    }),
    case("xhtml-link-with-a-space", &["XML-003"], &[], |e| {
        e.replace(
            ARTICLE,
            "</h1>",
            "</h1><p><a href=\"http://exa mple.com/\">x</a></p>",
        );
    }),
    case("spine-ltr", &["RTL-001"], &[], |e| {
        e.replace(OPF, " page-progression-direction=\"rtl\"", "");
    }),
    case("nav-no-dir", &["RTL-002"], &[], |e| strip_dir(e, NAV)),
    case("cover-page-ltr", &["RTL-002"], &[], |e| {
        e.replace(COVER, "dir=\"rtl\"", "dir=\"ltr\"");
    }),
    case("article-no-lang", &["RTL-003"], &[], |e| {
        e.replace(ARTICLE, " lang=\"ar\" xml:lang=\"ar\"", "");
    }),
    // English set right to left: the dir contradicts the document's own language.
    case("article-lang-en-dir-rtl", &["RTL-002"], &[], |e| {
        e.replace(
            ARTICLE,
            " lang=\"ar\" xml:lang=\"ar\"",
            " lang=\"en\" xml:lang=\"en\"",
        );
    }),
    // A second right-to-left language in a right-to-left book is no error.
    case("article-in-persian", &[], &[], |e| {
        e.replace(
            ARTICLE,
            " lang=\"ar\" xml:lang=\"ar\"",
            " lang=\"fa\" xml:lang=\"fa\"",
        );
    }),
    case("article-in-urdu-dir-ltr", &["RTL-002"], &[], |e| {
        e.replace(
            ARTICLE,
            " lang=\"ar\" xml:lang=\"ar\"",
            " lang=\"ur\" xml:lang=\"ur\"",
        );
        e.replace(ARTICLE, "dir=\"rtl\"", "dir=\"ltr\"");
    }),
    case("article-lang-malformed", &["RTL-004"], &[], |e| {
        e.replace(
            ARTICLE,
            " lang=\"ar\" xml:lang=\"ar\"",
            " lang=\"ar_SY\" xml:lang=\"ar_SY\"",
        );
    }),
    case("article-lang-disagree", &["RTL-004"], &[], |e| {
        e.replace(ARTICLE, " xml:lang=\"ar\"", " xml:lang=\"fa\"");
    }),
    case("package-no-dir", &[], &["RTL-005"], |e| {
        e.replace(OPF, "<package dir=\"rtl\" xml:lang=\"ar\"", "<package");
    }),
    case("css-direction", &["RTL-006"], &[], |e| {
        e.replace(CSS, "body {", "body {\n  direction: rtl;");
    }),
    case("inline-unicode-bidi", &["RTL-006"], &[], |e| {
        e.replace(ARTICLE, "<h1 id=", "<h1 style=\"unicode-bidi: embed\" id=");
    }),
    case("css-text-align-left", &[], &["RTL-007"], |e| {
        e.replace(CSS, "text-align: justify", "text-align: left");
    }),
    case("inline-text-align-left", &[], &["RTL-007"], |e| {
        e.replace(ARTICLE, "<h1 id=", "<h1 style=\"text-align: left\" id=");
    }),
    // Text set left to right may be aligned left: a Latin code sample, a version string.
    case("text-align-left-on-ltr", &[], &[], |e| {
        e.replace(
            ARTICLE,
            "<h1 id=",
            "<h1 dir=\"ltr\" style=\"text-align: left\" id=",
        );
        e.replace(
            CSS,
            "body {",
            "code[dir=\"ltr\"], :dir(ltr) pre { text-align: left }\nbody {",
        );
    }),
    case("two-languages", &[], &["RTL-008"], |e| {
        e.replace(
            OPF,
            "</dc:language>",
            "</dc:language>\n    <dc:language>en</dc:language>",
        );
    }),
    case("arabic-declared-english", &[], &["RTL-009"], |e| {
        e.replace(OPF, ">ar</dc:language>", ">en</dc:language>");
    }),
    // Info-ZIP's `zip` stores UTF-8 names without the UTF-8 flag: still UTF-8, still found,
    // and the document still checked.
    case("unflagged-utf8-names", &[], &[], |e| {
        arabic_article_name(e, "مقال")
    }),
    case("unflagged-utf8-names-checked", &["RTL-002"], &[], |e| {
        arabic_article_name(e, "مقال");
        strip_dir(e, "OEBPS/مقال.xhtml");
    }),
    // An href in decomposed form (NFD) names the entry in composed form (NFC).
    case("decomposed-href", &[], &[], |e| {
        arabic_article_name(e, "\u{0622}");
        e.replace(
            OPF,
            "href=\"\u{0622}.xhtml\"",
            "href=\"\u{0627}\u{0653}.xhtml\"",
        );
    }),
    // What pandoc 2 writes: the direction on <html> only, lost by Calibre's Kindle conversion.
    case("article-dir-only-on-html", &[], &["RTL-010"], |e| {
        e.replace(
            ARTICLE,
            "<body lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\"",
            "<body",
        );
    }),
    // An English article of an Arabic book, its direction where epub.js overwrites it.
    case("english-article-dir-only-on-html", &[], &["RTL-011"], |e| {
        e.replace(
            ARTICLE,
            " lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\"",
            " lang=\"en\" xml:lang=\"en\" dir=\"ltr\"",
        );
        e.replace(
            ARTICLE,
            "<body lang=\"en\" xml:lang=\"en\" dir=\"ltr\"",
            "<body",
        );
    }),
    case("cover-image-block", &[], &["COVER-001"], |e| {
        e.replace(CSS, ".cover img {", ".cover img {\n  display: block;");
    }),
];

/// Renames the article to `OEBPS/{stem}.xhtml`, written without the UTF-8 flag.
fn arabic_article_name(epub: &mut Archive, stem: &str) {
    epub.entry(ARTICLE).name = format!("OEBPS/{stem}.xhtml");
    epub.replace(
        OPF,
        "href=\"article-001.xhtml\"",
        &format!("href=\"{stem}.xhtml\""),
    );
    epub.unflagged_names = true;
}

/// Builds the sample once per test binary run into `dir`.
fn sample(dir: &Path) -> PathBuf {
    build_sample(dir)
}

fn write_fixture(dir: &Path, name: &str, epub: &Archive) -> PathBuf {
    let path = dir.join(format!("{name}.epub"));
    epub.write(&path);
    path
}

#[test]
fn the_sample_and_an_english_book_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    for book in [sample(dir.path()), build_english(dir.path())] {
        let output = warraq().arg("check").arg(&book).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(0), "{stdout}");
        assert_eq!(
            stdout,
            format!("{}: 0 errors, 0 warnings\n", book.display()),
            "a book warraq builds has no findings"
        );
    }
}

#[test]
fn taking_the_sample_apart_and_back_together_keeps_it_clean() {
    let dir = tempfile::tempdir().unwrap();
    let epub = Archive::read(&sample(dir.path()));
    let path = write_fixture(dir.path(), "rewritten", &epub);
    assert_eq!(check(&path, &[]), (0, vec![], vec![]));
}

#[test]
fn each_fixture_trips_its_rule_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let good = Archive::read(&sample(dir.path()));
    let mut failures = Vec::new();
    for case in CASES {
        let mut epub = good.clone();
        (case.breakage)(&mut epub);
        let path = write_fixture(dir.path(), case.name, &epub);
        let (code, errors, warnings) = check(&path, case.args);
        let expected_code = if case.errors.is_empty() { 0 } else { 1 };
        let want_errors: BTreeSet<&str> = case.errors.iter().copied().collect();
        let want_warnings: BTreeSet<&str> = case.warnings.iter().copied().collect();
        if code != expected_code || set(&errors) != want_errors || set(&warnings) != want_warnings {
            failures.push(format!(
                "{}: exit {code}, errors {errors:?}, warnings {warnings:?}; \
                 wanted exit {expected_code}, errors {want_errors:?}, warnings {want_warnings:?}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_fixture_or_a_test_of_its_own() {
    let covered: BTreeSet<&str> = CASES
        .iter()
        .flat_map(|c| c.errors.iter().chain(c.warnings))
        .copied()
        // Tested below: unreadable files, garbage, duplicates, oversized entries; a Word
        // document in newcomer.rs.
        .chain(["FILE-001", "OCF-001", "OCF-009", "OCF-011", "OCF-012"])
        .collect();
    for rule in warraq::check::rules::ALL {
        assert!(covered.contains(rule.code), "{} has no test", rule.code);
    }
}

#[test]
fn a_pandoc_style_arabic_book_fails() {
    // pandoc's and Calibre's Arabic EPUBs pass EPUBCheck, yet nothing in them says
    // right to left: no page-progression-direction, no dir anywhere.
    let dir = tempfile::tempdir().unwrap();
    let mut epub = Archive::read(&sample(dir.path()));
    epub.replace(OPF, " page-progression-direction=\"rtl\"", "");
    epub.replace(OPF, "<package dir=\"rtl\"", "<package");
    for doc in [ARTICLE, NAV, COVER] {
        strip_dir(&mut epub, doc);
    }
    let path = write_fixture(dir.path(), "pandoc-style", &epub);
    let (code, errors, warnings) = check(&path, &[]);
    assert_eq!(code, 1);
    assert_eq!(set(&errors), BTreeSet::from(["RTL-001", "RTL-002"]));
    assert_eq!(
        errors.iter().filter(|c| *c == "RTL-002").count(),
        3,
        "one per document"
    );
    assert_eq!(set(&warnings), BTreeSet::from(["RTL-005"]));
}

#[test]
fn lang_flag_sets_the_language_checked_against() {
    let dir = tempfile::tempdir().unwrap();
    let book = sample(dir.path());
    // Checked as Persian, the Arabic declarations disagree: dc:language and every document.
    let (code, errors, warnings) = check(&book, &["--lang", "fa"]);
    assert_eq!(code, 1);
    assert_eq!(errors, ["RTL-004"; 4]);
    assert_eq!(warnings, ["RTL-005"], "package xml:lang");
    // An English book checked as Arabic lacks everything right-to-left.
    let english = build_english(dir.path());
    let (code, errors, _) = check(&english, &["--lang", "ar"]);
    assert_eq!(code, 1);
    assert!(set(&errors).is_superset(&BTreeSet::from(["RTL-001", "RTL-002", "RTL-004"])));
    // A tag that is no tag is clap's usage error, naming the flag.
    warraq()
        .args(["check", "--lang", "not a tag"])
        .arg(&book)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "invalid value 'not a tag' for '--lang <TAG>'",
        ));
}

#[test]
fn duplicate_entries_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut epub = Archive::read(&sample(dir.path()));
    let css = epub.entry(CSS).bytes.clone();
    epub.entries.push(Entry {
        name: "OEBPS/stylesheeX.css".into(),
        bytes: css,
        deflated: true,
        extra: None,
    });
    let mut bytes = epub.to_bytes();
    patch(&mut bytes, b"OEBPS/stylesheeX.css", b"OEBPS/stylesheet.css");
    let path = dir.path().join("duplicate.epub");
    fs::write(&path, bytes).unwrap();
    assert_eq!(check(&path, &[]), (1, vec!["OCF-009".into()], vec![]));
}

#[test]
fn oversized_entries_are_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let epub = Archive::read(&sample(dir.path()));
    // A header that claims 2 GiB.
    let mut bytes = epub.to_bytes();
    declare_size(&mut bytes, ARTICLE, 0x7FFF_FFFF);
    let path = dir.path().join("claims-2gib.epub");
    fs::write(&path, bytes).unwrap();
    let (code, errors, _) = check(&path, &[]);
    assert_eq!((code, errors), (1, vec!["OCF-011".to_string()]));
    // An entry that really inflates past 64 MiB, from a few hundred kilobytes.
    let mut bomb = epub.clone();
    bomb.entry(ARTICLE).bytes = vec![b' '; 65 * 1024 * 1024];
    let path = write_fixture(dir.path(), "bomb", &bomb);
    assert!(fs::metadata(&path).unwrap().len() < 1024 * 1024);
    let (code, errors, _) = check(&path, &[]);
    assert_eq!((code, errors), (1, vec!["OCF-011".to_string()]));
}

#[test]
fn garbage_is_reported_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = fs::read(sample(dir.path())).unwrap();
    let mut random = Vec::with_capacity(4096);
    let mut x: u32 = 2_463_534_242;
    for _ in 0..4096 {
        // xorshift: deterministic noise.
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random.push(x as u8);
    }
    let not_zips: [(&str, &[u8]); 4] = [
        ("empty", b""),
        ("random", &random),
        ("truncated", &good[..good.len() / 2]),
        ("text", b"PK\x03\x04 but nothing more"),
    ];
    for (name, bytes) in not_zips {
        let path = dir.path().join(format!("{name}.epub"));
        fs::write(&path, bytes).unwrap();
        assert_eq!(
            check(&path, &[]),
            (65, vec!["OCF-001".into()], vec![]),
            "{name}"
        );
    }
    // A zip with nothing of an EPUB in it.
    let mut bare = Archive {
        entries: vec![],
        unflagged_names: false,
    };
    bare.push("hello.txt", b"hello");
    let path = write_fixture(dir.path(), "bare-zip", &bare);
    let (code, errors, _) = check(&path, &[]);
    assert_eq!(code, 1);
    assert_eq!(set(&errors), BTreeSet::from(["OCF-002", "OCF-006"]));
    // The sample with every byte after the local headers' names flipped, a few at a time.
    for step in [7, 101, 997] {
        let mut bytes = good.clone();
        for i in (200..bytes.len()).step_by(step) {
            bytes[i] ^= 0x5A;
        }
        let path = dir.path().join(format!("flipped-{step}.epub"));
        fs::write(&path, &bytes).unwrap();
        let output = warraq().arg("check").arg(&path).output().unwrap();
        assert!(
            [0, 1, 65].contains(&output.status.code().unwrap()),
            "{step}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn exit_codes_and_human_output() {
    let dir = tempfile::tempdir().unwrap();
    let good = sample(dir.path());
    let mut broken = Archive::read(&good);
    broken.replace(OPF, " page-progression-direction=\"rtl\"", "");
    let broken = write_fixture(dir.path(), "broken", &broken);
    let mut warned = Archive::read(&good);
    warned.replace(CSS, "text-align: justify", "text-align: left");
    let warned = write_fixture(dir.path(), "warned", &warned);
    let missing = dir.path().join("missing.epub");

    warraq().arg("check").arg(&good).assert().code(0);
    warraq().arg("check").arg(&warned).assert().code(0);
    warraq()
        .arg("check")
        .arg(&good)
        .arg(&broken)
        .assert()
        .code(1);
    warraq()
        .arg("check")
        .arg(&broken)
        .arg(&missing)
        .assert()
        .code(66);
    warraq().arg("check").assert().code(2);

    let output = warraq()
        .arg("check")
        .arg(&broken)
        .arg(&warned)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let (b, w) = (broken.display(), warned.display());
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].starts_with(&format!("{b}: error RTL-001: ")) && lines[0].ends_with(":3)"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains(&format!("({OPF}:")), "{}", lines[0]);
    assert_eq!(lines[1], format!("{b}: 1 error, 0 warnings"));
    assert_eq!(
        lines[2],
        format!("{w}: warning RTL-007: `text-align: left` in a right-to-left book; use `start` ({CSS}:5)")
    );
    assert_eq!(lines[3], format!("{w}: 0 errors, 1 warning"));
}

#[test]
fn json_output_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let good = sample(dir.path());
    let mut broken = Archive::read(&good);
    broken.replace(OPF, " page-progression-direction=\"rtl\"", "");
    broken.replace(CSS, "text-align: justify", "text-align: left");
    let broken = write_fixture(dir.path(), "broken", &broken);
    let missing = dir.path().join("missing.epub");
    let output = warraq()
        .args(["check", "--json"])
        .arg(&good)
        .arg(&broken)
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(66));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let files = json.as_array().unwrap();
    assert_eq!(files.len(), 3);
    for (file, path) in files.iter().zip([&good, &broken, &missing]) {
        let object = file.as_object().unwrap();
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, ["errors", "file", "warnings"]);
        assert_eq!(file["file"], path.display().to_string());
        for finding in object["errors"]
            .as_array()
            .unwrap()
            .iter()
            .chain(object["warnings"].as_array().unwrap())
        {
            let keys: Vec<&str> = finding
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys, ["code", "location", "message"]);
            assert!(finding.as_object().unwrap().values().all(Value::is_string));
        }
    }
    assert_eq!(files[0]["errors"], Value::Array(vec![]));
    assert_eq!(files[1]["errors"][0]["code"], "RTL-001");
    assert!(files[1]["errors"][0]["location"]
        .as_str()
        .unwrap()
        .starts_with("OEBPS/content.opf:"));
    assert_eq!(files[1]["warnings"][0]["code"], "RTL-007");
    assert_eq!(files[2]["errors"][0]["code"], "FILE-001");
}

#[test]
fn builds_in_other_languages_pass_their_own_check() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("hebrew.txt");
    fs::write(
        &article,
        "ספרים בבגדד\nהמעתיקים של בגדד העתיקו, כרכו ומכרו ספרים באלפים.\n",
    )
    .unwrap();
    let out = dir.path().join("hebrew.epub");
    warraq()
        .arg("build")
        .arg(&article)
        .args(["--lang", "he", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        check(&out, &[]),
        (0, vec![], vec![]),
        "a book without a cover"
    );
}

#[test]
fn the_rule_table_documents_every_rule() {
    let table = fs::read_to_string(util::repo().join("docs/check.md")).unwrap();
    for rule in warraq::check::rules::ALL {
        let row = format!("| `{}` | {} |", rule.code, rule.severity);
        assert!(
            table.contains(&row),
            "docs/check.md has no row starting {row:?}"
        );
    }
}
