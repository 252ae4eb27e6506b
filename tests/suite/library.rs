//! The library's in-memory entry points (`warraq::build_bytes`, `warraq::cover_bytes`) make
//! what the command line makes from the same input, byte for byte, and refuse what it refuses.

use std::path::Path;

use chrono::DateTime;
use warraq::{ArticleFile, Cover, Error, Fields, Named, Request};

use crate::util::{epubcheck, naskh, repo, sample_dir, warraq, SOURCE_DATE_EPOCH};

fn modified() -> DateTime<chrono::Utc> {
    DateTime::from_timestamp(SOURCE_DATE_EPOCH.parse().unwrap(), 0).unwrap()
}

fn named(path: &Path) -> Named {
    Named {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        bytes: std::fs::read(path).unwrap(),
    }
}

/// The sample book, from its files' bytes: `book.toml`'s settings, the article, the cover.
fn sample_request() -> Request {
    let dir = sample_dir();
    let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    let settings = Fields::from_toml(&dir.join("book.toml"), &toml).unwrap();
    let article = ArticleFile::in_memory(
        dir.join("article.txt"),
        std::fs::read(dir.join("article.txt")).unwrap(),
    );
    let mut request = Request::new(vec![article], modified());
    request.settings = settings;
    request.cover = Cover::Image(named(&repo().join("covers/sample.jpg")));
    request
}

#[test]
fn the_sample_from_bytes_is_the_sample_the_command_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sample.epub");
    warraq()
        .args(["build", sample_dir().to_str().unwrap(), "-o"])
        .arg(&out)
        .assert()
        .success();
    let made = warraq::build_bytes(&sample_request()).expect("the sample builds from bytes");
    assert!(
        made.bytes == std::fs::read(&out).unwrap(),
        "the library's sample differs from the command's"
    );
    assert_eq!(
        made.title,
        "تحرير آخر جيوب «داعش» بسوريا.. فهل انتهى التنظيم الدموي فعليًّا؟"
    );
    assert_eq!(
        made.file_name,
        "تحرير-آخر-جيوب-داعش-بسوريا-فهل-انتهى-التنظيم-الدموي-فعليًّا.epub"
    );
    let written = tmp.path().join(&made.file_name);
    std::fs::write(&written, &made.bytes).unwrap();
    epubcheck::assert_valid(&written);
}

#[test]
fn a_drawn_cover_and_an_embedded_font_come_from_bytes_too() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("drawn.epub");
    let article = sample_dir().join("article.txt");
    warraq()
        .args([
            "build",
            article.to_str().unwrap(),
            "--cover",
            "auto",
            "--font",
            naskh(),
        ])
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let mut request = Request::new(
        vec![ArticleFile::in_memory(
            &article,
            std::fs::read(&article).unwrap(),
        )],
        modified(),
    );
    request.cover = Cover::Auto;
    request.font = Some(named(Path::new(naskh())));
    let made = warraq::build_bytes(&request).expect("builds");
    assert!(
        made.bytes == std::fs::read(&out).unwrap(),
        "the drawn books differ"
    );

    let cover = tmp.path().join("cover.png");
    warraq()
        .args(["cover", article.to_str().unwrap(), "--font", naskh(), "-o"])
        .arg(&cover)
        .assert()
        .success();
    let drawn = warraq::cover_bytes(&request, true).expect("draws");
    assert!(
        drawn.bytes == std::fs::read(&cover).unwrap(),
        "the drawn covers differ"
    );
    assert!(
        drawn.file_name.ends_with("-cover.png"),
        "{}",
        drawn.file_name
    );
    let jpeg = warraq::cover_bytes(&request, false).expect("draws");
    assert!(jpeg.bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
}

#[test]
fn what_the_command_refuses_the_library_returns_as_its_error() {
    let mut request = sample_request();
    request.cover = Cover::Image(Named {
        name: "cover.jpg".into(),
        bytes: b"not an image".to_vec(),
    });
    let error = warraq::build_bytes(&request).unwrap_err();
    assert!(matches!(error, Error::Cover { .. }), "{error}");
    assert!(error.to_string().starts_with("cover.jpg: "), "{error}");

    let mut request = sample_request();
    request.font = Some(Named {
        name: "font.ttf".into(),
        bytes: b"not a font".to_vec(),
    });
    let error = warraq::build_bytes(&request).unwrap_err();
    assert!(matches!(error, Error::Input { .. }), "{error}");
    assert_eq!(error.exit_code(), Error::input("x", "y").exit_code());

    let request = Request::new(
        vec![ArticleFile::in_memory(
            "a.docx",
            b"PK\x03\x04 not a zip".to_vec(),
        )],
        modified(),
    );
    let error = warraq::build_bytes(&request).unwrap_err();
    assert!(error.to_string().starts_with("a.docx: "), "{error}");
}

#[test]
fn warnings_come_back_typed_with_the_message_the_command_prints() {
    let markdown = "# عنوان\n\nنص <b>عريض</b> في المقال.\n";
    let article = ArticleFile::in_memory("article.md", markdown.as_bytes().to_vec());
    let mut request = Request::new(vec![article], modified());
    request.cover = Cover::None;
    let made = warraq::build_bytes(&request).expect("builds with a warning");
    let [warning, _closing_tag] = made.report.warnings.as_slice() else {
        panic!("{:?}", made.report.warnings);
    };
    assert_eq!(warning.kind, warraq::WarningKind::Markup);
    assert!(
        warning
            .message
            .starts_with("article.md:3: raw HTML is shown as text"),
        "{warning}"
    );
}

/// An article given as bytes names no folder: its images are never read from the machine the
/// library runs on (a server's upload must not reach its files).
#[test]
fn an_article_given_as_bytes_reads_no_image_from_this_machine() {
    let local = repo().join("covers/sample.jpg");
    let markdown = format!("# عنوان\n\nنص.\n\n![صورة]({})\n", local.display());
    let article = ArticleFile::in_memory("article.md", markdown.into_bytes());
    let mut request = Request::new(vec![article], modified());
    request.cover = Cover::None;
    let error = warraq::build_bytes(&request).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("an article given as bytes has no folder"),
        "{error}"
    );

    let page = format!(
        "<html lang=\"ar\"><head><title>عنوان</title></head><body><article><h1>عنوان</h1>\
         <p>فقرة طويلة بما يكفي لتكون مقالا يقرؤه القارئ من اليمين إلى اليسار دون عناء.</p>\
         <p>فقرة ثانية تكمل المقال وتضيف جملا أخرى إليه.</p><img src=\"{}\" alt=\"صورة\"/>\
         </article></body></html>",
        local.display()
    );
    let article = ArticleFile::in_memory("page.html", page.into_bytes());
    let mut request = Request::new(vec![article], modified());
    request.cover = Cover::None;
    let made = warraq::build_bytes(&request).expect("a page builds without its image");
    let image = made
        .report
        .warnings
        .iter()
        .find(|w| w.kind == warraq::WarningKind::Image);
    assert!(
        image.is_some_and(|w| w.message.contains("no folder")),
        "{:?}",
        made.report.warnings
    );
}

/// The images an article names come through the caller's `Io` when it gives one: here from
/// memory, for a Markdown file whose picture is not on the disk.
#[test]
fn a_callers_io_gives_the_images_an_article_names() {
    struct Memory(Vec<u8>);
    impl warraq::Io for Memory {
        fn image(
            &self,
            article: &Path,
            src: &str,
            _place: &str,
        ) -> warraq::Result<(std::path::PathBuf, Vec<u8>)> {
            assert_eq!(src, "not-on-disk.png");
            Ok((article.with_file_name(src), self.0.clone()))
        }
        fn fetch(&self, url: &str, _limit: u64) -> Result<Vec<u8>, String> {
            Err(format!("{url}: no network here"))
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("article.md");
    std::fs::write(&path, "# عنوان\n\nنص.\n\n![صورة](not-on-disk.png)\n").unwrap();
    let mut request = Request::new(vec![ArticleFile::read(&path).unwrap()], modified());
    request.cover = Cover::None;
    assert!(
        warraq::build_bytes(&request).is_err(),
        "the disk has no such picture"
    );
    let jpeg = std::fs::read(repo().join("covers/sample.jpg")).unwrap();
    let made =
        warraq::build_bytes_with(&request, &Memory(jpeg)).expect("the picture comes from memory");
    let written = tmp.path().join("book.epub");
    std::fs::write(&written, &made.bytes).unwrap();
    epubcheck::assert_valid(&written);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(made.bytes)).unwrap();
    let images = (0..zip.len())
        .filter(|&i| zip.by_index(i).unwrap().name().contains("images/"))
        .count();
    assert_eq!(images, 1);
}
