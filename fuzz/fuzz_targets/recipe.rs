//! Fuzzes `edition.toml`: any bytes give a recipe or an error that names the file; never a
//! panic. A recipe read has a title and at least one section, each with a feed.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use warraq::read::recipe::Recipe;
use warraq::Error;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("news/edition.toml");
    match Recipe::from_bytes(path, data) {
        Ok(recipe) => {
            assert!(!recipe.title.is_empty() && !recipe.sections.is_empty());
            assert!(recipe.sections.iter().all(|s| !s.feeds.is_empty()));
        }
        Err(Error::Input { path: named, .. }) => assert_eq!(named, path),
        Err(other) => panic!("edition.toml gave an error of another kind: {other:?}"),
    }
});
