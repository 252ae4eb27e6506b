//! `warraq fix` on a book whose declared language stands against its text: a right-to-left
//! `dc:language` over English documents, as in three of the W3C's reading-system tests (made
//! here in their likeness). `fix` cannot tell which is right, so it leaves the documents'
//! language and direction, exits 1, and names beside each finding that remains the two
//! `--lang` values that settle it; each of them then gives a book `warraq check` passes.

use crate::fix_util::{check, codes, fix};
use crate::util::archive::{Archive, Entry};
use crate::util::warraq;

use std::path::Path;

const CONTAINER: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

const ENGLISH: &str = "Test passes if the following list is not rendered right to left, that is, the list elements are aligned on the left-hand side of the screen instead of the right-hand side.";

/// A book declaring `declared`, with `<package>` attributes `package`, a spine whose
/// attributes are `spine`, and one chapter and a navigation document of English text whose
/// `<html>` attributes are `root`.
fn book(path: &Path, declared: &str, package: &str, spine: &str, root: &str) {
    let opf = format!(
        r#"<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"{package}><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427</dc:identifier><dc:title>T</dc:title><dc:language>{declared}</dc:language><meta property="dcterms:modified">2022-01-21T00:00:00Z</meta></metadata><manifest><item id="c" href="content_001.xhtml" media-type="application/xhtml+xml"/><item id="n" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/></manifest><spine{spine}><itemref idref="c"/></spine></package>"#
    );
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"{root}><head><title>T</title></head><body><p>{ENGLISH}</p><ul><li>List entry no. 1</li><li>List entry no. 2</li></ul></body></html>"#
    );
    let nav = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"{root}><head><title>T</title></head><body><nav epub:type="toc"><ol><li><a href="content_001.xhtml">The first chapter of this book, written in English from its beginning to its end</a></li></ol></nav></body></html>"#
    );
    let entry = |name: &str, text: &str| Entry {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
        deflated: name != "mimetype",
        extra: None,
    };
    Archive {
        entries: vec![
            entry("mimetype", "application/epub+zip"),
            entry("META-INF/container.xml", CONTAINER),
            entry("EPUB/package.opf", &opf),
            entry("EPUB/content_001.xhtml", &content),
            entry("EPUB/nav.xhtml", &nav),
        ],
        unflagged_names: false,
    }
    .write(path);
}

/// The three W3C books' shapes: the declared language, `<package>`'s and the spine's
/// attributes, the documents' root attributes.
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    // pkg-dir_unset-root-rtl: an Arabic book whose documents say they are English.
    ("dir-unset", "ar", "", "", r#" lang="en" xml:lang="en""#),
    // pkg-dir_but_not_content: Hebrew and rtl on the package, nothing on the documents.
    ("not-content", "he", r#" xml:lang="he" dir="rtl""#, "", ""),
    // pkg-spine-progression-default: the package in English, the spine left as it defaults.
    (
        "spine-default",
        "ar",
        r#" xml:lang="en""#,
        "",
        r#" lang="en" xml:lang="en""#,
    ),
];

#[test]
fn a_declared_language_against_the_text_is_left_to_lang_and_both_come_out_clean() {
    let dir = tempfile::tempdir().unwrap();
    for (name, declared, package, spine, root) in CASES {
        let input = dir.path().join(format!("{name}.epub"));
        book(&input, declared, package, spine, root);
        let (code, errors_before, _) = check(&input);
        assert_eq!(
            code, 1,
            "{name}: the input must fail the check to prove anything"
        );

        // Without --lang: exit 1, and each remaining error names both values.
        let out = dir.path().join(format!("{name}-fixed.epub"));
        let output = warraq()
            .args([
                "fix".as_ref(),
                input.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{name}: {stdout}");
        let hint = format!(
            "hint: settle it with --lang en (the book is in English, as its text is) or --lang {declared} (it is in {declared}, as it declares: its documents are set so)"
        );
        let lines: Vec<&str> = stdout.lines().collect();
        let errors: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].contains(": error "))
            .collect();
        assert!(!errors.is_empty(), "{name}: {stdout}");
        for i in errors {
            assert!(
                lines.get(i + 1).is_some_and(|next| next.ends_with(&hint)),
                "{name}: no hint after {}\n{stdout}",
                lines[i]
            );
        }
        assert!(
            stdout.contains(&format!(
                "note: the book declares {declared} but its text is in English"
            )),
            "{name}: {stdout}"
        );
        assert!(
            !stdout.contains("on <html> and <body>"),
            "{name}: a guess was written on a document\n{stdout}"
        );
        let (code, errors_after, _) = check(&out);
        assert_eq!(code, 1, "{name}");
        for error in &errors_after {
            assert!(errors_before.contains(error), "{name}: fix added {error}");
        }

        // The same in JSON: a `hint` on each remaining error.
        let (code, json) = fix(&[input.as_os_str(), "--dry-run".as_ref()]);
        assert_eq!(code, 1, "{name}: {json:#}");
        let remaining = json[0]["errors"].as_array().unwrap();
        assert_eq!(codes(&json[0]["errors"]), errors_after, "{name}");
        for error in remaining {
            assert!(
                hint.ends_with(error["hint"].as_str().unwrap_or("no hint")),
                "{name}: {error}"
            );
        }

        // Either choice comes out clean, from the book or from what fix wrote first.
        for lang in ["en", declared] {
            for from in [&input, &out] {
                let chosen = dir.path().join(format!("{name}-{lang}.epub"));
                let (code, json) = fix(&[
                    from.as_os_str(),
                    "--lang".as_ref(),
                    lang.as_ref(),
                    "-o".as_ref(),
                    chosen.as_os_str(),
                ]);
                assert_eq!(code, 0, "{name} --lang {lang}: {json:#}");
                assert_eq!(check(&chosen).0, 0, "{name} --lang {lang}");
                std::fs::remove_file(&chosen).unwrap();
            }
        }
    }
}
