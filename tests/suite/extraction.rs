//! A page whose article cannot be told from what surrounds it: the book is built from the
//! best candidate with a warning that names the page and says what was taken, or, with
//! `--strict`, refused (exit 65, nothing written).

use crate::newcomer::{build_page, PARAGRAPHS};

/// A page whose only text-rich block is a sidebar of links to other stories.
fn sidebar_only() -> String {
    let link = |n: usize| {
        format!("<li><a href=\"https://example.org/story-{n}\">عنوان خبر آخر عن الاجتماع رقم {n} في العاصمة</a></li>")
    };
    let links: String = (1..=12).map(link).collect();
    format!(
        "<html lang=\"ar\"><head><title>خبر</title><meta name=\"description\" content=\"قال \
         المتحدث إن الاجتماع سيعقد في موعده المحدد رغم الظروف الصعبة\"></head><body>\
         <div class=\"column\"><ul>{links}</ul></div></body></html>"
    )
}

#[test]
fn a_page_whose_article_is_in_doubt_builds_with_a_warning_saying_what_was_taken() {
    let (code, stderr, book) = build_page(&sidebar_only(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(book.is_some());
    let warning = stderr
        .lines()
        .find(|l| l.contains("may not be the page's"))
        .unwrap_or_else(|| panic!("no warning:\n{stderr}"));
    assert!(
        warning.contains("page.html: the article found"),
        "{warning}"
    );
    assert!(warning.contains("% of its text is links"), "{warning}");
    assert!(warning.contains("taken: “عنوان خبر آخر"), "{warning}");
    assert!(warning.contains(" words)"), "{warning}");
}

#[test]
fn strict_refuses_a_page_whose_article_is_in_doubt_and_writes_nothing() {
    let (code, stderr, book) = build_page(&sidebar_only(), &["--strict"]);
    assert_eq!(code, Some(65), "{stderr}");
    assert!(book.is_none(), "{stderr}");
    assert!(stderr.contains("error: "), "{stderr}");
    assert!(stderr.contains("may not be the page's"), "{stderr}");
    assert!(stderr.contains("without --strict"), "{stderr}");
    // A page whose article is plain is built under --strict as without it, without a word.
    let page = format!(
        "<html lang=\"ar\"><head><title>خبر</title></head><body><article><h1>اجتماع في \
         موعده</h1>{PARAGRAPHS}</article></body></html>"
    );
    let (code, stderr, book) = build_page(&page, &["--strict"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(book.is_some());
    assert!(!stderr.contains("may not be"), "{stderr}");
}
