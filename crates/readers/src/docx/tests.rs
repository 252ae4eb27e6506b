//! The reader on packages built in memory (`fixture.rs`): an Arabic article with every
//! construct the reader knows, an English one, and hostile packages.

use std::path::Path;

use super::fixture::*;
use super::read;
use warraq_core::document::{Attrs, Block, Inline, Parsed};
use warraq_core::error::Error;
use warraq_core::lang::{Direction, LanguageTag};

fn tag(s: &str) -> Option<LanguageTag> {
    LanguageTag::parse(s).ok()
}

fn rtl_ar() -> Attrs {
    Attrs {
        lang: tag("ar-SA"),
        dir: Some(Direction::Rtl),
    }
}

pub(super) fn parse(bytes: &[u8]) -> (Parsed, Vec<String>) {
    let mut warnings = Vec::new();
    let parsed = read(Path::new("a.docx"), bytes, &mut warnings).expect("reads");
    (parsed, warnings.into_iter().map(|w| w.message).collect())
}

pub(super) fn error(bytes: &[u8]) -> String {
    let mut warnings = Vec::new();
    match read(Path::new("a.docx"), bytes, &mut warnings) {
        Err(e @ Error::Input { .. }) => e.to_string(),
        other => panic!("expected an input error, got {other:?}"),
    }
}

fn text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    warraq_core::document::inline_text(inlines, &mut out);
    out
}

/// The body of the Arabic article.
pub(super) fn arabic_body() -> String {
    [
        p("a3", &ar("عنوان المقال")),
        p("1", &ar("مقدمة")),
        p(
            "",
            &[
                ar("نص عربي "),
                r#"<w:r><w:rPr><w:rtl/><w:bCs/></w:rPr><w:t>غامق</w:t></w:r>"#.into(),
                r#"<w:r><w:t xml:space="preserve"> Word </w:t></w:r>"#.into(),
                r#"<w:r><w:rPr><w:rtl/></w:rPr><w:footnoteReference w:id="1"/></w:r>"#.into(),
                r#"<w:ins w:id="5" w:author="x">"#.to_string() + &ar(" مضاف") + "</w:ins>",
                r#"<w:del w:id="6" w:author="x"><w:r><w:rPr><w:rtl/></w:rPr><w:delText>محذوف</w:delText></w:r></w:del>"#.into(),
                r#"<w:moveFrom><w:r><w:t>MOVED-AWAY</w:t></w:r></w:moveFrom>"#.into(),
                r#"<w:commentRangeStart w:id="0"/>"#.into(),
                ar(" تعليق"),
                r#"<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#.into(),
                r#"<w:r><w:rPr><w:rtl/></w:rPr><w:endnoteReference w:id="1"/></w:r>"#.into(),
                r#"<w:hyperlink r:id="rId10"><w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve"> رابط</w:t></w:r></w:hyperlink>"#.into(),
                r#"<w:hyperlink w:anchor="_Toc1">"#.to_string() + &ar(" مرساة") + "</w:hyperlink>",
            ]
            .concat(),
        ),
        p("2", &ar("قسم")),
        p("Heading3", &ar("فرع")),
        p("a7", &ar("دورة")),
        p("a6", &ar("أول")),
        r#"<w:p><w:pPr><w:pStyle w:val="a6"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>"#.to_string() + &ar("متداخل") + "</w:p>",
        p("a6", &ar("ثان")),
        r#"<w:tbl><w:tblPr><w:bidiVisual/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>"#.to_string() + &p("", &ar("رأس")) + r#"</w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>"# + &p("", &ar("مدمج")) + r#"</w:tc><w:tc>"# + &p("", &ar("خ")) + r#"</w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>"# + &p("", &ar("د")) + r#"</w:tc></w:tr></w:tbl>"#,
        p("", &drawing("rId20", "صورة الغلاف")),
        p("a5", &ar("شرح الصورة")),
        p("", &(ar("قبل") + r#"<w:r><w:br w:type="page"/></w:r><w:r><w:lastRenderedPageBreak/></w:r>"# + &ar("بعد"))),
        p("", &(r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.com" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#.to_string() + &ar("حقل") + r#"<w:r><w:fldChar w:fldCharType="end"/></w:r><w:sdt><w:sdtPr/><w:sdtContent>"# + &ar(" محتوى") + "</w:sdtContent></w:sdt>")),
        p("", &(ar("سطر") + "<w:r><w:br/></w:r>" + &ar("تال"))),
        p("", ""),
        p("", &drawing("rId22", "مفقودة")),
        p("", &drawing("rId21", "خارج")),
    ]
    .concat()
}

#[test]
fn arabic_article_reads_with_direction_language_and_structure() {
    let (parsed, warnings) = parse(&article(&arabic_body()));
    let blocks = &parsed.document.blocks;
    assert_eq!(parsed.attrs, rtl_ar());
    assert_eq!(parsed.headline.as_deref(), Some("عنوان المقال"));
    assert_eq!(parsed.document.headline_at, Some(0));
    assert!(matches!(&blocks[0], Block::Heading { level: 1, attrs, .. } if *attrs == rtl_ar()));
    // By outline level (localised id and name), by built-in name, by id, through a cycle.
    let levels: Vec<(u8, String)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, content, .. } => Some((*level, text(content))),
            _ => None,
        })
        .collect();
    let expected = [
        (1, "عنوان المقال"),
        (1, "مقدمة"),
        (2, "قسم"),
        (3, "فرع"),
        (4, "دورة"),
    ];
    assert_eq!(levels, expected.map(|(l, t)| (l, t.to_string())));

    let Block::Paragraph { attrs, content } = &blocks[2] else {
        panic!("{:?}", blocks[2]);
    };
    assert_eq!(*attrs, rtl_ar());
    assert_eq!(text(content), "نص عربي غامق Word  مضاف تعليق رابط مرساة");
    assert!(content.contains(&Inline::Strong(vec![Inline::Text("غامق".into())])));
    assert!(content.contains(&Inline::Span {
        attrs: Attrs {
            lang: tag("en-US"),
            dir: None
        },
        isolate: false,
        content: vec![Inline::Text(" Word ".into())],
    }));
    assert!(content.contains(&Inline::NoteRef("fn-1".into())));
    assert!(content.contains(&Inline::NoteRef("en-1".into())));
    assert!(content.contains(&Inline::Link {
        href: "https://example.org/%D8%A7".into(),
        title: String::new(),
        content: vec![Inline::Text(" رابط".into())],
    }));

    let notes = &parsed.document.notes;
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].label, "fn-1");
    assert!(
        matches!(&notes[0].blocks[..], [Block::Paragraph { attrs, content }]
        if *attrs == rtl_ar() && text(content) == "حاشية سفلية")
    );
    assert_eq!(notes[1].label, "en-1");

    let mut all = String::new();
    parsed.document.plain_text(&mut all);
    assert!(!all.contains("محذوف") && !all.contains("MOVED-AWAY") && !all.contains("HYPERLINK"));

    let lists: Vec<&Block> = blocks
        .iter()
        .filter(|b| matches!(b, Block::List { .. }))
        .collect();
    let [Block::List {
        ordered: false,
        attrs,
        items,
        ..
    }] = lists[..]
    else {
        panic!("{lists:?}");
    };
    assert_eq!(*attrs, rtl_ar());
    assert_eq!(items.len(), 2);
    assert!(
        matches!(&items[0].blocks[1], Block::List { ordered: true, start: 3, items, .. } if items.len() == 1)
    );

    let table = blocks.iter().find_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    });
    let table = table.expect("a table");
    assert_eq!(table.attrs.dir, Some(Direction::Rtl));
    assert_eq!(table.head.len(), 1);
    assert!(table.head[0].cells[0].header && table.head[0].cells[0].colspan == 2);
    assert_eq!(table.body.len(), 2);
    assert_eq!(table.body[0].cells[0].rowspan, 2);
    assert_eq!(table.body[1].cells.len(), 1);

    let figure = blocks.iter().find_map(|b| match b {
        Block::Figure { image, caption, .. } => Some((image, caption)),
        _ => None,
    });
    let (image, caption) = figure.expect("a figure");
    assert_eq!(image.src, "word/media/image1.png");
    assert_eq!(image.alt, "صورة الغلاف");
    assert!(image.place.starts_with(" (paragraph "));
    assert_eq!(text(caption), "شرح الصورة");
    assert_eq!(
        parsed.document.resources["word/media/image1.png"].as_ref(),
        PNG
    );
    assert_eq!(parsed.document.resources.len(), 1);

    let paragraphs: Vec<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content, .. } => Some(text(content)),
            _ => None,
        })
        .collect();
    for expected in ["قبل", "بعد", "حقل محتوى", "سطر تال", "مفقودة", "خارج"]
    {
        assert!(
            paragraphs.iter().any(|p| p == expected),
            "{expected} in {paragraphs:?}"
        );
    }
    assert!(blocks
        .iter()
        .all(|b| !matches!(b, Block::Paragraph { content, .. } if content.is_empty())));
    let field = blocks.iter().find_map(|b| match b {
        Block::Paragraph { content, .. } if text(content) == "حقل محتوى" => Some(content),
        _ => None,
    });
    assert!(
        matches!(&field.expect("field")[0], Inline::Link { href, .. } if href == "https://example.com")
    );

    assert!(
        warnings.iter().any(|w| w.contains("../../etc/passwd")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("gone.png")),
        "{warnings:?}"
    );

    let meta = &parsed.meta;
    assert_eq!(meta.title.as_deref(), Some("مقال تجريبي"));
    assert_eq!(meta.authors, ["سارة", "علي"]);
    assert_eq!(meta.description.as_deref(), Some("وصف"));
    assert_eq!(meta.subjects, ["سياسة", "اقتصاد", "مجتمع"]);
    assert_eq!(meta.date.as_deref(), Some("2024-03-01T10:00:00Z"));
    assert_eq!(meta.language.as_deref(), Some("ar-SA"));
}

#[test]
fn english_document_reads_left_to_right() {
    let styles = STYLES
        .replace(r#"w:bidi="ar-SA""#, r#"w:bidi="he-IL""#)
        .replace("<w:pPr><w:bidi/></w:pPr></w:pPrDefault>", "</w:pPrDefault>");
    let body = [
        p("", r#"<w:r><w:rPr><w:b/><w:bCs w:val="0"/></w:rPr><w:t>Bold</w:t></w:r><w:r><w:rPr><w:i/><w:u w:val="single"/><w:strike/></w:rPr><w:t xml:space="preserve"> rest</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r>"#),
        p("", &(r#"<w:r><w:t xml:space="preserve">He said </w:t></w:r>"#.to_string() + &ar("שלום"))),
        p("Heading1", r#"<w:r><w:t>Heading</w:t></w:r>"#),
    ]
    .concat();
    let bytes = article_with(&document(&body), &styles);
    let (parsed, _) = parse(&bytes);
    let ltr = Attrs {
        lang: tag("en-US"),
        dir: Some(Direction::Ltr),
    };
    assert_eq!(parsed.attrs, ltr);
    let blocks = &parsed.document.blocks;
    let Block::Paragraph { attrs, content } = &blocks[0] else {
        panic!()
    };
    assert_eq!(*attrs, ltr);
    assert_eq!(
        content[0],
        Inline::Strong(vec![Inline::Text("Bold".into())])
    );
    assert!(
        matches!(&content[1], Inline::Emphasis(c) if matches!(&c[0], Inline::Underline(u) if matches!(&u[0], Inline::Strike(_))))
    );
    assert_eq!(
        content[2],
        Inline::Superscript(vec![Inline::Text("2".into())])
    );
    let Block::Paragraph { content, .. } = &blocks[1] else {
        panic!()
    };
    assert_eq!(
        content[1],
        Inline::Span {
            attrs: Attrs {
                lang: tag("he-IL"),
                dir: Some(Direction::Rtl)
            },
            isolate: false,
            content: vec![Inline::Text("שלום".into())],
        }
    );
    // No Title: the first top-level Heading 1 is the headline.
    assert_eq!(parsed.headline.as_deref(), Some("Heading"));
    assert_eq!(parsed.document.headline_at, Some(2));
}

#[test]
fn headline_falls_back_to_the_core_title() {
    let (parsed, _) = parse(&article(&p("", &ar("نص"))));
    assert_eq!(parsed.headline.as_deref(), Some("مقال تجريبي"));
    assert_eq!(parsed.document.headline_at, None);
}

#[test]
fn truncated_and_corrupted_packages_never_panic() {
    let bytes = article(&arabic_body());
    let mut warnings = Vec::new();
    for cut in (0..bytes.len()).step_by(97) {
        let _ = read(Path::new("a.docx"), &bytes[..cut], &mut warnings);
    }
    let mut seed: u32 = 7;
    for _ in 0..300 {
        let mut bad = bytes.clone();
        for _ in 0..8 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let at = (seed as usize >> 3) % bad.len();
            bad[at] ^= (seed >> 24) as u8 | 1;
        }
        let _ = read(Path::new("a.docx"), &bad, &mut warnings);
    }
}

#[test]
fn symbol_font_characters_are_unicode() {
    let sym =
        |font: &str, code: &str| format!(r#"<w:r><w:sym w:font="{font}" w:char="{code}"/></w:r>"#);
    let body = p(
        "En",
        &[
            sym("Symbol", "F061"),
            sym("Symbol", "F0B7"),
            sym("Symbol", "F0AE"),
            sym("Wingdings", "F0FC"),
            sym("Wingdings", "F0A7"),
            sym("Wingdings", "F0D8"),
            sym("Wingdings", "F0FF"),
            sym("Wingdings 3", "F07D"),
            sym("Times New Roman", "2013"),
        ]
        .concat(),
    );
    let (parsed, _) = parse(&article(&body));
    let Block::Paragraph { content, .. } = &parsed.document.blocks[0] else {
        panic!("{:?}", parsed.document.blocks);
    };
    let mut text = String::new();
    warraq_core::document::inline_text(content, &mut text);
    // Wingdings' Windows logo and Wingdings 3, which warraq has no table for, are left out.
    assert_eq!(text, "α•→✓▪➢–");
}
