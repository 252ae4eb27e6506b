//! Fuzzes the plain-text and Markdown readers: any bytes, in any encoding warraq might detect
//! (or the one the first byte forces), as `.txt` and as `.md`, give an article whose documents
//! are well-formed XML, or a clean error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warraq_fuzz::{article_to_documents, split_encoding};

fuzz_target!(|data: &[u8]| {
    let Some((encoding, bytes)) = split_encoding(data) else {
        return;
    };
    article_to_documents("fuzz.txt", bytes, encoding);
    article_to_documents("fuzz.md", bytes, encoding);
});
