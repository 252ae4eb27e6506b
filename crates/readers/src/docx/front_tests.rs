//! The paragraphs that say what a document is (`Title`, `Subtitle`, `Author`, `Date`,
//! `Abstract`) against the core properties, on packages built in memory (`fixture.rs`).

use super::fixture::*;
use super::tests::parse;
use warraq_core::document::{inline_text, Block};

/// The article's styles, with the front styles as pandoc's reference document and an Arabic
/// Word write them: `Subtitle` with an outline level, `Date` under a localised id, and a
/// house style based on `Author`.
fn styles() -> String {
    STYLES.replace(
        "</w:styles>",
        r#"<w:style w:type="paragraph" w:styleId="a9"><w:name w:val="Subtitle"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Author"><w:name w:val="Author"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="ab"><w:name w:val="اسم الكاتب"/><w:basedOn w:val="Author"/></w:style>
<w:style w:type="paragraph" w:styleId="aa"><w:name w:val="Date"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Abstract"><w:name w:val="Abstract"/><w:basedOn w:val="a"/></w:style>
</w:styles>"#,
    )
}

fn texts(blocks: &[Block]) -> Vec<(&'static str, String)> {
    blocks
        .iter()
        .map(|b| {
            let (kind, content) = match b {
                Block::Heading { content, .. } => ("h", content),
                Block::Paragraph { content, .. } => ("p", content),
                _ => return ("other", String::new()),
            };
            let mut text = String::new();
            inline_text(content, &mut text);
            (kind, text)
        })
        .collect()
}

#[test]
fn author_date_and_abstract_paragraphs_are_metadata_not_body() {
    let body = [
        p("a3", &ar("عنوان المقال")),
        p("a9", &ar("عنوان فرعي")),
        p(
            "Author",
            &(ar("سارة أحمد، علي حسن")
                + r#"<w:r><w:rPr><w:rtl/></w:rPr><w:footnoteReference w:id="1"/></w:r>"#),
        ),
        p(
            "ab",
            r#"<w:r><w:t>Mary Ann Evans and Aurore Dupin</w:t></w:r>"#,
        ),
        p("aa", &ar("١٥ مارس ٢٠٢٤")),
        p("Abstract", &ar("ملخص أول.")),
        p("Abstract", &ar("ملخص ثان.")),
        p("", &ar("نص المقال.")),
        p("aa", &ar("تاريخ آخر ٢٠٢٥")),
    ]
    .concat();
    let (parsed, _) = parse(&article_with(&document(&body), &styles()));
    let meta = &parsed.meta;
    // The body names authors: the core properties' `dc:creator` (سارة; علي) is not used.
    assert_eq!(
        meta.authors,
        ["سارة أحمد", "علي حسن", "Mary Ann Evans", "Aurore Dupin"]
    );
    assert_eq!(meta.date.as_deref(), Some("2024-03-15"));
    assert_eq!(meta.description.as_deref(), Some("ملخص أول.\nملخص ثان."));
    assert_eq!(parsed.headline.as_deref(), Some("عنوان المقال"));
    assert_eq!(parsed.document.headline_at, Some(0));
    // The subtitle, which the model has no place for, stays the paragraph under the headline
    // (not a heading, whatever its outline level); a second date stays where it is.
    let want = [
        ("h", "عنوان المقال"),
        ("p", "عنوان فرعي"),
        ("p", "نص المقال."),
        ("p", "تاريخ آخر ٢٠٢٥"),
    ];
    assert_eq!(
        texts(&parsed.document.blocks),
        want.map(|(k, t)| (k, t.to_string()))
    );
    // The author paragraph's footnote left with it.
    assert!(
        parsed.document.notes.is_empty(),
        "{:?}",
        parsed.document.notes
    );
}

#[test]
fn the_core_properties_fill_what_the_body_does_not_name() {
    let body = [
        p("a3", &ar("عنوان المقال")),
        p("aa", &ar("١٢ ربيع الأول ١٤٤٥ هـ")),
        p("", &ar("نص المقال.")),
    ]
    .concat();
    let (parsed, _) = parse(&article_with(&document(&body), &styles()));
    let meta = &parsed.meta;
    assert_eq!(meta.authors, ["سارة", "علي"], "dc:creator");
    assert_eq!(meta.description.as_deref(), Some("وصف"), "dc:description");
    // A date of another calendar is kept as written; the build leaves it out with a note.
    assert_eq!(meta.date.as_deref(), Some("١٢ ربيع الأول ١٤٤٥ هـ"));
}

#[test]
fn front_paragraphs_inside_a_table_or_without_text_stay_in_the_body() {
    let cell = |style: &str, text: &str| {
        format!(
            "<w:tc>{}</w:tc>",
            p(style, &format!("<w:r><w:t>{text}</w:t></w:r>"))
        )
    };
    let body = [
        format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            cell("Author", "In a cell"),
            cell("aa", "2020")
        ),
        p("Author", &drawing("rId20", "")),
        p("", &ar("نص المقال.")),
    ]
    .concat();
    let (parsed, _) = parse(&article_with(&document(&body), &styles()));
    assert_eq!(parsed.meta.authors, ["سارة", "علي"]);
    assert_eq!(parsed.meta.date.as_deref(), Some("2024-03-01T10:00:00Z"));
    let Block::Table(table) = &parsed.document.blocks[0] else {
        panic!("{:?}", parsed.document.blocks);
    };
    assert_eq!(texts(&table.body[0].cells[0].blocks)[0].1, "In a cell");
    assert!(matches!(parsed.document.blocks[1], Block::Figure { .. }));
}
