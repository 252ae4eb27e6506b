//! Fuzzes `book.toml`: any bytes give settings or an error that names a place in the file;
//! never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use warraq::{Error, Fields};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("book/book.toml");
    match Fields::from_book_toml(path, data.to_vec()) {
        Ok(_) => {}
        Err(Error::Input { path: named, .. }) => assert_eq!(named, path),
        Err(other) => panic!("book.toml gave an error of another kind: {other:?}"),
    }
});
