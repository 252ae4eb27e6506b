//! Editions from feeds served on 127.0.0.1 (tests/fixtures/edition/): an Arabic RSS feed of
//! links to pages (one 404s, one is slow, one redirects, one is too old), a full-text Persian
//! Atom feed, an English JSON Feed with a video to leave out and a duplicate of an Arabic
//! item. The edition is read back: sections and their order, each article's text, language
//! and direction, no duplicate, both calendars' dates, the "Not included" list, the
//! periodical's metadata; a second run sends only conditional requests.

use std::fs;
use std::time::Duration;

use crate::util;

use util::epub::{elements, text_of, xml, Epub, XHTML_NS};
use util::images::opaque_png;
use util::server::{serve_on, Answer, Log};
use util::Book;

/// 2026-12-05 08:00 UTC: the edition's date, which the fixtures' items are near.
const DAY: &str = "1796457600";

fn fixture(name: &str, base: &str) -> String {
    let text = fs::read_to_string(util::fixture_dir("edition").join(name))
        .unwrap_or_else(|e| panic!("tests/fixtures/edition/{name}: {e}"));
    text.replace("{base}", base)
}

/// The fixtures' server: every answer that succeeds has an ETag.
fn server() -> (String, Log) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port on 127.0.0.1");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = serve_on(listener, answers(&base));
    (base, log)
}

pub(crate) fn answers(base: &str) -> Vec<Answer> {
    let html = "text/html; charset=utf-8";
    vec![
        Answer::ok(
            "/feeds/ar.xml",
            "application/rss+xml",
            fixture("ar.xml", base),
        )
        .etag("ar"),
        Answer::ok(
            "/feeds/fa.atom",
            "application/atom+xml",
            fixture("fa.atom", base),
        )
        .etag("fa"),
        Answer::ok(
            "/feeds/en.json",
            "application/feed+json",
            fixture("en.json", base),
        )
        .etag("en"),
        Answer::ok("/ar/1", html, fixture("ar-1.html", base)).etag("p1"),
        // The first article's photograph, had (and asked again) as the pages are.
        Answer::ok("/images/library.png", "image/png", opaque_png(320, 200)).etag("i1"),
        Answer::ok("/ar/2", html, fixture("ar-2.html", base)).etag("p2"),
        Answer::ok("/ar/slow", html, fixture("ar-slow.html", base))
            .etag("ps")
            .slow(Duration::from_millis(700)),
        Answer::redirect("/ar/moved", "/ar/3"),
        Answer::ok("/ar/3", html, fixture("ar-3.html", base)).etag("p3"),
    ]
}

/// The fixtures' recipe for the server at `base`, its answers kept in `cache` (none without).
fn edition(base: &str, cache: Option<&str>) -> Book {
    let mut book = Book::empty();
    let recipe = book.write("edition.toml", fixture("edition.toml", base).as_bytes());
    book.input(recipe)
        .subcommand("edition")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("SOURCE_DATE_EPOCH", DAY);
    match cache {
        Some(dir) => book.args(["--cache", dir]),
        None => book.arg("--no-cache"),
    };
    book
}

/// Every XHTML document's body text, by file name.
fn text(epub: &Epub, name: &str) -> String {
    let source = epub.read_text(&format!("OEBPS/{name}"));
    let doc = xml(name, &source);
    let body = elements(&doc, XHTML_NS, "body").next().map(text_of);
    body.unwrap_or_default()
}

fn root(epub: &Epub, name: &str) -> (String, String) {
    let source = epub.read_text(&format!("OEBPS/{name}"));
    let doc = xml(name, &source);
    let html = doc.root_element();
    (
        html.attribute("lang").unwrap_or_default().to_string(),
        html.attribute("dir").unwrap_or_default().to_string(),
    )
}

/// The fixtures' edition, built once more, for the tests of other areas (Ace, the reading
/// engines).
pub fn fixture_edition() -> util::Built {
    let (base, _) = server();
    edition(&base, None).build()
}

#[test]
fn an_edition_of_four_feeds_reads_back_whole_and_a_second_run_asks_only_what_changed() {
    let (base, log) = server();
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().to_str().unwrap().to_string();
    let built = edition(&base, Some(&cache_dir)).build();
    let epub = &built.epub;

    // Reading order: cover, masthead, then each section's front and its articles.
    let spine: Vec<String> = epub
        .opf()
        .spine_items()
        .iter()
        .map(|i| i.href.clone())
        .collect();
    assert_eq!(
        spine,
        [
            "cover.xhtml",
            "masthead.xhtml",
            "section-01.xhtml",
            "article-001.xhtml",
            "article-002.xhtml",
            "article-003.xhtml",
            "article-004.xhtml",
            "section-02.xhtml",
            "article-005.xhtml",
            "article-006.xhtml",
            "section-03.xhtml",
            "article-007.xhtml",
            "not-included.xhtml",
        ]
    );
    let articles: Vec<(String, String, String)> = (1..=7)
        .map(|n| {
            let name = format!("article-{n:03}.xhtml");
            let (lang, dir) = root(epub, &name);
            (text(epub, &name), lang, dir)
        })
        .collect();
    let expect = [
        (
            "افتتحت البلدية صباح اليوم المكتبة العامة الجديدة",
            "ar",
            "rtl",
        ),
        ("عاد الباعة إلى السوق القديم", "ar", "rtl"),
        ("نشرت الجامعة تقريرها السنوي", "ar", "rtl"),
        ("انتقلت الحديقة العامة إلى أرض أوسع", "ar", "rtl"),
        ("کتابخانهٔ ملی پس از دو سال نوسازی", "fa", "rtl"),
        ("نخستین برف زمستانی", "fa", "rtl"),
        ("The harbour reopened on Saturday morning", "en", "ltr"),
    ];
    for ((text, lang, dir), (words, want_lang, want_dir)) in articles.iter().zip(expect) {
        assert!(text.contains(words), "{words} in {text}");
        assert_eq!(
            (lang.as_str(), dir.as_str()),
            (want_lang, want_dir),
            "{words}"
        );
        assert!(
            !text.contains("جميع الحقوق"),
            "the page's footer is not the article"
        );
    }
    // Headline, byline with its date, and the link to the source.
    assert!(
        articles[0].0.contains("سارة الخطيب — ٥ ديسمبر ٢٠٢٦"),
        "{}",
        articles[0].0
    );
    assert!(
        articles[4].0.contains("مریم احمدی — ۵ دسامبر ۲۰۲۶"),
        "{}",
        articles[4].0
    );
    let first = epub.read_text("OEBPS/article-001.xhtml");
    assert!(first.contains(&format!("href=\"{base}/ar/1\"")), "{first}");
    assert!(
        articles[6].0.contains("Ann Smith — December 5, 2026"),
        "{}",
        articles[6].0
    );
    // No duplicate: the English copy of the library story, and the video, are not there.
    let all: String = articles.iter().map(|a| a.0.as_str()).collect();
    assert!(!all.contains("The same story") && !all.contains("A video"));
    assert!(!all.contains("خبر قديم جدًا"), "too old for the recipe");

    // The masthead: title, number (counted from first_edition), both calendars' dates.
    let masthead = text(epub, "masthead.xhtml");
    for words in [
        "صحيفة الورّاق",
        "العدد ٥",
        "٥ ديسمبر ٢٠٢٦",
        "جمادى الآخرة ١٤٤٨",
        "أخبار محلية",
        "ایران",
        "World",
    ] {
        assert!(
            masthead.contains(words),
            "{words} on the masthead: {masthead}"
        );
    }
    // Not included: the page that is gone, with its link and why.
    let left_out = text(epub, "not-included.xhtml");
    assert!(left_out.contains("ما لم يُدرج") && left_out.contains("خبر حُذف من الموقع"));
    assert!(
        left_out.contains("/ar/gone") && left_out.contains("HTTP 404"),
        "{left_out}"
    );

    // The navigation: sections as nested lists, the English entry in English.
    let nav = epub.read_text("OEBPS/nav.xhtml");
    let doc = xml("nav.xhtml", &nav);
    let toc = elements(&doc, XHTML_NS, "nav").next().unwrap();
    let top: Vec<String> = toc
        .children()
        .filter(|n| n.has_tag_name((XHTML_NS, "ol")))
        .flat_map(|ol| ol.children().filter(|n| n.has_tag_name((XHTML_NS, "li"))))
        .map(|li| {
            let a = li
                .children()
                .find(|n| n.has_tag_name((XHTML_NS, "a")))
                .unwrap();
            let nested = li
                .children()
                .filter(|n| n.has_tag_name((XHTML_NS, "ol")))
                .flat_map(|ol| ol.children().filter(|n| n.has_tag_name((XHTML_NS, "li"))))
                .count();
            format!("{} ({nested})", text_of(a))
        })
        .collect();
    assert_eq!(
        top,
        [
            "أخبار محلية (4)",
            "ایران (2)",
            "World (1)",
            "ما لم يُدرج (0)"
        ]
    );
    assert!(nav.contains("lang=\"en\" xml:lang=\"en\" dir=\"ltr\" href=\"article-007.xhtml\""));

    // A periodical's metadata.
    let opf = epub.opf();
    assert_eq!(opf.dc("date"), ["2026-12-05"]);
    assert_eq!(opf.dc("subject"), ["أخبار محلية", "ایران", "World"]);
    let collection = opf.meta_property("belongs-to-collection");
    assert_eq!(collection.len(), 1);
    assert_eq!(collection[0].text, "صحيفة الورّاق");
    let position: Vec<&str> = opf
        .meta_property("group-position")
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(position, ["5"]);

    // A drawn cover, as a front page: JPEG, the store's size.
    let (cover, bytes) = util::reader::cover_of(epub);
    assert_eq!(cover.media_type, "image/jpeg");
    let size = image::load_from_memory(&bytes).expect("the cover decodes");
    assert_eq!((size.width(), size.height()), (1600, 2560));

    // `warraq check` agrees.
    let check = util::warraq()
        .arg("check")
        .arg(&built.path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // The second run: every feed and page that answered asks only whether it changed.
    let first_run = log.lock().unwrap().len();
    let again = edition(&base, Some(&cache_dir)).build();
    assert_eq!(
        again.epub.read("OEBPS/article-001.xhtml"),
        epub.read("OEBPS/article-001.xhtml")
    );
    let second: Vec<_> = log.lock().unwrap()[first_run..].to_vec();
    let unconditional: Vec<&str> = second
        .iter()
        .filter(|r| !r.conditional)
        .map(|r| r.path.as_str())
        .collect();
    // Only the page that is gone (nothing to ask with) and the redirect's target (asked
    // whole after the redirect, which was asked conditionally) come again in full.
    assert!(
        unconditional
            .iter()
            .all(|p| ["/ar/gone", "/ar/3"].contains(p)),
        "unconditional requests on the second run: {unconditional:?} of {second:?}"
    );
    assert!(
        second.iter().filter(|r| r.conditional).count() >= 8,
        "{second:?}"
    );
    assert!(
        second
            .iter()
            .any(|r| r.path == "/images/library.png" && r.conditional),
        "the photograph is asked for through the cache too: {second:?}"
    );
    assert!(
        epub.names()
            .iter()
            .any(|n| n.starts_with("OEBPS/images/a0")),
        "the photograph is in the edition: {:?}",
        epub.names()
    );
}

/// A build (or edition) of `input` with no proxy in the way of the test's own server.
fn fetching(input: &str, subcommand: &'static str) -> Book {
    let mut book = Book::new(input);
    book.subcommand(subcommand)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("SOURCE_DATE_EPOCH", DAY);
    if subcommand == "edition" {
        book.arg("--no-cache");
    }
    book
}

#[test]
fn a_feeds_url_given_to_build_makes_an_edition() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    // A JSON Feed served as plain JSON is known by its bytes.
    let answers =
        vec![Answer::ok("/feed", "application/json", fixture("en.json", &base)).etag("f")];
    serve_on(listener, answers);
    let mut book = fetching(&format!("{base}/feed"), "build");
    // The user's cache directory is the test's own.
    let cache_home = book.tmp().join("cache-home");
    book.env("XDG_CACHE_HOME", cache_home.to_str().unwrap());
    let built = book.build();
    let epub = &built.epub;

    assert!(epub.has("OEBPS/masthead.xhtml"), "{:?}", epub.names());
    assert_eq!(epub.opf().dc("title"), ["The World Today"]);
    assert_eq!(epub.opf().package_lang(), Some("en"));
    let article = text(epub, "article-001.xhtml");
    assert!(article.contains("The harbour reopened"), "{article}");
    // The video is not left out here: a lone feed has no patterns.
    assert!(epub.has("OEBPS/article-003.xhtml"));

    // `warraq edition` on the same URL keeps the feed's answer in the user's cache directory.
    let mut again = Book::new(format!("{base}/feed"));
    again
        .subcommand("edition")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("SOURCE_DATE_EPOCH", DAY)
        .env("XDG_CACHE_HOME", cache_home.to_str().unwrap());
    again.build();
    let kept = fs::read_dir(cache_home.join("warraq")).map_or(0, |d| d.count());
    assert_eq!(
        kept, 2,
        "the feed's answer and its validators in $XDG_CACHE_HOME/warraq"
    );
}

#[test]
fn a_response_warraq_does_not_read_is_refused_naming_the_url_and_its_type() {
    let base = util::server::serve(vec![
        Answer::ok("/data", "application/json", r#"{"not": "a feed"}"#),
        Answer::ok("/paper", "application/pdf", "%PDF-1.7"),
        Answer::ok("/photo", "image/png", b"\x89PNG\r\n\x1a\n".to_vec()),
    ]);
    for (path, media_type) in [
        ("/data", "application/json"),
        ("/paper", "application/pdf"),
        ("/photo", "image/png"),
    ] {
        let url = format!("{base}{path}");
        let failed = fetching(&url, "build").fail();
        assert_eq!(failed.code, Some(65), "{url}: {}", failed.stderr);
        assert!(
            failed.stderr.contains(&url) && failed.stderr.contains(media_type),
            "{}",
            failed.stderr
        );
    }
}

#[test]
fn a_file_that_is_not_a_feed_is_refused_naming_it() {
    let mut book = Book::empty();
    let page = book.write("page.html", b"<html><body><p>a page</p></body></html>");
    book.input(&page).subcommand("edition").arg("--no-cache");
    let failed = book.fail();
    assert_eq!(failed.code, Some(65), "{}", failed.stderr);
    assert!(failed.stderr.contains("page.html") && failed.stderr.contains("is not a feed"));
    // Given to build under a feed's name, the same.
    let mut book = Book::empty();
    let xml = book.write("news.xml", b"<?xml version=\"1.0\"?><html/>");
    book.input(&xml);
    let failed = book.fail();
    assert_eq!(failed.code, Some(65), "{}", failed.stderr);
    assert!(failed.stderr.contains("news.xml") && failed.stderr.contains("is not a feed"));
}

#[test]
fn hostile_feeds_are_refused_unexpanded() {
    let mut laughs = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"ha\">\n");
    for i in 1..12 {
        let prev = if i == 1 {
            "a".to_string()
        } else {
            format!("a{}", i - 1)
        };
        laughs.push_str(&format!(
            "<!ENTITY a{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    laughs.push_str("]>\n<rss version=\"2.0\"><channel><title>&a11;</title></channel></rss>\n");
    let external =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n\
<rss version=\"2.0\"><channel><title>t</title><item><title>&x;</title>\
<description>&x;</description></item></channel></rss>\n";
    for (name, feed) in [("laughs.rss", laughs.as_str()), ("external.rss", external)] {
        let mut book = Book::empty();
        let path = book.write(name, feed.as_bytes());
        book.input(&path).subcommand("edition").arg("--no-cache");
        let failed = book.fail();
        assert_eq!(failed.code, Some(65), "{}", failed.stderr);
        assert!(
            failed.stderr.contains(name) && failed.stderr.contains("declares entities"),
            "{}",
            failed.stderr
        );
        assert!(
            !failed.stderr.contains("root:"),
            "nothing of /etc/passwd is read"
        );
    }
}

#[test]
fn no_article_at_all_is_exit_66_and_nothing_is_written() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>t</title><language>ar</language>\
<item><title>أ</title><link>{base}/gone/1</link></item>\
<item><title>ب</title><link>{base}/loop</link></item></channel></rss>"
    );
    serve_on(
        listener,
        vec![
            Answer::ok("/feed", "application/rss+xml", feed),
            Answer::redirect("/loop", "/loop"),
        ],
    );
    let failed = fetching(&format!("{base}/feed"), "edition").fail();
    assert_eq!(failed.code, Some(66), "{}", failed.stderr);
    assert!(failed
        .stderr
        .contains("no article of the edition could be had"));
    // Each left out, with why: a 404, a redirect loop.
    assert!(failed
        .stderr
        .contains("/gone/1: left out: the server answered HTTP 404"));
    assert!(
        failed
            .stderr
            .contains("/loop: left out: more than 5 redirects"),
        "{}",
        failed.stderr
    );
}

#[test]
fn a_429_is_tried_again_after_retry_after() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>t</title><language>ar</language>\
<item><title>السوق القديم يستعيد حياته</title><link>{base}/ar/2</link></item></channel></rss>"
    );
    let log = serve_on(
        listener,
        vec![
            Answer::ok("/feed", "application/rss+xml", feed),
            Answer::status("/ar/2", 429, &["Retry-After: 1"]),
            Answer::ok("/ar/2", "text/html", fixture("ar-2.html", &base)),
        ],
    );
    let built = fetching(&format!("{base}/feed"), "edition").build();
    assert!(text(&built.epub, "article-001.xhtml").contains("عاد الباعة"));
    let asked = log
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.path == "/ar/2")
        .count();
    assert_eq!(asked, 2, "asked once, then again after a second");
}

#[test]
fn an_unknown_recipe_key_is_refused_with_the_closest() {
    let mut book = Book::empty();
    let recipe = book.write(
        "edition.toml",
        "title = \"x\"\nlang = \"ar\"\n[[sections]]\ntitle = \"s\"\nfeeds = [\"a.xml\"]\nmax_article = 3\n".as_bytes(),
    );
    book.input(&recipe).subcommand("edition").arg("--no-cache");
    let failed = book.fail();
    assert_eq!(failed.code, Some(65));
    assert!(
        failed
            .stderr
            .contains("edition.toml:6:1: unknown key `sections.max_article`")
            && failed.stderr.contains("did you mean `max_articles`?"),
        "{}",
        failed.stderr
    );
}

#[test]
fn the_example_recipes_are_read() {
    for (name, sections) in [("edition-ar-newspaper.toml", 4), ("edition-fa-en.toml", 3)] {
        let path = util::repo().join("examples").join(name);
        let bytes = fs::read(&path).unwrap();
        let recipe = warraq::read::recipe::Recipe::from_bytes(&path, &bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(recipe.sections.len(), sections, "{name}");
    }
}
