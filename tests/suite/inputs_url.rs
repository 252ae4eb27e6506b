//! Articles given by URL, fetched from a server the test starts on 127.0.0.1: the page, the
//! images it shows and the image it names as its own (the cover); a URL that fails is exit 66
//! naming it; an image that fails is left out with its text.

use crate::util;

use util::epub::{elements, xml, XHTML_NS};
use util::images::jpeg;
use util::reader::cover_of;
use util::server::{serve, Answer};
use util::Book;

/// A page as a news site serves it, its image and cover named by paths on the same server.
fn page(image: &str, cover: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
<title>خبر | موقع</title><meta property=\"og:image\" content=\"{cover}\">\
<meta property=\"og:site_name\" content=\"موقع الأخبار\"></head><body>\
<nav><a href=\"/\">الرئيسية</a></nav><article><h1>عنوان الخبر المحلي</h1>\
<p>فقرة أولى من نص الخبر تكفي لأن يكون للصفحة مقال يُقرأ، وفيها تفاصيل الحدث كلها.</p>\
<figure><img src=\"{image}\" alt=\"صورة الحدث\"><figcaption>الحدث كما صوّره المراسل.</figcaption></figure>\
<p>فقرة ثانية من نص الخبر تختم المقال.</p></article>\
<footer>جميع الحقوق محفوظة</footer></body></html>"
    )
}

/// A build of `url` with no proxy in the way of the test's own server.
fn build_url(url: &str) -> Book {
    let mut book = Book::new(url);
    book.env("NO_PROXY", "127.0.0.1,localhost");
    book
}

#[test]
fn a_url_builds_its_page_with_its_images_and_cover() {
    let base = serve(vec![
        Answer::ok(
            "/news/1",
            "text/html; charset=utf-8",
            page("/media/photo.jpg", "/media/cover.jpg"),
        ),
        Answer::ok("/media/photo.jpg", "image/jpeg", jpeg(320, 200)),
        Answer::ok("/media/cover.jpg", "image/jpeg", jpeg(1200, 1800)),
    ]);
    let url = format!("{base}/news/1");
    let built = build_url(&url).build();
    let epub = &built.epub;
    let source = epub.read_text("OEBPS/article-001.xhtml");
    assert!(source.contains("عنوان الخبر المحلي") && source.contains("فقرة ثانية"));
    assert!(!source.contains("جميع الحقوق") && !source.contains("الرئيسية"));
    let doc = xml("article-001.xhtml", &source);
    let img = elements(&doc, XHTML_NS, "img")
        .next()
        .expect("the page's image");
    assert_eq!(img.attribute("alt"), Some("صورة الحدث"));
    assert_eq!(img.attribute("width"), Some("320"));
    let (cover, bytes) = cover_of(epub);
    let size = image::load_from_memory(&bytes).expect("the cover decodes");
    assert_eq!(
        (size.width(), size.height(), cover.media_type.as_str()),
        (1200, 1800, "image/jpeg"),
        "the cover is the page's own image, not a drawn one"
    );
    // Without a canonical address the page's own URL is the source.
    assert_eq!(epub.opf().dc("source"), [url]);
    assert_eq!(epub.opf().dc("publisher"), ["موقع الأخبار"]);
}

#[test]
fn an_image_that_cannot_be_fetched_is_left_out_with_its_text() {
    let base = serve(vec![Answer::ok(
        "/news/2",
        "text/html",
        page("/media/gone.jpg", "/media/gone-too.jpg"),
    )]);
    let built = build_url(&format!("{base}/news/2")).build();
    assert!(
        built.stderr.contains("gone.jpg") && built.stderr.contains("404"),
        "a warning names the image and why: {}",
        built.stderr
    );
    let source = built.epub.read_text("OEBPS/article-001.xhtml");
    assert!(!source.contains("<img"), "{source}");
    // The figure keeps its caption, which says what the picture showed; its alt text would
    // say it twice.
    assert!(source.contains("الحدث كما صوّره المراسل"), "{source}");
    assert!(!source.contains("صورة الحدث"), "{source}");
}

#[test]
fn a_url_that_fails_is_exit_66_naming_it_and_why() {
    let base = serve(vec![Answer::redirect("/loop", "/loop")]);
    for (path, why) in [("/missing", "404"), ("/loop", "redirects")] {
        let url = format!("{base}{path}");
        let failed = build_url(&url).fail();
        assert_eq!(failed.code, Some(66), "{url}: {}", failed.stderr);
        assert!(
            failed.stderr.contains(&url) && failed.stderr.contains(why),
            "{url}: the message names the URL and {why:?}: {}",
            failed.stderr
        );
    }
    // Nothing listens on port 1.
    let failed = build_url("http://127.0.0.1:1/news").fail();
    assert_eq!(failed.code, Some(66), "{}", failed.stderr);
}

#[test]
fn only_http_and_https_are_fetched() {
    let failed = Book::new("ftp://127.0.0.1/article.html").fail();
    assert_eq!(failed.code, Some(66), "{}", failed.stderr);
}

#[test]
fn a_url_in_book_toml_is_fetched_beside_a_local_article() {
    let base = serve(vec![Answer::ok(
        "/news/3",
        "text/html",
        page("/media/photo.jpg", "/media/cover.jpg"),
    )]);
    let mut book = build_url("unused");
    book.write(
        "book/book.toml",
        format!(
            "title = \"مختارات\"\nlang = \"ar\"\ncover = \"none\"\narticles = [\"intro.txt\", \"{base}/news/3\"]\n"
        )
        .as_bytes(),
    );
    let intro = book.write("book/intro.txt", "تقديم\nمقالان من مصدرين.\n".as_bytes());
    book.input(intro.parent().expect("the book directory"));
    let built = book.build();
    let second = built.epub.read_text("OEBPS/article-002.xhtml");
    assert!(second.contains("عنوان الخبر المحلي"), "{second}");
    assert!(
        built.stderr.contains("photo.jpg"),
        "the page's missing image is a warning: {}",
        built.stderr
    );
}

#[test]
fn a_page_on_disk_does_not_reach_the_network() {
    let base = serve(vec![Answer::ok(
        "/media/photo.jpg",
        "image/jpeg",
        jpeg(320, 200),
    )]);
    let mut book = Book::empty();
    let saved = book.write(
        "saved.html",
        page(
            &format!("{base}/media/photo.jpg"),
            &format!("{base}/media/photo.jpg"),
        )
        .as_bytes(),
    );
    book.input(&saved);
    let built = book.build();
    let source = built.epub.read_text("OEBPS/article-001.xhtml");
    assert!(!source.contains("<img"), "{source}");
    // An image never fetched leaves no text, nor does its caption, which tells of a picture
    // the book does not have.
    assert!(!source.contains("صورة الحدث"), "{source}");
    assert!(!source.contains("الحدث كما صوّره المراسل"), "{source}");
    assert!(
        built.stderr.contains("page on disk"),
        "a warning says why: {}",
        built.stderr
    );
    // Its own image is not fetched for the cover either: the cover is drawn.
    let (_, bytes) = cover_of(&built.epub);
    let cover = image::load_from_memory(&bytes).expect("the cover decodes");
    assert_eq!(
        (cover.width(), cover.height()),
        (1600, 2560),
        "a drawn cover"
    );
}

#[test]
fn the_server_names_the_encoding_and_the_format() {
    let arabic = "<html><body><article><h1>عنوان الخبر</h1>\
<p>نص الخبر مكتوب بترميز ويندوز العربي، ولا تقول الصفحة نفسها شيئًا عن ترميزها.</p></article></body></html>";
    let (windows_1256, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
    let markdown = "# عنوان المقال\n\nفقرة فيها كلمة *مائلة* وحاشية.[^1]\n\n[^1]: نص الحاشية.\n";
    let base = serve(vec![
        Answer::ok(
            "/old",
            "text/html; charset=windows-1256",
            windows_1256.to_vec(),
        ),
        Answer::ok("/notes", "text/markdown; charset=utf-8", markdown),
    ]);
    let built = build_url(&format!("{base}/old"))
        .arg("--cover")
        .arg("none")
        .build();
    let source = built.epub.read_text("OEBPS/article-001.xhtml");
    assert!(source.contains("ولا تقول الصفحة نفسها شيئًا"), "{source}");
    let built = build_url(&format!("{base}/notes"))
        .arg("--cover")
        .arg("none")
        .build();
    let source = built.epub.read_text("OEBPS/article-001.xhtml");
    assert!(
        source.contains("<em>مائلة</em>") && source.contains("epub:type=\"footnote\""),
        "read as Markdown: {source}"
    );
}
