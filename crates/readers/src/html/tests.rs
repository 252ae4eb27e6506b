//! Pages in, the document model out: an Arabic news page among a real site's boilerplate,
//! an English page, encodings, hostile nesting, links, images.

use std::path::Path;

use super::read;
use warraq_core::document::{inline_text, Align, Block, Document, Inline, Parsed, MAX_DEPTH};
use warraq_core::lang::Direction;

fn parse(html: &str) -> Parsed {
    let mut warnings = Vec::new();
    read(Path::new("page.html"), html.as_bytes(), None, &mut warnings).expect("the page reads")
}

fn text(content: &[Inline]) -> String {
    let mut out = String::new();
    inline_text(content, &mut out);
    out
}

fn all_text(document: &Document) -> String {
    let mut out = String::new();
    document.plain_text(&mut out);
    out
}

/// How deep blocks and inlines nest, counting both.
fn depth(document: &Document) -> usize {
    fn inlines(content: &[Inline]) -> usize {
        content
            .iter()
            .map(|i| 1 + inlines(i.children()))
            .max()
            .unwrap_or(0)
    }
    fn block(b: &Block) -> usize {
        let (ins, blocks) = b.parts();
        let ins: Vec<Inline> = ins.into_iter().cloned().collect();
        1 + inlines(&ins).max(blocks.into_iter().map(block).max().unwrap_or(0))
    }
    document.blocks.iter().map(block).max().unwrap_or(0)
}

const NEWS: &str = r##"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>انتخابات المدينة | صحيفة الغد</title>
<meta property="og:title" content="عنوان من الوسوم">
<meta property="og:site_name" content="صحيفة الغد">
<meta name="description" content="وصف من الوسوم">
<link rel="canonical" href="https://example.com/news/2024/election">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"الموقع"},
 {"@type":"NewsArticle","headline":"نتائج الانتخابات البلدية في المدينة",
  "author":[{"@type":"Person","name":"ليلى حسن"},"عمر خالد"],
  "datePublished":"2024-05-02T10:00:00+03:00","publisher":{"@type":"Organization","name":"صحيفة الغد"},
  "inLanguage":"ar","image":{"@type":"ImageObject","url":"https://example.com/cover.jpg"},
  "keywords":"انتخابات, بلديات","description":"ملخص الخبر"}]}</script>
<script>window.track = function () { document.write("سكربت لا يظهر"); };</script>
</head><body>
<header class="site-header"><a href="/">صحيفة الغد</a><nav><ul><li><a href="/politics">سياسة</a></li><li><a href="/sport">رياضة</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent">نستخدم ملفات تعريف الارتباط. <button>موافق</button></div>
<main><article>
<header><h1>نتائج الانتخابات البلدية في المدينة</h1><p class="byline">بقلم ليلى حسن</p></header>
<div class="share-buttons"><a href="https://facebook.com/share">شارك على فيسبوك</a><a href="javascript:print()">اطبع</a></div>
<p>أعلنت اللجنة المركزية <b>صباح اليوم</b> نتائج الانتخابات، وبلغت نسبة المشاركة ستين في المئة.</p>
<p>قال المتحدث <span lang="en" dir="ltr">Electoral Commission</span> إن الفرز انتهى، وأضاف <bdi>UN-2024</bdi> في بيانه.<sup><a href="#fn1" id="fnref1">1</a></sup></p>
<figure><img src="/img/count.jpg" alt="فرز الأصوات"><figcaption>موظفون يفرزون الأصوات</figcaption></figure>
<table><caption>النتائج</caption><thead><tr><th>القائمة</th><th align="left">الأصوات</th></tr></thead>
<tbody><tr><td>الأولى</td><td style="text-align: left">١٢٠٠</td></tr></tbody></table>
<p>وينتظر أن يجتمع المجلس الجديد <a href="/council">الأسبوع المقبل</a> لانتخاب رئيسه.</p>
<section class="footnotes" role="doc-endnotes"><ol><li id="fn1"><p>بحسب بيان اللجنة الرسمي. <a href="#fnref1" role="doc-backlink">↩</a></p></li></ol></section>
<footer class="article-footer">حقوق النشر محفوظة</footer>
</article></main>
<aside class="most-read"><h2>الأكثر قراءة</h2><ol><li><a href="/a">خبر شائع أول</a></li></ol></aside>
<section id="comments" class="comments"><h2>التعليقات</h2><p>تعليق من قارئ غاضب جدا على الخبر.</p></section>
<div class="newsletter-signup">اشترك في النشرة البريدية</div>
<footer><p>جميع الحقوق محفوظة لصحيفة الغد</p></footer>
</body></html>"##;

#[test]
fn arabic_news_page() {
    let parsed = parse(NEWS);
    let doc = &parsed.document;
    let all = all_text(doc);
    for boilerplate in [
        "سياسة",
        "ملفات تعريف",
        "موافق",
        "شارك على",
        "اطبع",
        "الأكثر قراءة",
        "شائع",
        "التعليقات",
        "غاضب",
        "اشترك",
        "جميع الحقوق",
        "حقوق النشر",
        "سكربت",
        "↩",
    ] {
        assert!(
            !all.contains(boilerplate),
            "{boilerplate:?} reached the book:\n{all}"
        );
    }
    let paragraphs: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content, .. } => Some(text(content)),
            _ => None,
        })
        .collect();
    // The byline is the metadata's: the book writes it under the headline, once.
    assert_eq!(paragraphs.len(), 3, "{paragraphs:#?}");
    assert!(!all.contains("بقلم"), "{all}");
    assert_eq!(parsed.meta.authors[0], "ليلى حسن");
    assert!(paragraphs[0].starts_with("أعلنت اللجنة المركزية صباح اليوم نتائج"));
    assert!(paragraphs[1].contains("Electoral Commission إن الفرز"));
    assert!(paragraphs[2].starts_with("وينتظر"));

    // Headline from JSON-LD, and the h1 that says it.
    assert_eq!(
        parsed.headline.as_deref(),
        Some("نتائج الانتخابات البلدية في المدينة")
    );
    assert_eq!(doc.headline_at, Some(0));
    assert!(matches!(&doc.blocks[0], Block::Heading { level: 1, .. }));

    // Direction and language per element.
    assert_eq!(parsed.attrs.dir, Some(Direction::Rtl));
    assert_eq!(parsed.attrs.lang.as_ref().map(|l| l.as_str()), Some("ar"));
    let Block::Paragraph { content, .. } = &doc.blocks[2] else {
        panic!("{:?}", doc.blocks[2])
    };
    let span = content.iter().find_map(|i| match i {
        Inline::Span {
            attrs,
            isolate: false,
            content,
        } => Some((attrs, text(content))),
        _ => None,
    });
    let (attrs, english) = span.expect("the English span");
    assert_eq!(english, "Electoral Commission");
    assert_eq!(attrs.dir, Some(Direction::Ltr));
    assert_eq!(attrs.lang.as_ref().map(|l| l.as_str()), Some("en"));
    assert!(content
        .iter()
        .any(|i| matches!(i, Inline::Span { isolate: true, .. })));
    assert!(content.contains(&Inline::NoteRef("1".into())));
    assert!(matches!(&content[..], [.., Inline::Strong(_)] | [.., _]));

    // Figure, table, note, link.
    assert!(doc.blocks.iter().any(|b| matches!(b,
        Block::Figure { image, caption, .. } if image.src == "https://example.com/img/count.jpg"
            && image.alt == "فرز الأصوات" && text(caption) == "موظفون يفرزون الأصوات")));
    let table = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table");
    assert_eq!(text(&table.caption), "النتائج");
    assert_eq!(table.head.len(), 1);
    assert_eq!(table.body.len(), 1);
    assert!(table.head[0].cells[0].header);
    // `left` in a right-to-left table is where lines end.
    assert_eq!(table.columns, vec![Align::Default, Align::End]);
    assert_eq!(doc.notes.len(), 1);
    assert_eq!(doc.notes[0].label, "1");
    let mut note = String::new();
    Document {
        blocks: doc.notes[0].blocks.clone(),
        ..Document::default()
    }
    .plain_text(&mut note);
    assert_eq!(note.trim(), "بحسب بيان اللجنة الرسمي.");
    assert_eq!(
        all.matches("بحسب بيان").count(),
        1,
        "the footnotes are not repeated"
    );
    assert!(all_links(doc).contains(&"https://example.com/council".to_owned()));

    // Metadata: JSON-LD wins, the tags fill the rest.
    let meta = &parsed.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("نتائج الانتخابات البلدية في المدينة")
    );
    assert_eq!(meta.authors, vec!["ليلى حسن", "عمر خالد"]);
    assert_eq!(meta.date.as_deref(), Some("2024-05-02T10:00:00+03:00"));
    assert_eq!(meta.publisher.as_deref(), Some("صحيفة الغد"));
    assert_eq!(meta.language.as_deref(), Some("ar"));
    assert_eq!(meta.description.as_deref(), Some("ملخص الخبر"));
    assert_eq!(
        meta.source.as_deref(),
        Some("https://example.com/news/2024/election")
    );
    assert_eq!(meta.image.as_deref(), Some("https://example.com/cover.jpg"));
    assert_eq!(meta.subjects, vec!["انتخابات", "بلديات"]);
}

fn all_links(document: &Document) -> Vec<String> {
    fn walk(content: &[Inline], out: &mut Vec<String>) {
        for inline in content {
            if let Inline::Link { href, .. } = inline {
                out.push(href.clone());
            }
            walk(inline.children(), out);
        }
    }
    let mut out = Vec::new();
    document.each_block(&mut |b| {
        let inlines: Vec<Inline> = b.parts().0.into_iter().cloned().collect();
        walk(&inlines, &mut out);
    });
    out
}

#[test]
fn english_page_is_english() {
    let parsed = parse(
        r##"<html lang="en"><head><title>A walk</title></head><body><nav>Home</nav>
        <article><h1>A walk</h1><p>We walked along the river, slowly, for an hour.</p>
        <p>Then <a href="javascript:void(0)">this</a> <a href="#top">that</a> and <i>rain</i>.</p></article></body></html>"##,
    );
    assert_eq!(parsed.attrs.lang.as_ref().map(|l| l.as_str()), Some("en"));
    assert_eq!(parsed.meta.language.as_deref(), Some("en"));
    assert_eq!(parsed.headline.as_deref(), Some("A walk"));
    assert_eq!(parsed.document.headline_at, Some(0));
    assert!(
        all_links(&parsed.document).is_empty(),
        "javascript: and #top lose their link"
    );
    assert!(all_text(&parsed.document).contains("Then this that and rain."));
    assert!(!all_text(&parsed.document).contains("Home"));
}

#[test]
fn dir_auto_is_resolved() {
    let parsed = parse(
        r#"<body><article><p dir="auto">123 مرحبا بكم في المقال الطويل هنا</p>
        <p dir="auto">- Hello there, this is English text.</p></article></body>"#,
    );
    let dirs: Vec<_> = parsed
        .document
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { attrs, .. } => attrs.dir,
            _ => None,
        })
        .collect();
    assert_eq!(dirs, vec![Some(Direction::Rtl), Some(Direction::Ltr)]);
}

#[test]
fn windows_1256_with_meta_charset() {
    let html = "<html><head><meta charset=\"windows-1256\"></head><body><article><p>مرحبا بكم في هذا المقال الطويل نسبيا</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(html);
    let mut warnings = Vec::new();
    let parsed = read(Path::new("old.html"), &bytes, None, &mut warnings).expect("reads");
    assert!(all_text(&parsed.document).contains("مرحبا بكم في هذا المقال"));
}

#[test]
fn a_page_without_an_article_is_an_error() {
    let mut warnings = Vec::new();
    let err = read(
        Path::new("menu.html"),
        b"<html><body><nav><a href=/>Home</a></nav><p>Hi</p></body></html>",
        None,
        &mut warnings,
    )
    .expect_err("no article");
    let message = err.to_string();
    assert!(
        message.starts_with("menu.html: holds no article"),
        "{message}"
    );
    assert!(err.hint().is_some());
}

#[test]
fn deep_nesting_is_flattened() {
    for tag in ["div", "b", "blockquote", "span dir=rtl", "li", "table"] {
        let name = tag.split(' ').next().unwrap_or(tag);
        let mut html = String::from("<body><article>");
        for _ in 0..100_000 {
            html.push_str(&format!("<{tag}>word "));
        }
        for _ in 0..100_000 {
            html.push_str(&format!("</{name}>"));
        }
        let parsed = parse(&html);
        assert!(
            depth(&parsed.document) <= MAX_DEPTH,
            "{tag}: {}",
            depth(&parsed.document)
        );
        let words = all_text(&parsed.document).matches("word").count();
        assert_eq!(words, 100_000, "{tag}");
    }
}

#[test]
fn data_image_goes_into_resources() {
    let parsed = parse(
        r#"<body><article><p>A picture of a dot, which follows here.</p>
        <p><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"></p></article></body>"#,
    );
    let figure = parsed.document.blocks.iter().find_map(|b| match b {
        Block::Figure { image, .. } => Some(image.clone()),
        _ => None,
    });
    let image = figure.expect("a figure");
    assert_eq!(image.src, "data-image-1.png");
    assert_eq!(image.alt, "dot");
    assert!(image.place.contains("img"));
    assert_eq!(
        &*parsed.document.resources["data-image-1.png"],
        b"\x89PNG\r\n\x1a\n"
    );
}

#[test]
fn whitespace_and_lists() {
    let parsed = parse(
        "<body><main><p>  one \n  <em> two </em>three </p><ol start=3><li>first item here</li><li><p>second</p></li></ol><pre>  a\n    b</pre></main></body>",
    );
    let blocks = &parsed.document.blocks;
    assert!(
        matches!(&blocks[0], Block::Paragraph { content, .. } if text(content) == "one two three")
    );
    assert!(
        matches!(&blocks[1], Block::List { ordered: true, start: 3, items, .. } if items.len() == 2)
    );
    assert!(matches!(&blocks[2], Block::Code { text } if text == "  a\n    b"));
}

#[test]
fn arabic_addresses_do_not_cut_a_character() {
    let parsed = parse(
        "<article><h1>عنوان</h1><p>نص يكفي ليكون مقالًا <a href=\"/news/مقال\">رابط</a> \
         <a href=\"جافا:x\">آخر</a></p><p><img src=\"صورة.jpg\" alt=\"صورة\"></p></article>",
    );
    let mut text = String::new();
    parsed.document.plain_text(&mut text);
    assert!(text.contains("رابط") && text.contains("صورة"), "{text}");
}

#[test]
fn a_headline_in_a_division_of_its_own_direction_is_found_once() {
    let parsed = parse(
        "<html lang=ar><body><article><div dir=\"rtl\"><h1>العنوان</h1>\
         <p>فقرة أولى طويلة بما يكفي ليكون للصفحة مقال.</p></div></article></body></html>",
    );
    assert_eq!(parsed.headline.as_deref(), Some("العنوان"));
    assert_eq!(parsed.document.headline_at, Some(0));
    let headings = parsed
        .document
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading { .. }))
        .count();
    assert_eq!(headings, 1, "{:?}", parsed.document.blocks);
    assert!(matches!(
        &parsed.document.blocks[0],
        Block::Heading { attrs, .. } if attrs.dir == Some(Direction::Rtl)
    ));
}

#[test]
fn a_page_of_markup_alone_is_refused_past_the_node_limit() {
    let page = format!("<article><h1>x</h1>{}</article>", "<p>x".repeat(600_000));
    let mut warnings = Vec::new();
    let error = read(
        Path::new("flood.html"),
        page.as_bytes(),
        None,
        &mut warnings,
    )
    .expect_err("too many nodes");
    assert!(error.to_string().contains("more than"), "{error}");
}
