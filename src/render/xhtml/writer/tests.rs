//! Markdown through the document model to XHTML, read back.

use std::collections::HashMap;
use std::path::Path;

use super::*;
use warraq_readers::markdown;

/// A written body, for the tests to read.
struct Rendered {
    body: String,
    headings: Vec<Heading>,
}

/// `document` written as an EPUB's body.
fn render(document: &Document, cx: &Context) -> Rendered {
    let mut out = Markup::new(false, 0);
    let headings = write(document, cx, &mut out);
    Rendered {
        body: out.finish(),
        headings,
    }
}

fn md(source: &str) -> (Rendered, Vec<String>) {
    let mut warnings = Vec::new();
    let images = HashMap::from([(
        "pic.png".to_string(),
        PackagedImage {
            href: "images/a1-1.jpg".into(),
            width: 10,
            height: 20,
        },
    )]);
    let mut document = markdown::read(source, Path::new("a.md"), 1, &mut warnings);
    let headline = document.take_headline().unwrap_or_default();
    let lookup = |src: &str| images.get(src).cloned();
    let lang = LanguageTag::parse("ar").unwrap();
    let r = render(
        &document,
        &Context {
            lang: &lang,
            dir: Direction::Rtl,
            headline: &headline,
            byline: None,
            notes_label: "Notes",
            images: &lookup,
            unfetched: &|_: &str| false,
        },
    );
    (r, warnings.into_iter().map(|w| w.message).collect())
}

#[test]
fn structure_and_inline_markup() {
    let (r, w) = md("# Title\n\nSome *em* and **strong** and ~~gone~~ `x<y`.\n\n## Part\n\n> quote\n\n- a\n- b\n\n3. c\n\n---\n");
    assert!(w.is_empty());
    assert!(
        r.body.contains("<h1 id=\"headline\">Title</h1>"),
        "{}",
        r.body
    );
    assert!(r.body.contains(
        "<em>em</em> and <strong>strong</strong> and <del>gone</del> <code>x&lt;y</code>"
    ));
    assert!(r.body.contains("<h2 id=\"s1\">Part</h2>"));
    assert!(r.body.contains("<blockquote>\n<p>quote</p>\n</blockquote>"));
    assert!(
        r.body.contains("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<ol start=\"3\">"));
    assert!(r.body.contains("<hr/>"));
    assert_eq!(
        r.headings,
        [Heading {
            level: 2,
            id: "s1".into(),
            text: "Part".into()
        }]
    );
}

#[test]
fn footnotes_become_epub_footnotes() {
    let (r, _) = md("# T\n\nText[^a] again[^a] and[^b].\n\n[^b]: Second.\n\n[^a]: The note.\n");
    assert!(
        r.body.contains(
            "<a epub:type=\"noteref\" role=\"doc-noteref\" id=\"noteref-1\" href=\"#note-1\">1</a>"
        ),
        "{}",
        r.body
    );
    assert_eq!(r.body.matches("id=\"noteref-1\"").count(), 1);
    assert!(r.body.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"note-1\">\n<p>The note.</p>\n</aside>"));
    // Numbered as first referred to, whatever order they are defined in.
    assert!(r.body.find("id=\"note-1\"") < r.body.find("id=\"note-2\""));
    assert!(
        r.body.contains("id=\"note-2\">\n<p>Second.</p>"),
        "{}",
        r.body
    );
    // Set apart from the text, for readers that show notes where they stand.
    let notes = r
        .body
        .find("<section class=\"notes\"")
        .expect("a notes section");
    assert!(r.body[notes..].starts_with("<section class=\"notes\" epub:type=\"footnotes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\">Notes</h2>\n<aside"), "{}", r.body);
    assert!(notes > r.body.find("again").unwrap());
}

#[test]
fn raw_html_is_text_with_a_warning() {
    let (r, w) = md("# T\n\n<script>alert(1)</script>\n\nand <b>bold</b>\n");
    assert!(!r.body.contains("<script"));
    assert!(r.body.contains("&lt;script&gt;"));
    assert!(!r.body.contains("<b>"));
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0].starts_with("a.md:3:"), "{w:?}");
}

#[test]
fn images_links_and_tables() {
    let (r, _) = md("# T\n\n![A *pic*](pic.png) [site](https://x.org \"t\") [local](other.md)\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n");
    assert!(
        r.body
            .contains("<img src=\"images/a1-1.jpg\" width=\"10\" height=\"20\" alt=\"A pic\"/>"),
        "{}",
        r.body
    );
    assert!(r
        .body
        .contains("<a href=\"https://x.org/\" title=\"t\">site</a>"));
    assert!(r.body.contains(" local"));
    assert!(!r.body.contains("other.md"));
    assert!(
        r.body
            .contains("<th class=\"align-start\">a</th><th class=\"align-end\">b</th>"),
        "{}",
        r.body
    );
    assert!(r
        .body
        .contains("<tbody>\n<tr><td class=\"align-start\">1</td>"));
}

#[test]
fn language_and_direction_only_where_they_change() {
    let en = LanguageTag::parse("en").unwrap();
    let ar = LanguageTag::parse("ar").unwrap();
    let attrs = |lang: &LanguageTag, dir| Attrs {
        lang: Some(lang.clone()),
        dir: Some(dir),
    };
    let document = Document {
        blocks: vec![
            Block::Paragraph {
                attrs: attrs(&ar, Direction::Rtl),
                content: vec![
                    Inline::Text("نص ".into()),
                    Inline::Span {
                        attrs: attrs(&en, Direction::Ltr),
                        isolate: true,
                        content: vec![Inline::Text("BBC".into())],
                    },
                ],
            },
            Block::Group {
                attrs: attrs(&en, Direction::Ltr),
                blocks: vec![Block::Paragraph {
                    attrs: attrs(&en, Direction::Ltr),
                    content: vec![Inline::Text("English".into())],
                }],
            },
        ],
        ..Document::default()
    };
    let r = render(
        &document,
        &Context {
            lang: &ar,
            dir: Direction::Rtl,
            headline: "H",
            byline: Some("By"),
            notes_label: "N",
            images: &|_| None,
            unfetched: &|_| false,
        },
    );
    assert_eq!(
        r.body,
        "<h1 id=\"headline\">H</h1>\n<p class=\"byline\">By</p>\n\
<p>نص <bdi lang=\"en\" xml:lang=\"en\" dir=\"ltr\">BBC</bdi></p>\n\
<div lang=\"en\" xml:lang=\"en\" dir=\"ltr\">\n<p>English</p>\n</div>\n"
    );
}

fn write_plain(document: &Document) -> Rendered {
    let lang = LanguageTag::parse("ar").unwrap();
    render(
        document,
        &Context {
            lang: &lang,
            dir: Direction::Rtl,
            headline: "H",
            byline: None,
            notes_label: "N",
            images: &|_| None,
            unfetched: &|_| false,
        },
    )
}

#[test]
fn no_link_inside_a_link_and_note_references_after_it() {
    let link = |href: &str, content| Inline::Link {
        href: href.into(),
        title: String::new(),
        content,
    };
    let document = Document {
        blocks: vec![Block::Paragraph {
            attrs: Attrs::default(),
            content: vec![link(
                "https://a.example",
                vec![
                    Inline::Text("outer ".into()),
                    link("https://b.example", vec![Inline::Text("inner".into())]),
                    Inline::NoteRef("n".into()),
                ],
            )],
        }],
        notes: vec![Note {
            label: "n".into(),
            blocks: vec![Block::paragraph("note")],
        }],
        ..Document::default()
    };
    let body = write_plain(&document).body;
    assert!(
        body.contains(
            "<a href=\"https://a.example/\">outer inner</a><sup><a epub:type=\"noteref\""
        ),
        "{body}"
    );
    assert_eq!(body.matches("<a ").count(), 2, "{body}");
}

#[test]
fn a_label_defined_twice_is_one_note() {
    let (r, _) = md("# T\n\nText[^a].\n\n[^a]: One.\n\n[^a]: Two.\n");
    assert_eq!(r.body.matches("id=\"note-1\"").count(), 1, "{}", r.body);
    assert!(
        r.body.contains("One.") && !r.body.contains("Two."),
        "{}",
        r.body
    );
}

#[test]
fn a_heading_without_text_has_an_id_but_no_entry() {
    let (r, _) = md("# T\n\n## ![](missing.png)\n\n## Second\n");
    assert!(r.body.contains("<h2 id=\"s1\"></h2>"), "{}", r.body);
    assert!(r.body.contains("<h2 id=\"s2\">Second</h2>"), "{}", r.body);
    assert_eq!(
        r.headings,
        [Heading {
            level: 2,
            id: "s2".into(),
            text: "Second".into()
        }]
    );
}

/// Two figures of one image that was not packaged, with a caption and without, then a
/// paragraph of nothing but the image in a link, and one of white space, written with
/// `unfetched` saying whether the image was left out on purpose.
fn figures_of_a_missing_image(src: &str, unfetched: bool) -> String {
    let image = warraq_core::document::Image {
        src: src.into(),
        alt: "Workers count the votes".into(),
        place: String::new(),
    };
    let figure = |caption: &str| Block::Figure {
        attrs: Attrs::default(),
        image: image.clone(),
        caption: match caption {
            "" => Vec::new(),
            text => vec![Inline::Text(text.into())],
        },
    };
    let linked = Inline::Link {
        href: "https://example.com/gallery".into(),
        title: String::new(),
        content: vec![Inline::Image(image.clone())],
    };
    let document = Document {
        blocks: vec![
            figure("The count, by night"),
            figure(""),
            Block::Paragraph {
                attrs: Attrs::default(),
                content: vec![linked],
            },
            Block::paragraph(" \u{a0} "),
        ],
        ..Document::default()
    };
    let lang = LanguageTag::parse("en").unwrap();
    render(
        &document,
        &Context {
            lang: &lang,
            dir: Direction::Ltr,
            headline: "H",
            byline: None,
            notes_label: "Notes",
            images: &|_: &str| None,
            unfetched: &|_: &str| unfetched,
        },
    )
    .body
}

#[test]
fn a_figure_whose_image_is_left_out_keeps_its_caption_and_not_its_text_too() {
    let body = figures_of_a_missing_image("gone.png", false);
    let captioned = "<figure>\n<figcaption>The count, by night</figcaption>\n</figure>";
    assert!(body.contains(captioned), "{body}");
    // Without a caption, the text stands in for the picture, in the figure and the link.
    assert_eq!(body.matches("Workers count the votes").count(), 2, "{body}");
    assert_eq!(body.matches("<p>").count(), 1, "{body}");
}

#[test]
fn an_image_never_fetched_leaves_no_text() {
    let body = figures_of_a_missing_image("https://example.com/a.jpg", true);
    // The picture's text and its caption, of a picture never fetched, are not the article's.
    assert!(!body.contains("The count, by night"), "{body}");
    assert!(!body.contains("Workers count the votes"), "{body}");
    assert_eq!(body.matches("<figure>").count(), 0, "{body}");
    // Nor does a paragraph of nothing but that image in a link, or of white space.
    assert!(!body.contains("<p>") && !body.contains("<a "), "{body}");
}
