//! Fuzzes `warraq fix`: any bytes as an EPUB give a fixed book or a refusal, never a panic; a
//! fixed book has no kind of error the input's check did not find (`fix` never makes a book
//! worse), and fixed again it is read and needs no repair (`fix` reaches a fixed point in one
//! pass).
#![no_main]

use chrono::DateTime;
use libfuzzer_sys::fuzz_target;
use warraq::check::{self, Severity};
use warraq::fix::{fix, Options};

fuzz_target!(|data: &[u8]| {
    let options = Options {
        lang: None,
        modified: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
    };
    let Ok(fixed) = fix(data, &options) else {
        return;
    };
    // Without a container the check sees no further than that; what fix finds behind it
    // was there all along.
    let before = check::check(data, &check::Options::default());
    let blind = before.iter().any(|f| f.code == "OCF-006");
    for finding in fixed
        .findings
        .iter()
        .filter(|f| !blind && f.severity == Severity::Error)
    {
        assert!(
            before.iter().any(|b| b.code == finding.code),
            "fix left an error the input did not have: {finding}"
        );
    }
    let again = fix(&fixed.bytes, &options).expect("a fixed book can be read again");
    assert!(
        again.repairs.is_empty(),
        "a second pass repaired {:?}",
        again.repairs
    );
});
