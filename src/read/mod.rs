//! The first stage: what the user gives, read. Where a book's parts are (`source.rs`), its
//! settings typed as they are read (`fields.rs`), and `book.toml` with its errors placed
//! (`book_toml.rs`). Article files, covers and fonts are read by [`crate::pipeline`].

pub mod book_toml;
pub mod fields;
pub mod source;
