//! What valid books still get wrong in reading engines beyond the browsers (README, "Reading
//! engines"): a direction that only `<html>` states, which Calibre's Kindle conversion and
//! MuPDF 1.21 lose and epub.js overwrites, and a cover image MuPDF lays off the page.

use super::content::{Document, SizedImage};
use super::css::{Declaration, Sheet};
use super::rtl::Book;
use super::{rules, Findings, Options};
use warraq_core::lang::{Direction, LanguageTag};

/// Applies the engine rules.
pub(crate) fn check(book: &Book, options: &Options, out: &mut Findings) {
    let declared = book
        .package
        .and_then(|p| p.languages.first())
        .and_then(|l| LanguageTag::parse(&l.value).ok());
    let language = options.lang.clone().or(declared);
    let direction = options
        .direction
        .or(language.as_ref().map(LanguageTag::direction));
    for document in book.documents {
        direction_on_body(document, direction, out);
    }
    cover_off_page(book, out);
}

fn direction_on_body(document: &Document, book: Option<Direction>, out: &mut Findings) {
    let Some(dir) = document.dir.as_ref().filter(|_| !document.body_dir) else {
        return;
    };
    let book = match book {
        Some(Direction::Rtl) => "rtl",
        Some(Direction::Ltr) => "ltr",
        None => "",
    };
    if dir.value == "rtl" {
        out.add(
            rules::RTL_DIR_ON_BODY,
            dir.location.as_str(),
            "dir=\"rtl\" is only on <html>, which Calibre's Kindle conversion drops and MuPDF \
             1.21 ignores; repeat it on <body>",
        );
    } else if !book.is_empty() && dir.value != book {
        out.add(
            rules::RTL_FOREIGN_DIR,
            dir.location.as_str(),
            format!(
                "dir={:?} in a {book} book is only on <html>, where readers built on epub.js \
                 set the book's direction instead; repeat it on <body>",
                dir.value
            ),
        );
    }
}

/// The cover image, wherever a document shows it with `width` and `height` attributes, must
/// not be made a block: MuPDF then places it beside the page (a thin strip at the edge) and
/// adds blank pages after it.
fn cover_off_page(book: &Book, out: &mut Findings) {
    let Some(package) = book.package else { return };
    let Some(cover) = package
        .items
        .iter()
        .find(|i| i.properties.iter().any(|p| p == "cover-image"))
        .and_then(|i| i.entry.as_deref())
    else {
        return;
    };
    for document in book.documents {
        for image in document
            .sized_images
            .iter()
            .filter(|i| i.entry.as_deref() == Some(cover))
        {
            let sheets = book.style_sheets.iter().chain(&document.styles);
            let from_sheet = sheets
                .flat_map(Sheet::declarations)
                .find(|d| is_display_block(d) && selects(&d.selector, image))
                .map(|d| format!("`{}` at {}", d.selector, d.location));
            let from_attribute = || inline_block(image).then(|| "its style attribute".to_string());
            if let Some(block) = from_sheet.or_else(from_attribute) {
                out.add(
                    rules::COVER_OFF_PAGE,
                    image.location.as_str(),
                    format!(
                        "the cover image has width and height attributes and `display: block` \
                         ({block}), which MuPDF lays off the page"
                    ),
                );
            }
        }
    }
}

fn is_display_block(d: &Declaration) -> bool {
    d.property == "display" && d.value.trim_end_matches("!important").trim() == "block"
}

/// Whether the image's own `style` attribute makes it a block.
fn inline_block(image: &SizedImage) -> bool {
    image.style.as_ref().is_some_and(|style| {
        let sheet = Sheet {
            entry: String::new(),
            line: 1,
            text: style.clone(),
            ltr: false,
        };
        sheet.declarations().iter().any(is_display_block)
    })
}

/// Whether one of the selectors in `list` may select `image`, judged by its last compound
/// selector (type, classes, id); ancestors, attributes and pseudo-classes are not looked at,
/// so a rule that might apply counts as applying.
fn selects(list: &str, image: &SizedImage) -> bool {
    list.split(',').any(|selector| {
        let Some(last) = selector.trim().rsplit([' ', '>', '+', '~']).next() else {
            return false;
        };
        let last = last.split([':', '[']).next().unwrap_or("");
        if last.is_empty() || last.starts_with('@') {
            return false;
        }
        let mut tag = "";
        let mut marker = None;
        let mut ok = true;
        // `img.cover#c` splits as `img.`, `cover#`, `c`: each piece is a name, then the
        // marker that begins the next one.
        for part in last.split_inclusive(['.', '#']) {
            let (name, next) = match part.strip_suffix(['.', '#']) {
                Some(name) => (name, part.chars().last()),
                None => (part, None),
            };
            match marker {
                None => tag = name,
                Some('.') => ok &= image.classes.iter().any(|c| c == name),
                Some(_) => ok &= image.id.as_deref() == Some(name),
            }
            marker = next;
        }
        ok && (tag.is_empty() || tag == "*" || tag.eq_ignore_ascii_case("img"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(classes: &[&str], id: Option<&str>) -> SizedImage {
        SizedImage {
            classes: classes.iter().map(|c| c.to_string()).collect(),
            id: id.map(str::to_string),
            ..SizedImage::default()
        }
    }

    #[test]
    fn selectors_are_matched_by_their_last_compound() {
        let plain = image(&[], None);
        let classed = image(&["cover"], Some("c"));
        assert!(selects(".cover img", &plain));
        assert!(selects("section > img:first-child", &plain));
        assert!(selects("p, img", &plain));
        assert!(selects("img.cover", &classed));
        assert!(selects(".cover", &classed));
        assert!(selects("#c", &classed));
        assert!(selects("*", &plain));
        assert!(!selects("img.cover", &plain));
        assert!(!selects("p", &plain));
        assert!(!selects(".cover img#d", &classed));
        assert!(!selects("@media screen", &plain));
    }
}
