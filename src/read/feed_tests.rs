//! The feed reader on one feed of each format, and on hostile ones.

use super::*;

const RSS2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>أخبار اليوم</title><link>https://example.org/</link><language>ar</language>
<item><title>الخبر الأول</title><link>https://example.org/news/1</link>
<guid isPermaLink="false">news-1</guid><pubDate>Sat, 05 Dec 2026 08:00:00 GMT</pubDate>
<dc:creator>سارة</dc:creator>
<description>ملخص الخبر</description>
<content:encoded><![CDATA[<p>نص الخبر <b>كاملًا</b>.</p>]]></content:encoded></item>
<item><title>الخبر الثاني</title><link>/news/2</link></item>
</channel></rss>"#;

#[test]
fn rss_2_items_with_their_full_text_guid_date_and_author() {
    let feed = parse(RSS2.as_bytes(), Some("https://example.org/feed")).unwrap();
    assert_eq!(feed.title.as_deref(), Some("أخبار اليوم"));
    assert_eq!(feed.language.as_deref(), Some("ar"));
    let [first, second] = &feed.items[..] else {
        panic!("two items: {feed:?}")
    };
    assert_eq!(first.title.as_deref(), Some("الخبر الأول"));
    assert_eq!(first.link.as_deref(), Some("https://example.org/news/1"));
    assert_eq!(first.guid.as_deref(), Some("news-1"));
    assert_eq!(first.authors, ["سارة"]);
    assert_eq!(
        first.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-12-05T08:00:00+00:00")
    );
    assert!(first.content.as_deref().unwrap().contains("<b>كاملًا</b>"));
    assert_eq!(first.summary.as_deref(), Some("ملخص الخبر"));
    assert_eq!(second.guid, None, "no guid, no invented one");
    assert_eq!(second.content, None);
    assert_eq!(sniff(RSS2.as_bytes()), Some(Format::Rss));
}

#[test]
fn rss_0_91_with_its_public_doctype_is_read_without_fetching_it() {
    let feed = r#"<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://127.0.0.1:9/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>https://example.org/</link>
<description>d</description><language>en</language>
<item><title>One</title><link>https://example.org/1</link></item></channel></rss>"#;
    let feed = parse(feed.as_bytes(), None).unwrap();
    assert_eq!(feed.items.len(), 1);
    assert_eq!(feed.items[0].link.as_deref(), Some("https://example.org/1"));
}

#[test]
fn rss_1_0_rdf() {
    let feed = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://example.org/"><title>RDF</title><link>https://example.org/</link></channel>
<item rdf:about="https://example.org/a"><title>A</title><link>https://example.org/a</link></item>
</rdf:RDF>"#;
    assert_eq!(sniff(feed.as_bytes()), Some(Format::Rdf));
    let feed = parse(feed.as_bytes(), None).unwrap();
    assert_eq!(feed.items[0].title.as_deref(), Some("A"));
}

#[test]
fn atom_with_content_and_a_language_of_its_own() {
    let feed = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fa"><title>روزنامه</title><id>urn:x</id>
<updated>2026-12-05T00:00:00Z</updated>
<entry><title>خبر</title><id>urn:x:1</id><link rel="alternate" href="https://example.org/fa/1"/>
<link rel="enclosure" href="https://example.org/a.mp3"/>
<updated>2026-12-05T06:00:00Z</updated><author><name>علی</name></author>
<content type="html">&lt;p&gt;متن کامل&lt;/p&gt;</content></entry></feed>"#;
    assert_eq!(sniff(feed.as_bytes()), Some(Format::Atom));
    let feed = parse(feed.as_bytes(), None).unwrap();
    let item = &feed.items[0];
    assert_eq!(item.link.as_deref(), Some("https://example.org/fa/1"));
    assert_eq!(item.guid.as_deref(), Some("urn:x:1"));
    assert_eq!(item.authors, ["علی"]);
    assert_eq!(item.content.as_deref(), Some("<p>متن کامل</p>"));
    assert!(item.published.is_some(), "updated stands in for published");
}

#[test]
fn json_feed_1_1() {
    let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Daily",
      "language": "en", "items": [{"id": "1", "url": "https://example.org/1",
      "title": "One", "content_html": "<p>Hello</p>", "date_published": "2026-12-05T07:00:00Z",
      "authors": [{"name": "Ann"}]}]}"#;
    assert_eq!(sniff(feed.as_bytes()), Some(Format::Json));
    let feed = parse(feed.as_bytes(), None).unwrap();
    assert_eq!(feed.language.as_deref(), Some("en"));
    let item = &feed.items[0];
    assert_eq!(item.link.as_deref(), Some("https://example.org/1"));
    assert_eq!(item.content.as_deref(), Some("<p>Hello</p>"));
    assert_eq!(item.authors, ["Ann"]);
}

#[test]
fn a_billion_laughs_is_refused_unexpanded() {
    let mut feed =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        feed.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    feed.push_str("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>");
    let error = parse(feed.as_bytes(), None).unwrap_err();
    assert!(error.contains("declares entities"), "{error}");
}

#[test]
fn an_external_entity_is_refused_never_read() {
    let feed =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
<rss version=\"2.0\"><channel><title>t</title><item><title>&xxe;</title></item></channel></rss>";
    let error = parse(feed.as_bytes(), None).unwrap_err();
    assert!(error.contains("declares entities"), "{error}");
}

#[test]
fn an_undeclared_entity_stays_text() {
    let feed = "<rss version=\"2.0\"><channel><title>t &amp; &xxe;</title></channel></rss>";
    let feed = parse(feed.as_bytes(), None).unwrap();
    assert_eq!(feed.title.as_deref(), Some("t & &xxe;"));
}

#[test]
fn what_is_not_a_feed_is_told() {
    for bytes in [
        &b"<!DOCTYPE html><html><body>page</body></html>"[..],
        b"{\"name\": \"not a feed\"}",
        b"%PDF-1.7",
        b"",
        b"   ",
        b"<?xml version=\"1.0\"?><!-- unclosed",
    ] {
        assert_eq!(sniff(bytes), None, "{}", String::from_utf8_lossy(bytes));
        assert!(parse(bytes, None).unwrap_err().contains("is not a feed"));
    }
}

#[test]
fn a_broken_feed_is_an_error_not_a_panic() {
    for bytes in [
        &b"<rss><channel><item><title>unclosed"[..],
        b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title type=\"xhtml\">",
    ] {
        let _ = parse(bytes, None);
    }
}

#[test]
fn a_parser_error_is_one_line() {
    // Found by the fuzz target: a closing tag that does not match gave a message of two lines.
    let bytes = include_bytes!("../../tests/fixtures/edition/fuzz/multiline-error.xml");
    let error = parse(bytes, None).unwrap_err();
    assert!(error.starts_with("is not a readable feed: "), "{error}");
    assert!(!error.contains('\n'), "{error}");
}
