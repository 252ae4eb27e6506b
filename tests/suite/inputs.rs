//! Articles as they arrive: a news page with its site around it, a Word document written by
//! LibreOffice, and their English controls, each built and read back: the article's text in
//! order and nothing else, headings and notes where they belong, each element's language and
//! direction, the metadata the source gives. (URLs are in `inputs_url.rs`.)

use std::sync::OnceLock;

use crate::util;

use util::epub::{attributes, elements, text_of, xml, Epub, OPS_NS, XHTML_NS};
use util::reader::assert_package_direction;
use util::text::normalise_line;
use util::{fixture_dir, shared, Book, Built};

/// The news page, built as a user would (the default drawn cover).
pub fn news() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    shared(&BUILT, || {
        Book::new(fixture_dir("html").join("news.html")).build()
    })
}

/// The Word document, built as a user would.
pub fn word() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    shared(&BUILT, || {
        Book::new(fixture_dir("docx").join("article.docx")).build()
    })
}

/// The article document's text as a reader meets it: each block element (headings,
/// paragraphs, list items, cells, captions) once, its text folded, in document order.
fn blocks(epub: &Epub) -> Vec<(String, String)> {
    let text = epub.read_text("OEBPS/article-001.xhtml");
    let doc = xml("article-001.xhtml", &text);
    let names = [
        "h1",
        "h2",
        "h3",
        "p",
        "li",
        "th",
        "td",
        "figcaption",
        "caption",
    ];
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().namespace() == Some(XHTML_NS))
        .filter(|n| names.contains(&n.tag_name().name()))
        .map(|n| (n.tag_name().name().to_string(), normalise_line(&text_of(n))))
        .collect()
}

/// Every text of every document of the book, folded.
fn book_text(epub: &Epub) -> String {
    let mut all = String::new();
    for (item, text) in epub.xhtml_documents() {
        let doc = xml(&item.path, &text);
        all.push_str(&text_of(doc.root_element()));
        all.push('\n');
    }
    all
}

/// Asserts that `wanted` appear among `blocks`, in this order, each as a whole block.
fn assert_in_order(blocks: &[(String, String)], wanted: &[(&str, &str)]) {
    let mut at = 0;
    for (name, text) in wanted {
        let found = blocks[at..]
            .iter()
            .position(|(n, t)| n == name && t == text)
            .unwrap_or_else(|| {
                panic!("no <{name}> {text:?} after block {at}; the blocks: {blocks:#?}")
            });
        at += found + 1;
    }
}

/// The element holding `text` in the article document, and its attributes.
fn element_with(epub: &Epub, name: &str, text: &str) -> std::collections::BTreeMap<String, String> {
    let source = epub.read_text("OEBPS/article-001.xhtml");
    let doc = xml("article-001.xhtml", &source);
    let node = elements(&doc, XHTML_NS, name)
        .find(|n| normalise_line(&text_of(*n)) == text)
        .unwrap_or_else(|| panic!("no <{name}> reading {text:?}"));
    attributes(node)
}

#[test]
fn the_news_page_gives_its_article_in_order() {
    let blocks = blocks(&news().epub);
    assert_in_order(
        &blocks,
        &[
            ("h1", "افتتاح مكتبة عامة جديدة في بغداد"),
            ("p", "سارة الجبوري"),
            ("p", "افتتحت أمانة بغداد صباح السبت مكتبة عامة جديدة في حي الكرادة، تضم أكثر من أربعين ألف كتاب باللغتين العربية والإنجليزية، إلى جانب قاعة مخصصة للمخطوطات النادرة."),
            ("p", "وقال مدير المكتبة إن التصميم استلهم House of Wisdom التي عرفها العالم باسم بيت الحكمة، مضيفًا أن هيئة الإذاعة البريطانية BBC Arabic كانت من أوائل من غطّى الافتتاح.1"),
            ("figcaption", "واجهة المكتبة الجديدة في حي الكرادة."),
            ("h2", "قاعة للمخطوطات"),
            ("p", "وتحتفظ القاعة بنحو ثلاثمئة مخطوطة، أقدمها نسخة من كتاب الحيوان للجاحظ. ويمكن للزوار مشاهدة الصور أو زيارة ملف المخطوطات."),
            ("caption", "ساعات العمل"),
            ("th", "اليوم"),
            ("td", "الجمعة"),
            ("li", "قاعة للأطفال"),
            ("li", "مختبر للحاسوب"),
            ("p", "«المكتبة بيت لكل قارئ في هذه المدينة»."),
            ("p", "The library opens daily except Fridays."),
            ("h2", "الحواشي"),
            ("p", "بُثّ التقرير في نشرة المساء."),
        ],
    );
}

#[test]
fn nothing_of_the_site_around_the_article_reaches_the_book() {
    let all = book_text(&news().epub);
    for boilerplate in [
        "ملفات تعريف الارتباط",
        "موافق",
        "سياسة",
        "اقتصاد",
        "ابحث في الموقع",
        "إعلان",
        "الرئيسية",
        "شارك على",
        "انسخ الرابط",
        "اقرأ أيضًا",
        "مكتبات شارع المتنبي",
        "الوسوم",
        "الأكثر قراءة",
        "أسعار الذهب",
        "التعليقات",
        "خبر رائع",
        "أرسل",
        "جميع الحقوق",
        "سياسة الخصوصية",
        "dataLayer",
        "↩",
    ] {
        assert!(
            !all.contains(boilerplate),
            "{boilerplate:?} reached the book"
        );
    }
    let source = news().epub.read_text("OEBPS/article-001.xhtml");
    assert!(
        !source.contains("javascript:"),
        "a javascript: link reached the book"
    );
    assert!(!source.contains("onclick") && !source.contains("onload"));
    assert!(
        source
            .contains("<a href=\"https://news.example.org/culture/manuscripts\">ملف المخطوطات</a>"),
        "the link that leaves the book is kept"
    );
}

#[test]
fn the_news_page_keeps_each_element_in_its_language_and_direction() {
    let epub = &news().epub;
    assert_package_direction(epub, "ar-IQ", "rtl");
    let span = element_with(epub, "span", "House of Wisdom");
    assert_eq!(span.get("lang").map(String::as_str), Some("en"));
    assert_eq!(span.get("dir").map(String::as_str), Some("ltr"));
    element_with(epub, "bdi", "BBC Arabic");
    let english = element_with(epub, "p", "The library opens daily except Fridays.");
    assert_eq!(english.get("lang").map(String::as_str), Some("en"));
    assert_eq!(english.get("dir").map(String::as_str), Some("ltr"));
    // The Arabic paragraphs state nothing: they are in the book's language and direction.
    let arabic = element_with(epub, "h2", "قاعة للمخطوطات");
    assert!(
        !arabic.contains_key("dir") && !arabic.contains_key("lang"),
        "{arabic:?}"
    );
}

#[test]
fn the_news_page_keeps_its_figure_table_and_footnote() {
    let epub = &news().epub;
    let source = epub.read_text("OEBPS/article-001.xhtml");
    let doc = xml("article-001.xhtml", &source);
    let img = elements(&doc, XHTML_NS, "img")
        .next()
        .expect("the figure's image");
    assert_eq!(img.attribute("alt"), Some("واجهة المكتبة الجديدة"));
    let src = img.attribute("src").expect("an image source");
    assert!(
        epub.has(&format!("OEBPS/{src}")),
        "{src} is not in the book"
    );
    let noteref = elements(&doc, XHTML_NS, "a")
        .find(|a| a.attribute((OPS_NS, "type")) == Some("noteref"))
        .expect("a note reference");
    let target = noteref.attribute("href").expect("it points at its note");
    let note = elements(&doc, XHTML_NS, "aside")
        .find(|n| {
            Some(format!("#{}", n.attribute("id").unwrap_or_default())) == Some(target.to_string())
        })
        .expect("the note it points at");
    assert_eq!(note.attribute((OPS_NS, "type")), Some("footnote"));
    assert_eq!(normalise_line(&text_of(note)), "بُثّ التقرير في نشرة المساء.");
}

#[test]
fn the_news_page_gives_the_book_its_metadata() {
    let opf = news().epub.opf();
    assert_eq!(opf.dc("title"), ["افتتاح مكتبة عامة جديدة في بغداد"]);
    assert_eq!(opf.dc("creator"), ["سارة الجبوري"]);
    assert_eq!(opf.dc("language"), ["ar-IQ"]);
    assert_eq!(opf.dc("publisher"), ["صحيفة الورّاق"]);
    assert_eq!(opf.dc("date"), ["2026-03-14"]);
    assert_eq!(
        opf.dc("source"),
        ["https://news.example.org/culture/2026/03/14/library"]
    );
    assert_eq!(
        opf.dc("description"),
        ["أمانة بغداد تفتتح مكتبة عامة في حي الكرادة تضم أربعين ألف كتاب وقاعة للمخطوطات."]
    );
    assert_eq!(opf.dc("subject"), ["ثقافة", "مكتبات", "بغداد"]);
}

#[test]
fn an_english_page_is_left_to_right() {
    let built = Book::new(fixture_dir("html").join("english.html")).build();
    let epub = &built.epub;
    assert_package_direction(epub, "en", "ltr");
    assert_in_order(
        &blocks(epub),
        &[
            ("h1", "City opens a new public library"),
            ("p", "The city opened a new public library on Saturday, with forty thousand books in Arabic and English."),
            ("h2", "A room for manuscripts"),
        ],
    );
    let arabic = element_with(epub, "span", "بيت الحكمة");
    assert_eq!(arabic.get("dir").map(String::as_str), Some("rtl"));
    assert!(!book_text(epub).contains("Other news you may like"));
    assert_eq!(epub.opf().dc("publisher"), ["The Daily Example"]);
}

#[test]
fn the_word_document_gives_its_article_in_order() {
    let blocks = blocks(&word().epub);
    assert_in_order(
        &blocks,
        &[
            ("h1", "افتتاح مكتبة عامة جديدة في بغداد"),
            ("p", "افتتحت أمانة بغداد صباح السبت مكتبة عامة جديدة في حي الكرادة، تضم أكثر من أربعين ألف كتاب باللغتين العربية والإنجليزية."),
            ("p", "وقال مدير المكتبة إن التصميم استلهم House of Wisdom التي عرفها العالم باسم بيت الحكمة.1"),
            ("h2", "قاعة للمخطوطات"),
            ("p", "وتحتفظ القاعة بنحو ثلاثمئة مخطوطة، أقدمها نسخة من كتاب الحيوان للجاحظ. ويمكن زيارة ملف المخطوطات."),
            ("th", "اليوم"),
            ("td", "مغلقة"),
            ("li", "قاعة للأطفال"),
            ("li", "عشرون حاسوبًا"),
            ("p", "The library opens daily except Fridays."),
            ("p", "بُثّ التقرير في نشرة المساء."),
        ],
    );
    let all = book_text(&word().epub);
    assert!(
        !all.contains("عبارة محذوفة"),
        "a tracked deletion reached the book"
    );
    assert!(!all.contains("تعليق لا يظهر"), "a comment reached the book");
}

#[test]
fn the_word_document_keeps_direction_language_image_and_metadata() {
    let epub = &word().epub;
    assert_package_direction(epub, "ar-IQ", "rtl");
    let english = element_with(epub, "p", "The library opens daily except Fridays.");
    assert_eq!(english.get("lang").map(String::as_str), Some("en-GB"));
    assert_eq!(english.get("dir").map(String::as_str), Some("ltr"));
    let phrase = element_with(epub, "span", "House of Wisdom");
    assert_eq!(phrase.get("lang").map(String::as_str), Some("en-GB"));
    let source = epub.read_text("OEBPS/article-001.xhtml");
    let doc = xml("article-001.xhtml", &source);
    let img = elements(&doc, XHTML_NS, "img").next().expect("the image");
    assert_eq!(img.attribute("alt"), Some("واجهة المكتبة الجديدة"));
    assert!(source.contains("<strong>ثلاثمئة</strong>") && source.contains("<em>كتاب الحيوان</em>"));
    let opf = epub.opf();
    assert_eq!(opf.dc("title"), ["افتتاح مكتبة عامة جديدة في بغداد"]);
    assert_eq!(opf.dc("creator"), ["سارة الجبوري"]);
    assert_eq!(opf.dc("language"), ["ar-IQ"]);
    assert_eq!(opf.dc("date"), ["2026-03-14"]);
}

#[test]
fn an_english_word_document_is_left_to_right() {
    let built = Book::new(fixture_dir("docx").join("english.docx")).build();
    assert_package_direction(&built.epub, "en-GB", "ltr");
    let arabic = element_with(&built.epub, "span", "بيت الحكمة");
    assert_eq!(arabic.get("dir").map(String::as_str), Some("rtl"));
}

#[test]
fn a_page_without_an_article_is_an_error_naming_it() {
    let mut book = Book::empty();
    let page = book.write(
        "menu.html",
        b"<html><body><nav><a href='/'>Home</a></nav><footer>(c)</footer></body></html>",
    );
    book.input(&page);
    let failed = book.fail();
    assert_eq!(failed.code, Some(65), "{}", failed.stderr);
    assert!(failed.stderr.contains("menu.html"), "{}", failed.stderr);
}

#[test]
fn a_word_document_that_is_not_one_is_an_error_naming_it() {
    for (name, bytes) in [
        ("text.docx", b"this is plain text, not a zip".to_vec()),
        (
            "locked.docx",
            [
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &[0; 512],
            ]
            .concat(),
        ),
    ] {
        let mut book = Book::empty();
        let path = book.write(name, &bytes);
        book.input(&path);
        let failed = book.fail();
        assert_eq!(failed.code, Some(65), "{name}: {}", failed.stderr);
        assert!(failed.stderr.contains(name), "{}", failed.stderr);
    }
}

#[test]
fn a_book_directory_holds_pages_and_word_documents_beside_text() {
    let book = Book::empty();
    let dir = book.tmp().join("book");
    std::fs::create_dir_all(&dir).unwrap();
    for (from, to) in [
        (fixture_dir("html").join("news.html"), "1-news.html"),
        (fixture_dir("docx").join("article.docx"), "2-interview.docx"),
    ] {
        std::fs::copy(from, dir.join(to)).unwrap();
    }
    std::fs::write(
        dir.join("3-note.txt"),
        "ملاحظة المحرر\nتنشر الصحيفة هذا الملف في عدد خاص عن مكتبات بغداد.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "title = \"مكتبات بغداد\"\nlang = \"ar\"\ncover = \"none\"\n",
    )
    .unwrap();
    let built = Book::new(&dir).build();
    let epub = &built.epub;
    let mut headlines = Vec::new();
    for name in [
        "OEBPS/article-001.xhtml",
        "OEBPS/article-002.xhtml",
        "OEBPS/article-003.xhtml",
    ] {
        let text = epub.read_text(name);
        let doc = xml(name, &text);
        let h1 = elements(&doc, XHTML_NS, "h1").next().expect("an h1");
        headlines.push(normalise_line(&text_of(h1)));
    }
    assert_eq!(
        headlines,
        [
            "افتتاح مكتبة عامة جديدة في بغداد",
            "افتتاح مكتبة عامة جديدة في بغداد",
            "ملاحظة المحرر"
        ]
    );
    // The page's subheading is an entry under its article in the table of contents.
    let nav = epub.read_text("OEBPS/nav.xhtml");
    assert!(nav.contains("قاعة للمخطوطات"), "{nav}");
    // The book's own metadata is book.toml's: an anthology does not take one article's.
    assert_eq!(epub.opf().dc("title"), ["مكتبات بغداد"]);
    assert!(epub.opf().dc("publisher").is_empty());
}

#[test]
fn a_page_declaring_english_around_arabic_text_is_an_arabic_book() {
    let mut book = Book::empty();
    let page = book.write(
        "wordpress.html",
        "<html lang=\"en-US\" dir=\"rtl\"><body><article><h1>عنوان الخبر</h1>\
<p>نص عربي طويل بما يكفي ليكون مقالًا كاملًا يُقرأ من اليمين إلى اليسار.</p></article></body></html>"
            .as_bytes(),
    );
    book.input(&page).arg("--cover").arg("none");
    let built = book.build();
    assert_package_direction(&built.epub, "ar", "rtl");
    assert!(
        built.stderr.contains("en-US") && built.stderr.contains("right to left"),
        "the declaration is set aside with a warning: {}",
        built.stderr
    );
}
