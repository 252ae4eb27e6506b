//! Fuzzes the feed reader: any bytes give a feed or a one-line error; never a panic. A feed
//! read is one `sniff` knew for a feed, and none of its items has an empty link or title.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warraq::read::feed;

fuzz_target!(|data: &[u8]| {
    let known = feed::sniff(data);
    match feed::parse(data, Some("https://example.org/feed")) {
        Ok(read) => {
            assert!(known.is_some(), "read as a feed, but not known for one");
            for item in &read.items {
                assert!(item.link.as_deref().is_none_or(|l| !l.is_empty()));
                assert!(item.title.as_deref().is_none_or(|t| !t.trim().is_empty()));
            }
        }
        Err(message) => assert!(!message.is_empty() && !message.contains('\n')),
    }
});
