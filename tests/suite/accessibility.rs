//! Accessibility (EPUB Accessibility 1.1, docs/accessibility.md): every book is clean under Ace by
//! DAISY 1.4.6, declares what is true of it and nothing more, claims conformance only when
//! `book.toml` names a certifier, and gives every image, the cover included, its alt text.
//!
//! Ace runs on the real binary's books with `-E` and its `report.json` is read here; a test
//! fails (never skips) when Ace or Chromium is missing, with the command that installs it.

use crate::browser;
use crate::inputs;
use crate::util;

use std::collections::BTreeSet;
use std::fs;
use std::process::Command as Process;
use std::sync::OnceLock;

use serde_json::Value;
use util::epub::{attributes, elements, xml, Opf, XHTML_NS};
use util::{fixture_dir, repo, sample_dir, shared, Book, Built, Epub};

/// The claim a certifier in `book.toml` makes.
const CONFORMANCE: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

// The three books Ace looks at, built once each. (These very books pass EPUBCheck in
// tests/build.rs and tests/anthology.rs; it is not run on them again here.)

fn sample() -> &'static Epub {
    static EPUB: OnceLock<Epub> = OnceLock::new();
    EPUB.get_or_init(|| util::build_unchecked(&sample_dir()))
}

fn anthology() -> &'static Epub {
    static EPUB: OnceLock<Epub> = OnceLock::new();
    EPUB.get_or_init(|| util::build_unchecked(&fixture_dir("anthology")))
}

/// The English fixture as it is: no cover named, so a drawn one; no other image.
fn english() -> &'static Epub {
    static EPUB: OnceLock<Epub> = OnceLock::new();
    EPUB.get_or_init(|| util::build_unchecked(&fixture_dir("english")))
}

/// The English fixture with `--cover none`: no image at all.
fn english_without_cover() -> &'static Epub {
    static EPUB: OnceLock<Epub> = OnceLock::new();
    EPUB.get_or_init(|| util::build_unchecked_with(&fixture_dir("english"), &["--cover", "none"]))
}

/// The anthology with `--cover none`: its one image is its Markdown article's.
fn anthology_without_cover() -> &'static Epub {
    static EPUB: OnceLock<Epub> = OnceLock::new();
    EPUB.get_or_init(|| util::build_unchecked_with(&fixture_dir("anthology"), &["--cover", "none"]))
}

/// Whether the book's manifest has a cover image.
fn has_cover(epub: &Epub) -> bool {
    epub.opf()
        .manifest
        .iter()
        .any(|i| i.has_property("cover-image"))
}

/// The sample with `accessibility_certifier` in its `book.toml` (built by `util::Book`, so
/// EPUBCheck passes it too).
fn certified() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    shared(&BUILT, || {
        sample_with("accessibility_certifier = \"Test Certifier\"").build()
    })
}

/// The sample book copied into a temp dir (article, cover) with `extra` appended to its
/// `book.toml`, ready to build.
fn sample_with(extra: &str) -> Book {
    let mut book = Book::empty();
    let toml = fs::read_to_string(sample_dir().join("book.toml")).expect("the sample book.toml");
    assert!(
        toml.contains("\"../covers/sample.jpg\""),
        "the sample's book.toml no longer names ../covers/sample.jpg"
    );
    let toml = toml.replace("\"../covers/sample.jpg\"", "\"cover.jpg\"");
    book.write("book/book.toml", format!("{toml}\n{extra}\n").as_bytes());
    book.write(
        "book/article.txt",
        &fs::read(sample_dir().join("article.txt")).expect("the sample article"),
    );
    book.write(
        "book/cover.jpg",
        &fs::read(repo().join("covers/sample.jpg")).expect("the sample cover"),
    );
    let input = book.tmp().join("book");
    book.input(input);
    book
}

// Ace by DAISY.

#[test]
fn ace_finds_nothing_in_the_sample() {
    assert_ace_clean("sample", sample());
}

#[test]
fn ace_finds_nothing_in_the_anthology() {
    assert_ace_clean("anthology", anthology());
}

#[test]
fn ace_finds_nothing_in_the_english_fixture() {
    assert_ace_clean("english", english());
}

#[test]
fn ace_finds_nothing_in_a_news_page_or_a_word_document() {
    assert_ace_clean("news page", &inputs::news().epub);
    assert_ace_clean("word document", &inputs::word().epub);
}

#[test]
fn ace_finds_nothing_in_an_edition() {
    assert_ace_clean("edition", &crate::edition::fixture_edition().epub);
}

#[test]
fn ace_finds_nothing_in_a_book_that_claims_conformance() {
    let report = assert_ace_clean("certified sample", &certified().epub);
    for property in ["dcterms:conformsTo", "a11y:certifiedBy"] {
        assert!(
            report.present.contains(property),
            "Ace does not see {property} (it sees {:?})",
            report.present
        );
    }
}

/// What Ace said about one book.
struct AceReport {
    /// `a11y-metadata.present`: the accessibility metadata Ace found.
    present: BTreeSet<String>,
}

/// One failed assertion of Ace's report.
struct Violation {
    file: String,
    rule: String,
    impact: String,
    description: String,
    html: String,
}

/// Runs Ace 1.4.6 on the book and panics, listing each violation, unless it found none of any
/// severity; also that Ace looked at every document of the spine.
fn assert_ace_clean(name: &str, epub: &Epub) -> AceReport {
    let ace = browser::ace();
    let work = tempfile::Builder::new()
        .prefix("warraq-ace-")
        .tempdir()
        .expect("cannot create a temporary directory");
    let book = work.path().join("book.epub");
    fs::write(&book, &epub.bytes).expect("cannot write the book for Ace");
    let out = work.path().join("report");
    let output = browser::run(
        Process::new(ace)
            .current_dir(work.path())
            .env("PUPPETEER_EXECUTABLE_PATH", browser::chromium())
            .arg("-E")
            .arg("-o")
            .arg(&out)
            .arg("-f")
            .arg(&book),
        work.path(),
    );
    let said = || {
        format!(
            "--- stdout\n{}\n--- stderr\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    };
    let json = fs::read_to_string(out.join("report.json"))
        .unwrap_or_else(|e| panic!("Ace wrote no report for {name} ({e}):\n{}", said()));
    let report: Value = serde_json::from_str(&json).expect("Ace's report.json does not parse");
    let version = &report["earl:assertedBy"]["doap:release"]["doap:revision"];
    assert_eq!(
        version.as_str(),
        Some(browser::ACE_VERSION),
        "{}: this Ace is {version}",
        browser::ACE_MISSING
    );

    let mut checked = Vec::new();
    let mut violations = Vec::new();
    for subject in report["assertions"].as_array().into_iter().flatten() {
        let file = subject["earl:testSubject"]["url"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        for assertion in subject["assertions"].as_array().into_iter().flatten() {
            if assertion["earl:result"]["earl:outcome"] == "fail" {
                let test = &assertion["earl:test"];
                let text = |v: &Value| v.as_str().unwrap_or("").to_string();
                violations.push(Violation {
                    file: file.clone(),
                    rule: text(&test["dct:title"]),
                    impact: text(&test["earl:impact"]),
                    description: text(&assertion["earl:result"]["dct:description"]),
                    html: text(&assertion["earl:result"]["html"]),
                });
            }
        }
        checked.push(file);
    }
    if !violations.is_empty() {
        let mut listing = String::new();
        for v in &violations {
            listing.push_str(&format!(
                "{} [{}] in {}: {}\n",
                v.rule,
                v.impact,
                v.file,
                v.description.replace('\n', "\n    ")
            ));
            if !v.html.is_empty() {
                listing.push_str(&format!("    at {}\n", v.html));
            }
        }
        panic!(
            "Ace by DAISY {} found {} violation(s) in {name}:\n{listing}",
            browser::ACE_VERSION,
            violations.len()
        );
    }
    assert_eq!(
        report["earl:result"]["earl:outcome"], "pass",
        "Ace's verdict on {name}"
    );
    assert!(
        output.status.success(),
        "Ace ({}) failed on {name} without naming a violation:\n{}",
        output.status,
        said()
    );
    for item in epub.opf().spine_items() {
        assert!(
            checked
                .iter()
                .any(|file| file == &item.href || file.ends_with(&format!("/{}", item.href))),
            "Ace did not check {} of {name}; it checked {checked:?}",
            item.href
        );
    }
    let present: BTreeSet<String> = report["a11y-metadata"]["present"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    for property in [
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ] {
        assert!(
            present.contains(property),
            "Ace finds no {property} in {name} (it finds {present:?})"
        );
    }
    AceReport { present }
}

// The package's accessibility metadata.

#[test]
fn the_sample_declares_what_is_true_of_it() {
    assert_declares(sample(), "ar", "rtl", true);
    assert_no_claim(&sample().opf());
}

#[test]
fn the_anthology_declares_its_image() {
    assert!(has_cover(sample()), "the sample has a cover");
    assert!(has_cover(anthology()), "the anthology has a drawn cover");
    assert_declares(anthology(), "ar", "rtl", true);
    assert_no_claim(&anthology().opf());
    // Without its cover, its Markdown article's image alone makes it visual.
    assert!(!has_cover(anthology_without_cover()), "--cover none");
    assert_declares(anthology_without_cover(), "ar", "rtl", true);
}

#[test]
fn a_book_without_images_is_textual_only() {
    assert!(!has_cover(english_without_cover()), "--cover none");
    assert_declares(english_without_cover(), "en", "ltr", false);
    assert_no_claim(&english_without_cover().opf());
    // The drawn cover is an image like any other: visual, with its alt text.
    assert!(has_cover(english()), "a drawn cover");
    assert_declares(english(), "en", "ltr", true);
}

#[test]
fn a_certifier_in_book_toml_makes_the_conformance_claim() {
    let built = certified();
    let opf = built.epub.opf();
    assert_eq!(values(&opf, "dcterms:conformsTo"), [CONFORMANCE]);
    assert_eq!(values(&opf, "a11y:certifiedBy"), ["Test Certifier"]);
    assert!(values(&opf, "a11y:exemption").is_empty());
    assert_declares(&built.epub, "ar", "rtl", true);
}

#[test]
fn an_eaa_exemption_in_book_toml_is_declared() {
    let built = sample_with("accessibility_exemption = \"eaa-microenterprise\"").build();
    let opf = built.epub.opf();
    assert_eq!(values(&opf, "a11y:exemption"), ["eaa-microenterprise"]);
    assert!(
        values(&opf, "dcterms:conformsTo").is_empty(),
        "an exemption is no conformance claim"
    );
    assert_declares(&built.epub, "ar", "rtl", true);
}

#[test]
fn an_unknown_exemption_is_refused() {
    let failed = sample_with("accessibility_exemption = \"eaa-too-busy\"").fail();
    assert_eq!(failed.code, Some(65), "stderr:\n{}", failed.stderr);
    assert!(
        failed.stderr.contains("eaa-too-busy"),
        "the error does not name the value:\n{}",
        failed.stderr
    );
    assert!(
        failed.stderr.contains("accessibility_exemption"),
        "the error does not name the key:\n{}",
        failed.stderr
    );
}

/// The texts of the package's `<meta property="...">` (or `<link rel="...">`) for `property`.
fn values(opf: &Opf, property: &str) -> Vec<String> {
    opf.metadata
        .iter()
        .filter(|e| e.attr("property") == Some(property) || e.attr("rel") == Some(property))
        .map(|e| {
            e.attr("href")
                .map_or_else(|| e.text.trim().to_string(), str::to_string)
        })
        .collect()
}

fn set(values: &[&str]) -> BTreeSet<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// The EPUB Accessibility 1.1 metadata every book carries, true of a book in `lang` and `dir`
/// that holds images (or not).
fn assert_declares(epub: &Epub, lang: &str, dir: &str, images: bool) {
    let opf = epub.opf();
    let holds_images = opf
        .manifest
        .iter()
        .any(|i| i.media_type.starts_with("image/"));
    assert_eq!(
        holds_images, images,
        "the test's idea of whether the book holds images is wrong"
    );
    let once = |property: &str| -> BTreeSet<String> {
        let found = values(&opf, property);
        let unique: BTreeSet<String> = found.iter().cloned().collect();
        assert_eq!(
            unique.len(),
            found.len(),
            "{property} repeats a value: {found:?}"
        );
        unique
    };
    let mut modes = vec!["textual"];
    let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder"];
    if images {
        modes.push("visual");
        features.push("alternativeText");
    }
    assert_eq!(once("schema:accessMode"), set(&modes), "schema:accessMode");
    assert_eq!(
        once("schema:accessModeSufficient"),
        set(&["textual"]),
        "schema:accessModeSufficient"
    );
    assert_eq!(
        once("schema:accessibilityFeature"),
        set(&features),
        "schema:accessibilityFeature"
    );
    assert_eq!(
        once("schema:accessibilityHazard"),
        set(&["none"]),
        "schema:accessibilityHazard"
    );

    let summaries: Vec<_> = opf
        .metadata
        .iter()
        .filter(|e| e.attr("property") == Some("schema:accessibilitySummary"))
        .collect();
    assert_eq!(summaries.len(), 1, "one schema:accessibilitySummary");
    let summary = summaries[0];
    assert_eq!(
        summary.attr("xml:lang"),
        Some(lang),
        "the summary's xml:lang"
    );
    assert_eq!(summary.attr("dir"), Some(dir), "the summary's dir");
    let in_script = |c: char| match lang {
        "ar" => ('\u{0600}'..='\u{06FF}').contains(&c),
        _ => c.is_ascii_alphabetic(),
    };
    assert!(
        summary.text.chars().filter(|&c| in_script(c)).count() > 20,
        "the summary is not written in {lang}: {:?}",
        summary.text
    );
}

/// No conformance claim, no certifier, no exemption: what a plain `book.toml` gets.
fn assert_no_claim(opf: &Opf) {
    for property in ["dcterms:conformsTo", "a11y:certifiedBy", "a11y:exemption"] {
        assert!(
            values(opf, property).is_empty(),
            "{property} without book.toml asking for it: {:?}",
            values(opf, property)
        );
    }
}

// Headings, roles and text alternatives in the documents.

#[test]
fn every_article_has_one_h1() {
    for (name, epub, articles) in [
        ("sample", sample(), 1),
        ("anthology", anthology(), 4),
        ("english", english(), 1),
    ] {
        let mut seen = 0;
        for item in epub.opf().spine_items() {
            let text = epub.read_text(&item.path);
            let doc = xml(&item.path, &text);
            let is_article = doc
                .descendants()
                .any(|n| n.attribute("role") == Some("doc-chapter"));
            if !is_article {
                continue;
            }
            seen += 1;
            let h1 = elements(&doc, XHTML_NS, "h1").count();
            assert_eq!(h1, 1, "{name}: {} has {h1} h1", item.path);
        }
        assert_eq!(seen, articles, "{name}: article documents in the spine");
    }
}

/// `epub:type` values that have a DPUB-ARIA role of the same name (`doc-<type>`).
const DPUB_ROLES: &[&str] = &[
    "abstract",
    "acknowledgments",
    "afterword",
    "appendix",
    "backlink",
    "bibliography",
    "biblioref",
    "chapter",
    "colophon",
    "conclusion",
    "credits",
    "dedication",
    "endnotes",
    "epigraph",
    "epilogue",
    "errata",
    "footnote",
    "foreword",
    "glossary",
    "glossref",
    "index",
    "introduction",
    "noteref",
    "pagebreak",
    "pagelist",
    "part",
    "preface",
    "prologue",
    "toc",
];

#[test]
fn structural_semantics_carry_their_aria_roles() {
    let mut seen = BTreeSet::new();
    for (name, epub) in [
        ("sample", sample()),
        ("anthology", anthology()),
        ("english", english()),
    ] {
        for (item, text) in epub.xhtml_documents() {
            let doc = xml(&item.path, &text);
            for node in doc.descendants().filter(|n| n.is_element()) {
                let attrs = attributes(node);
                let Some(types) = attrs.get("epub:type") else {
                    continue;
                };
                for kind in types.split_whitespace().filter(|t| DPUB_ROLES.contains(t)) {
                    assert_eq!(
                        attrs.get("role").map(String::as_str),
                        Some(format!("doc-{kind}").as_str()),
                        "{name}: {}: <{} epub:type=\"{types}\"> has no role=\"doc-{kind}\"",
                        item.path,
                        node.tag_name().name()
                    );
                    seen.insert(kind.to_string());
                }
            }
        }
    }
    assert_eq!(
        seen,
        set(&["chapter", "footnote", "noteref", "toc"]),
        "the structural semantics these books use"
    );
}

#[test]
fn every_image_has_alt_text() {
    for (name, epub, expected) in [
        ("sample", sample(), 1),
        ("anthology", anthology(), 2),
        ("english", english(), 1),
        ("english without cover", english_without_cover(), 0),
    ] {
        let mut alts = Vec::new();
        for (item, text) in epub.xhtml_documents() {
            let doc = xml(&item.path, &text);
            for img in elements(&doc, XHTML_NS, "img") {
                let alt = img.attribute("alt").unwrap_or_default();
                assert!(
                    !alt.trim().is_empty(),
                    "{name}: {}: an <img src={:?}> has no alt text",
                    item.path,
                    img.attribute("src")
                );
                alts.push(alt.to_string());
            }
        }
        assert_eq!(alts.len(), expected, "{name}: images shown: {alts:?}");
        if name == "anthology" {
            // The drawn cover's, from the title and authors in the book's language; the
            // Markdown article's `![alt](shop.png)`, as written.
            assert!(
                alts[0].starts_with("الغلاف: مختارات الصباح — ")
                    && alts[0].contains("قسم التحرير")
                    && alts[0].contains("مكتب الترجمة"),
                "{alts:?}"
            );
            assert_eq!(alts[1], "رسم تخطيطي لدكان ورّاق");
        }
        if name == "english" {
            assert!(alts[0].starts_with("Cover: "), "{alts:?}");
            assert!(alts[0].contains("Maya Okafor"), "{alts:?}");
        }
    }
}

/// The `alt` and `role` of the cover page's `<img>` (the first spine document).
fn cover_img(epub: &Epub) -> (String, Option<String>) {
    let first = epub.opf().spine_items()[0].clone();
    let text = epub.read_text(&first.path);
    let doc = xml(&first.path, &text);
    let imgs: Vec<_> = elements(&doc, XHTML_NS, "img").collect();
    assert_eq!(
        imgs.len(),
        1,
        "{}: the cover page shows one image",
        first.path
    );
    (
        imgs[0].attribute("alt").unwrap_or_default().to_string(),
        imgs[0].attribute("role").map(str::to_string),
    )
}

#[test]
fn the_cover_alt_text_comes_from_the_title_and_author() {
    let (alt, role) = cover_img(sample());
    let opf = sample().opf();
    let title = opf.dc("title").remove(0);
    assert!(
        alt.contains(&title),
        "the cover's alt {alt:?} does not hold the title {title:?}"
    );
    for author in opf.dc("creator") {
        assert!(
            alt.contains(&author),
            "the cover's alt {alt:?} does not name {author:?}"
        );
    }
    assert_eq!(role.as_deref(), Some("doc-cover"), "the cover <img> role");
}

#[test]
fn cover_alt_in_book_toml_is_the_cover_alt_text() {
    let alt = "لوحة: نهر الفرات يشق الصحراء تحت سماء الليل";
    let built = sample_with(&format!("cover_alt = \"{alt}\"")).build();
    assert_eq!(cover_img(&built.epub).0, alt);
    // The summary still says every image has a text alternative: the cover has one.
    assert_declares(&built.epub, "ar", "rtl", true);
}
