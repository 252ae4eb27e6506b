//! Figures: an image and its caption, however a page wraps them (in a link, in a paragraph,
//! in a division that is a figure in all but name).

use std::path::Path;

use super::read;
use warraq_core::document::{inline_text, Block, Parsed};

fn parse(html: &str) -> Parsed {
    let mut warnings = Vec::new();
    read(Path::new("page.html"), html.as_bytes(), None, &mut warnings).expect("the page reads")
}

fn text(content: &[warraq_core::document::Inline]) -> String {
    let mut out = String::new();
    inline_text(content, &mut out);
    out
}

#[test]
fn an_image_in_a_link_is_still_its_figures_picture() {
    let parsed = parse(
        "<html lang=\"en\"><body><article><p>The council voted to rebuild the old bridge over \
         the river, which has been closed since the floods of last spring.</p><figure>\
         <a href=\"/gallery/1\"><img src=\"https://example.com/bridge.jpg\" alt=\"The bridge\"></a>\
         <figcaption>The old bridge</figcaption></figure></article></body></html>",
    );
    let figure = parsed.document.blocks.iter().find_map(|b| match b {
        Block::Figure { image, caption, .. } => Some((image.src.clone(), text(caption))),
        _ => None,
    });
    assert_eq!(
        figure,
        Some((
            "https://example.com/bridge.jpg".to_owned(),
            "The old bridge".to_owned()
        ))
    );
}

#[test]
fn a_division_of_one_picture_and_its_caption_is_a_figure() {
    let parsed = parse(
        "<html lang=\"en\"><body><article><p>The council voted to rebuild the old bridge over \
         the river, which has been closed since the floods of last spring.</p>\
         <div class=\"photo\"><p class=\"withoutCaption\"><picture><img \
         src=\"https://example.com/bridge.jpg\" alt=\"The bridge\"></picture></p>\
         <span class=\"newsCaption\">The old bridge <span>(Image: AP)</span></span></div>\
         <div class=\"box\"><p>Not a figure: <img src=\"https://example.com/b.jpg\" alt=\"b\"> \
         a paragraph with a picture in it.</p><p>And a second paragraph.</p></div>\
         </article></body></html>",
    );
    let figures: Vec<(String, String)> = parsed
        .document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure { image, caption, .. } => Some((image.src.clone(), text(caption))),
            _ => None,
        })
        .collect();
    assert_eq!(
        figures,
        vec![(
            "https://example.com/bridge.jpg".to_owned(),
            "The old bridge (Image: AP)".to_owned()
        )]
    );
    let mut all = String::new();
    parsed.document.plain_text(&mut all);
    assert!(all.contains("a paragraph with a picture in it"), "{all}");
}
