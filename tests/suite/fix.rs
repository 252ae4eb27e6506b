//! `warraq fix` on books other tools made (pandoc's EPUB 3 and EPUB 2 of the sample, and
//! Calibre- and InDesign-style books made here): afterwards `warraq check` finds nothing of
//! right-to-left wrong, EPUBCheck is clean, the text is the same, every entry `fix` did not
//! change is packed byte for byte as before, and Chromium lays the text out right to left.
//! Then the command line: where books are written, refusals, the output formats.

use crate::fix_util;
use crate::util;

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use fix_util::books::{calibre_book, indesign_book, pandoc_book, sample_text, shamela_book};
use fix_util::{assert_untouched_copied, check, chromium_flow, codes, fix, texts};
use util::samples::build_sample;
use util::warraq;

fn os<'a>(parts: &'a [&'a dyn AsRef<OsStr>]) -> Vec<&'a OsStr> {
    parts.iter().map(|p| p.as_ref()).collect()
}

/// Fixes `book` into `name-fixed.epub` and asserts every promise `fix` makes about it;
/// `chapter` is the entry Chromium lays out, `warnings` those the check may still give.
fn assert_fixed(dir: &Path, name: &str, book: &Path, chapter: &str, warnings: &[&str]) {
    let (_, errors_before, warnings_before) = check(book);
    assert!(
        errors_before
            .iter()
            .chain(&warnings_before)
            .any(|c| c.starts_with("RTL-")),
        "{name}: the input has nothing right-to-left wrong, so proves nothing"
    );
    let out = dir.join(format!("{name}-fixed.epub"));
    let (code, json) = fix(&os(&[&book, &"-o", &out]));
    assert_eq!(code, 0, "{name}: {json:#}");
    assert!(
        !codes(&json[0]["fixed"]).is_empty(),
        "{name}: nothing fixed"
    );

    let (code, errors, remaining) = check(&out);
    assert_eq!((code, errors), (0, vec![]), "{name}");
    let remaining: Vec<&str> = remaining.iter().map(String::as_str).collect();
    assert_eq!(
        remaining, warnings,
        "{name}: the check's warnings after fix"
    );

    util::epubcheck::assert_valid(&out);

    let (before, after) = (texts(book), texts(&out));
    for (entry, text) in &before {
        assert_eq!(
            after.get(entry),
            Some(text),
            "{name}: the text of {entry} changed"
        );
    }
    let changed = assert_untouched_copied(book, &out);
    assert!(!changed.is_empty(), "{name}: nothing changed");

    let scratch = tempfile::tempdir().unwrap();
    let flow = chromium_flow(scratch.path(), &out, chapter);
    assert_eq!(
        flow,
        ("rtl".to_string(), "rtl".to_string(), true),
        "{name}: Chromium's body and paragraph direction, and whether the first line starts at the right"
    );
}

#[test]
fn pandoc_s_epub_3_comes_out_right() {
    let dir = tempfile::tempdir().unwrap();
    let book = pandoc_book(dir.path(), false);
    assert_fixed(dir.path(), "pandoc", &book, "EPUB/text/ch001.xhtml", &[]);
}

#[test]
fn pandoc_s_epub_2_comes_out_as_a_right_epub_3() {
    let dir = tempfile::tempdir().unwrap();
    let book = pandoc_book(dir.path(), true);
    assert_fixed(dir.path(), "pandoc2", &book, "EPUB/text/ch001.xhtml", &[]);
    let out = dir.path().join("pandoc2-fixed.epub");
    let opf = String::from_utf8(fix_util::entries(&out)["EPUB/content.opf"].bytes.clone()).unwrap();
    assert!(opf.contains("version=\"3.0\""), "{opf}");
    assert!(opf.contains("properties=\"nav\""), "{opf}");
    assert!(opf.contains("toc.ncx"), "the NCX is kept: {opf}");
}

#[test]
fn a_calibre_style_epub_2_comes_out_right() {
    let dir = tempfile::tempdir().unwrap();
    let book = calibre_book(dir.path());
    // Two languages, the main one now first: the check still asks for one.
    assert_fixed(
        dir.path(),
        "calibre",
        &book,
        "index_split_000.xhtml",
        &["RTL-008"],
    );
    let out = dir.path().join("calibre-fixed.epub");
    let entries = fix_util::entries(&out);
    let opf = String::from_utf8(entries["content.opf"].bytes.clone()).unwrap();
    let ar = opf.find("<dc:language>ar</dc:language>").unwrap();
    let en = opf.find("<dc:language>en</dc:language>").unwrap();
    assert!(ar < en, "the main language first, the other kept: {opf}");
    assert!(
        opf.contains("property=\"role\" scheme=\"marc:relators\">aut</meta>"),
        "{opf}"
    );
    let nav = String::from_utf8(entries["nav.xhtml"].bytes.clone()).unwrap();
    assert!(
        nav.contains("lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\""),
        "{nav}"
    );
    assert!(
        nav.contains("href=\"index_split_000.xhtml#calibre_toc_1\""),
        "{nav}"
    );
    assert!(
        nav.contains("epub:type=\"bodymatter\""),
        "landmarks from the guide: {nav}"
    );
    let chapter = String::from_utf8(entries["index_split_000.xhtml"].bytes.clone()).unwrap();
    assert!(
        chapter.contains("<p dir=\"rtl\" class=\"calibre1\">"),
        "the class's direction moved onto the element"
    );
    let css = String::from_utf8(entries["stylesheet.css"].bytes.clone()).unwrap();
    assert!(
        !css.contains("direction") && !css.contains("unicode-bidi"),
        "{css}"
    );
    assert!(
        css.contains("text-align: start;") && !css.contains("left"),
        "{css}"
    );
}

#[test]
fn an_indesign_style_epub_3_comes_out_right() {
    let dir = tempfile::tempdir().unwrap();
    let book = indesign_book(dir.path());
    assert_fixed(dir.path(), "indesign", &book, "OEBPS/Text/Story.xhtml", &[]);
    let story = String::from_utf8(
        fix_util::entries(&dir.path().join("indesign-fixed.epub"))["OEBPS/Text/Story.xhtml"]
            .bytes
            .clone(),
    )
    .unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let parsed = roxmltree::Document::parse_with_options(&story, options).unwrap();
    let xml_lang = ("http://www.w3.org/XML/1998/namespace", "lang");
    for element in ["html", "body"] {
        let node = parsed
            .descendants()
            .find(|n| n.has_tag_name(element))
            .unwrap();
        assert_eq!(
            (
                node.attribute("lang"),
                node.attribute(xml_lang),
                node.attribute("dir")
            ),
            (Some("ar"), Some("ar"), Some("rtl")),
            "the language and direction on <{element}>:\n{story}"
        );
    }
    assert!(
        story.contains("id=\"Story\""),
        "the body keeps its id:\n{story}"
    );
}

/// Its chapters named in Arabic (zipped by Info-ZIP, so without the UTF-8 flag) keep their
/// names, and its documents, not well-formed for want of the `epub` prefix, are repaired.
#[test]
fn a_shamela_style_book_with_arabic_names_comes_out_right() {
    let dir = tempfile::tempdir().unwrap();
    let book = shamela_book(dir.path());
    let chapter = "OEBPS/text/0001_الفصل-الأول.xhtml";
    let (_, errors, _) = check(&book);
    for code in ["XML-001", "RTL-006"] {
        assert!(
            errors.iter().any(|c| c == code),
            "{code} before fix: {errors:?}"
        );
    }
    let out = dir.path().join("shamela-fixed.epub");
    let (code, json) = fix(&os(&[&book, &"-o", &out]));
    assert_eq!(code, 0, "{json:#}");
    assert!(
        codes(&json[0]["fixed"]).contains(&"XML-001".to_string()),
        "{json:#}"
    );
    let (code, errors, warnings) = check(&out);
    assert_eq!((code, errors, warnings), (0, vec![], vec![]));
    util::epubcheck::assert_valid(&out);

    let changed = assert_untouched_copied(&book, &out);
    assert!(changed.iter().any(|c| c == chapter), "{changed:?}");
    let text = &texts(&out)[chapter];
    let (headline, paragraphs) = sample_text();
    for line in std::iter::once(&headline).chain(&paragraphs) {
        assert!(
            text.contains(line.as_str()),
            "lost from the chapter: {line}"
        );
    }

    let again = dir.path().join("again.epub");
    let (code, json) = fix(&os(&[&out, &"-o", &again]));
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(codes(&json[0]["fixed"]), Vec::<String>::new(), "{json:#}");

    let scratch = tempfile::tempdir().unwrap();
    assert_eq!(
        chromium_flow(scratch.path(), &out, chapter),
        ("rtl".to_string(), "rtl".to_string(), true),
    );
}

#[test]
fn a_book_already_right_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let sample = build_sample(dir.path());
    let out = dir.path().join("again.epub");
    let (code, json) = fix(&os(&[&sample, &"-o", &out]));
    assert_eq!(code, 0);
    assert_eq!(codes(&json[0]["fixed"]), Vec::<String>::new(), "{json:#}");
    assert_eq!(assert_untouched_copied(&sample, &out), Vec::<String>::new());
}

#[test]
fn output_lines_name_the_book_the_rule_and_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let book = pandoc_book(dir.path(), false);
    let out = dir.path().join("out.epub");
    let output = warraq()
        .arg("fix")
        .arg(&book)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let name = book.display();
    assert!(
        stdout.contains(&format!(
            "{name}: fixed RTL-001: spine page-progression-direction set to rtl (EPUB/content.opf)\n"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{name}: note: the book's language detected from its text: Arabic (ar)"
        )),
        "{stdout}"
    );
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("{name}: "))
            && last.ends_with(&format!(
                "0 errors and 0 warnings remain; written to {}",
                out.display()
            )),
        "{last}"
    );

    // A dry run says the same in the conditional: nothing was fixed.
    let output = warraq()
        .arg("fix")
        .arg("--dry-run")
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(&format!(
            "{name}: would fix RTL-001: spine page-progression-direction set to rtl (EPUB/content.opf)\n"
        )),
        "{stdout}"
    );
    assert!(!stdout.contains(": fixed "), "{stdout}");
    assert!(
        stdout.lines().last().unwrap().ends_with(
            "repairs to make; 0 errors and 0 warnings would remain; nothing written (--dry-run)"
        ),
        "{stdout}"
    );
}

#[test]
fn where_books_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let book = pandoc_book(dir.path(), false);
    let original = fs::read(&book).unwrap();
    // Default: dist/<name> under the current directory.
    warraq()
        .current_dir(dir.path())
        .arg("fix")
        .arg(&book)
        .assert()
        .success();
    assert!(dir.path().join("dist/pandoc.epub").is_file());
    // Over its own input: refused, the input untouched.
    warraq()
        .arg("fix")
        .arg(&book)
        .arg("-o")
        .arg(&book)
        .assert()
        .code(65);
    assert_eq!(fs::read(&book).unwrap(), original);
    // A dry run writes nothing.
    let nothing = dir.path().join("nothing.epub");
    let (code, json) = fix(&os(&[&"--dry-run", &book]));
    assert_eq!(
        (code, json[0]["output"].clone()),
        (0, serde_json::Value::Null)
    );
    assert!(!nothing.exists());
    // Several books into a directory; then in place, atomically.
    let second = dir.path().join("second.epub");
    fs::copy(&book, &second).unwrap();
    let books = dir.path().join("books");
    warraq()
        .arg("fix")
        .arg(&book)
        .arg(&second)
        .arg("-o")
        .arg(&books)
        .assert()
        .success();
    assert!(books.join("pandoc.epub").is_file() && books.join("second.epub").is_file());
    warraq()
        .arg("fix")
        .arg("--in-place")
        .arg(&second)
        .assert()
        .success();
    assert_eq!(
        fs::read(&second).unwrap(),
        fs::read(books.join("second.epub")).unwrap()
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A missing book: 66.
    warraq()
        .arg("fix")
        .arg(dir.path().join("missing.epub"))
        .arg("-o")
        .arg(&nothing)
        .assert()
        .code(66);
    assert!(!nothing.exists());
}
