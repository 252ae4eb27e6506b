//! Fuzzes the page and Word-document readers: any bytes, as an HTML page and as a `.docx`,
//! give a document or an error, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use warraq::prepare::{docx, html};

fuzz_target!(|data: &[u8]| {
    let mut warnings = Vec::new();
    let _ = html::read(Path::new("fuzz.html"), data, None, &mut warnings);
    let _ = docx::read(Path::new("fuzz.docx"), data, &mut warnings);
});
