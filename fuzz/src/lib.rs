//! What the fuzz targets share: an article's bytes through the one preparing step
//! (`warraq::prepare`, the reader of its format included) and the XHTML writer, with every
//! document parsed back as `warraq check` parses it, as EPUB markup and as Kobo's. No cover is drawn, no
//! font is read and nothing is packed: those are not readers of outside bytes, and each would
//! slow a target to a few inputs a second.

use warraq::lang::LanguageTag;
use warraq::read::fields::TextEncoding;
use warraq::{ArticleFile, Fields, Format, Report, Shared};

/// Encodings an input's first byte may force, as `--encoding` would; any other byte leaves
/// the encoding to detection.
pub const FORCED: [&str; 5] = [
    "utf-8",
    "utf-16le",
    "utf-16be",
    "windows-1256",
    "iso-8859-6",
];

/// The encoding the first byte of `data` forces, and the bytes after it.
pub fn split_encoding(data: &[u8]) -> Option<(Option<&'static str>, &[u8])> {
    let (&first, bytes) = data.split_first()?;
    Some((FORCED.get(usize::from(first)).copied(), bytes))
}

/// Prepares the article `name` (its extension is its format) of `bytes` as a book in Arabic,
/// and writes its documents. An error is a fine answer; a panic, or a document that is not
/// well-formed XML, is a bug.
pub fn article_to_documents(name: &str, bytes: &[u8], encoding: Option<&str>) {
    let fields = Fields {
        lang: LanguageTag::parse("ar").ok(),
        encoding: encoding.and_then(|label| TextEncoding::parse(label).ok()),
        ..Fields::default()
    };
    let article = ArticleFile::in_memory(name, bytes.to_vec());
    let mut report = Report::default();
    let Ok(book) = warraq::prepare(
        &Shared::of_fields(fields),
        vec![article],
        chrono::DateTime::UNIX_EPOCH,
        &mut report,
    ) else {
        return;
    };
    for format in [Format::Epub, Format::Kepub] {
        for document in warraq::documents(&book, format) {
            if let Err(e) = warraq_epub::xml::parse_xml(&document.xhtml) {
                panic!(
                    "{} ({format:?}) is not well-formed: {e}\n{}",
                    document.href, document.xhtml
                );
            }
        }
    }
}
