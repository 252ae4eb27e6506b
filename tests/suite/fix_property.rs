//! Property: a well-formed right-to-left book (Arabic, Persian, Urdu or Hebrew, with perhaps an
//! English piece) broken by any combination of the faults `warraq fix` repairs comes out of it
//! passing `warraq check` with no error and no direction warning, every fault reported under
//! its rule's code, every content document's text unchanged, every entry it had no reason to
//! edit copied byte for byte, and needing no second repair. In-process, through the library;
//! EPUBCheck runs on a few fixed books only.

use crate::fix_util::{assert_untouched_copied_of, entries_of, texts_of};
use crate::util::archive::{Archive, Entry};
use crate::util::epubcheck;

use chrono::DateTime;
use proptest::prelude::*;
use warraq::check::{self, Severity};
use warraq::fix::{fix, Options};

const OPF: &str = "OEBPS/content.opf";
const NCX: &str = "OEBPS/toc.ncx";
const NAV: &str = "OEBPS/nav.xhtml";
const CSS: &str = "OEBPS/style.css";
const ENGLISH: &str = "OEBPS/english.xhtml";
const XHTML11: &str = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" \
                       \"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\">";

/// Sentences an English piece is made of: real English, so that its language is plain.
const SENTENCES: &[&str] = &[
    "The copyists of Baghdad sold their books in the market by the river.",
    "Paper came from Samarkand, and with it a trade that filled whole streets.",
    "Every copy was read aloud to its author before it could be sold.",
    "A good copyist wrote twenty pages a day and checked each one twice.",
];

/// What a document is missing.
#[derive(Debug, Clone, Copy, Default)]
struct DocFaults {
    /// No `dir` on `<html>` (RTL-002 when `<body>` has none either).
    html_dir: bool,
    /// No `lang`, `xml:lang` or `dir` on `<body>` (RTL-010).
    bare_body: bool,
    /// No `lang` or `xml:lang` on `<html>` (RTL-003 when `<body>` has none either).
    html_lang: bool,
    /// No XML declaration (XML-002).
    declaration: bool,
    /// `style="direction: rtl"` on a paragraph (RTL-006).
    inline_direction: bool,
}

impl DocFaults {
    fn any(self) -> bool {
        self.html_dir
            || self.bare_body
            || self.html_lang
            || self.declaration
            || self.inline_direction
    }
}

/// What the book as a whole gets wrong.
#[derive(Debug, Clone, Copy, Default)]
struct Faults {
    /// EPUB 2: no navigation document, no `dcterms:modified`, no direction on the package or
    /// the spine, XHTML 1.1 documents with `xml:lang` only (OPF-003).
    epub2: bool,
    /// No `page-progression-direction` (RTL-001).
    spine: bool,
    /// No `dir`/`xml:lang` on `<package>` (RTL-005).
    package: bool,
    /// English declared before the book's language (RTL-008).
    languages: bool,
    /// No `dcterms:modified` (OPF-005).
    modified: bool,
    /// `direction` (and `unicode-bidi`) in the style sheet, on `body`, `p` or a class (RTL-006).
    css_direction: Option<u8>,
    /// `text-align: left` on the headings (RTL-007).
    css_left: bool,
    /// 0: none; 1: `mimetype` deflated (OCF-003); 2: not first (OCF-002); 3: an extra field
    /// (OCF-005).
    mimetype: u8,
}

/// One random book.
#[derive(Debug, Clone)]
struct Spec {
    /// The book's language.
    lang: &'static str,
    /// Its documents: paragraphs of markup, and what each is missing.
    docs: Vec<(Vec<String>, DocFaults)>,
    /// An English piece, and whether it lacks its `dir` (and `<body>` its `lang`).
    english: Option<(Vec<&'static str>, bool)>,
    /// A `.r { text-align: right }` rule, which `fix` must leave as it is.
    right: bool,
    faults: Faults,
}

fn letters(lang: &str) -> Vec<char> {
    let ranges: &[(u32, u32)] = match lang {
        "he" => &[(0x05D0, 0x05EA)],
        "fa" => &[
            (0x0627, 0x063A),
            (0x0641, 0x064A),
            (0x067E, 0x067E),
            (0x06AF, 0x06AF),
        ],
        "ur" => &[
            (0x0627, 0x063A),
            (0x0641, 0x064A),
            (0x0679, 0x0679),
            (0x06D2, 0x06D2),
        ],
        _ => &[(0x0627, 0x063A), (0x0641, 0x064A)],
    };
    ranges
        .iter()
        .flat_map(|&(a, b)| (a..=b).filter_map(char::from_u32))
        .collect()
}

fn word(lang: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(letters(lang)), 2..8)
        .prop_map(|w| w.into_iter().collect())
}

/// A word, or a piece of markup around one: entities, inline elements, a comment.
fn piece(lang: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => word(lang),
        1 => Just("&amp;".to_string()),
        1 => Just("&#x61F;".to_string()),
        1 => word(lang).prop_map(|w| format!("<b>{w}</b>")),
        1 => word(lang).prop_map(|w| format!("<span class=\"r\">{w}</span>")),
        1 => Just("<!-- direction: ltr -->".to_string()),
        1 => Just("«\u{A0}،".to_string()),
    ]
}

fn paragraph(lang: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(lang), 1..40).prop_map(|p| p.join(" "))
}

fn doc_faults() -> impl Strategy<Value = DocFaults> {
    any::<[bool; 5]>().prop_map(|f| DocFaults {
        html_dir: f[0],
        bare_body: f[1],
        html_lang: f[2],
        declaration: f[3],
        inline_direction: f[4],
    })
}

fn faults() -> impl Strategy<Value = Faults> {
    (any::<[bool; 6]>(), proptest::option::of(0u8..3), 0u8..4).prop_map(
        |(f, css_direction, mimetype)| Faults {
            epub2: f[0],
            spine: f[1],
            package: f[2],
            languages: f[3],
            modified: f[4],
            css_left: f[5],
            css_direction,
            mimetype,
        },
    )
}

fn spec() -> impl Strategy<Value = Spec> {
    proptest::sample::select(vec!["ar", "fa", "ur", "he"]).prop_flat_map(|lang| {
        // A heading of ten words at least: enough letters for the script to tell the book's
        // direction, as in any real book.
        let heading = proptest::collection::vec(word(lang), 10..14).prop_map(|w| w.join(" "));
        let paragraphs = (heading, proptest::collection::vec(paragraph(lang), 0..5)).prop_map(
            |(heading, mut rest)| {
                rest.insert(0, heading);
                rest
            },
        );
        let doc = (paragraphs, doc_faults());
        let english = proptest::option::of((
            proptest::collection::vec(proptest::sample::select(SENTENCES), 1..3),
            any::<bool>(),
        ));
        (
            proptest::collection::vec(doc, 1..5),
            english,
            any::<bool>(),
            faults(),
        )
            .prop_map(move |(docs, english, right, faults)| Spec {
                lang,
                docs,
                english,
                right,
                faults,
            })
            // A right-to-left book: most of its letters are (the English piece is short).
            .prop_filter("most letters right-to-left", |spec| {
                let count = |text: &str| text.chars().filter(|c| c.is_alphabetic()).count();
                let rtl: usize = spec.docs.iter().flat_map(|d| &d.0).map(|p| count(p)).sum();
                let latin: usize = spec
                    .english
                    .iter()
                    .flat_map(|e| &e.0)
                    .map(|s| count(s))
                    .sum();
                rtl > 2 * latin
            })
    })
}

/// `lang`, `xml:lang` and `dir` as a document of an EPUB 3 (or, XHTML 1.1, EPUB 2) states them.
fn attributes(lang: &str, dir: &str, epub2: bool, with_lang: bool, with_dir: bool) -> String {
    let mut out = String::new();
    if with_lang {
        if !epub2 {
            out.push_str(&format!(" lang=\"{lang}\""));
        }
        out.push_str(&format!(" xml:lang=\"{lang}\""));
    }
    if with_dir {
        out.push_str(&format!(" dir=\"{dir}\""));
    }
    out
}

fn xhtml(title: &str, lang: &str, dir: &str, epub2: bool, faults: DocFaults, body: &str) -> String {
    let declaration = if faults.declaration {
        ""
    } else {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    };
    let doctype = if epub2 { XHTML11 } else { "<!DOCTYPE html>" };
    let html = attributes(lang, dir, epub2, !faults.html_lang, !faults.html_dir);
    let body_attributes = attributes(lang, dir, epub2, !faults.bare_body, !faults.bare_body);
    format!(
        "{declaration}{doctype}\n<html xmlns=\"http://www.w3.org/1999/xhtml\"{html}>\n<head>\n  \
         <title>{title}</title>\n  <link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n\
         </head>\n<body{body_attributes}>\n{body}</body>\n</html>\n"
    )
}

fn entry(name: &str, text: String) -> Entry {
    Entry {
        name: name.into(),
        bytes: text.into_bytes(),
        deflated: true,
        extra: None,
    }
}

/// The book `spec` describes, its faults included.
fn book(spec: &Spec) -> Archive {
    let Faults { epub2, .. } = spec.faults;
    let lang = spec.lang;
    let mut documents = Vec::new();
    for (i, (paragraphs, faults)) in spec.docs.iter().enumerate() {
        let title = paragraphs[0].split(' ').next().unwrap_or("").to_string();
        let mut body = format!("<h1 class=\"t\">{}</h1>\n", paragraphs[0]);
        for (j, p) in paragraphs.iter().enumerate().skip(1) {
            let style = if faults.inline_direction && j == 1 {
                " style=\"direction: rtl\""
            } else {
                ""
            };
            body.push_str(&format!("<p{style}>{p}</p>\n"));
        }
        let faults = DocFaults {
            inline_direction: faults.inline_direction && paragraphs.len() > 1,
            ..*faults
        };
        let name = format!("c{}.xhtml", i + 1);
        documents.push((name, title, xhtml("·", lang, "rtl", epub2, faults, &body)));
    }
    if let Some((sentences, no_dir)) = &spec.english {
        let faults = DocFaults {
            html_dir: *no_dir,
            bare_body: *no_dir,
            ..DocFaults::default()
        };
        let body: String = sentences.iter().map(|s| format!("<p>{s}</p>\n")).collect();
        let text = xhtml("English", "en", "ltr", epub2, faults, &body);
        documents.push(("english.xhtml".into(), "English".into(), text));
    }

    let mut css =
        String::from("body { margin: 0 5%; }\np { text-indent: 1em; text-align: justify; }\n");
    match spec.faults.css_direction {
        Some(0) => css.push_str("body { direction: rtl; }\n"),
        Some(1) => css.push_str("p { direction: rtl; unicode-bidi: embed; }\n"),
        Some(_) => css.push_str(".t { direction: rtl; }\n"),
        None => {}
    }
    if spec.faults.css_left {
        css.push_str("h1 { text-align: left; }\n");
    }
    if spec.right {
        css.push_str(".r { text-align: right; }\n");
    }

    let uid = "urn:uuid:0b6f3a52-2c1e-4f4e-9d1a-7c3b5e8f9a10";
    let title = &documents[0].1;
    let mut metadata = format!(
        "    <dc:identifier id=\"uid\">{uid}</dc:identifier>\n    <dc:title>{title}</dc:title>\n"
    );
    if spec.faults.languages {
        metadata.push_str("    <dc:language>en</dc:language>\n");
    }
    metadata.push_str(&format!("    <dc:language>{lang}</dc:language>\n"));
    if !epub2 && !spec.faults.modified {
        metadata.push_str("    <meta property=\"dcterms:modified\">2024-01-01T00:00:00Z</meta>\n");
    }
    let mut manifest = String::new();
    if !epub2 {
        manifest.push_str("    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n");
    }
    manifest.push_str(
        "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n",
    );
    manifest.push_str("    <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
    let (mut spine, mut points, mut links) = (String::new(), String::new(), String::new());
    for (i, (name, title, _)) in documents.iter().enumerate() {
        let id = name.trim_end_matches(".xhtml");
        manifest.push_str(&format!(
            "    <item id=\"{id}\" href=\"{name}\" media-type=\"application/xhtml+xml\"/>\n"
        ));
        spine.push_str(&format!("    <itemref idref=\"{id}\"/>\n"));
        points.push_str(&format!(
            "    <navPoint id=\"p{n}\" playOrder=\"{n}\"><navLabel><text>{title}</text></navLabel><content src=\"{name}\"/></navPoint>\n",
            n = i + 1
        ));
        links.push_str(&format!("      <li><a href=\"{name}\">{title}</a></li>\n"));
    }
    let package = if epub2 || spec.faults.package {
        String::new()
    } else {
        format!(" dir=\"rtl\" xml:lang=\"{lang}\"")
    };
    let progression = if epub2 || spec.faults.spine {
        ""
    } else {
        " page-progression-direction=\"rtl\""
    };
    let version = if epub2 { "2.0" } else { "3.0" };
    let opf = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"{version}\" unique-identifier=\"uid\"{package}>\n  \
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n{metadata}  </metadata>\n  <manifest>\n{manifest}  </manifest>\n  \
         <spine toc=\"ncx\"{progression}>\n{spine}  </spine>\n</package>\n"
    );
    let ncx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n  \
         <head>\n    <meta name=\"dtb:uid\" content=\"{uid}\"/>\n    <meta name=\"dtb:depth\" content=\"1\"/>\n    \
         <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n    <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n  </head>\n  \
         <docTitle><text>{title}</text></docTitle>\n  <navMap>\n{points}  </navMap>\n</ncx>\n"
    );
    let nav = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"rtl\">\n<head><title>{title}</title></head>\n\
         <body lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"rtl\">\n  <nav epub:type=\"toc\">\n    <ol>\n{links}    </ol>\n  </nav>\n</body>\n</html>\n"
    );
    let container = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n  \
                     <rootfiles>\n    <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n  </rootfiles>\n</container>\n";

    let mut mimetype = Entry {
        name: "mimetype".into(),
        bytes: b"application/epub+zip".to_vec(),
        deflated: spec.faults.mimetype == 1,
        extra: None,
    };
    if spec.faults.mimetype == 3 {
        mimetype.extra = Some((0xCAFE, vec![1, 2, 3, 4]));
    }
    let mut entries = vec![
        mimetype,
        entry("META-INF/container.xml", container.into()),
        entry(OPF, opf),
        entry(NCX, ncx),
        entry(CSS, css),
    ];
    if !epub2 {
        entries.push(entry(NAV, nav));
    }
    for (name, _, text) in documents {
        entries.push(entry(&format!("OEBPS/{name}"), text));
    }
    if spec.faults.mimetype == 2 {
        let first = entries.remove(0);
        entries.push(first);
    }
    Archive {
        entries,
        unflagged_names: false,
    }
}

/// The codes `fix` must report for the faults of `spec`.
fn expected_repairs(spec: &Spec) -> Vec<&'static str> {
    let f = spec.faults;
    let mut codes = vec![];
    let pairs = [
        (f.epub2, "OPF-003"),
        (f.spine || f.epub2, "RTL-001"),
        (f.package || f.epub2, "RTL-005"),
        (f.languages, "RTL-008"),
        (f.modified && !f.epub2, "OPF-005"),
        (f.css_direction.is_some(), "RTL-006"),
        (f.css_left, "RTL-007"),
        (f.mimetype == 1, "OCF-003"),
        (f.mimetype == 2, "OCF-002"),
        (f.mimetype == 3, "OCF-005"),
    ];
    codes.extend(pairs.iter().filter(|p| p.0).map(|p| p.1));
    for (paragraphs, d) in &spec.docs {
        let pairs = [
            (d.html_dir && d.bare_body, "RTL-002"),
            (d.html_lang && d.bare_body, "RTL-003"),
            (d.declaration, "XML-002"),
            (d.inline_direction && paragraphs.len() > 1, "RTL-006"),
        ];
        codes.extend(pairs.iter().filter(|p| p.0).map(|p| p.1));
    }
    if spec.english.as_ref().is_some_and(|e| e.1) {
        codes.push("RTL-002");
    }
    codes
}

/// The entries `fix` has a reason to edit.
fn broken_entries(spec: &Spec) -> Vec<String> {
    let f = spec.faults;
    let mut out = vec!["mimetype".to_string()];
    // An EPUB 2 book becomes EPUB 3: its package and every document change.
    let every_document = f.epub2;
    if f.epub2 || f.spine || f.package || f.languages || f.modified {
        out.push(OPF.into());
    }
    if f.css_direction.is_some() || f.css_left {
        out.push(CSS.into());
    }
    for (i, (_, d)) in spec.docs.iter().enumerate() {
        // A direction moved out of the style sheet goes onto the elements it matched.
        if every_document || d.any() || f.css_direction.is_some() {
            out.push(format!("OEBPS/c{}.xhtml", i + 1));
        }
    }
    if every_document || f.css_direction.is_some() || spec.english.as_ref().is_some_and(|e| e.1) {
        out.push(ENGLISH.into());
    }
    out
}

fn options() -> Options {
    Options {
        lang: None,
        modified: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
    }
}

/// Fixes the book of `spec` and checks every promise; returns the input and the output.
fn fix_and_verify(spec: &Spec) -> Result<(Vec<u8>, Vec<u8>), TestCaseError> {
    let input = book(spec).to_bytes();
    let fixed =
        fix(&input, &options()).map_err(|r| TestCaseError::fail(format!("refused: {r:?}")))?;

    let findings = check::check(&fixed.bytes, &check::Options::default());
    prop_assert_eq!(&findings, &fixed.findings);
    let left: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error || f.code != "RTL-008")
        .map(|f| format!("{} {}: {} ({})", f.code, f.severity, f.message, f.location))
        .collect();
    prop_assert!(left.is_empty(), "left after fix: {left:#?}");
    if !spec.faults.languages {
        prop_assert!(findings.is_empty(), "{findings:?}");
    }

    let repaired: Vec<&str> = fixed.repairs.iter().map(|r| r.code).collect();
    for code in expected_repairs(spec) {
        prop_assert!(
            repaired.contains(&code),
            "{code} not among the repairs {repaired:?}"
        );
    }

    let (before, after) = (texts_of(&input), texts_of(&fixed.bytes));
    for (name, text) in &before {
        prop_assert_eq!(Some(text), after.get(name), "the text of {} changed", name);
    }
    let changed = assert_untouched_copied_of(&input, &fixed.bytes);
    let allowed = broken_entries(spec);
    let unexplained: Vec<&String> = changed.iter().filter(|c| !allowed.contains(c)).collect();
    prop_assert!(
        unexplained.is_empty(),
        "changed without a fault: {unexplained:?}; repairs {:?}",
        fixed.repairs
    );

    let css = String::from_utf8(entries_of(&fixed.bytes)[CSS].bytes.clone()).unwrap();
    prop_assert!(!css.contains("text-align: left"), "{css}");
    prop_assert_eq!(
        css.contains("h1 { text-align: start; }"),
        spec.faults.css_left,
        "{}",
        css
    );
    // `right` is where a right-to-left line starts: it stays.
    prop_assert_eq!(
        css.contains(".r { text-align: right; }"),
        spec.right,
        "{}",
        css
    );

    let again = fix(&fixed.bytes, &options()).map_err(|r| TestCaseError::fail(format!("{r:?}")))?;
    prop_assert!(
        again.repairs.is_empty(),
        "a second pass repaired {:?}",
        again.repairs
    );
    Ok((input, fixed.bytes))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_broken_book_comes_out_passing_check_with_its_text_unchanged(spec in spec()) {
        fix_and_verify(&spec)?;
    }
}

/// A fixed book with every fault, in Arabic, Hebrew and Urdu, EPUB 3 and EPUB 2.
fn every_fault(lang: &'static str, epub2: bool, mimetype: u8) -> Spec {
    let words = letters(lang);
    let word = |i: usize| -> String {
        (0..5)
            .map(|k| words[(i * 7 + k * 3) % words.len()])
            .collect()
    };
    let paragraph = |n: usize| {
        (0..12)
            .map(|i| word(n * 12 + i))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let broken = DocFaults {
        html_dir: true,
        bare_body: true,
        html_lang: true,
        declaration: true,
        inline_direction: true,
    };
    Spec {
        lang,
        docs: vec![
            (
                vec![
                    paragraph(0),
                    format!("{} &amp; <b>{}</b>", paragraph(1), word(3)),
                ],
                broken,
            ),
            (vec![paragraph(2), paragraph(3)], DocFaults::default()),
        ],
        english: Some((SENTENCES.to_vec(), true)),
        right: true,
        faults: Faults {
            epub2,
            spine: true,
            package: true,
            languages: true,
            modified: true,
            css_direction: Some(1),
            css_left: true,
            mimetype,
        },
    }
}

#[test]
fn books_with_every_fault_come_out_passing_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    // The generator's books are valid when nothing is broken: what EPUBCheck finds after
    // fix cannot be the generator's.
    let mut right = every_fault("ar", false, 0);
    right
        .docs
        .iter_mut()
        .for_each(|d| d.1 = DocFaults::default());
    right.english = Some((SENTENCES.to_vec(), false));
    right.faults = Faults::default();
    let path = dir.path().join("right.epub");
    book(&right).write(&path);
    epubcheck::assert_valid(&path);
    let fixed = fix(&std::fs::read(&path).unwrap(), &options()).unwrap();
    assert!(fixed.repairs.is_empty(), "{:?}", fixed.repairs);

    for (name, spec) in [
        ("ar-epub3", every_fault("ar", false, 2)),
        ("he-epub2", every_fault("he", true, 3)),
        ("ur-epub3", every_fault("ur", false, 1)),
    ] {
        let (_, output) = fix_and_verify(&spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        let path = dir.path().join(format!("{name}-fixed.epub"));
        std::fs::write(&path, output).unwrap();
        epubcheck::assert_valid(&path);
    }
}
