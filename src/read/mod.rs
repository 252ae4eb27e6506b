//! The first stage: what the user gives, read. Where a book's parts are (`source.rs`), its
//! settings typed as they are read (`fields.rs`), `book.toml` with its errors placed
//! (`book_toml.rs`), the files a book is made from (`files.rs`: articles, covers, fonts and
//! the images an article shows), what a book names by URL (`fetch.rs`: a page and its images)
//! and the system's font files (`fonts.rs`). Every file warraq reads and every address it
//! fetches to make a book is read here; the later stages ask for what they find they need.

pub(crate) mod book_toml;
/// The keys of `book.toml`, for a caller that takes the same settings (the Python package).
pub use book_toml::KEYS as BOOK_TOML_KEYS;
pub(crate) mod cache;
pub mod feed;
pub mod fetch;
pub mod fields;
pub(crate) mod files;
pub mod io;
pub mod polite;
pub(crate) mod public;
pub mod recipe;
pub(crate) mod recipe_values;
pub(crate) mod source;
pub(crate) mod toml_keys;
