//! What a page says about itself in the `<meta>` names of publishing systems (Parse.ly,
//! Sailthru, The New York Times' `byl`), its title without the site's name, and where its
//! images are.

use std::path::Path;

use super::read;
use warraq_core::document::Parsed;

fn parse(page: &str) -> Parsed {
    read(
        Path::new("page.html"),
        page.as_bytes(),
        None,
        &mut Vec::new(),
    )
    .unwrap()
}

#[test]
fn bylines_and_dates_of_publishing_systems_are_read() {
    let page = "<!DOCTYPE html><html><head><title>Storm hits the coast - BBC News</title>\
        <meta name=\"byl\" content=\"By Jane Doe\">\
        <meta name=\"parsely-pub-date\" content=\"2019-11-20T10:00:00Z\">\
        <link rel=\"canonical\" href=\"https://www.bbc.co.uk/news/storm\"></head><body><article>\
        <h1>Storm hits the coast</h1><p>The storm reached the coast at dawn, and by noon the \
        harbour was closed, the ferries held in port and the sea wall under water.</p>\
        </article></body></html>";
    let parsed = parse(page);
    assert_eq!(parsed.meta.authors, ["Jane Doe"]);
    assert_eq!(parsed.meta.date.as_deref(), Some("2019-11-20T10:00:00Z"));
    assert_eq!(parsed.meta.title.as_deref(), Some("Storm hits the coast"));
}

#[test]
fn a_scheme_relative_image_is_on_the_web() {
    let page = "<!DOCTYPE html><html><head><link rel=\"canonical\" \
        href=\"http://example.org/a\"></head><body><article><p>The storm reached the coast at \
        dawn, and by noon the harbour was closed and the sea wall under water.</p>\
        <p><img src=\"//upload.example.org/storm.jpg\" alt=\"The harbour\"></p>\
        </article></body></html>";
    let parsed = parse(page);
    let images = parsed.document.images();
    assert_eq!(images[0].src, "http://upload.example.org/storm.jpg");
}

#[test]
fn references_a_cms_escaped_twice_are_decoded_in_the_metadata() {
    let page = "<!DOCTYPE html><html><head><title>x</title>\
        <meta property=\"og:title\" content=\"Fallen Order review &amp;#8211; shoots for the moon\">\
        <meta name=\"description\" content=\"It&amp;#8217;s good &amp;hellip;\">\
        <script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"author\": \
        {\"name\": \"Jane &#8216;JD&#8217; Doe\"}}</script></head><body><article>\
        <p>The storm reached the coast at dawn, and by noon the harbour was closed, AT&amp;T \
        said, the ferries held in port and the sea wall under water.</p></article></body></html>";
    let parsed = parse(page);
    assert_eq!(
        parsed.meta.title.as_deref(),
        Some("Fallen Order review – shoots for the moon")
    );
    assert_eq!(parsed.meta.description.as_deref(), Some("It’s good …"));
    assert_eq!(parsed.meta.authors, ["Jane ‘JD’ Doe"]);
}
