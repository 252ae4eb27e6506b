//! The fourth stage: the documents and pictures assembled into an EPUB. epub-builder makes
//! the package (`epub.rs`, its only user); the finishing pass adds what it cannot write
//! (`ocf.rs`, with the table of contents' languages in `toc_lang.rs`) and writes a
//! deterministic zip (`zipwrite.rs`).

pub mod epub;
pub mod ocf;
pub mod toc_lang;
pub mod zipwrite;
