//! An embedded font cut down to the characters a book uses, keeping the OpenType layout
//! tables (GSUB, GPOS, GDEF) that Arabic joining, lam-alef and mark placement depend on.
//!
//! `skera` is Google Fonts' port of HarfBuzz's subsetter (fontations). Its result is used only
//! when the font's licence allows subsetting and the subset shapes a sample of the book's
//! text exactly as the whole font does; otherwise the font is embedded whole.

use std::collections::BTreeSet;
use std::sync::Arc;

use read_fonts::collections::IntSet;
use read_fonts::types::{GlyphId, NameId, Tag};
use read_fonts::FontRef;
use skera::{subset_font, Plan, SubsetFlags, DEFAULT_DROP_TABLES};

use crate::model::Book;
use warraq_cover::font::{FontFile, FontFormat};
use warraq_cover::typeset;

/// OS/2 `fsType` bit 8: the font may be embedded only whole.
const NO_SUBSETTING: u16 = 0x0100;

/// Characters a subset keeps whatever the text: ASCII (markup, digits, code), the no-break
/// space, and the joiners and direction marks that change Arabic shaping.
const ALWAYS: &[char] = &[
    '\u{00A0}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{25CC}',
];

/// How much of the book's text the subset is checked against.
const SAMPLE_CHARS: usize = 4000;

/// The font to embed in `book`: a subset when that is allowed and proven to shape like the
/// whole font, else the whole font. `notes` says which, and why.
pub(crate) fn for_book(
    font: &Arc<FontFile>,
    book: &Book,
    notes: &mut Vec<String>,
) -> Arc<FontFile> {
    let whole = |notes: &mut Vec<String>, why: String| {
        notes.push(format!("{}: embedded whole ({why})", font.path.display()));
        Arc::clone(font)
    };
    if !matches!(font.format, FontFormat::TrueType | FontFormat::OpenType) {
        return whole(notes, "WOFF fonts are not subset".into());
    }
    if font.fs_type.unwrap_or(0) & NO_SUBSETTING != 0 {
        return whole(notes, "its licence forbids subsetting".into());
    }
    let text = book_text(book);
    let chars: BTreeSet<char> = text.chars().chain(ALWAYS.iter().copied()).collect();
    let bytes = match subset(&font.bytes, &chars) {
        Ok(bytes) => Arc::new(bytes),
        Err(e) => return whole(notes, format!("the subsetter failed: {e}")),
    };
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let full = typeset::shape_alone(Arc::clone(&font.bytes), &sample);
    let cut = typeset::shape_alone(Arc::clone(&bytes), &sample);
    if full.is_none() || full != cut {
        return whole(
            notes,
            "the subset did not shape the text as the font does".into(),
        );
    }
    notes.push(format!(
        "{}: subset to the {} characters the book uses ({} KiB of {} KiB)",
        font.path.display(),
        chars.len(),
        bytes.len() / 1024,
        font.bytes.len() / 1024
    ));
    Arc::new(FontFile {
        bytes,
        ..FontFile::clone(font)
    })
}

/// The font's glyphs for `chars` and everything its layout tables can reach from them.
pub(crate) fn subset(font: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let font = FontRef::new(font).map_err(|e| e.to_string())?;
    let unicodes: IntSet<u32> = chars.iter().map(|&c| u32::from(c)).collect();
    let drop_tables: IntSet<Tag> = DEFAULT_DROP_TABLES.iter().copied().collect();
    // Every script and every feature: the subset must shape as the whole font does.
    let mut scripts = IntSet::<Tag>::empty();
    scripts.invert();
    let mut features = IntSet::<Tag>::empty();
    features.invert();
    // Names 0–6 (copyright, family, style, version…) and 13–14 (the licence and its URL),
    // which the SIL Open Font License asks to travel with the font.
    let mut name_ids = IntSet::<NameId>::empty();
    name_ids.insert_range(NameId::from(0)..=NameId::from(6));
    name_ids.insert_range(NameId::from(13)..=NameId::from(14));
    let mut languages = IntSet::<u16>::empty();
    languages.insert(0x0409);
    let plan = Plan::new(
        &IntSet::<GlyphId>::empty(),
        &unicodes,
        &font,
        SubsetFlags::SUBSET_FLAGS_DEFAULT,
        &drop_tables,
        &scripts,
        &features,
        &name_ids,
        &languages,
    );
    subset_font(&font, &plan).map_err(|e| e.to_string())
}

/// Every character the book's documents can show in the embedded font.
fn book_text(book: &Book) -> String {
    let meta = &book.metadata;
    let mut text = String::new();
    for article in &book.articles {
        text.push_str(&article.headline);
        text.push('\n');
        if let Some(author) = &article.author {
            text.push_str(author);
            text.push('\n');
        }
        article.body.plain_text(&mut text);
        text.push('\n');
    }
    // Note numbers, and the brackets around a reference to a note the article lacks.
    text.push_str("0123456789[]\n");
    let fields = [&meta.publisher, &meta.date].into_iter().flatten();
    for line in [&meta.title].into_iter().chain(&meta.authors).chain(fields) {
        text.push('\n');
        text.push_str(line);
    }
    text.push('\n');
    text.push_str(meta.language.contents_label());
    text.push('\n');
    let languages = book.articles.iter().filter_map(|a| a.lang.as_ref());
    for language in std::iter::once(&meta.language).chain(languages) {
        text.push_str(language.notes_label());
        text.push('\n');
    }
    text.push_str(meta.language.list_separator());
    text.extend((0x20u8..0x7f).map(char::from));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_keeps_arabic_shaping() {
        // Pinned in the repository, so no system font changes the result.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/covers/fonts/NotoNaskhArabic-Regular.ttf"
        );
        let whole = std::fs::read(path).unwrap();
        let text = "كتاب سلام لا فعليًّا";
        let chars: BTreeSet<char> = text.chars().collect();
        let cut = subset(&whole, &chars).unwrap();
        assert!(
            cut.len() < whole.len() / 4,
            "{} of {}",
            cut.len(),
            whole.len()
        );
        let tables = FontRef::new(&cut).unwrap();
        for tag in [b"GSUB", b"GPOS", b"GDEF"] {
            assert!(tables.table_data(Tag::new(tag)).is_some(), "{tag:?} kept");
        }
        let full = typeset::shape_alone(Arc::new(whole), text).unwrap();
        assert_eq!(typeset::shape_alone(Arc::new(cut), text).unwrap(), full);
    }
}
