//! Fuzzes the text-to-book path: any bytes, in any encoding warraq might detect (or the one
//! the first byte forces), must give a book or a clean error; never a panic, and never a book
//! whose article fails to be well-formed XML.
#![no_main]


use libfuzzer_sys::fuzz_target;
use warraq::lang::LanguageTag;
use warraq::{ArticleFile, Fields, Format, Report, Shared};

/// Encodings the first byte may force, as `--encoding` would; anything else means "detect".
const FORCED: [&str; 5] = ["utf-8", "utf-16le", "utf-16be", "windows-1256", "iso-8859-6"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let fields = Fields {
        lang: LanguageTag::parse("ar").ok(),
        encoding: FORCED.get(usize::from(first)).map(|label| label.to_string()),
        ..Fields::default()
    };
    let article = ArticleFile::in_memory("fuzz.txt", bytes.to_vec());
    let mut report = Report::default();
    // Text that is not an article (no headline, undecodable in the forced encoding) is an
    // error, which is fine; anything that prepares must render.
    let Ok(book) = warraq::prepare(
        &Shared::of_fields(fields),
        vec![article],
        chrono::DateTime::UNIX_EPOCH,
        &mut report,
    ) else {
        return;
    };
    // `render` writes the XHTML, packages it and runs `warraq check` on the result, so a
    // character XML cannot carry, or any other flaw, comes back as an error here; the KEPUB
    // adds Kobo's spans to the same documents.
    for format in [Format::Epub, Format::Kepub] {
        warraq::render(&book, format)
            .expect("a cleaned article always becomes a book that passes its own check");
    }
});
