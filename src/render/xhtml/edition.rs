//! An edition's own pages: the masthead (title, number, date in each calendar, the
//! sections), each section's front page listing its articles, and the list of what could not
//! be had; and the line under an article's headline and the link to its source.

use super::front::{article_item, line};
use super::markup::Markup;
use super::{article_href, document, escape, own_language, root_attributes};
use crate::model::{ArticleSource, Edition, LeftOut};
use crate::prepare::metadata::Metadata;
use warraq_core::document::url::{self, Link};
use warraq_core::lang::{Direction, LanguageTag};
use warraq_readers::article::Article;

/// The masthead's file name.
pub(crate) const MASTHEAD: &str = "masthead.xhtml";
/// The "not included" page's file name.
pub(crate) const LEFT_OUT: &str = "not-included.xhtml";

/// The file name of section `index` (0-based).
pub(crate) fn section_href(index: usize) -> String {
    format!("section-{:02}.xhtml", index + 1)
}

/// The words an edition's pages use, in its language (English for one not listed).
struct Words {
    number: &'static str,
    sections: &'static str,
    left_out: &'static str,
    source: &'static str,
}

fn words(lang: &LanguageTag) -> Words {
    match lang.primary() {
        "ar" => Words {
            number: "العدد",
            sections: "الأقسام",
            left_out: "ما لم يُدرج",
            source: "المصدر",
        },
        "fa" => Words {
            number: "شماره",
            sections: "بخش‌ها",
            left_out: "آنچه نیامد",
            source: "منبع",
        },
        "ur" => Words {
            number: "شمارہ",
            sections: "حصے",
            left_out: "جو شامل نہ ہو سکا",
            source: "ماخذ",
        },
        "he" => Words {
            number: "גיליון",
            sections: "מדורים",
            left_out: "מה שלא נכלל",
            source: "מקור",
        },
        _ => Words {
            number: "No.",
            sections: "Sections",
            left_out: "Not included",
            source: "Source",
        },
    }
}

/// The title of the "not included" page, in the edition's language.
pub(crate) fn left_out_title(lang: &LanguageTag) -> &'static str {
    words(lang).left_out
}

/// A number in the digits the language writes (Arabic-Indic for Arabic, Persian's own for
/// Persian and Urdu), as its dates are.
fn digits(lang: &LanguageTag, n: u32) -> String {
    let zero = match lang.primary() {
        "ar" => '\u{0660}',
        "fa" | "ur" => '\u{06F0}',
        _ => return n.to_string(),
    };
    n.to_string()
        .chars()
        .map(|c| {
            let d = c.to_digit(10).unwrap_or(0);
            char::from_u32(zero as u32 + d).unwrap_or(c)
        })
        .collect()
}

/// The masthead: the edition's title, number and dates, and its sections, each a link to its
/// front page.
pub(crate) fn masthead(meta: &Metadata, edition: &Edition, kobo: bool) -> String {
    let words = words(&meta.language);
    let mut body = Markup::new(kobo, 1024);
    body.open_block("section", " class=\"masthead\" epub:type=\"titlepage\"");
    body.newline();
    line(&mut body, "h1", "", &meta.title);
    if let Some(number) = edition.number {
        let number = format!("{} {}", words.number, digits(&meta.language, number));
        line(&mut body, "div", " class=\"edition-number\"", &number);
    }
    for date in &edition.dates {
        let class = format!(" class=\"date {}\"", date.calendar);
        line(&mut body, "div", &class, &date.text);
    }
    if let Some(publisher) = &meta.publisher {
        line(&mut body, "div", " class=\"publisher\"", publisher);
    }
    line(&mut body, "h2", "", words.sections);
    body.open_block("ol", " class=\"sections\"");
    body.newline();
    for (index, section) in edition.sections.iter().enumerate() {
        article_item(&mut body, "", &section_href(index), &section.title);
    }
    body.close_block("ol");
    body.newline();
    body.close_block("section");
    body.newline();
    document(
        &meta.language,
        meta.direction,
        &meta.title,
        "frontmatter",
        body,
    )
}

/// A section's front page: its title, and its articles' headlines, each in its own language.
pub(crate) fn section_front(
    meta: &Metadata,
    title: &str,
    articles: &[(usize, &Article)],
    kobo: bool,
) -> String {
    let mut body = Markup::new(kobo, 256 + 128 * articles.len());
    body.open_block(
        "section",
        " class=\"contents section-front\" epub:type=\"part\" role=\"doc-part\" \
         aria-labelledby=\"section-title\"",
    );
    body.newline();
    line(&mut body, "h1", " id=\"section-title\"", title);
    body.open_block("ol", "");
    body.newline();
    for (index, article) in articles {
        let attrs = own_language(meta, article)
            .map_or(String::new(), |(lang, dir)| root_attributes(lang, dir));
        article_item(&mut body, &attrs, &article_href(*index), &article.headline);
    }
    body.close_block("ol");
    body.newline();
    body.close_block("section");
    body.newline();
    document(&meta.language, meta.direction, title, "bodymatter", body)
}

/// The line under an article's headline: its author and its date.
pub(crate) fn byline(author: Option<&str>, source: Option<&ArticleSource>) -> Option<String> {
    let date = source.and_then(|s| s.date.as_deref());
    match (author, date) {
        (Some(a), Some(d)) => Some(format!("{a} — {d}")),
        (Some(a), None) => Some(a.to_string()),
        (None, Some(d)) => Some(d.to_string()),
        (None, None) => None,
    }
}

/// The link to an article's source, after it: the label in the article's language, then
/// the address on a line of its own, left to right. One paragraph holding both would run
/// whichever way most of its letters do, and a long address outweighs the label.
pub(crate) fn source_link(body: &mut Markup, lang: &LanguageTag, source: Option<&ArticleSource>) {
    let Some(link) = source.and_then(|s| s.link.as_deref()) else {
        return;
    };
    body.open_block("footer", " class=\"source\"");
    body.newline();
    line(body, "p", " class=\"source-label\"", words(lang).source);
    body.open_block("p", " class=\"source-link\" dir=\"ltr\"");
    body.open("a", &format!(" href=\"{}\"", escape(link)));
    body.text(&shown(link));
    body.close("a");
    body.close_block("p");
    body.newline();
    body.close_block("footer");
    body.newline();
}

/// A link as shown: its host and path, without the scheme.
fn shown(link: &str) -> String {
    let text = link.split_once("://").map_or(link, |(_, rest)| rest);
    let mut out: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// The list of what could not be had: each item's title (in the language its letters say),
/// its link, and why, in English as every message of warraq is.
pub(crate) fn left_out_page(meta: &Metadata, left_out: &[LeftOut], kobo: bool) -> String {
    let title = words(&meta.language).left_out;
    let mut body = Markup::new(kobo, 256 + 256 * left_out.len());
    body.open_block(
        "section",
        " class=\"not-included\" epub:type=\"appendix\" role=\"doc-appendix\" \
         aria-labelledby=\"not-included\"",
    );
    body.newline();
    line(&mut body, "h1", " id=\"not-included\"", title);
    body.open_block("ul", "");
    body.newline();
    let english = LanguageTag::parse("en").ok();
    let phrase = |body: &mut Markup, name: &str, attrs: &str, text: &str| {
        body.open(name, attrs);
        body.text(text);
        body.close(name);
    };
    for out in left_out {
        body.open_block("li", "");
        if let Some(title) = &out.title {
            phrase(&mut body, "span", " class=\"headline\"", title);
            body.escaped(" ");
        }
        match url::link(&out.link) {
            Link::External(href) => {
                let attrs = format!(" href=\"{}\" dir=\"ltr\"", escape(&href));
                phrase(&mut body, "a", &attrs, &shown(&href));
            }
            _ => phrase(&mut body, "span", " dir=\"ltr\"", &out.link),
        }
        let reason_attrs = english
            .as_ref()
            .filter(|en| en.primary() != meta.language.primary())
            .map_or(String::new(), |en| root_attributes(en, Direction::Ltr));
        body.empty("br", "");
        phrase(
            &mut body,
            "span",
            &format!(" class=\"reason\"{reason_attrs}"),
            &out.reason,
        );
        body.close_block("li");
        body.newline();
    }
    body.close_block("ul");
    body.newline();
    body.close_block("section");
    body.newline();
    document(&meta.language, meta.direction, title, "backmatter", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_digits() {
        let ar = LanguageTag::parse("ar").unwrap();
        let fa = LanguageTag::parse("fa").unwrap();
        let en = LanguageTag::parse("en").unwrap();
        assert_eq!(digits(&ar, 1205), "١٢٠٥");
        assert_eq!(digits(&fa, 1205), "۱۲۰۵");
        assert_eq!(digits(&en, 1205), "1205");
    }

    #[test]
    fn bylines() {
        let source = ArticleSource {
            date: Some("2026-12-05".into()),
            link: None,
        };
        assert_eq!(
            byline(Some("A"), Some(&source)).as_deref(),
            Some("A — 2026-12-05")
        );
        assert_eq!(byline(None, Some(&source)).as_deref(), Some("2026-12-05"));
        assert_eq!(byline(None, None), None);
        assert_eq!(shown("https://e.org/a?b"), "e.org/a?b");
    }
}
