//! The second stage: what was read, made ready for the book. Each article's body is read into
//! the one document model (`warraq_core::document`) by its format's reader (`warraq_readers`);
//! images are made fit for a book and covers drawn by `warraq_cover`. Here, what needs the
//! settings or the whole book: the metadata resolved (`metadata.rs`), an edition's date in the
//! reader's calendar (`calendar.rs`), the cover chosen (`cover_choice.rs`), the embedded font
//! subset to the book's text (`subset.rs`).

pub(crate) mod calendar;
pub mod cover_choice;
pub(crate) mod metadata;
pub(crate) mod subset;
