//! Many articles: an anthology in one book, Markdown articles, and `build --each` batches.

use crate::util;

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use util::epub::{elements, resolve, text_of, xml, Epub, OPS_NS, XHTML_NS, XML_NS};
use util::text::{article_lines, normalise_line};
use util::{epubcheck, fixture_dir, warraq, Book};

/// The documents of the spine that are articles (they carry `<section role="doc-chapter">`),
/// with their zip paths and text.
fn articles(epub: &Epub) -> Vec<(String, String)> {
    epub.opf()
        .spine_items()
        .into_iter()
        .map(|item| (item.path.clone(), epub.read_text(&item.path)))
        .filter(|(_, text)| text.contains("role=\"doc-chapter\""))
        .collect()
}

/// All text of an XHTML document's body, plus every `alt`, with white space folded.
fn body_text(name: &str, xhtml: &str) -> String {
    let doc = xml(name, xhtml);
    let mut text = String::new();
    for node in doc.descendants() {
        if node.is_text() {
            text.push_str(node.text().unwrap_or_default());
            text.push(' ');
        }
        if let Some(alt) = node.attribute("alt") {
            text.push_str(alt);
            text.push(' ');
        }
    }
    normalise_line(&text)
}

fn nav_entries(epub: &Epub) -> Vec<(String, usize)> {
    let nav = epub.opf().item_with_property("nav").clone();
    let text = epub.read_text(&nav.path);
    let doc = xml(&nav.path, &text);
    let toc = elements(&doc, XHTML_NS, "nav")
        .find(|n| n.attribute((OPS_NS, "type")) == Some("toc"))
        .expect("a toc nav");
    toc.descendants()
        .filter(|n| n.has_tag_name((XHTML_NS, "a")))
        .map(|a| {
            let depth = a
                .ancestors()
                .filter(|n| n.has_tag_name((XHTML_NS, "ol")))
                .count();
            (normalise_line(&text_of(a)), depth)
        })
        .collect()
}

#[test]
fn anthology_lists_every_article_in_order_with_nested_headings() {
    let built = Book::fixture("anthology").build();
    let entries = nav_entries(&built.epub);
    let expected = [
        ("منسوب الفرات ينخفض للعام الثالث على التوالي", 1),
        ("سوق الكتب القديمة يعود إلى شارع المتنبي", 1),
        ("دفتر الورّاق: كيف صُنعت الكتب في بغداد", 1),
        ("الورق والحبر", 2),
        ("أدوات النسخ", 3),
        ("Baghdad's booksellers return to Mutanabbi Street", 1),
    ];
    let expected: Vec<(String, usize)> = expected
        .iter()
        .map(|(t, d)| (normalise_line(t), *d))
        .collect();
    assert_eq!(entries, expected);
    assert_eq!(articles(&built.epub).len(), 4);
}

#[test]
fn anthology_documents_carry_their_own_direction_and_language() {
    let built = Book::fixture("anthology").build();
    for (path, text) in articles(&built.epub) {
        let doc = xml(&path, &text);
        let html = doc.root_element();
        let english = text.contains("Mutanabbi Street");
        let (lang, dir) = if english {
            ("en", "ltr")
        } else {
            ("ar", "rtl")
        };
        assert_eq!(html.attribute("lang"), Some(lang), "{path}");
        assert_eq!(html.attribute((XML_NS, "lang")), Some(lang), "{path}");
        assert_eq!(html.attribute("dir"), Some(dir), "{path}");
        assert_eq!(elements(&doc, XHTML_NS, "h1").count(), 1, "{path}: one h1");
    }
    let spine = built.epub.spine();
    assert_eq!(
        spine
            .attributes
            .get("page-progression-direction")
            .map(String::as_str),
        Some("rtl")
    );
    assert_eq!(built.epub.opf().dc("language"), ["ar"]);
}

#[test]
fn anthology_has_title_and_contents_pages_that_can_be_switched_off() {
    let built = Book::fixture("anthology").build();
    let spine: Vec<String> = built
        .epub
        .opf()
        .spine_items()
        .iter()
        .map(|i| built.epub.read_text(&i.path))
        .collect();
    assert!(
        spine[0].contains("epub:type=\"cover\""),
        "the drawn cover first (none is named)"
    );
    assert!(
        spine[1].contains("epub:type=\"titlepage\""),
        "title page second"
    );
    assert!(
        spine[1].contains("مختارات الصباح")
            && spine[1].contains("قسم التحرير")
            && spine[1].contains("ورّاق")
    );
    assert!(spine[2].contains("role=\"doc-toc\""), "contents page third");
    let links = spine[2].matches("<li>").count() + spine[2].matches("<li ").count();
    assert_eq!(links, 4, "the contents page lists the four articles");

    let book = Book::empty();
    for entry in fs::read_dir(fixture_dir("anthology")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let mut bytes = fs::read(&path).unwrap();
        if name == "book.toml" {
            bytes.extend_from_slice(b"title_page = false\ncontents_page = false\n");
        }
        book.write(&format!("anthology/{name}"), &bytes);
    }
    let plain = Book::new(book.tmp().join("anthology")).build();
    let opf = plain.epub.opf();
    let spine = opf.spine_items();
    assert_eq!(
        spine.len(),
        5,
        "only the cover and the four articles remain"
    );
    assert!(plain
        .epub
        .read_text(&spine[0].path)
        .contains("epub:type=\"cover\""));
}

#[test]
fn every_line_of_every_article_is_in_the_book() {
    let built = Book::fixture("anthology").build();
    let docs = articles(&built.epub);
    let texts: Vec<String> = docs.iter().map(|(p, t)| body_text(p, t)).collect();
    let dir = fixture_dir("anthology");
    for (name, doc) in ["01-river.txt", "02-market.txt"].iter().zip(&texts) {
        for line in article_lines(&fs::read(dir.join(name)).unwrap()) {
            assert!(doc.contains(&line), "{name}: {line:?} is missing");
        }
    }
    // Markdown: every word of every line (syntax aside) is in the document.
    let markdown = fs::read_to_string(dir.join("03-notes.md")).unwrap();
    for line in markdown.lines() {
        for word in line
            .split(|c: char| !c.is_alphanumeric() && !is_mark(c))
            .filter(|w| !w.is_empty())
        {
            if word == "png" || word == "shop" || word.chars().all(|c| c.is_ascii_digit()) {
                continue; // the image's file name and footnote labels are not text
            }
            assert!(
                texts[2].contains(&normalise_line(word)),
                "03-notes.md: {word:?} is missing"
            );
        }
    }
    let english = fs::read_to_string(dir.join("04-english.txt")).unwrap();
    for line in english.lines().skip(5) {
        assert!(
            texts[3].contains(&normalise_line(line)),
            "04-english.txt: {line:?} is missing"
        );
    }
    assert!(
        texts[3].contains("Translation desk"),
        "the front matter's author is shown"
    );
}

fn is_mark(c: char) -> bool {
    ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}'
}

#[test]
fn markdown_footnotes_images_and_tables_are_epub_structures() {
    let built = Book::fixture("anthology").build();
    let (path, text) = &articles(&built.epub)[2];
    let doc = xml(path, text);
    let refs: Vec<_> = elements(&doc, XHTML_NS, "a")
        .filter(|a| a.attribute((OPS_NS, "type")) == Some("noteref"))
        .collect();
    assert_eq!(refs.len(), 2);
    for a in refs {
        let target = a.attribute("href").unwrap().trim_start_matches('#');
        let aside = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(target))
            .expect("footnote target");
        assert!(aside.has_tag_name((XHTML_NS, "aside")));
        assert_eq!(aside.attribute((OPS_NS, "type")), Some("footnote"));
    }
    let img = elements(&doc, XHTML_NS, "img").next().expect("the image");
    assert_eq!(img.attribute("alt"), Some("رسم تخطيطي لدكان ورّاق"));
    let src = resolve(path, img.attribute("src").unwrap());
    let item = built
        .epub
        .manifest()
        .into_iter()
        .find(|i| i.path == src)
        .expect("image in the manifest");
    assert!(item.media_type.starts_with("image/"));
    assert!(!built.epub.read(&src).is_empty());
    assert_eq!(elements(&doc, XHTML_NS, "table").count(), 1);
    assert_eq!(elements(&doc, XHTML_NS, "del").count(), 1);
    assert!(text.contains("<pre") || !text.contains("```"));
}

#[test]
fn raw_html_in_markdown_is_shown_as_text_with_a_warning() {
    let book = Book::empty();
    book.write("b/book.toml", b"lang = \"en\"\n");
    book.write(
        "b/a.md",
        b"# Title\n\n<script>alert('x')</script>\n\nSome <b>bold</b> text.\n",
    );
    let built = Book::new(book.tmp().join("b")).build();
    assert!(
        built.stderr.contains("warning") && built.stderr.contains("a.md:3"),
        "{}",
        built.stderr
    );
    let (_, text) = &articles(&built.epub)[0];
    assert!(!text.contains("<script") && !text.contains("<b>"), "{text}");
    assert!(
        text.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{text}"
    );
}

#[test]
fn missing_image_names_the_article_and_line() {
    let book = Book::empty();
    book.write("b/a.md", b"# Title\n\ntext\n\n![gone](nowhere.png)\n");
    let failed = Book::new(book.tmp().join("b"))
        .arg("--lang")
        .arg("en")
        .fail();
    assert_eq!(failed.code, Some(65), "{}", failed.stderr);
    assert!(
        failed.stderr.contains("a.md:5") && failed.stderr.contains("nowhere.png"),
        "{}",
        failed.stderr
    );
}

/// 50 articles, one of them empty, with a shared cover and defaults.
fn batch_dir(book: &Book) -> std::path::PathBuf {
    let sample = fs::read_to_string(util::sample_dir().join("article.txt")).unwrap();
    for i in 1..=50 {
        let text = if i == 37 {
            String::new()
        } else {
            format!("المقال رقم {i}: {sample}")
        };
        book.write(&format!("many/{i:02}-مقال.txt"), text.as_bytes());
    }
    book.write("many/cover.png", &util::images::opaque_png(400, 640));
    book.write(
        "many/book.toml",
        "lang = \"ar\"\nauthors = [\"فريق التحرير\"]\ncover = \"cover.png\"\n".as_bytes(),
    );
    book.tmp().join("many")
}

#[test]
fn batch_builds_one_book_per_article_and_reports_the_broken_one() {
    let book = Book::empty();
    let dir = batch_dir(&book);
    let out_dir = book.tmp().join("out");
    let out = warraq()
        .current_dir(book.tmp())
        // The build time from the clock, as a user's batch takes it: the one run of the
        // suite without the harness's fixed `SOURCE_DATE_EPOCH`.
        .env_remove("SOURCE_DATE_EPOCH")
        .arg("build")
        .arg("--each")
        .arg(&dir)
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(65), "{stderr}");
    assert!(stderr.contains("built 49, failed 1"), "{stderr}");
    assert!(
        stderr.contains("37-مقال.txt") && stderr.contains("has no text"),
        "{stderr}"
    );
    assert_eq!(stdout.lines().count(), 49, "one line per book written");

    let mut books: Vec<_> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    books.sort();
    assert_eq!(
        books.len(),
        49,
        "no file for the broken article, no temporaries"
    );
    assert!(!out_dir.join("37-مقال.epub").exists());
    let covers: Vec<Vec<u8>> = books
        .iter()
        .map(|b| {
            let epub = Epub::open(b);
            let cover = epub.cover_image();
            epub.read(&cover.path).to_vec()
        })
        .collect();
    assert!(
        covers.windows(2).all(|w| w[0] == w[1]),
        "the shared cover is the same in every book"
    );
    let ids: Vec<String> = books
        .iter()
        .map(|b| Epub::open(b).opf().dc("identifier")[0].clone())
        .collect();
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "each book has its own identifier");
    for path in books.iter().step_by(16) {
        let title = Epub::open(path).opf().dc("title");
        assert!(title[0].starts_with("المقال رقم"), "{title:?}");
        epubcheck::assert_valid(path);
    }
}

#[test]
fn batch_refuses_a_shared_title() {
    let book = Book::empty();
    let dir = batch_dir(&book);
    let out = Process::new(env!("CARGO_BIN_EXE_warraq"))
        .current_dir(book.tmp())
        .args(["build", "--title", "x", "--each"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--title"));
    assert!(!Path::new(&book.tmp().join("dist")).exists());
}
