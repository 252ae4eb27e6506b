//! Fuzzes the text-to-book path: any bytes, in any encoding warraq might detect (or the one
//! the first byte forces), must give a book or a clean error; never a panic, and never a book
//! whose article fails to be well-formed XML.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use warraq::{Book, Fields, Format, Metadata, Report};

/// Encodings the first byte may force, as `--encoding` would; anything else means "detect".
const FORCED: [&str; 5] = ["utf-8", "utf-16le", "utf-16be", "windows-1256", "iso-8859-6"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let forced = FORCED
        .get(usize::from(first))
        .map(|label| warraq::text::encoding_for_label(label).expect("a known label"));
    let mut report = Report::default();
    let Ok(article) = warraq::read_article(Path::new("fuzz.txt"), bytes, forced, &mut report)
    else {
        return;
    };
    let fields = Fields {
        lang: Some("ar".into()),
        ..Fields::default()
    };
    let metadata = Metadata::resolve(
        fields,
        &article.headline,
        &article.plain_text(),
        chrono::DateTime::UNIX_EPOCH,
        &mut report.notes,
    )
    .expect("metadata with a fixed language always resolves");
    // `render` writes the XHTML, packages it and runs `warraq check` on the result, so a
    // character XML cannot carry, or any other flaw, comes back as an error here; the KEPUB
    // adds Kobo's spans to the same documents.
    let book = Book::of_article(metadata, article);
    for format in [Format::Epub, Format::Kepub] {
        warraq::render(&book, format, &mut report.warnings)
            .expect("a cleaned article always becomes a book that passes its own check");
    }
});
