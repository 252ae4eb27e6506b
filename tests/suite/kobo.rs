//! Kobo's KEPUB: sentence spans and wrapper divs, the text unchanged, EPUBCheck 0/0.

use crate::util;

use std::collections::HashSet;

use util::{epubcheck, repo, sample_dir, warraq, Epub};

fn parse(xhtml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(xhtml, options).expect("well-formed XHTML")
}

/// The text a reader sees in a document's body.
fn body_text(xhtml: &str) -> String {
    let doc = parse(xhtml);
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name("body"))
        .expect("a body");
    body.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn kobo_writes_a_kepub_with_sentence_spans() {
    let dir = tempfile::tempdir().unwrap();
    let assert = warraq()
        .current_dir(dir.path())
        .arg("build")
        .arg(sample_dir())
        .arg("--kobo")
        .assert()
        .success();
    let printed = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let path = dir.path().join(printed.trim());
    assert!(printed.trim().ends_with(".kepub.epub"), "{printed}");
    assert!(printed.trim().starts_with("dist/"), "{printed}");

    let plain = dir.path().join("plain.epub");
    warraq()
        .arg("build")
        .arg(sample_dir())
        .arg("-o")
        .arg(&plain)
        .assert()
        .success();

    let kepub = Epub::open(&path);
    let epub = Epub::open(&plain);
    fn names(e: &Epub) -> Vec<&str> {
        let mut names = e.names();
        names.sort_unstable();
        names
    }
    assert_eq!(names(&kepub), names(&epub), "the same files");

    let article = kepub.read_text("OEBPS/article-001.xhtml");
    assert!(
        article.contains("<div id=\"book-columns\"><div id=\"book-inner\">"),
        "{article}"
    );
    assert!(
        article.contains("<h1 id=\"headline\"><span class=\"koboSpan\" id=\"kobo.1.1\">"),
        "{article}"
    );
    let doc = parse(&article);
    let spans: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("koboSpan"))
        .collect();
    let blocks = doc
        .descendants()
        .filter(|n| n.has_tag_name("p") || n.has_tag_name("h1"))
        .count();
    assert!(
        spans.len() > blocks && blocks > 5,
        "{} spans, {blocks} blocks",
        spans.len()
    );
    let ids: HashSet<_> = spans.iter().filter_map(|s| s.attribute("id")).collect();
    assert_eq!(ids.len(), spans.len(), "span ids are unique");
    // A block of several sentences gets one span per sentence: the headline has two.
    assert!(ids.contains("kobo.1.2"), "{ids:?}");
    // Spans change no text: the reader sees what the EPUB shows.
    for name in ["OEBPS/article-001.xhtml", "OEBPS/cover.xhtml"] {
        assert_eq!(
            body_text(&kepub.read_text(name)),
            body_text(&epub.read_text(name)),
            "{name}"
        );
    }
    // Everything but the content documents is as in the EPUB.
    for name in [
        "OEBPS/nav.xhtml",
        "OEBPS/stylesheet.css",
        "OEBPS/images/cover.jpg",
    ] {
        assert_eq!(kepub.read(name), epub.read(name), "{name}");
    }
    epubcheck::assert_valid(&path);
}

#[test]
fn format_kepub_is_the_same_as_kobo() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.kepub.epub");
    let b = dir.path().join("b.kepub.epub");
    warraq()
        .arg("build")
        .arg(sample_dir())
        .args(["--kobo", "-o"])
        .arg(&a)
        .assert()
        .success();
    warraq()
        .arg("build")
        .arg(sample_dir())
        .args(["--format", "kepub", "-o"])
        .arg(&b)
        .assert()
        .success();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    warraq()
        .arg("build")
        .arg(sample_dir())
        .args(["--kobo", "--format", "epub"])
        .assert()
        .code(2);
}

#[test]
fn the_anthology_as_a_kepub_keeps_its_markdown_and_passes_epubcheck() {
    // Footnotes, a table, an image and an English article among Arabic ones: every content
    // document gets its spans and wrappers and reads as in the EPUB.
    let anthology = repo().join("tests/fixtures/anthology");
    let dir = tempfile::tempdir().unwrap();
    let kepub_path = dir.path().join("a.kepub.epub");
    let epub_path = dir.path().join("a.epub");
    for (path, extra) in [(&kepub_path, Some("--kobo")), (&epub_path, None)] {
        warraq()
            .arg("build")
            .arg(&anthology)
            .args(extra)
            .arg("-o")
            .arg(path)
            .assert()
            .success();
    }
    let kepub = Epub::open(&kepub_path);
    let epub = Epub::open(&epub_path);
    let articles: Vec<&str> = kepub
        .names()
        .into_iter()
        .filter(|k| k.starts_with("OEBPS/article-"))
        .collect();
    assert_eq!(articles.len(), 4, "{articles:?}");
    for name in articles {
        let kobo = kepub.read_text(name);
        assert!(
            kobo.contains("<div id=\"book-columns\"><div id=\"book-inner\">"),
            "{name}"
        );
        assert!(kobo.contains("class=\"koboSpan\""), "{name}");
        assert_eq!(body_text(&kobo), body_text(&epub.read_text(name)), "{name}");
    }
    epubcheck::assert_valid(&kepub_path);
}
