//! What a new user meets first (issue 29): each command's help, and the messages for the
//! usual first mistakes, with their exit codes.

use std::fs;
use std::path::Path;

use crate::util::{warraq, Epub};

fn help(args: &[&str]) -> String {
    let output = warraq().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The exit-code lines after "Exit codes:", each `  CODE  meaning`.
fn exit_lines(help: &str) -> Vec<&str> {
    help.split("Exit codes:\n")
        .nth(1)
        .expect("an exit-code list")
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn every_help_lists_its_exit_codes_one_a_line() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["fix", "--help"],
        &["cover", "--help"],
    ] {
        let text = help(args);
        let lines = exit_lines(&text);
        assert!(lines.len() >= 5, "{args:?}: {lines:?}");
        for line in lines {
            let code = line.split_whitespace().next().unwrap_or("");
            assert!(
                line.starts_with("  ") && code.parse::<u8>().is_ok(),
                "{args:?}: a line that is not a code of its own: {line:?}\n{text}"
            );
        }
    }
    let overview = help(&["--help"]);
    assert!(
        overview.contains("  74  another I/O error, or an internal error\n"),
        "{overview}"
    );
}

#[test]
fn each_command_shows_its_own_examples() {
    let overview = help(&["--help"]);
    for command in ["build", "check", "fix", "cover"] {
        assert!(
            overview.contains(&format!("  warraq {command} ")),
            "the overview shows no {command}: {overview}"
        );
    }
    for command in ["build", "check", "fix", "cover"] {
        let text = help(&[command, "--help"]);
        let examples = text.split("Examples:\n").nth(1).unwrap();
        let examples = examples.split("Exit codes:").next().unwrap();
        for line in examples
            .lines()
            .filter(|l| l.trim_start().starts_with("warraq "))
        {
            assert!(
                line.trim_start().starts_with(&format!("warraq {command}")),
                "{command} --help shows another command's example: {line}"
            );
        }
    }
}

/// Runs `warraq build PAGE -o out.epub` (with `extra` flags) on a page written into a fresh
/// directory; the exit code, standard error and the book.
pub(crate) fn build_page(page: &str, extra: &[&str]) -> (Option<i32>, String, Option<Epub>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    fs::write(&path, page).unwrap();
    let out = dir.path().join("out.epub");
    let output = warraq()
        .arg("build")
        .arg(&path)
        .args(extra)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let book = out.exists().then(|| Epub::open(&out));
    (output.status.code(), stderr, book)
}

pub(crate) const PARAGRAPHS: &str = "<p>قال المتحدث إن الاجتماع سيعقد في موعده المحدد رغم الظروف الصعبة التي تمر بها المنطقة.</p>\
    <p>وأضاف أن الوفود المشاركة وصلت إلى العاصمة مساء أمس، وأن جدول الأعمال يتضمن عدة ملفات مهمة.</p>\
    <p>وتابع أن النتائج ستعلن في مؤتمر صحفي بعد انتهاء الجلسات، مشيرا إلى أهمية التعاون بين الأطراف.</p>";

#[test]
fn images_on_the_web_are_one_warning_and_tracking_pixels_none() {
    let page = format!(
        "<html lang=\"ar\"><head><title>خبر</title></head><body><article><h1>اجتماع في موعده</h1>\
         <figure><img src=\"https://example.org/photo-1.jpg\" alt=\"الوفود\"></figure>{PARAGRAPHS}\
         <figure><img src=\"https://example.org/photo-2.jpg\"></figure>\
         <img src=\"https://example.org/counter.gif\" width=\"1\" height=\"1\">\
         <img src=\"https://b.scorecardresearch.com/p?c1=2\" alt=\"\"></article></body></html>"
    );
    let (code, stderr, book) = build_page(&page, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].ends_with(
            "page.html: 2 images on the web left out, as a page on disk is built without the \
             network; build it from its URL to fetch them (--verbose lists them)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("counter.gif") && !stderr.contains("scorecardresearch"));
    // Images never fetched leave no text (their alt text describes the page's pictures, not
    // the article) and no empty box.
    let book = book.unwrap();
    let article = String::from_utf8(book.get("OEBPS/article-001.xhtml").unwrap().to_vec()).unwrap();
    assert_eq!(article.matches("<figure").count(), 0, "{article}");

    let (_, verbose, _) = build_page(&page, &["--verbose"]);
    let listed: Vec<&str> = verbose
        .lines()
        .filter(|l| l.contains("left out: it is on the web"))
        .collect();
    assert_eq!(listed.len(), 2, "{verbose}");
    assert!(
        listed[0].contains("\"https://example.org/photo-1.jpg\""),
        "{verbose}"
    );
}

#[test]
fn json_ld_in_cdata_is_read_and_broken_json_ld_is_named_once() {
    let head = "<script type=\"application/ld+json\">\n<![CDATA[\n{\"@type\": \"NewsArticle\", \
                \"headline\": \"اجتماع في موعده\", \"description\": \"وصف من البيانات المنظمة\"}\n]]>\n</script>\
                <script type=\"application/ld+json\">{ &#34;@type&#34;: &#34;BreadcrumbList&#34; }</script>";
    let page = format!(
        "<html lang=\"ar\"><head><title>خبر</title>{head}</head><body><article><h1>اجتماع في موعده</h1>{PARAGRAPHS}</article></body></html>"
    );
    let (code, stderr, book) = build_page(&page, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let opf = book.unwrap().opf();
    assert_eq!(opf.dc("description"), ["وصف من البيانات المنظمة"]);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("JSON-LD")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("page.html: JSON-LD script 2 is not valid JSON (")
            && warnings[0].ends_with("it held a BreadcrumbList, which says nothing of the article"),
        "{stderr}"
    );
}

#[test]
fn a_page_s_description_keywords_and_language_note() {
    let head = "<meta name=\"description\" content=\"حوار: فلان \u{a0}\n\u{a0}\">\
                <meta property=\"og:description\" content=\"حوار: فلان. ما الذي يحدث في البلاد؟ \u{a0}\">\
                <meta name=\"keywords\" content=\"اجتماع في موعده, سياسة، اقتصاد ,سياسة\">";
    let page = format!(
        "<html lang=\"ar\"><head><title>خبر</title>{head}</head><body><article><h1>اجتماع في موعده</h1>{PARAGRAPHS}</article></body></html>"
    );
    let (code, stderr, book) = build_page(&page, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let opf = book.unwrap().opf();
    assert_eq!(opf.dc("description"), ["حوار: فلان. ما الذي يحدث في البلاد؟"]);
    assert_eq!(opf.dc("subject"), ["سياسة", "اقتصاد"]);
    assert!(
        stderr.contains("warraq: the book's language declared by ")
            && stderr.contains("page.html: ar\n"),
        "{stderr}"
    );
}

#[test]
fn a_text_s_detected_language_is_said_in_the_same_shape() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    fs::write(
        &path,
        format!(
            "اجتماع في موعده\n\n{}",
            PARAGRAPHS.replace("<p>", "").replace("</p>", "\n\n")
        ),
    )
    .unwrap();
    let output = warraq()
        .arg("build")
        .arg(&path)
        .arg("-o")
        .arg(dir.path().join("out.epub"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warraq: the book's language detected from its text: Arabic (ar)\n"),
        "{stderr}"
    );
}

#[test]
fn build_or_cover_with_no_book_here_says_what_the_default_is() {
    let dir = tempfile::tempdir().unwrap();
    for (command, reads) in [("build", "builds"), ("cover", "reads")] {
        let output = warraq()
            .current_dir(dir.path())
            .arg(command)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(66), "{stderr}");
        assert!(
            stderr.starts_with(&format!(
                "warraq: error: there is no ./book here: with no input named, warraq {command} \
                 {reads} the book directory ./book"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "hint: name the article or book: warraq {command} article.txt"
            )),
            "{stderr}"
        );
    }
    assert!(!dir.path().join("dist").exists());
}

#[test]
fn check_on_a_word_document_says_it_is_not_an_epub() {
    let docx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docx/article.docx");
    let output = warraq().arg("check").arg(&docx).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(65), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].ends_with(
            "error OCF-012: not an EPUB: the zip is a Word document (.docx); to make a book of \
             it, run warraq build on it"
        ),
        "{stdout}"
    );
}
