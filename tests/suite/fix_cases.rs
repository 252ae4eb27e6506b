//! `warraq fix` on every case of the checker's fixtures (the sample broken in one place):
//! what `fix` can repair comes out passing the check, with the repair reported under the
//! rule's code; what it cannot repair is written better than it was, the finding left (exit
//! 1); what it must not touch (an untrustworthy archive, no package document, encryption) is
//! refused with exit 65 and nothing written.

use crate::fix_util;
use crate::util;
use crate::util::epubcheck;

use std::fs;
use std::path::Path;

use fix_util::{codes, fix};
use util::archive::{declare_size, patch, Archive, Entry};
use util::samples::build_sample;
use util::warraq;

const OPF: &str = "OEBPS/content.opf";
const ARTICLE: &str = "OEBPS/article-001.xhtml";
const NAV: &str = "OEBPS/nav.xhtml";
const COVER: &str = "OEBPS/cover.xhtml";
const CSS: &str = "OEBPS/stylesheet.css";
const CONTAINER: &str = "META-INF/container.xml";

type Breakage = fn(&mut Archive);

/// Cases `fix` repairs: the codes that must appear among its repairs.
const REPAIRED: &[(&str, &[&str], Breakage)] = &[
    ("no-container", &["OCF-006"], |e| e.remove(CONTAINER).end()),
    ("mimetype-not-first", &["OCF-002"], |e| {
        let first = e.entries.remove(0);
        e.entries.push(first);
    }),
    ("mimetype-deflated", &["OCF-003"], |e| {
        e.entry("mimetype").deflated = true
    }),
    ("mimetype-content", &["OCF-004"], |e| {
        e.entry("mimetype").bytes = b"application/epub+zip\n".to_vec();
    }),
    ("mimetype-extra-field", &["OCF-005"], |e| {
        e.entry("mimetype").extra = Some((0xCAFE, vec![1, 2, 3, 4]));
    }),
    ("opf-no-modified", &["OPF-005"], |e| {
        e.replace(
            OPF,
            "property=\"dcterms:modified\"",
            "property=\"dcterms:created\"",
        );
    }),
    ("opf-no-language", &["OPF-007"], |e| {
        e.replace(
            OPF,
            "<dc:language id=\"epub-creator-0\">ar</dc:language>",
            "",
        );
    }),
    ("opf-no-nav", &["OPF-011"], |e| {
        e.replace(OPF, " properties=\"nav\"", "");
    }),
    ("opf-epub2", &["OPF-003"], |e| {
        e.replace(OPF, "version=\"3.0\"", "version=\"2.0\"");
    }),
    ("xhtml-no-declaration", &["XML-002"], |e| {
        e.replace(ARTICLE, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "");
    }),
    ("spine-ltr", &["RTL-001"], |e| {
        e.replace(OPF, " page-progression-direction=\"rtl\"", "");
    }),
    ("nav-no-dir", &["RTL-002"], |e| {
        e.replace(NAV, " dir=\"rtl\"", "").end()
    }),
    ("cover-page-ltr", &["RTL-002"], |e| {
        e.replace(COVER, "dir=\"rtl\"", "dir=\"ltr\"");
    }),
    ("article-no-lang", &["RTL-003"], |e| {
        e.replace(ARTICLE, " lang=\"ar\" xml:lang=\"ar\"", "");
    }),
    // The check reads the `en` as true and reports the direction; fix finds the text Arabic
    // and mends the language, under the rule the check reported.
    ("article-lang-en", &["RTL-002"], |e| {
        e.replace(
            ARTICLE,
            " lang=\"ar\" xml:lang=\"ar\"",
            " lang=\"en\" xml:lang=\"en\"",
        );
    }),
    ("article-lang-disagree", &["RTL-004"], |e| {
        e.replace(ARTICLE, " xml:lang=\"ar\"", " xml:lang=\"fa\"");
    }),
    ("package-no-dir", &["RTL-005"], |e| {
        e.replace(OPF, "<package dir=\"rtl\" xml:lang=\"ar\"", "<package");
    }),
    ("css-direction", &["RTL-006"], |e| {
        e.replace(CSS, "body {", "body {\n  direction: rtl;");
    }),
    ("inline-unicode-bidi", &["RTL-006"], |e| {
        e.replace(ARTICLE, "<h1 id=", "<h1 style=\"unicode-bidi: embed\" id=");
    }),
    ("css-text-align-left", &["RTL-007"], |e| {
        e.replace(CSS, "text-align: justify", "text-align: left");
    }),
    ("two-languages", &["RTL-008"], |e| {
        e.replace(
            OPF,
            "</dc:language>",
            "</dc:language>\n    <dc:language>en</dc:language>",
        );
        e.replace(
            OPF,
            ">ar</dc:language>\n    <dc:language>en<",
            ">en</dc:language>\n    <dc:language>ar<",
        );
    }),
    ("arabic-declared-english", &["RTL-009"], |e| {
        e.replace(OPF, ">ar</dc:language>", ">en</dc:language>");
    }),
];

/// Cases `fix` cannot repair: the book is written, the check's finding remains.
const REMAINING: &[(&str, &str, Breakage)] = &[
    ("opf-version", "OPF-002", |e| {
        e.replace(OPF, "version=\"3.0\"", "version=\"4.0\"");
    }),
    ("opf-unique-identifier", "OPF-004", |e| {
        e.replace(
            OPF,
            "unique-identifier=\"epub-id-1\"",
            "unique-identifier=\"nope\"",
        );
    }),
    ("opf-duplicate-id", "OPF-008", |e| {
        e.replace(OPF, "<dc:title>", "<dc:title id=\"nav\">");
    }),
    ("opf-missing-item", "OPF-009", |e| e.remove(CSS).end()),
    ("xhtml-malformed", "XML-001", |e| {
        e.replace(ARTICLE, "</h1>", "&nbsp;</h1>");
    }),
];

/// Cases `fix` refuses.
const REFUSED: &[(&str, Breakage)] = &[
    ("no-container-two-packages", |e| {
        let opf = e.text(OPF);
        e.remove(CONTAINER)
            .push("OEBPS/old.opf", opf.as_bytes())
            .end()
    }),
    ("no-container-no-package", |e| {
        e.remove(CONTAINER).remove(OPF).end()
    }),
    ("container-malformed", |e| {
        e.replace(CONTAINER, "</container>", "").end()
    }),
    ("container-names-nothing", |e| {
        e.replace(CONTAINER, "OEBPS/content.opf", "OEBPS/package.opf");
    }),
    ("entry-names-differ-in-case", |e| {
        e.push("OEBPS/STYLESHEET.css", b"p {}").end()
    }),
    ("unsafe-entry-name", |e| {
        e.push("../evil.sh", b"rm -rf ~").end()
    }),
    ("opf-malformed", |e| e.replace(OPF, "</manifest>", "").end()),
    ("drm", |e| {
        e.push(
            "META-INF/encryption.xml",
            br#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/article-001.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"#,
        )
        .end()
    }),
];

trait End {
    fn end(&mut self);
}

impl End for Archive {
    fn end(&mut self) {}
}

/// `warraq fix BOOK -o OUT`, which must refuse the book (exit 65) and write nothing; what it
/// said.
fn refused(book: &Path, out: &Path) -> String {
    let output = warraq()
        .arg("fix")
        .arg(book)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(65), "{stderr}");
    assert!(!out.exists(), "written: {stderr}");
    stderr
}

fn write(dir: &Path, name: &str, epub: &Archive) -> std::path::PathBuf {
    let path = dir.join(format!("{name}.epub"));
    epub.write(&path);
    path
}

#[test]
fn every_check_fixture_is_repaired_left_better_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let good = Archive::read(&build_sample(dir.path()));
    let mut failures = Vec::new();
    for (name, wanted, breakage) in REPAIRED {
        let mut epub = good.clone();
        breakage(&mut epub);
        let book = write(dir.path(), name, &epub);
        let out = dir.path().join(format!("{name}-fixed.epub"));
        let (code, json) = fix(&[book.as_os_str(), "-o".as_ref(), out.as_os_str()]);
        let fixed = codes(&json[0]["fixed"]);
        let errors = codes(&json[0]["errors"]);
        let rtl_warnings: Vec<String> = codes(&json[0]["warnings"])
            .into_iter()
            .filter(|c| c.starts_with("RTL-") && c != "RTL-008")
            .collect();
        if code != 0
            || !errors.is_empty()
            || !rtl_warnings.is_empty()
            || !wanted.iter().all(|w| fixed.iter().any(|f| f == w))
        {
            failures.push(format!("{name}: exit {code}, fixed {fixed:?}, errors {errors:?}, warnings {rtl_warnings:?}; wanted {wanted:?} fixed"));
        }
    }
    for (name, remaining, breakage) in REMAINING {
        let mut epub = good.clone();
        breakage(&mut epub);
        let book = write(dir.path(), name, &epub);
        let out = dir.path().join(format!("{name}-fixed.epub"));
        let (code, json) = fix(&[book.as_os_str(), "-o".as_ref(), out.as_os_str()]);
        let errors = codes(&json[0]["errors"]);
        if code != 1 || errors != [remaining.to_string()] || !out.is_file() {
            failures.push(format!("{name}: exit {code}, errors {errors:?}; wanted exit 1 and {remaining} alone, the book written"));
        }
    }
    for (name, breakage) in REFUSED {
        let mut epub = good.clone();
        breakage(&mut epub);
        let book = write(dir.path(), name, &epub);
        let out = dir.path().join(format!("{name}-fixed.epub"));
        let output = warraq()
            .arg("fix")
            .arg(&book)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.code() != Some(65)
            || out.exists()
            || !stderr.contains(&book.display().to_string())
        {
            failures.push(format!(
                "{name}: exit {:?}, written {}, said {stderr}",
                output.status.code(),
                out.exists()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn hostile_archives_are_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = Archive::read(&build_sample(dir.path()));
    let sample = good.to_bytes();
    let mut duplicate = good.clone();
    let css = duplicate.entry(CSS).bytes.clone();
    duplicate.entries.push(Entry {
        name: "OEBPS/stylesheeX.css".into(),
        bytes: css,
        deflated: true,
        extra: None,
    });
    let mut duplicate = duplicate.to_bytes();
    patch(
        &mut duplicate,
        b"OEBPS/stylesheeX.css",
        b"OEBPS/stylesheet.css",
    );
    let mut claims = sample.clone();
    declare_size(&mut claims, ARTICLE, 0x7FFF_FFFF);
    let mut bomb = good.clone();
    bomb.entry(ARTICLE).bytes = vec![b' '; 65 * 1024 * 1024];
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("truncated", sample[..sample.len() / 2].to_vec()),
        ("text", b"PK\x03\x04 but nothing more".to_vec()),
        ("duplicate", duplicate),
        ("claims-2gib", claims),
        ("bomb", bomb.to_bytes()),
    ];
    for (name, bytes) in cases {
        let book = dir.path().join(format!("{name}.epub"));
        fs::write(&book, bytes).unwrap();
        let out = dir.path().join(format!("{name}-fixed.epub"));
        let output = warraq()
            .arg("fix")
            .arg(&book)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(65), "{name}: {stderr}");
        assert!(!out.exists(), "{name}: written");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn font_obfuscation_is_no_reason_to_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let mut epub = Archive::read(&build_sample(dir.path()));
    epub.replace(OPF, " page-progression-direction=\"rtl\"", "");
    epub.push(
        "META-INF/encryption.xml",
        br#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/><enc:CipherData><enc:CipherReference URI="OEBPS/fonts/font.ttf"/></enc:CipherData></enc:EncryptedData></encryption>"#,
    );
    let book = write(dir.path(), "obfuscated", &epub);
    let out = dir.path().join("obfuscated-fixed.epub");
    let (code, json) = fix(&[book.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(codes(&json[0]["fixed"]), ["RTL-001"]);
}

#[test]
fn a_missing_container_is_recreated_naming_the_one_package_document() {
    let dir = tempfile::tempdir().unwrap();
    let sample = build_sample(dir.path());
    let mut epub = Archive::read(&sample);
    epub.remove(CONTAINER);
    let book = write(dir.path(), "no-container", &epub);
    let out = dir.path().join("no-container-fixed.epub");
    let (code, json) = fix(&[book.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(codes(&json[0]["fixed"]), ["OCF-006"], "{json:#}");
    assert_eq!(
        json[0]["fixed"][0]["message"],
        "META-INF/container.xml recreated, naming OEBPS/content.opf"
    );
    let fixed = Archive::read(&out);
    let container = fixed.text(CONTAINER);
    assert!(
        container.contains("full-path=\"OEBPS/content.opf\""),
        "{container}"
    );
    // Everything else is the sample's, packed as it was.
    assert!(fix_util::assert_untouched_copied(&book, &out).is_empty());
    epubcheck::assert_valid(&out);
}

#[test]
fn a_missing_container_is_not_guessed_between_two_package_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut epub = Archive::read(&build_sample(dir.path()));
    let opf = epub.text(OPF);
    epub.remove(CONTAINER).push("OEBPS/old.opf", opf.as_bytes());
    let book = write(dir.path(), "two-packages", &epub);
    let stderr = refused(&book, &dir.path().join("two-packages-fixed.epub"));
    assert!(
        stderr.contains("META-INF/container.xml is missing, and the archive holds 2 .opf package documents (OEBPS/content.opf, OEBPS/old.opf)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("add META-INF/container.xml naming the package document"),
        "{stderr}"
    );
}

/// The damage fuzzing found (issue 30): a container whose name is mangled, beside a style
/// sheet whose bytes no longer match their CRC-32. The package is unreachable, so nothing
/// reads the style sheet for it; `fix` used to recreate the container, copy the damaged entry
/// as it was packed, and write a book that neither `check` nor `fix` could read again. The
/// check finds the damage wherever it is, and `fix` refuses the book with nothing written.
#[test]
fn a_damaged_entry_beside_a_lost_container_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut epub = Archive::read(&build_sample(dir.path()));
    let css = epub.text(CSS);
    epub.entry(CSS).deflated = false;
    let mut bytes = epub.to_bytes();
    patch(
        &mut bytes,
        b"META-INF/container.xml",
        b"META-INF/contain3.pnge",
    );
    let first_rule = css.find('{').expect("a rule in the style sheet");
    let mut damaged = css.as_bytes()[..=first_rule].to_vec();
    *damaged.last_mut().unwrap() = b'&';
    patch(&mut bytes, &css.as_bytes()[..=first_rule], &damaged);
    let book = dir.path().join("damaged.epub");
    fs::write(&book, bytes).unwrap();

    let checked = warraq().arg("check").arg(&book).output().unwrap();
    let said = String::from_utf8_lossy(&checked.stdout);
    assert_eq!(checked.status.code(), Some(1), "{said}");
    assert!(said.contains("error OCF-006"), "{said}");
    assert!(
        said.contains(&format!(
            "error OCF-011: cannot be read: i/o error: Invalid checksum ({CSS})"
        )),
        "{said}"
    );

    let stderr = refused(&book, &dir.path().join("damaged-fixed.epub"));
    assert!(
        stderr.contains(&format!(
            "cannot be fixed: OCF-011 cannot be read: i/o error: Invalid checksum ({CSS})"
        )),
        "{stderr}"
    );
}

/// Issue 29: the Israel Sailing book's chapters hold `xml:lang` on `<html>` and `dir` on
/// `<body>`, which the check accepts; `fix` reported "fixed RTL-004" and "fixed RTL-002" on
/// each of them all the same. A document the check found right is left as it is, and every
/// repair names a rule the check reported at that entry.
#[test]
fn a_document_the_check_found_right_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut epub = Archive::read(&build_sample(dir.path()));
    let article = epub.text(ARTICLE);
    let html_tag = article.find("<html").unwrap();
    let html_end = html_tag + article[html_tag..].find('>').unwrap();
    let html = article[html_tag..=html_end]
        .replace(" lang=\"ar\"", "")
        .replace(" dir=\"rtl\"", "");
    let body_tag = article.find("<body").unwrap();
    let body_end = body_tag + article[body_tag..].find('>').unwrap();
    let body = article[body_tag..=body_end].replace(" lang=\"ar\" xml:lang=\"ar\"", "");
    let new = format!(
        "{}{html}{}{body}{}",
        &article[..html_tag],
        &article[html_end + 1..body_tag],
        &article[body_end + 1..]
    );
    epub.entry(ARTICLE).bytes = new.clone().into_bytes();
    epub.replace(NAV, " dir=\"rtl\"", "");
    let book = write(dir.path(), "chapters", &epub);
    let (code, checked) = {
        let output = warraq()
            .arg("check")
            .arg("--json")
            .arg(&book)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        (output.status.code(), json)
    };
    assert_eq!(code, Some(1), "{checked:#}");
    let reported: Vec<(String, String)> = checked[0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .chain(checked[0]["warnings"].as_array().unwrap())
        .map(|f| {
            let location = f["location"].as_str().unwrap();
            let entry = location.split(':').next().unwrap().to_string();
            (f["code"].as_str().unwrap().to_string(), entry)
        })
        .collect();
    assert!(
        !reported.iter().any(|(_, entry)| entry == ARTICLE),
        "the check accepts the chapter: {reported:?}"
    );

    let out = dir.path().join("chapters-fixed.epub");
    let (code, json) = fix(&[book.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{json:#}");
    for repair in json[0]["fixed"].as_array().unwrap() {
        let pair = (
            repair["code"].as_str().unwrap().to_string(),
            repair["location"].as_str().unwrap().to_string(),
        );
        assert!(
            reported.contains(&pair),
            "{pair:?} was not reported: {reported:?}"
        );
    }
    assert_eq!(codes(&json[0]["fixed"]), ["RTL-002"], "{json:#}");
    assert_eq!(Archive::read(&out).text(ARTICLE), new);
    epubcheck::assert_valid(&out);
}
