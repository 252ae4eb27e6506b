//! Fuzzes `warraq check`: any bytes as an EPUB give a list of findings, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warraq::check::{check, Options};

fuzz_target!(|data: &[u8]| {
    let _ = check(data, &Options::default());
});
