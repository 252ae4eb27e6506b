//! The second stage: what was read, made ready for the book. Text decoded (`text.rs`) and
//! cleaned (`clean.rs`) into articles (`article.rs`); metadata resolved (`metadata.rs`); every
//! image made fit for a book (`picture/`); the cover chosen (`cover_choice.rs`) or drawn
//! (`cover_drawing/`, with text set by `typeset/`); the font embedded (`font.rs`), subset to
//! the book's text (`subset.rs`). HTML pages become the document model in `html/`.

pub mod article;
pub mod clean;
pub mod cover_choice;
pub mod cover_drawing;
pub mod font;
pub mod html;
pub mod metadata;
pub mod picture;
pub mod subset;
pub mod text;
pub mod typeset;
