//! Fuzzes `warraq fix`: any bytes as an EPUB give a fixed book or a refusal, never a panic;
//! and a fixed book, fixed again, needs no repair (`fix` reaches a fixed point in one pass).
#![no_main]

use chrono::DateTime;
use libfuzzer_sys::fuzz_target;
use warraq::fix::{fix, Options};

fuzz_target!(|data: &[u8]| {
    let options = Options {
        lang: None,
        modified: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
    };
    if let Ok(fixed) = fix(data, &options) {
        let again = fix(&fixed.bytes, &options).expect("a fixed book can be read again");
        assert!(
            again.repairs.is_empty(),
            "a second pass repaired {:?}",
            again.repairs
        );
    }
});
