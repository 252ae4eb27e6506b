//! Fuzzes the page reader: any bytes as an HTML page (the article found, cleaned and written)
//! give documents that are well-formed XML, or a clean error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warraq_fuzz::article_to_documents;

fuzz_target!(|data: &[u8]| {
    article_to_documents("fuzz.html", data, None);
});
