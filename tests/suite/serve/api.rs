//! The server's answers, as the page gets them: who may ask, the books made from files, a
//! page's address, several files, checked and fixed books, bad uploads, many users at once,
//! and what is left on the disk after.

use std::thread;

use serde_json::{json, Value};

use super::{save, Server};
use crate::edition::answers as edition_answers;
use crate::fix_util::books::pandoc_book;
use crate::inputs_hostile::{bomb_document, docx};
use crate::util::images::jpeg;
use crate::util::reader::cover_of;
use crate::util::server::{serve, serve_on, Answer as Page};
use crate::util::{epubcheck, fixture_dir, naskh, repo, warraq, Epub};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo().join(path)).unwrap()
}

/// Downloads the book `id`, passes it through EPUBCheck (0 errors, 0 warnings) and
/// `warraq check` (clean), and returns it read back.
fn download_clean(server: &Server, book: &Value) -> Epub {
    let id = book["id"].as_str().unwrap();
    let download = server.get(&format!("/api/books/{id}.epub"));
    assert_eq!(download.status, 200);
    assert_eq!(download.content_type, "application/epub+zip");
    assert!(
        download.disposition.starts_with("attachment;"),
        "{}",
        download.disposition
    );
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "book.epub", &download.body);
    epubcheck::assert_valid(&path);
    warraq().arg("check").arg(&path).assert().success();
    assert_eq!(
        book["findings"],
        json!([]),
        "the page is told of no finding"
    );
    Epub::open(&path)
}

#[test]
fn only_the_page_opened_from_the_printed_address_is_served() {
    let server = Server::start(&[]);
    let without = server.get_with("/", &[]);
    assert_eq!(without.status, 403);
    assert!(without.json()["error"].as_str().unwrap().contains("token"));
    let port = server.base.rsplit(':').next().unwrap().to_string();
    let wrong = server.get_with(
        "/api/limits",
        &[("Cookie", &format!("warraq_token_{port}=0000"))],
    );
    assert_eq!(wrong.status, 403);
    let rebound = server.get_with(
        "/api/limits",
        &[
            ("Cookie", &server.cookie()),
            ("Host", &format!("attacker.example:{port}")),
        ],
    );
    assert_eq!(rebound.status, 403, "a DNS-rebinding Host is refused");

    let first = server.get_with(&format!("/?token={}", server.token), &[]);
    assert_eq!(first.status, 303);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("<html"));
    assert!(page.policy.contains("script-src 'self'") && !page.policy.contains("unsafe-inline"));

    // A POST without the page's header (what a form of another site sends) is refused.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let forged = agent
        .post(format!("{}/api/check", server.base))
        .header("Cookie", &server.cookie())
        .header("Content-Type", "multipart/form-data; boundary=x")
        .send(&b"--x--\r\n"[..])
        .unwrap();
    assert_eq!(forged.status(), 403);
    let cross_site = agent
        .post(format!("{}/api/check", server.base))
        .header("Cookie", &server.cookie())
        .header("X-Warraq", "1")
        .header("Origin", "http://attacker.example")
        .send(&b""[..])
        .unwrap();
    assert_eq!(cross_site.status(), 403);
}

#[test]
fn an_arabic_word_document_becomes_a_right_to_left_book_and_its_preview() {
    let server = Server::start(&[]);
    let document = std::fs::read(fixture_dir("docx").join("article.docx")).unwrap();
    let sources = server.post_files("/api/sources", &[("file", Some("مقابلة.docx"), &document)]);
    assert_eq!(sources.status, 200);
    let sources = sources.json();
    assert!(sources["form"]["language"]
        .as_str()
        .unwrap()
        .starts_with("ar"));
    assert_eq!(sources["form"]["direction"], "rtl");
    assert!(!sources["form"]["title"].as_str().unwrap().is_empty());
    assert_eq!(sources["sources"][0]["name"], "مقابلة.docx");

    let job = sources["job"].as_str().unwrap();
    let font = std::fs::read(naskh()).unwrap();
    let sent = server.post_files(
        &format!("/api/jobs/{job}/font"),
        &[("file", Some("NotoNaskhArabic-Regular.ttf"), &font)],
    );
    assert_eq!(sent.status, 200);
    let mut form = sources["form"].clone();
    form["authors"] = json!(["هيئة التحرير"]);
    let built = server.post_json(
        &format!("/api/jobs/{job}/build"),
        &json!({"form": form, "cover": "drawn", "font": true}),
    );
    let book = &built.ok()["books"][0];
    assert_eq!(book["direction"], "rtl");
    let epub = download_clean(&server, book);
    assert_eq!(epub.opf().dc("creator"), vec!["هيئة التحرير"]);
    assert!(
        epub.names()
            .iter()
            .any(|n| n.ends_with(".ttf") || n.ends_with(".otf")),
        "the uploaded font is embedded: {:?}",
        epub.names()
    );

    let id = book["id"].as_str().unwrap();
    let spine = server.get(&format!("/api/books/{id}/spine")).json();
    assert_eq!(spine["direction"], "rtl");
    let items = spine["items"].as_array().unwrap();
    assert!(
        items[0].as_str().unwrap().ends_with("cover.xhtml"),
        "{items:?}"
    );
    let chapter = server.get(items[1].as_str().unwrap());
    assert_eq!(chapter.status, 200);
    assert_eq!(chapter.content_type, "application/xhtml+xml");
    assert!(
        chapter.policy.starts_with("sandbox"),
        "no script runs in a book's page"
    );
    assert!(String::from_utf8_lossy(&chapter.body).contains("dir=\"rtl\""));
}

#[test]
fn an_english_file_gives_a_left_to_right_book_in_its_series() {
    let server = Server::start(&[]);
    let text = read("tests/fixtures/english/article.txt");
    let sources = server.post_files("/api/sources", &[("file", Some("article.txt"), &text)]);
    let sources = sources.json();
    let job = sources["job"].as_str().unwrap();
    let mut form = sources["form"].clone();
    form["series"] = json!("Letters from Baghdad");
    form["series_index"] = json!("two");
    let refused = server.post_json(
        &format!("/api/jobs/{job}/build"),
        &json!({"form": form, "cover": "none"}),
    );
    assert_eq!(refused.status, 422);
    assert!(refused.json()["error"]
        .as_str()
        .unwrap()
        .contains("series_index"));
    form["series_index"] = json!("2");
    let built = server.post_json(
        &format!("/api/jobs/{job}/build"),
        &json!({"form": form, "cover": "none"}),
    );
    let book = &built.json()["books"][0];
    assert_eq!(book["direction"], "ltr");
    assert_eq!(book["language"], "en");
    let epub = download_clean(&server, book);
    let opf = epub.opf();
    let collection = opf.meta_property("belongs-to-collection");
    assert_eq!(collection[0].text, "Letters from Baghdad");
    assert_eq!(opf.meta_property("group-position")[0].text, "2");
}

#[test]
fn a_page_by_its_address_and_three_files_as_one_book_or_three() {
    let page = read("tests/fixtures/html/news.html");
    let site = serve(vec![Page::ok("/news", "text/html; charset=utf-8", page)]);
    let server = Server::start(&[]);
    let url = format!("{site}/news");
    let sources = server.post_files("/api/sources", &[("url", None, url.as_bytes())]);
    let sources = sources.ok();
    assert_eq!(sources["form"]["title"], "افتتاح مكتبة عامة جديدة في بغداد");
    assert_eq!(sources["sources"][0]["kind"], "url");

    let article = read("book/article.txt");
    let english = read("tests/fixtures/english/article.txt");
    let document = std::fs::read(fixture_dir("docx").join("article.docx")).unwrap();
    let files: [(&str, &[u8]); 3] = [
        ("1.txt", &article),
        ("2.docx", &document),
        ("3.txt", &english),
    ];
    let one = server.make(&files, json!({"cover": "none"}));
    assert_eq!(one["books"].as_array().unwrap().len(), 1);
    assert_eq!(one["zip"], Value::Null);
    let epub = download_clean(&server, &one["books"][0]);
    let chapters = epub
        .names()
        .iter()
        .filter(|n| n.contains("article-"))
        .count();
    assert_eq!(chapters, 3, "{:?}", epub.names());

    let three = server.make(&files, json!({"cover": "none", "each": true}));
    let books = three["books"].as_array().unwrap();
    assert_eq!(books.len(), 3);
    for book in books {
        download_clean(&server, book);
    }
    let zip = server.get(three["zip"].as_str().unwrap());
    assert_eq!(zip.status, 200);
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    assert_eq!(archive.len(), 3);
}

#[test]
fn a_feeds_address_makes_an_edition() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let site = format!("http://{}", listener.local_addr().unwrap());
    let _log = serve_on(listener, edition_answers(&site));
    let server = Server::start(&[]);
    let url = format!("{site}/feeds/ar.xml");
    let sources = server.post_files("/api/sources", &[("url", None, url.as_bytes())]);
    let sources = sources.ok();
    assert_eq!(sources["form"]["title"], "أخبار المدينة");
    assert_eq!(sources["form"]["language"], "ar");
    let job = sources["job"].as_str().unwrap();
    let built = server.post_json(
        &format!("/api/jobs/{job}/build"),
        &json!({"form": sources["form"], "cover": "drawn"}),
    );
    let book = &built.ok()["books"][0];
    assert_eq!(book["title"], "أخبار المدينة");
    let epub = download_clean(&server, book);
    let text: String = epub.xhtml_documents().into_iter().map(|(_, x)| x).collect();
    for headline in ["افتتاح المكتبة العامة الجديدة", "السوق القديم يستعيد حياته"]
    {
        assert!(text.contains(headline), "the edition holds {headline}");
    }

    // A feed makes an edition of its own: not beside other sources.
    let article = read("book/article.txt");
    let mixed = server.post_files(
        "/api/sources",
        &[
            ("file", Some("a.txt"), &article),
            ("url", None, url.as_bytes()),
        ],
    );
    assert_eq!(mixed.status, 422);
    assert!(mixed.json()["error"].as_str().unwrap().contains("edition"));
}

#[test]
fn a_pandoc_book_is_checked_then_fixed_clean() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(pandoc_book(dir.path(), false)).unwrap();
    let server = Server::start(&[]);
    let checked = server.post_files("/api/check", &[("file", Some("pandoc.epub"), &bytes)]);
    assert_eq!(checked.status, 200);
    let findings = checked.json()["books"][0]["findings"].clone();
    let findings = findings.as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule"].as_str().unwrap().starts_with("RTL-")),
        "pandoc's Arabic book is not set up right to left: {findings:?}"
    );
    assert!(
        findings.iter().all(|f| f["meaning"].is_string()),
        "each with its rule's words"
    );

    let fixed = server.post_files("/api/fix", &[("file", Some("pandoc.epub"), &bytes)]);
    assert_eq!(fixed.status, 200);
    let fixed = &fixed.json()["books"][0];
    assert!(!fixed["repairs"].as_array().unwrap().is_empty());
    let book = json!({"id": fixed["id"], "findings": fixed["findings_after"]});
    download_clean(&server, &book);
}

#[test]
fn bad_uploads_get_a_clear_answer_and_the_next_request_is_served() {
    let server = Server::start(&["--max-upload", "100M"]);
    let bomb = docx(&bomb_document());
    let answer = server.post_files("/api/sources", &[("file", Some("bomb.docx"), &bomb)]);
    assert_eq!(answer.status, 422);
    let error = answer.json();
    assert!(
        error["error"].as_str().unwrap().contains("bomb.docx"),
        "{error}"
    );

    let huge = vec![b'a'; 200 * 1024 * 1024];
    let answer = server.post_files("/api/sources", &[("file", Some("huge.txt"), &huge)]);
    assert_eq!(answer.status, 413);
    assert_eq!(answer.json()["code"], "too-large");
    drop(huge);

    let answer = server.post_files("/api/sources", &[("file", Some("report.pdf"), b"%PDF-1.7")]);
    assert_eq!(answer.status, 422);
    assert_eq!(answer.json()["code"], "not-a-document");
    let answer = server.post_files("/api/check", &[("file", Some("x.epub"), b"not a zip")]);
    assert_eq!(
        answer.status, 200,
        "a broken book is a finding, not a failure"
    );

    let article = read("book/article.txt");
    let built = server.make(&[("article.txt", &article)], json!({"cover": "none"}));
    assert_eq!(built["books"][0]["findings"], json!([]));
}

#[test]
fn twenty_users_at_once_each_get_their_own_book() {
    let server = Server::start(&[]);
    let article = String::from_utf8(read("book/article.txt")).unwrap();
    thread::scope(|scope| {
        let handles: Vec<_> = (1..=20)
            .map(|n| {
                let server = &server;
                let text = format!("المقال رقم {n}\n\n{article}");
                scope.spawn(move || {
                    let built = server.make(
                        &[(&format!("{n}.txt"), text.as_bytes())],
                        json!({"cover": "none"}),
                    );
                    (n, built)
                })
            })
            .collect();
        for handle in handles {
            let (n, built) = handle.join().unwrap();
            let book = &built["books"][0];
            assert_eq!(book["title"], format!("المقال رقم {n}"));
            assert_eq!(book["findings"], json!([]));
        }
    });
}

#[test]
fn beyond_loopback_no_page_at_a_private_address_is_fetched() {
    let site = serve(vec![Page::ok(
        "/news",
        "text/html",
        read("tests/fixtures/html/news.html"),
    )]);
    let server = Server::start(&["--listen", "0.0.0.0"]);
    let url = format!("{site}/news");
    let answer = server.post_files("/api/sources", &[("url", None, url.as_bytes())]);
    assert_eq!(answer.status, 422);
    let error = answer.json()["error"].as_str().unwrap().to_string();
    assert!(error.contains("loopback or private"), "{error}");
}

#[test]
fn the_cover_preview_follows_the_title_and_nothing_is_left_on_disk() {
    let server = Server::start(&[]);
    let first = server.get("/api/cover.png?title=%D8%A3%D9%88%D9%84&language=ar");
    let second = server.get("/api/cover.png?title=%D8%AB%D8%A7%D9%86&language=ar");
    assert_eq!((first.status, second.status), (200, 200));
    assert_eq!(first.content_type, "image/png");
    assert_ne!(first.body, second.body);
    let png = image::load_from_memory(&first.body).unwrap();
    assert_eq!(png.width(), 400);

    let article = read("book/article.txt");
    let sources = server.post_files(
        "/api/sources",
        &[("file", Some("../../escape.txt"), &article)],
    );
    assert_eq!(sources.status, 200);
    let kept: Vec<_> = walk(server.tmp.path());
    assert!(
        kept.iter().all(|p| !p.ends_with("escape.txt")) && !kept.is_empty(),
        "uploads are kept under numbers in the job's folder: {kept:?}"
    );
    let tmp = server.stop();
    assert_eq!(
        walk(tmp.path()),
        Vec::<std::path::PathBuf>::new(),
        "removed at exit"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        }
        found.push(path);
    }
    found
}

#[test]
fn open_hands_the_desktops_opener_an_address_good_for_one_visit() {
    // `--open` asks the desktop to open the address (xdg-open on Linux): a stand-in on the
    // PATH writes down what it was given.
    let bin = tempfile::tempdir().unwrap();
    let seen = bin.path().join("opened");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", seen.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::start_with(&["--open"], &[("PATH", &path)]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !seen.exists() && std::time::Instant::now() < deadline {
        thread::sleep(std::time::Duration::from_millis(20));
    }
    let opened = std::fs::read_to_string(&seen).expect("--open ran no opener within 10 s");
    // Not the printed token: the opener's command line is readable by every user of the
    // machine, so it carries one good for a single visit.
    let once = opened
        .trim()
        .strip_prefix(&format!("{}/?token=", server.base))
        .unwrap_or_else(|| panic!("the opener was given {opened:?}"));
    assert_ne!(once, server.token);
    let first = server.get_with(&format!("/?token={once}"), &[]);
    assert_eq!(first.status, 303, "the first visit sets the cookie");
    let again = server.get_with(&format!("/?token={once}"), &[]);
    assert_eq!(again.status, 403, "the one-visit token is used up");
}

#[test]
fn an_uploaded_cover_and_kobo_with_the_builds_progress_pushed() {
    let server = Server::start(&[]);
    let article = read("book/article.txt");
    let sources = server
        .post_files("/api/sources", &[("file", Some("article.txt"), &article)])
        .ok();
    let job = sources["job"].as_str().unwrap().to_string();
    let cover = jpeg(800, 1280);
    server
        .post_files(
            &format!("/api/jobs/{job}/cover"),
            &[("file", Some("غلاف.jpg"), &cover)],
        )
        .ok();

    // The page listens to the job's events before it asks for the build.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut events = agent
        .get(format!("{}/api/jobs/{job}/events", server.base))
        .header("Cookie", &server.cookie())
        .call()
        .unwrap();
    assert_eq!(events.status(), 200);
    let listener = thread::spawn(move || {
        let mut seen = Vec::new();
        let reader = std::io::BufReader::new(events.body_mut().as_reader());
        for line in std::io::BufRead::lines(reader) {
            let Ok(line) = line else { break };
            if let Some(data) = line.strip_prefix("data: ") {
                let event: Value = serde_json::from_str(data).unwrap();
                let step = event["step"].as_str().unwrap_or_default().to_string();
                seen.push(step.clone());
                if step == "done" || step == "failed" {
                    break;
                }
            }
        }
        seen
    });
    let built = server
        .post_json(
            &format!("/api/jobs/{job}/build"),
            &json!({"form": sources["form"], "cover": "upload", "kobo": true}),
        )
        .ok();
    let steps = listener.join().unwrap();
    assert_eq!(
        steps.first().map(String::as_str),
        Some("reading"),
        "{steps:?}"
    );
    assert!(steps.iter().any(|s| s == "building"), "{steps:?}");
    assert_eq!(steps.last().map(String::as_str), Some("done"), "{steps:?}");

    let book = &built["books"][0];
    assert!(
        book["file_name"].as_str().unwrap().ends_with(".kepub.epub"),
        "{book}"
    );
    let epub = download_clean(&server, book);
    assert!(
        epub.read_text("OEBPS/article-001.xhtml")
            .contains("koboSpan"),
        "Kobo's spans are written"
    );
    let (_, bytes) = cover_of(&epub);
    let image = image::load_from_memory(&bytes).unwrap();
    assert_eq!(
        (image.width(), image.height()),
        (800, 1280),
        "the uploaded picture is the cover"
    );
}
