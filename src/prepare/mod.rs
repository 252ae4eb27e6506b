//! The second stage: what was read, made ready for the book. Each article's body is read into
//! the one document model (`crate::document`) by its format's reader: text decoded
//! (`text.rs`), cleaned (`clean.rs`) and parsed (`article.rs`, Markdown in `markdown.rs`), web
//! pages in `html/`, Word documents in `docx/`. Then the metadata resolved (`metadata.rs`);
//! every image made fit for a book (`picture/`); the cover chosen (`cover_choice.rs`) or drawn
//! (`cover_drawing/`, with text set by `typeset/`); the font embedded (`font.rs`), subset to
//! the book's text (`subset.rs`).

pub mod article;
pub mod calendar;
pub mod clean;
pub mod cover_choice;
pub mod cover_drawing;
pub mod docx;
pub mod font;
pub mod html;
pub mod links;
pub mod markdown;
pub mod metadata;
pub mod picture;
pub mod subset;
pub mod text;
pub mod typeset;
