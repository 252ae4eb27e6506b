//! Fuzzes the Word-document reader: any bytes as a `.docx` give documents that are
//! well-formed XML, or a clean error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warraq_fuzz::article_to_documents;

fuzz_target!(|data: &[u8]| {
    article_to_documents("fuzz.docx", data, None);
});
