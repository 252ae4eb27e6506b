//! Markdown to XHTML, read back.

use super::*;

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
    let headline = source
        .find("# ")
        .map(|s| s..source[s..].find('\n').map_or(source.len(), |e| s + e));
    let lookup = |src: &str| images.get(src).cloned();
    let r = render(
        source,
        headline.as_ref(),
        None,
        "Notes",
        &lookup,
        Path::new("a.md"),
        1,
        &mut warnings,
    );
    (r, warnings)
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
    let (r, _) = md("# T\n\nText[^a] again[^a].\n\n[^a]: The note.\n");
    assert!(
        r.body.contains(
            "<a epub:type=\"noteref\" role=\"doc-noteref\" id=\"noteref-1\" href=\"#note-1\">1</a>"
        ),
        "{}",
        r.body
    );
    assert_eq!(r.body.matches("id=\"noteref-1\"").count(), 1);
    assert!(r.body.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"note-1\">\n<p>The note.</p>\n</aside>"));
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
        .contains("<a href=\"https://x.org\" title=\"t\">site</a>"));
    assert!(r.body.contains(" local"));
    assert!(!r.body.contains("other.md"));
    assert!(r
        .body
        .contains("<th class=\"align-start\">a</th><th class=\"align-end\">b</th>"));
    assert!(r
        .body
        .contains("<tbody>\n<tr><td class=\"align-start\">1</td>"));
}
